/* The survey results page: one horizontal bar chart per question (vendored Chart.js), from the
   page's json_script blocks named after the question codes. */
(function () {
  "use strict";
  var GREEN = "#1f6b3a";
  function draw() {
    if (typeof Chart === "undefined") return;
    var langEl = document.getElementById("survey-lang");
    var lang = langEl ? JSON.parse(langEl.textContent) : "vi";
    var nf = new Intl.NumberFormat(lang.indexOf("en") === 0 ? "en-GB" : "vi-VN");
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.animation = false;
    Chart.defaults.maintainAspectRatio = false;
    var narrow = window.innerWidth < 576;
    document.querySelectorAll("canvas.sv-canvas").forEach(function (canvas) {
      var source = document.getElementById(canvas.getAttribute("data-source"));
      if (!source) return;
      var data = JSON.parse(source.textContent);
      if (!data) return;
      var box = canvas.parentNode;
      box.style.height = Math.max(120, data.labels.length * 30 + 40) + "px";
      var max = narrow ? 18 : 30;
      new Chart(canvas, {
        type: "bar",
        data: { labels: data.labels, datasets: [{ data: data.values, backgroundColor: GREEN }] },
        options: {
          indexAxis: "y",
          scales: {
            x: { beginAtZero: true, ticks: { precision: 0, callback: function (v) { return nf.format(v); } } },
            y: { ticks: { autoSkip: false, callback: function (v) {
              var t = data.labels[v]; return t.length > max ? t.slice(0, max - 1) + "…" : t; } } }
          },
          plugins: { legend: { display: false } }
        }
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
