// Forms that must not lose work (the plan's issue form, the activity form): sent in place so the
// chosen files stay chosen, every error listed in a summary the page scrolls to and focuses, and
// a form that locks something (data-gp-confirm = a <dialog>'s id) asks first.
(function () {
  "use strict";

  function showSummary(root) {
    var summary = root.querySelector(".gp-error-summary");
    if (!summary) return;
    // At once (not Bootstrap's smooth scroll) and with a margin, so it is wholly in view when focused.
    window.scrollTo({ top: summary.getBoundingClientRect().top + window.scrollY - 16, behavior: "instant" });
    summary.focus({ preventScroll: true });
  }

  document.addEventListener("click", function (e) {  // a summary's link focuses its field
    var link = e.target.closest && e.target.closest("a[data-gp-field]");
    var field = link && document.getElementById(link.dataset.gpField);
    if (!field) return;
    e.preventDefault();
    field.scrollIntoView({ block: "center" });
    field.focus({ preventScroll: true });
  });

  // The new box from the server, with this page's file inputs moved in: their choice survives.
  function swap(box, html) {
    var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(box.id);
    if (!fresh) return false;
    box.querySelectorAll("input[type=file]").forEach(function (input) {
      var twin = fresh.querySelector("input[type=file][name='" + input.name + "']");
      if (!twin) return;
      input.className = twin.className;
      ["aria-invalid", "aria-describedby"].forEach(function (name) {
        if (twin.hasAttribute(name)) input.setAttribute(name, twin.getAttribute(name));
        else input.removeAttribute(name);
      });
      twin.replaceWith(input);
    });
    box.replaceWith(fresh);
    bind(fresh);
    showSummary(fresh);
    return true;
  }

  function send(form, submitter) {
    var box = form.closest("[data-gp-box]");
    var button = submitter || form.querySelector("[type=submit]");
    if (button) button.disabled = true;
    var body = new FormData(form);
    if (submitter && submitter.name) body.append(submitter.name, submitter.value);
    fetch(form.action, { method: "POST", body: body, headers: { "HX-Request": "true" }, credentials: "same-origin" })
      .then(function (response) {
        var next = response.headers.get("HX-Redirect");
        if (next) { window.location.assign(next); return null; }
        return response.text().then(function (html) {
          if (response.status === 422 && swap(box, html)) return;
          HTMLFormElement.prototype.submit.call(form);  // anything else: as without JavaScript
        });
      })
      .catch(function () { HTMLFormElement.prototype.submit.call(form); })
      .finally(function () { if (button) button.disabled = false; });
  }

  function bind(box) {
    box.querySelectorAll("form[data-gp-keep]").forEach(function (form) {
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        var dialog = form.dataset.gpConfirm && document.getElementById(form.dataset.gpConfirm);
        if (!dialog) { send(form, e.submitter); return; }
        dialog.returnValue = "";
        dialog.addEventListener("close", function () {
          if (dialog.returnValue === "confirm") send(form, e.submitter);
        }, { once: true });
        dialog.showModal();
      });
    });
  }

  document.querySelectorAll("[data-gp-box]").forEach(function (box) {
    bind(box);
    showSummary(box);  // a page answered without JavaScript (422) opens on its errors too
  });
})();
