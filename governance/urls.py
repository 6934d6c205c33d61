"""Governance URLs: one include per package, all in the ``governance`` namespace."""

from django.urls import include, path

app_name = "governance"

urlpatterns = [
    path("", include("governance.councils.urls")),
    path("", include("governance.meetings.urls")),
    path("", include("governance.cases.urls")),
    path("", include("governance.opendata.urls")),
    path("", include("governance.itplans.urls")),
    path("", include("governance.maturity.urls")),
    path("", include("governance.documents.urls")),
    path("", include("governance.finance.urls")),
]
