// A filter box in front of every person picker (select[data-person-picker]):
// typing narrows the list to the people whose name contains the text.
(function () {
  "use strict";
  function enhance(select) {
    if (select.dataset.personPickerReady) return;
    select.dataset.personPickerReady = "1";
    var id = (select.id || "person") + "-filter";
    var label = document.createElement("label");
    label.setAttribute("for", id);
    label.className = "person-filter-label";
    label.textContent = document.body.dataset.personFilterLabel || "Filtrera personer";
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.className = "person-filter";
    input.setAttribute("autocomplete", "off");
    input.setAttribute("aria-controls", select.id || "");
    input.addEventListener("input", function () {
      var needle = input.value.trim().toLowerCase();
      Array.prototype.forEach.call(select.options, function (option) {
        var match = !needle || option.value === "" || option.selected ||
          option.text.toLowerCase().indexOf(needle) !== -1;
        option.hidden = !match;
      });
    });
    select.parentNode.insertBefore(label, select);
    select.parentNode.insertBefore(input, select);
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
