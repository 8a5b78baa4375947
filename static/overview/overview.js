/* The overview's completeness doughnut: counts per report status, colours of the status badges. */
(function () {
  "use strict";
  var COLOURS = { missing: "#ced4da", draft: "#8d99a6", returned: "#f0ad4e", submitted: "#6ea8fe", approved: "#1f6b3a" };
  function draw() {
    var canvas = document.getElementById("overview-chart");
    var source = document.getElementById("overview-chart-data");
    if (!canvas || !source || typeof Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    window.gpOverviewChart = new Chart(canvas, {
      type: "doughnut",
      data: {
        labels: data.labels,
        datasets: [{
          data: data.values,
          backgroundColor: data.keys.map(function (k) { return COLOURS[k] || "#adb5bd"; }),
          borderWidth: 1
        }]
      },
      options: {
        maintainAspectRatio: false,
        cutout: "60%",
        animation: false,
        plugins: { legend: { position: "bottom", labels: { boxWidth: 12, font: { family: getComputedStyle(document.body).fontFamily } } } }
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
