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
})();
