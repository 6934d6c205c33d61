"""The REST API of the portfolio app (``/api/v1/``) and the per-user API tokens.

``base.py`` holds what every app's API shares (policy-restricted viewsets,
writes through the portal's forms and services, pagination, throttling);
one module per capability (``organisation``, ``registers``, ``initiatives``,
``prioritisation``) holds its serializers, filters and viewsets and lists its
``ROUTES``. ``governance.api`` and ``reports.api`` do the same for their apps;
``config/api.py`` puts every app's routes on one router.
"""
