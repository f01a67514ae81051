// Progressive enhancement only: every page works without this file.
// Mirrors src/surveys/conditions.ts, so a question depending on an answer on the same page
// appears and disappears as the respondent answers. The server decides again on submit.
(function () {
  "use strict";

  function evaluate(c, answers) {
    if (c.all)
      return c.all.every(function (x) {
        return evaluate(x, answers);
      });
    if (c.any)
      return c.any.some(function (x) {
        return evaluate(x, answers);
      });
    if (c.not) return !evaluate(c.not, answers);
    var raw = answers[c.question];
    var answered = raw !== undefined && raw !== "";
    if (c.answered !== undefined) return answered === c.answered;
    if (!answered) return false;
    var values = raw.split(" ");
    if (c.equals !== undefined) return values.indexOf(String(c.equals)) >= 0;
    if (c.in !== undefined)
      return c.in.some(function (v) {
        return values.indexOf(String(v)) >= 0;
      });
    var n = Number(String(raw).replace(",", "."));
    if (!isFinite(n)) return false;
    if (c.gte !== undefined) return n >= c.gte;
    if (c.lte !== undefined) return n <= c.lte;
    return false;
  }

  function currentAnswers(form) {
    var answers = {};
    try {
      answers = JSON.parse(form.getAttribute("data-prior") || "{}");
    } catch (e) {
      answers = {};
    }
    var seen = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.type === "hidden" || el.type === "submit") return;
      if (!seen[el.name]) {
        answers[el.name] = "";
        seen[el.name] = true;
      }
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      var v = String(el.value).trim();
      if (v) answers[el.name] = answers[el.name] ? answers[el.name] + " " + v : v;
    });
    return answers;
  }

  function refresh(form) {
    var blocks = form.querySelectorAll("[data-show-if]");
    // Two passes settle chains (a question shown because another one is shown).
    for (var pass = 0; pass < 2; pass++) {
      var answers = currentAnswers(form);
      Array.prototype.forEach.call(blocks, function (block) {
        var show = evaluate(JSON.parse(block.getAttribute("data-show-if")), answers);
        block.hidden = !show;
        Array.prototype.forEach.call(block.querySelectorAll("input, select, textarea"), function (el) {
          el.disabled = !show;
        });
      });
    }
  }

  function exclusive(event) {
    var box = event.target;
    if (box.type !== "checkbox" || !box.checked) return;
    var group = box.form.querySelectorAll('input[type=checkbox][name="' + box.name + '"]');
    Array.prototype.forEach.call(group, function (other) {
      if (other === box) return;
      if (box.hasAttribute("data-exclusive") || other.hasAttribute("data-exclusive")) other.checked = false;
    });
  }

  // Best–worst sets: one item can't be both the most and the least important, so choosing it in one
  // column clears it in the other (the server refuses the pair anyway).
  function bestWorst(event) {
    var radio = event.target;
    var m = radio.type === "radio" && /^(.+\/\d+)\/(best|worst)$/.exec(radio.name);
    if (!m || !radio.checked) return;
    var other = radio.form.querySelector(
      'input[name="' + m[1] + "/" + (m[2] === "best" ? "worst" : "best") + '"][value="' + radio.value + '"]',
    );
    if (other && other.checked) other.checked = false;
  }

  // A link of the error summary focuses its field; the browser alone would scroll the field to the top
  // of the window, hiding the question above it, so the whole question is brought into view instead.
  function errorLink(event) {
    var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
    if (!link) return;
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    var question = field.closest(".q, .field") || field;
    event.preventDefault();
    question.scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  }

  // The end-of-service rating: with JavaScript the follow-up that fits the stars (difficulties for 1–3,
  // what was liked for 4–5) and the comment appear in the same page as soon as a star is chosen.
  function feedback(form) {
    form.addEventListener("change", function (event) {
      if (event.target.name !== "rating") return;
      var negative = Number(event.target.value) <= 3;
      Array.prototype.forEach.call(form.querySelectorAll("[data-feedback-part]"), function (part) {
        var kind = part.getAttribute("data-feedback-part");
        var show = kind === "comment" || kind === (negative ? "negative" : "positive");
        part.hidden = !show;
        Array.prototype.forEach.call(part.querySelectorAll("input"), function (el) {
          el.disabled = !show;
        });
      });
      form.querySelector("[data-feedback-live]").disabled = false;
      form.querySelector("[data-feedback-next]").hidden = true;
      form.querySelector("[data-feedback-send]").hidden = false;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-feedback-form]"), feedback);
    var summary = document.getElementById("error-summary");
    if (summary) {
      summary.addEventListener("click", errorLink);
      summary.focus();
    }
    Array.prototype.forEach.call(document.querySelectorAll("form.survey-form"), function (form) {
      refresh(form);
      form.addEventListener("change", function (event) {
        exclusive(event);
        bestWorst(event);
        refresh(form);
      });
      form.addEventListener("input", function () {
        refresh(form);
      });
    });
  });
})();
