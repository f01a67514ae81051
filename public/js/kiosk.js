// The kiosk's two timers count from a deadline on the clock, not by ticks of setInterval: a tablet
// that dims its screen or sleeps suspends timers (and a busy one delays them), so counting ticks
// would stretch three minutes into many more, and leave a questionnaire open on the tablet for the
// next person. Every tick re-reads the clock; after a sleep the first tick does what is due.
function kioskCountdown(box, total, warningAt, onTimeUp) {
  "use strict";
  var status = box.querySelector("[data-kiosk-status]");
  var warning = box.querySelector("[data-kiosk-warning]");
  var deadline = 0;
  var warned = false;

  function stay() {
    deadline = Date.now() + total * 1000;
    warned = false;
    warning.hidden = true;
    status.textContent = "";
  }

  stay();
  var timer = setInterval(function () {
    var left = Math.ceil((deadline - Date.now()) / 1000);
    // Once only: a timer left running would start the navigation again every second and abort it
    // on a slow network.
    if (left <= 0) {
      clearInterval(timer);
      return onTimeUp();
    }
    if (left <= warningAt && !warned) {
      warned = true;
      status.textContent = box.getAttribute("data-kiosk-text").replace("{n}", String(warningAt));
      warning.hidden = false;
    }
  }, 1000);

  ["keydown", "pointerdown", "input"].forEach(function (type) {
    document.addEventListener(type, stay, true);
  });
  box.querySelector("[data-kiosk-extend]").addEventListener("click", stay);
}

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
  // replace(): the finished page does not stay in the tablet's history.
  kioskCountdown(box, total, 20, function () {
    window.location.replace(url);
  });
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
  kioskCountdown(box, total, 30, function () {
    abandon.click();
  });
})();
