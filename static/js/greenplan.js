/* Site-wide behaviour that used to live in style attributes, which the Content-Security-Policy
   refuses. Styles set from a script are allowed, so progress bars carry their width as
   data-gp-width (a percentage) and get it here, on load and on every htmx swap. */
(function () {
  "use strict";
  function widths(root) {
    var bars = root.querySelectorAll ? root.querySelectorAll("[data-gp-width]") : [];
    if (root.matches && root.matches("[data-gp-width]")) bars = [root].concat(Array.from(bars));
    Array.prototype.forEach.call(bars, function (bar) {
      var value = Math.max(0, Math.min(100, parseInt(bar.dataset.gpWidth, 10) || 0));
      bar.style.width = value + "%";
    });
  }
  if (window.htmx) window.htmx.onLoad(widths);
  else document.addEventListener("DOMContentLoaded", function () { widths(document); });
})();
