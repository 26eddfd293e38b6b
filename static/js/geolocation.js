/* Selaras — the place the browser reports, added to a photo upload only if the person asks and
   allows it. A form holding

     <button type="button" data-geolocate>Add my location</button>
     <p data-geolocate-status aria-live="polite"></p>
     <input type="hidden" name="latitude"> <input type="hidden" name="longitude">

   fills the two hidden fields from navigator.geolocation when the button is pressed. Nothing
   is sent anywhere else; without the button pressed (or without permission) the fields stay
   empty and the server records no position. */
(function () {
  "use strict";

  function setup(button) {
    var form = button.closest("form");
    var status = form.querySelector("[data-geolocate-status]");
    var latitude = form.querySelector("input[name='latitude']");
    var longitude = form.querySelector("input[name='longitude']");
    if (!("geolocation" in navigator) || !latitude || !longitude) {
      button.hidden = true;
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = button.dataset.waiting || "";
      navigator.geolocation.getCurrentPosition(
        function (position) {
          latitude.value = position.coords.latitude.toFixed(6);
          longitude.value = position.coords.longitude.toFixed(6);
          status.textContent = (button.dataset.done || "") + " " + latitude.value + ", " +
            longitude.value;
        },
        function () {
          latitude.value = "";
          longitude.value = "";
          status.textContent = button.dataset.refused || "";
        },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
      );
    });
  }

  document.querySelectorAll("[data-geolocate]").forEach(setup);
})();
