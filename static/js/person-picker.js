// A filter box in front of every person picker (select[data-person-picker]):
// typing narrows the list to the people whose name or role contains the text,
// and a polite status tells how many remain. Without JavaScript the plain
// <select> works as before.
(function () {
  "use strict";
  function enhance(select) {
    if (select.dataset.personPickerReady) return;
    select.dataset.personPickerReady = "1";
    var body = document.body.dataset;
    var id = (select.id || "person") + "-filter";
    var label = document.createElement("label");
    label.setAttribute("for", id);
    label.className = "person-filter-label";
    // The same words for every picker: the filter sits right above its list, and
    // the list's own label stays the only one that names the field.
    label.textContent = body.personFilterLabel || "Filtrera listan";
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.className = "person-filter";
    input.setAttribute("autocomplete", "off");
    if (select.id) input.setAttribute("aria-controls", select.id);
    var status = document.createElement("span");
    status.id = id + "-status";
    status.className = "person-filter-status";
    status.setAttribute("role", "status");
    input.setAttribute("aria-describedby", status.id);
    input.addEventListener("input", function () {
      var needle = input.value.trim().toLowerCase();
      var shown = 0;
      Array.prototype.forEach.call(select.options, function (option) {
        var match = !needle || option.value === "" || option.selected ||
          option.text.toLowerCase().indexOf(needle) !== -1;
        option.hidden = !match;
        option.disabled = !match && !option.selected;
        if (match && option.value !== "") shown += 1;
      });
      status.textContent = needle
        ? (body.personFilterCount || "Personer som matchar: %s").replace("%s", shown)
        : "";
    });
    input.addEventListener("keydown", function (event) {
      // Enter in the filter must not submit the form; it moves to the list.
      if (event.key === "Enter") {
        event.preventDefault();
        select.focus();
      }
    });
    select.parentNode.insertBefore(label, select);
    select.parentNode.insertBefore(input, select);
    select.parentNode.insertBefore(status, select);
  }
  function run(root) {
    Array.prototype.forEach.call(
      (root || document).querySelectorAll("select[data-person-picker]"), enhance);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { run(); });
  } else {
    run();
  }
  document.addEventListener("htmx:afterSwap", function (event) { run(event.target); });
})();
