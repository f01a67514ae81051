// Progressive enhancement of the forms that take a pasted file (CSV import, JSON definition,
// census margins): choose the file instead, and it is read in the browser into the same text box.
// Markup: <div data-file-box data-target="ID-OF-TEXTAREA" data-done="message" hidden>
//           <input type="file"> <p role="status"></p></div>. Without JavaScript the box stays hidden.
(function () {
  "use strict";
  if (typeof FileReader === "undefined") return;
  Array.prototype.forEach.call(document.querySelectorAll("[data-file-box]"), function (box) {
    var input = box.querySelector("input[type=file]");
    var status = box.querySelector("[role=status]");
    var area = document.getElementById(box.getAttribute("data-target"));
    if (!input || !status || !area) return;
    box.hidden = false;
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file) return;
      var reader = new FileReader();
      reader.onload = function () {
        area.value = (typeof reader.result === "string" ? reader.result : "").replace(/^\uFEFF/, "");
        status.textContent = "File «" + file.name + "» " + box.getAttribute("data-done");
      };
      reader.onerror = function () {
        status.textContent = "Non è stato possibile leggere il file: incolli il contenuto nel riquadro.";
      };
      reader.readAsText(file, "utf-8");
    });
  });
})();
