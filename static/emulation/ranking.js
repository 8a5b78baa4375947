/* The ranking chart (vendored Chart.js): each subordinate's self-score beside its verified
   score. Data comes from the page's json_script "ranking-data". */
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("ranking-data");
    var canvas = document.getElementById("ranking-chart");
    if (!source || !canvas || typeof Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    var lang = document.documentElement.lang || "vi";
    var nf = new Intl.NumberFormat(lang.indexOf("en") === 0 ? "en-GB" : "vi-VN", { maximumFractionDigits: 2 });
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.animation = false;
    Chart.defaults.maintainAspectRatio = false;
    window.gpRankingChart = new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          { label: data.names.self, data: data.self, backgroundColor: "#9ec5a8" },
          { label: data.names.verified, data: data.verified, backgroundColor: "#1f6b3a" }
        ]
      },
      options: {
        scales: { y: { beginAtZero: true, suggestedMax: 100, ticks: { callback: function (v) { return nf.format(v); } } } },
        plugins: { legend: { position: "bottom" }, tooltip: { callbacks: { label: function (ctx) {
          return ctx.dataset.label + ": " + (ctx.parsed.y === null ? "—" : nf.format(ctx.parsed.y));
        } } } }
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
