// The public survey page: skip logic (a question shown only after a given answer) and one tap
// only on "send". The server applies the same skip logic; this only hides what is not asked.
(function () {
  "use strict";
  var form = document.getElementById("survey-form");
  if (!form) return;
  function chosen(code) {
    var out = [];
    form.querySelectorAll('[name="' + code + '"]').forEach(function (el) {
      if ((el.type === "radio" || el.type === "checkbox") ? el.checked : el.value) out.push(el.value);
    });
    return out;
  }
  function visible(code) {
    var box = document.getElementById("q-" + code);
    return !box || !box.hidden;
  }
  function apply() {
    form.querySelectorAll("[data-show-if]").forEach(function (box) {
      var parent = box.getAttribute("data-show-if");
      var wanted = box.getAttribute("data-show-options").split(" ");
      var show = visible(parent) && chosen(parent).some(function (v) { return wanted.indexOf(v) >= 0; });
      box.hidden = !show;
      box.querySelectorAll("input").forEach(function (el) { el.disabled = !show; });
    });
  }
  form.addEventListener("change", apply);
  form.addEventListener("submit", function () {
    var button = form.querySelector('button[type="submit"]');
    window.setTimeout(function () { button.disabled = true; }, 0);
  });
  apply();
})();
