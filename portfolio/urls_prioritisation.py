"""Prioritisation URLs, included under /prioritering/ in the portfolio namespace."""

from django.urls import path

from portfolio.views import prioritisation as views

urlpatterns = [
    path("", views.ranking, name="prioritisation_ranking"),
    path("kriterier/", views.config, name="prioritisation_config"),
    path("kriterier/nytt/", views.criterion_edit, name="prioritisation_criterion_add"),
    path("kriterier/<int:pk>/", views.criterion_edit, name="prioritisation_criterion_edit"),
    path("ska-krav/nytt/", views.gate_edit, name="prioritisation_gate_add"),
    path("ska-krav/<int:pk>/", views.gate_edit, name="prioritisation_gate_edit"),
    path("initiativ/<int:pk>/poang/", views.score, name="prioritisation_score"),
    path("initiativ/<int:pk>/flytta/", views.override, name="prioritisation_override"),
    path("budget/", views.budget, name="prioritisation_budget"),
    path("diagram/", views.charts, name="prioritisation_charts"),
    path("omgangar/", views.round_list, name="prioritisation_rounds"),
    path("omgangar/jamfor/", views.round_compare, name="prioritisation_compare"),
    path("omgangar/<int:pk>/", views.round_detail, name="prioritisation_round"),
    path("omgangar/<int:pk>/frys/", views.round_freeze, name="prioritisation_freeze"),
]
