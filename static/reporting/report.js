// The report entry page: Enter moves to the next field, Ctrl+S saves at once, derived ratios
// follow the figures as they are typed, 409/422 answers are shown, and a submit waits for an
// autosave in flight so that it carries the newest version.
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form) return;
  var english = document.documentElement.lang === "en";

  function fields() {
    return Array.prototype.filter.call(form.querySelectorAll("input:not([type=hidden]), select, textarea"),
      function (el) { return !el.disabled && el.offsetParent !== null; });
  }

  // The same reading as greenplan.reporting.values.parse_value: "1.234,5" and "1234.5" both work.
  function parse(el) {
    var text = (el && el.value || "").replace(/\s/g, "");
    if (!text) return null;
    if (text.indexOf(",") >= 0) text = text.replace(/\./g, "").replace(",", ".");
    else if ((text.match(/\./g) || []).length > 1 || (el.inputMode === "numeric" && /^\d+\.\d{3}$/.test(text))) {
      text = text.replace(/\./g, "");
    }
    var n = Number(text);
    return isFinite(n) ? n : NaN;
  }

  function format(n) {
    var parts = (Math.round(n * 100) / 100).toFixed(2).replace(/\.?0+$/, "").split(".");
    parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, english ? "," : ".");
    return parts.join(english ? "." : ",");
  }

  function derive() {
    form.querySelectorAll("output.gp-derived").forEach(function (out) {
      var num = parse(document.getElementById("f-" + out.dataset.num));
      var den = parse(document.getElementById("f-" + out.dataset.den));
      out.textContent = num === null || den === null || isNaN(num) || isNaN(den) || den === 0 ? "—" : format(num * 100 / den);
    });
  }

  function markInvalid() {
    form.querySelectorAll(".gp-fb").forEach(function (fb) {
      var el = document.getElementById("f-" + fb.dataset.code);
      if (el) el.setAttribute("aria-invalid", fb.querySelector(".gp-error") ? "true" : "false");
    });
  }

  function saveNow() { htmx.trigger(form, "gp-save"); }

  form.addEventListener("input", derive);
  form.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.key !== "Enter" || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey) return;
    if (!t.matches("input, select") || t.type === "submit" || t.type === "file") return;
    e.preventDefault();  // never submit the report with Enter
    var list = fields(), next = list[list.indexOf(t) + 1];
    if (next) {
      next.focus();
      if (next.tagName === "INPUT") next.select();
    }
  });
  document.addEventListener("keydown", function (e) {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === "s" || e.key === "S")) {
      e.preventDefault();
      saveNow();
    }
  });

  // A refusal (409 stale, 422 invalid) carries the messages to show: swap it like a success.
  document.body.addEventListener("htmx:beforeSwap", function (e) {
    if (e.detail.xhr.status === 409 || e.detail.xhr.status === 422) {
      e.detail.shouldSwap = true;
      e.detail.isError = false;
    }
  });
  form.addEventListener("htmx:afterRequest", function (e) {
    markInvalid();
    derive();
    var stale = document.getElementById("stale-alert");
    if (e.detail.xhr && e.detail.xhr.status === 409 && stale) {  // nothing more can be saved: say why
      stale.scrollIntoView({ block: "start" });
      stale.focus({ preventScroll: true });
    }
  });

  var submitting = false;
  form.addEventListener("submit", function (e) {
    if (form.classList.contains("htmx-request")) {  // wait for the autosave, then send its version
      e.preventDefault();
      var submitter = e.submitter;
      form.addEventListener("htmx:afterRequest", function () {
        setTimeout(function () { form.requestSubmit(submitter); }, 0);
      }, { once: true });
      return;
    }
    submitting = true;
  });
  form.addEventListener("htmx:confirm", function (e) { if (submitting) e.preventDefault(); });
  derive();
})();
