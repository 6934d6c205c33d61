// The main menu: sections are disclosure menus (a button with aria-expanded
// that shows or hides its list), Escape closes and returns focus to the
// button, a click outside closes. On a narrow screen the whole menu sits
// behind one "Meny" button. Without this script every section's links are
// simply listed.
(function () {
  "use strict";
  function init() {
    var nav = document.querySelector("[data-main-nav]");
    if (!nav || nav.dataset.enhanced) return;
    nav.dataset.enhanced = "1";
    nav.classList.add("enhanced");
    var toggles = Array.prototype.slice.call(nav.querySelectorAll(".nav-section-toggle"));
    var menuButton = nav.querySelector(".nav-toggle");
    var list = document.getElementById(menuButton.getAttribute("aria-controls"));

    function panelOf(button) {
      return document.getElementById(button.getAttribute("aria-controls"));
    }
    function setOpen(button, open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      panelOf(button).hidden = !open;
    }
    function closeAll(except) {
      toggles.forEach(function (b) {
        if (b !== except) setOpen(b, false);
      });
    }
    function setMenu(open) {
      menuButton.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("open", open);
    }

    toggles.forEach(function (button) {
      setOpen(button, false);
      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") !== "true";
        closeAll(button);
        setOpen(button, open);
      });
    });
    menuButton.hidden = false;
    setMenu(false);
    menuButton.addEventListener("click", function () {
      var open = menuButton.getAttribute("aria-expanded") !== "true";
      setMenu(open);
      if (!open) closeAll(null);
    });

    nav.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" && event.key !== "Esc") return;
      var open = toggles.filter(function (b) {
        return b.getAttribute("aria-expanded") === "true";
      })[0];
      if (open) {
        setOpen(open, false);
        open.focus();
        event.preventDefault();
      } else if (menuButton.getAttribute("aria-expanded") === "true") {
        setMenu(false);
        menuButton.focus();
        event.preventDefault();
      }
    });
    document.addEventListener("click", function (event) {
      if (!nav.contains(event.target)) closeAll(null);
    });
    // Focus leaving a section (Tab past its last link) closes it.
    nav.addEventListener("focusout", function (event) {
      var next = event.relatedTarget;
      toggles.forEach(function (b) {
        var item = b.parentNode;
        if (b.getAttribute("aria-expanded") === "true" && next && !item.contains(next)) {
          setOpen(b, false);
        }
      });
    });
    if (list) list.dataset.ready = "1";
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
