"""The REST API's one router: every app's routes under ``/api/v1/``, plus the docs.

Each app lists its endpoints in ``ROUTES`` (``portfolio/api/…``,
``governance/api.py``, ``reports/api.py``); the URL names are
``api:v1:<basename>-list`` and ``api:v1:<basename>-detail``. The version is
the URL namespace (DRF's ``NamespaceVersioning``): a later ``v2`` gets its own
router beside this one.
"""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from governance import api as governance_api
from portfolio.api import initiatives, organisation, prioritisation, registers
from portfolio.api.views import ApiDocsView
from reports import api as reports_api

ROUTES = [
    *organisation.ROUTES,
    *registers.ROUTES,
    *initiatives.ROUTES,
    *prioritisation.ROUTES,
    *governance_api.ROUTES,
    *reports_api.ROUTES,
]


class PortalRouter(DefaultRouter):
    include_format_suffixes = False


router = PortalRouter()
for prefix, viewset, basename in ROUTES:
    router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("v1/", include((router.urls, "v1"))),
    path("docs/", ApiDocsView.as_view(), name="docs"),
]
