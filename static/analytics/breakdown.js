/* The breakdown page's bar chart (vendored Chart.js): the chosen indicator for each group of
   the table, horizontal so long sector and ownership names stay readable on a phone.
   Data comes from the page's json_script "breakdown-data". */
(function () {
  "use strict";
  var GREEN = "#1f6b3a";

  function draw() {
    var source = document.getElementById("breakdown-data");
    var canvas = document.getElementById("breakdown-chart");
    if (!source || !canvas || typeof Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    var nf = new Intl.NumberFormat(data.lang && data.lang.indexOf("en") === 0 ? "en-GB" : "vi-VN", { maximumFractionDigits: 2 });
    var fmt = function (v) { return v === null || v === undefined ? "—" : nf.format(v); };
    var narrow = window.innerWidth < 576;
    var short = function (text) {
      var max = narrow ? 16 : 34;
      return text.length > max ? text.slice(0, max - 1) + "…" : text;
    };
    // Two dimensions give two-line labels; every bar keeps room for them.
    var lines = data.labels.length && data.labels[0].length > 1 ? 2 : 1;
    var box = document.getElementById("breakdown-chart-box");
    box.style.height = Math.max(224, data.labels.length * (lines === 2 ? 38 : 28) + 60) + "px";
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.animation = false;
    Chart.defaults.maintainAspectRatio = false;
    window.gpBreakdownChart = new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [{ label: data.label, data: data.values, backgroundColor: GREEN }]
      },
      options: {
        indexAxis: "y",
        scales: {
          x: { beginAtZero: true, ticks: { callback: function (v) { return fmt(v); } } },
          y: { ticks: { autoSkip: false, callback: function (v) { return data.labels[v].map(short); } } }
        },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: {
            title: function (items) { return data.labels[items[0].dataIndex].join(" · "); },
            label: function (ctx) { return data.label + ": " + fmt(ctx.parsed.x); }
          } }
        }
      }
    });
  }
  function submitOnChange() {
    var select = document.getElementById("bd-chart");
    if (!select) return;
    select.addEventListener("change", function () {
      var form = select.form;
      if (form.requestSubmit) form.requestSubmit(); else form.submit();
    });
  }
  function start() { draw(); submitOnChange(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
