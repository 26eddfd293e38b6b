/* Selaras — choosing several objects through a Wagtail chooser modal.

   The widget (cohorts.admin.forms.MultipleChooser) renders the chosen objects as a list, each
   with a hidden input and a Remove button, a template for a new item and an Add button, under
   a Stimulus controller (Wagtail renders form fields in the browser, so the markup may appear
   after the page has loaded; Stimulus connects it whenever it does):

     <div data-controller="selaras-multiple-chooser"
          data-selaras-multiple-chooser-url-value="/admin/pilih-peserta/">
       <ul data-selaras-multiple-chooser-target="list">…</ul>
       <p data-selaras-multiple-chooser-target="empty" hidden>None chosen.</p>
       <button type="button" data-selaras-multiple-chooser-target="add"
               data-action="selaras-multiple-chooser#choose">Add participants</button>
       <template data-selaras-multiple-chooser-target="template"><li>…</li></template>
     </div>

   Add opens the chooser with multiple=1 (its results get checkboxes and "Confirm selection");
   each object chosen that is not listed yet is appended. Remove takes an item out and puts
   the focus back on Add. No inline script is needed. */
(function () {
  "use strict";

  if (!window.StimulusModule || !window.wagtail || !window.wagtail.app) {
    return;
  }

  class MultipleChooser extends window.StimulusModule.Controller {
    static targets = ["list", "empty", "template", "add"];
    static values = { url: String };

    connect() {
      this.refresh();
    }

    refresh() {
      this.emptyTarget.hidden = this.listTarget.children.length > 0;
    }

    has(id) {
      return Array.prototype.some.call(this.listTarget.querySelectorAll("input"), function (input) {
        return input.value === String(id);
      });
    }

    append(item) {
      if (!item || this.has(item.id)) {
        return;
      }
      var entry = this.templateTarget.content.firstElementChild.cloneNode(true);
      entry.querySelector("input").value = item.id;
      entry.querySelector("[data-chosen-title]").textContent = item.title;
      entry.querySelector("[data-chosen-name]").textContent = " " + item.title;
      this.listTarget.appendChild(entry);
    }

    choose() {
      var controller = this;
      window.ModalWorkflow({
        url: this.urlValue,
        urlParams: { multiple: 1 },
        onload: window.CHOOSER_MODAL_ONLOAD_HANDLERS,
        responses: {
          chosen: function (result) {
            [].concat(result).forEach(function (item) {
              controller.append(item);
            });
            controller.refresh();
          },
        },
      });
    }

    remove(event) {
      event.target.closest("li").remove();
      this.refresh();
      this.addTarget.focus();
    }
  }

  window.wagtail.app.register("selaras-multiple-chooser", MultipleChooser);
})();
