// Swagger UI for /api/docs/: everything from static/, no inline script (the CSP allows none).
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || typeof SwaggerUIBundle === "undefined") {
    return;
  }
  var csrfToken = root.getAttribute("data-csrf-token");
  window.portalApiDocs = SwaggerUIBundle({
    url: root.getAttribute("data-schema-url"),
    domNode: root,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: false,
    // Plain examples: the highlighter's colours fall below the contrast the portal keeps.
    syntaxHighlight: false,
    // No call to the public validator service: nothing leaves the portal.
    validatorUrl: null,
    requestInterceptor: function (request) {
      // The browser's own session: writes need Django's CSRF token.
      if (request.method && request.method.toUpperCase() !== "GET") {
        request.headers["X-CSRFToken"] = csrfToken;
      }
      return request;
    },
  });

  // Swagger UI leaves some controls unnamed: name them, and let the keyboard reach
  // scrolling examples (WCAG 2.1 AA, as on every portal page).
  function completeAccessibility() {
    root.querySelectorAll("select:not([aria-label])").forEach(function (select) {
      var row = select.closest("tr");
      var name = row && row.querySelector(".parameter__name");
      var label = name
        ? name.textContent.replace("*", "").trim()
        : root.getAttribute("data-media-type-label");
      select.setAttribute("aria-label", label);
    });
    root.querySelectorAll("pre:not([tabindex])").forEach(function (pre) {
      pre.setAttribute("tabindex", "0");
    });
  }
  new MutationObserver(completeAccessibility).observe(root, { childList: true, subtree: true });
})();
