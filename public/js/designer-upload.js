// Progressive enhancement of the designer's upload form: choose the JSON file instead of pasting it.
// The file is read in the browser into the same text box; without JavaScript the box still works.
(function () {
  "use strict";
  var box = document.getElementById("json-file-box");
  var input = document.getElementById("f-json-file");
  var area = document.getElementById("f-json");
  var status = document.getElementById("json-file-status");
  if (!box || !input || !area || !status || typeof FileReader === "undefined") return;
  box.hidden = false;
  input.addEventListener("change", function () {
    var file = input.files && input.files[0];
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () {
      area.value = String(reader.result).replace(/^\uFEFF/, "");
      status.textContent = "File «" + file.name + "» copiato nel riquadro: ora può controllarlo e caricarlo.";
    };
    reader.onerror = function () {
      status.textContent = "Non è stato possibile leggere il file: incolli il contenuto nel riquadro.";
    };
    reader.readAsText(file, "utf-8");
  });
})();
