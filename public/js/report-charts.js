// The report's charts, drawn by chart.js from the JSON block of the page (no inline script: the
// CSP forbids them). Without JavaScript the data tables under each chart are the content.
(function () {
  "use strict";
  var printButton = document.querySelector(".js-print");
  if (printButton) {
    printButton.hidden = false;
    printButton.addEventListener("click", function () { window.print(); });
  }
  var block = document.getElementById("dati-grafici");
  if (!block || typeof window.Chart === "undefined") return;
  var data;
  try { data = JSON.parse(block.textContent); } catch (e) { return; }
  var Chart = window.Chart;
  var it = new Intl.NumberFormat("it-IT", { maximumFractionDigits: 1, useGrouping: "always" });
  var pct = function (v) { return it.format(v * 100) + "\u00a0%"; };
  Chart.defaults.font.family = "'Titillium Web', Geneva, Tahoma, sans-serif";
  Chart.defaults.color = "#1a1a1a";
  // Printing: draw at print size and without animation, so the PDF has the final picture.
  Chart.defaults.animation = false;

  function show(name) {
    var box = document.querySelector('[data-chart="' + name + '"]');
    if (box) box.hidden = false;
    return box ? box.querySelector("canvas") : null;
  }

  // Quadrant lines at the means and the names of the four quadrants, drawn after the points.
  var quadrants = {
    id: "quadrants",
    afterDatasetsDraw: function (chart, args, opts) {
      var x = chart.scales.x, y = chart.scales.y, ctx = chart.ctx, area = chart.chartArea;
      ctx.save();
      ctx.strokeStyle = "#995c00";
      ctx.setLineDash([6, 4]);
      if (opts.xLine !== null) { ctx.beginPath(); ctx.moveTo(x.getPixelForValue(opts.xLine), area.top); ctx.lineTo(x.getPixelForValue(opts.xLine), area.bottom); ctx.stroke(); }
      if (opts.yLine !== null) { ctx.beginPath(); ctx.moveTo(area.left, y.getPixelForValue(opts.yLine)); ctx.lineTo(area.right, y.getPixelForValue(opts.yLine)); ctx.stroke(); }
      ctx.setLineDash([]);
      ctx.fillStyle = "#4d4d4d";
      ctx.font = "italic 12px sans-serif";
      ctx.textAlign = "left"; ctx.fillText(opts.names[0], area.left + 6, area.top + 14);
      ctx.textAlign = "right"; ctx.fillText(opts.names[1], area.right - 6, area.top + 14);
      ctx.textAlign = "left"; ctx.fillText(opts.names[2], area.left + 6, area.bottom - 8);
      ctx.textAlign = "right"; ctx.fillText(opts.names[3], area.right - 6, area.bottom - 8);
      ctx.restore();
    },
  };

  var ipaCanvas = show("ipa");
  if (ipaCanvas) {
    new Chart(ipaCanvas, {
      type: "scatter",
      data: { datasets: [{ label: "Servizi", data: data.ipa.points, backgroundColor: "#0066cc", pointRadius: 5 }] },
      options: {
        maintainAspectRatio: false,
        scales: {
          x: { min: data.ipa.xDomain[0], max: data.ipa.xDomain[1], title: { display: true, text: data.ipa.xLabel } },
          y: { min: 1, max: 10, title: { display: true, text: "Soddisfazione media (1–10)" } },
        },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: function (c) { return c.raw.label + ": importanza " + it.format(c.raw.x) + ", soddisfazione " + it.format(c.raw.y); } } },
          quadrants: { xLine: data.ipa.xLine, yLine: data.ipa.yLine, names: data.ipa.quadrants },
        },
      },
      plugins: [quadrants],
    });
  }

  var coverageCanvas = show("coverage");
  if (coverageCanvas) {
    new Chart(coverageCanvas, {
      type: "line",
      data: {
        labels: data.coverage.k,
        datasets: [
          { label: "Cittadini serviti del tutto", data: data.coverage.full, borderColor: "#0066cc", backgroundColor: "#0066cc" },
          { label: "Contatti gestiti", data: data.coverage.contacts, borderColor: "#995c00", backgroundColor: "#995c00", borderDash: [6, 4] },
          { label: "Sportello migliore: cittadini serviti del tutto", data: data.coverage.best, borderColor: "#5c2f91", backgroundColor: "#5c2f91", borderDash: [2, 3] },
        ],
      },
      options: {
        maintainAspectRatio: false,
        scales: {
          x: { title: { display: true, text: "Servizi allo Sportello (k)" } },
          y: { min: 0, max: 1, ticks: { callback: pct }, title: { display: true, text: "Quota" } },
        },
        plugins: { tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + pct(c.raw); } } } },
      },
    });
  }
})();
