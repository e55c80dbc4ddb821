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
})();
