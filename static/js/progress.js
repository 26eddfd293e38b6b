/* Selaras — progress of a background job without reloading the page.

   A page showing a job that runs in the background (a schedule proposal being computed, a
   roster import, a certificate batch) marks up its progress like this:

     <div data-progress-url="/admin/…/status/" data-progress-interval="2000">
       <label for="job-progress">Computing…</label>
       <progress id="job-progress" data-progress-bar></progress>
       <p data-progress-text aria-live="polite">Being computed</p>
     </div>
     <script src="{% static 'js/progress.js' %}" defer></script>

   Data attributes:
     data-progress-url       (required) the job's status URL, polled with GET;
     data-progress-interval  milliseconds between polls (default 2000, at least 500);
     data-progress-done-url  where to go once the job is done (default: reload this page once);
     data-progress-bar       on a <progress> element (or any bar) inside: gets value and max;
     data-progress-text      on an element inside: gets the job's sentence; give it
                             aria-live="polite" so screen readers hear each change.

   The status URL answers JSON:
     {"done": false, "text": "120 of 317 rendered", "value": 120, "max": 317}
       done   (required) true once the job has finished, failed or stopped: the page reloads
              (or goes to data-progress-done-url) once, to show the outcome;
       text   (optional) a sentence for the live region, in the reader's language;
       value, max (optional) numbers for a determinate bar; without them the bar stays
              indeterminate.
   A 403 or 404 stops the polling; other failures are retried at the same pace.

   Nothing else on the page changes: keyboard focus, scroll position and form input stay where
   they are while the job runs. No inline script is needed (the pages run under a strict
   Content-Security-Policy). */
(function () {
  "use strict";

  function start(box) {
    var url = box.getAttribute("data-progress-url");
    if (!url || !window.fetch) {
      return;
    }
    var interval = Math.max(parseInt(box.getAttribute("data-progress-interval"), 10) || 2000, 500);
    var doneUrl = box.getAttribute("data-progress-done-url");
    var bar = box.querySelector("[data-progress-bar]");
    var text = box.querySelector("[data-progress-text]");
    var finished = false;

    function show(state) {
      if (bar && typeof state.value === "number" && typeof state.max === "number" && state.max > 0) {
        bar.max = state.max;
        bar.value = Math.min(state.value, state.max);
      }
      if (text && typeof state.text === "string" && text.textContent !== state.text) {
        text.textContent = state.text;
      }
    }

    function finish() {
      finished = true;
      if (doneUrl) {
        window.location.assign(doneUrl);
      } else {
        window.location.reload();
      }
    }

    function poll() {
      if (finished) {
        return;
      }
      fetch(url, {
        credentials: "same-origin",
        cache: "no-store",
        headers: { Accept: "application/json", "X-Requested-With": "XMLHttpRequest" },
      })
        .then(function (response) {
          if (response.status === 403 || response.status === 404) {
            finished = true;
            return null;
          }
          if (!response.ok) {
            throw new Error(response.status);
          }
          return response.json();
        })
        .then(function (state) {
          if (!state) {
            return;
          }
          show(state);
          if (state.done) {
            finish();
          } else {
            window.setTimeout(poll, interval);
          }
        })
        .catch(function () {
          window.setTimeout(poll, interval);
        });
    }

    window.setTimeout(poll, interval);
  }

  function init() {
    var boxes = document.querySelectorAll("[data-progress-url]");
    for (var i = 0; i < boxes.length; i += 1) {
      start(boxes[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
