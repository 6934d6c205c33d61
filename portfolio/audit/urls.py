"""Granskning (audit viewer): read-only, GET only. Included from portfolio.urls."""

from django.urls import path

from portfolio.audit import views

urlpatterns = [
    path("", views.audit_list, name="audit_list"),
    path("export.csv", views.audit_export, name="audit_export"),
]
