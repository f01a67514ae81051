// The coverage curve, drawn by chart.js from the JSON block of the page (no inline script: the
// CSP forbids them); the importance–performance chart is SVG drawn on the server. Without
// JavaScript the data table under each chart is the content.
(function () {
  "use strict";
  var printButton = document.querySelector(".js-print");
  if (printButton) {
    printButton.hidden = false;
    printButton.addEventListener("click", function () {
      window.print();
    });
  }
  var block = document.getElementById("dati-grafici");
  if (!block || typeof window.Chart === "undefined") return;
  var data;
  try {
    data = JSON.parse(block.textContent);
  } catch (e) {
    return;
  }
  var Chart = window.Chart;
  var it = new Intl.NumberFormat("it-IT", { maximumFractionDigits: 1, useGrouping: "always" });
  var pct = function (v) {
    return it.format(v * 100) + "\u00a0%";
  };
  Chart.defaults.font.family = "'Titillium Web', Geneva, Tahoma, sans-serif";
  Chart.defaults.color = "#1a1a1a";
  // Printing: draw at print size and without animation, so the PDF has the final picture.
  Chart.defaults.animation = false;

  function show(name) {
    var box = document.querySelector('[data-chart="' + name + '"]');
    if (box) box.hidden = false;
    return box ? box.querySelector("canvas") : null;
  }

  var coverageCanvas = show("coverage");
  if (coverageCanvas) {
    new Chart(coverageCanvas, {
      type: "line",
      data: {
        labels: data.coverage.k,
        datasets: [
          {
            label: "Cittadini serviti del tutto",
            data: data.coverage.full,
            borderColor: "#0066cc",
            backgroundColor: "#0066cc",
          },
          {
            label: "Contatti gestiti",
            data: data.coverage.contacts,
            borderColor: "#995c00",
            backgroundColor: "#995c00",
            borderDash: [6, 4],
          },
          {
            label: "Sportello migliore: cittadini serviti del tutto",
            data: data.coverage.best,
            borderColor: "#5c2f91",
            backgroundColor: "#5c2f91",
            borderDash: [2, 3],
          },
        ],
      },
      options: {
        maintainAspectRatio: false,
        scales: {
          x: { title: { display: true, text: "Servizi allo Sportello (k)" } },
          y: { min: 0, max: 1, ticks: { callback: pct }, title: { display: true, text: "Quota" } },
        },
        plugins: {
          tooltip: {
            callbacks: {
              label: function (c) {
                return c.dataset.label + ": " + pct(c.raw);
              },
            },
          },
        },
      },
    });
  }
})();
