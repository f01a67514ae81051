// The kiosk's thank-you page goes back to the start by itself, so the next person at the town-hall
// tablet finds a fresh questionnaire. WCAG 2.2.1: the person is told 20 seconds before (a live
// region) and can stay with one tap; any key or tap counts as still being there. Without JavaScript
// nothing happens by itself and the «Nuovo questionario» button does it.
(function () {
  "use strict";
  var box = document.querySelector("[data-kiosk-reset]");
  if (!box) return;
  var url = box.getAttribute("data-kiosk-reset");
  var total = Number(box.getAttribute("data-kiosk-seconds")) || 60;
  var warningAt = 20;
  var status = box.querySelector("[data-kiosk-status]");
  var warning = box.querySelector("[data-kiosk-warning]");
  var left = total;

  function stay() {
    left = total;
    warning.hidden = true;
    status.textContent = "";
  }

  var timer = setInterval(function () {
    left -= 1;
    // replace(): the finished page does not stay in the tablet's history. Once only: a timer left
    // running would start the navigation again every second and abort it on a slow network.
    if (left <= 0) {
      clearInterval(timer);
      return window.location.replace(url);
    }
    if (left === warningAt) {
      status.textContent = box.getAttribute("data-kiosk-text").replace("{n}", String(warningAt));
      warning.hidden = false;
    }
  }, 1000);

  ["keydown", "pointerdown", "input"].forEach(function (type) {
    document.addEventListener(type, stay, true);
  });
  box.querySelector("[data-kiosk-extend]").addEventListener("click", stay);
})();

// A questionnaire page on the kiosk: after a few minutes without a touch or a key the person is
// warned (30 seconds, a live region, one tap to stay), then the questionnaire is given up through its
// own «Annulla e ricomincia» button: the server deletes the draft, so the next person at the tablet
// can't reopen it from the history. Without JavaScript the button is there to press.
(function () {
  "use strict";
  var box = document.querySelector("[data-kiosk-idle]");
  var abandon = document.querySelector("[data-kiosk-abandon]");
  if (!box || !abandon) return;
  var total = Number(box.getAttribute("data-kiosk-seconds")) || 180;
  var warningAt = 30;
  var status = box.querySelector("[data-kiosk-status]");
  var warning = box.querySelector("[data-kiosk-warning]");
  var left = total;

  function stay() {
    left = total;
    warning.hidden = true;
    status.textContent = "";
  }

  setInterval(function () {
    left -= 1;
    if (left === 0) return abandon.click();
    if (left === warningAt) {
      status.textContent = box.getAttribute("data-kiosk-text").replace("{n}", String(warningAt));
      warning.hidden = false;
    }
  }, 1000);

  ["keydown", "pointerdown", "input"].forEach(function (type) {
    document.addEventListener(type, stay, true);
  });
  box.querySelector("[data-kiosk-extend]").addEventListener("click", stay);
})();
