/* Simutasi – small progressive enhancements. Every page works without JavaScript. */
(function () {
  "use strict";

  // A partial (e.g. the ABK tasks of a formasi) that fails to load says so in place,
  // instead of leaving an empty box; the fallback link stays usable.
  document.addEventListener("htmx:responseError", function (event) {
    var target = event.detail.target;
    if (!target) {
      return;
    }
    var note = document.createElement("p");
    note.className = "message message--error";
    note.setAttribute("role", "alert");
    note.textContent = document.body.dataset.loadError || "Error";
    target.prepend(note);
  });

  // "Select all" for a list of checkboxes: <input type="checkbox" data-check-all="name">.
  document.addEventListener("change", function (event) {
    var all = event.target.closest("[data-check-all]");
    if (!all || !all.form) {
      return;
    }
    var boxes = all.form.querySelectorAll('input[type="checkbox"][name="' + all.dataset.checkAll + '"]');
    boxes.forEach(function (box) {
      box.checked = all.checked;
    });
  });

  // Enter in a search-as-you-type field searches instead of submitting the whole form.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !event.target.matches("[data-enter-searches]")) {
      return;
    }
    event.preventDefault();
    if (window.htmx) {
      window.htmx.trigger(event.target, "search");
    }
  });

  // A form re-rendered with errors moves focus to its error summary.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-focus-on-load]");
    if (summary) {
      summary.focus();
    }
    // On a phone the menu is one row that scrolls sideways: bring the current page into it.
    var nav = document.querySelector(".nav ul");
    var current = nav && nav.querySelector('[aria-current="page"]');
    if (current && nav.scrollWidth > nav.clientWidth) {
      nav.scrollLeft = current.offsetLeft - (nav.clientWidth - current.offsetWidth) / 2;
    }
  });
})();
