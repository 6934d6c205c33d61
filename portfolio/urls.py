"""The portfolio app's URLs: one include per capability package, all in the
``portfolio`` namespace (names are unchanged, so ``reverse("portfolio:…")`` works)."""

from django.urls import include, path

app_name = "portfolio"

urlpatterns = [
    path("", include("portfolio.organisation.urls")),
    path("", include("portfolio.registers.urls")),
    path("prioritering/", include("portfolio.prioritisation.urls")),
    path("granskning/", include("portfolio.audit.urls")),
    path("import/", include("portfolio.imports.urls")),
    path("budget/", include("portfolio.budget.urls")),
    path("debitering/", include("portfolio.chargeback.urls")),
    path("", include("portfolio.initiatives.urls")),
    path("", include("portfolio.roadmap.urls")),
    path("", include("portfolio.search.urls")),
    path("", include("portfolio.api.urls")),
    path("", include("portfolio.notices.urls")),
    path("", include("portfolio.attestation.urls")),
]
