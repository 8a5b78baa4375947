// The report entry page: Enter moves to the next field, Ctrl+S saves at once, derived ratios
// follow the figures as they are typed, 409/422 answers are shown, and a submit waits for an
// autosave in flight so that it carries the newest version. Nothing typed is lost without a
// warning: unsaved fields are tracked until the server has kept them, leaving the page with any
// asks first, a narrative over its limit is marked (never cut), and attachments are uploaded in
// place, after the pending figures are saved.
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

  // --- unsaved work --------------------------------------------------------------------------
  var dirty = new Set(), sending = new Set(), leaving = false;
  function hasErrors() { return form.querySelector(".gp-fb .gp-error") !== null; }
  function unsaved() { return dirty.size > 0 || sending.size > 0 || hasErrors(); }
  function track(e) { if (e.target.name && e.target.name !== "version") dirty.add(e.target.name); }
  form.addEventListener("input", track);
  form.addEventListener("change", track);
  form.addEventListener("htmx:beforeRequest", function () {
    dirty.forEach(function (name) { sending.add(name); });
    dirty.clear();
  });
  form.addEventListener("htmx:afterRequest", function (e) {
    var status = e.detail.xhr ? e.detail.xhr.status : 0;
    if (status !== 200 && status !== 422) sending.forEach(function (name) { dirty.add(name); });
    sending.clear();  // after a 422 the refused fields stay unsaved through their error
  });
  window.addEventListener("beforeunload", function (e) {
    if (leaving || !unsaved()) return;
    e.preventDefault();
    e.returnValue = "";
  });
  document.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("[data-gp-leave]")) leaving = true;  // the user chose to reload
  });
  document.addEventListener("visibilitychange", function () {  // a phone switching apps may never come back
    if (document.visibilityState === "hidden" && dirty.size > 0) saveNow();
  });

  // --- narrative length: counted as the server counts (characters, not UTF-16 units) ----------
  function count(area) {
    var max = Number(area.dataset.max), n = Array.from(area.value).length;
    var out = document.getElementById("count-" + area.name);
    var fb = document.getElementById("fb-" + area.name);
    var numbers = [n, max].map(function (v) { return v.toLocaleString(english ? "en" : "vi"); });
    out.textContent = numbers[0] + " / " + numbers[1] + (english ? " characters" : " ký tự");
    var over = n > max;
    out.classList.toggle("text-danger", over);
    out.classList.toggle("fw-semibold", over);
    if (over) {
      var text = english ? "Too long: shorten it by " + (n - max).toLocaleString("en") + " characters; not saved until then."
        : "Quá dài: hãy rút bớt " + (n - max).toLocaleString("vi") + " ký tự; nội dung này chưa được lưu.";
      fb.innerHTML = "";
      var div = document.createElement("div");
      div.className = "gp-error";
      div.textContent = text;
      fb.appendChild(div);
      area.setAttribute("aria-invalid", "true");
    } else if (fb.dataset.over === "1") {
      fb.innerHTML = "";
      area.setAttribute("aria-invalid", "false");
    }
    fb.dataset.over = over ? "1" : "";
  }
  form.querySelectorAll("textarea[data-max]").forEach(function (area) {
    area.addEventListener("input", function () { count(area); });
    count(area);
  });

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
    var status = e.detail.xhr.status;
    if (status === 403 || status === 409 || status === 422) {
      e.detail.shouldSwap = true;
      e.detail.isError = false;
    }
  });
  form.addEventListener("htmx:afterRequest", function (e) {
    markInvalid();
    form.querySelectorAll("textarea[data-max]").forEach(count);
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
    leaving = true;  // a full-page save or submit carries every field
  });
  form.addEventListener("htmx:confirm", function (e) { if (submitting) e.preventDefault(); });
  derive();

  // --- attachments, in place ---------------------------------------------------------------
  var upload = document.getElementById("upload-form");
  if (upload) {
    var bar = document.getElementById("upload-progress");
    upload.addEventListener("htmx:confirm", function (e) {
      if (dirty.size === 0 && !form.classList.contains("htmx-request")) return;
      e.preventDefault();  // save the figures just typed first, then send the file
      form.addEventListener("htmx:afterRequest", function () { e.detail.issueRequest(); }, { once: true });
      if (!form.classList.contains("htmx-request")) saveNow();
    });
    upload.addEventListener("htmx:beforeRequest", function () {
      bar.hidden = false;
      bar.value = 0;
    });
    upload.addEventListener("htmx:xhr:progress", function (e) {
      if (e.detail.lengthComputable && e.detail.total) bar.value = Math.round(e.detail.loaded * 100 / e.detail.total);
    });
    upload.addEventListener("htmx:afterRequest", function (e) {
      if (e.detail.xhr && e.detail.xhr.status === 200) {
        bar.value = 100;
        upload.reset();
      } else {
        bar.hidden = true;
        document.getElementById("attachment-file").focus();
      }
    });
  }
})();
