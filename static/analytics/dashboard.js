/* The dashboard's charts (vendored Chart.js): the chosen indicator's trend over the periods,
   the same indicator's best and worst units of the chosen level (click a bar to drill down), and
   completeness (past 20 direct subordinates, the least and the most complete).
   Data comes from the page's json_script "dashboard-data". */
(function () {
  "use strict";
  var GREEN = "#1f6b3a", WAITING = "#6ea8fe", MISSING = "#ced4da", TARGET = "#b02a37";

  function draw() {
    // One bar per subordinate: the box grows with them (a data attribute, as the policy refuses style attributes).
    document.querySelectorAll(".gp-bars[data-bars]").forEach(function (box) {
      box.style.setProperty("--gp-bars", box.dataset.bars);
    });
    var source = document.getElementById("dashboard-data");
    if (!source || typeof Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    var nf = new Intl.NumberFormat(data.lang && data.lang.indexOf("en") === 0 ? "en-GB" : "vi-VN", { maximumFractionDigits: 2 });
    var fmt = function (v) { return v === null || v === undefined ? "—" : nf.format(v); };
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.animation = false;
    Chart.defaults.maintainAspectRatio = false;
    var valueTicks = { callback: function (v) { return fmt(v); } };
    var tooltip = { callbacks: { label: function (ctx) {
      var v = ctx.parsed.x !== undefined && ctx.chart.options.indexAxis === "y" ? ctx.parsed.x : ctx.parsed.y;
      return (ctx.dataset.label ? ctx.dataset.label + ": " : "") + fmt(v);
    } } };
    // The axis shows short names ("TNHH Thép Xanh"); the tooltip the unit's full name.
    function withNames(names) {
      return { callbacks: { label: tooltip.callbacks.label, title: function (items) {
        return items.length && names ? names[items[0].dataIndex] : "";
      } } };
    }
    var charts = window.gpDashboardCharts = {};
    var narrow = window.innerWidth < 576;
    // Names are already short (server side); a long one keeps its start and its end, where units
    // of one kind differ ("TNHH Cơ khí Đóng…Phà Rừng số 5").
    var short = function (label) {
      var max = narrow ? 20 : 34;
      if (label.length <= max) return label;
      var tail = Math.floor(max / 2.5);
      return label.slice(0, max - tail - 1) + "…" + label.slice(-tail);
    };
    var shortTicks = { autoSkip: false, callback: function (v) { return short(this.getLabelForValue(v)); } };

    function targetLine(count) {
      if (data.target === null) return [];
      var line = [];
      for (var i = 0; i < count; i++) line.push(data.target);
      return [{ type: "line", label: data.target_label, data: line, borderColor: TARGET, borderDash: [6, 4],
                borderWidth: 1.5, pointRadius: 0, fill: false }];
    }

    var trend = document.getElementById("trend-chart");
    if (trend && data.indicator) {
      var current = data.trend.labels.indexOf(data.trend.current);
      charts.trend = new Chart(trend, {
        type: "line",
        data: {
          labels: data.trend.labels,
          datasets: [{
            label: data.indicator.name, data: data.trend.values, borderColor: GREEN, backgroundColor: GREEN,
            spanGaps: true, tension: 0.2,
            pointRadius: data.trend.labels.map(function (_l, i) { return i === current ? 6 : 3; })
          }].concat(targetLine(data.trend.labels.length))
        },
        options: { scales: { y: { beginAtZero: true, ticks: valueTicks } },
                   plugins: { legend: { display: data.target !== null, position: "bottom" }, tooltip: tooltip } }
      });
    }

    var bars = document.getElementById("bar-chart");
    if (bars && data.indicator) {
      charts.bars = new Chart(bars, {
        type: "bar",
        data: {
          labels: data.bars.labels,
          datasets: [{ label: data.indicator.name, data: data.bars.values, backgroundColor: GREEN }]
            .concat(targetLine(data.bars.labels.length))
        },
        options: {
          indexAxis: "y",  // names read across, one per line, however many
          scales: { x: { beginAtZero: true, ticks: valueTicks }, y: { ticks: shortTicks } },
          plugins: { legend: { display: data.target !== null, position: "bottom" }, tooltip: withNames(data.bars.names) },
          onClick: function (_e, elements) {
            if (elements.length) window.location.href = data.bars.urls[elements[0].index];
          }
        }
      });
    }

    var completeness = document.getElementById("completeness-chart");
    if (completeness) {
      var c = data.completeness;
      charts.completeness = new Chart(completeness, {
        type: "bar",
        data: {
          labels: c.labels,
          datasets: [
            { label: c.series[0], data: c.approved, backgroundColor: GREEN },
            { label: c.series[1], data: c.waiting, backgroundColor: WAITING },
            { label: c.series[2], data: c.missing, backgroundColor: MISSING }
          ]
        },
        options: {
          indexAxis: "y",
          scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true, ticks: shortTicks } },
          plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } }, tooltip: withNames(c.names) }
        }
      });
    }

    // Another level changes the charts too: the whole page loads (searching and paging stay in place).
    var level = document.getElementById("ranking-level");
    if (level) level.addEventListener("change", function () { level.form.submit(); });

    var form = document.getElementById("dashboard-filters");
    if (form) {
      form.querySelectorAll("select").forEach(function (select) {
        select.addEventListener("change", function () { form.requestSubmit ? form.requestSubmit() : form.submit(); });
      });
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
