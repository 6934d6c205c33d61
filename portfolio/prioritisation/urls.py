"""Prioritisation URLs, included under /prioritering/ in the portfolio namespace."""

from django.urls import path

from portfolio.prioritisation.views import config, ranking, rounds, scoring

urlpatterns = [
    path("", ranking.ranking, name="prioritisation_ranking"),
    path("kriterier/", config.config, name="prioritisation_config"),
    path("kriterier/nytt/", config.criterion_edit, name="prioritisation_criterion_add"),
    path("kriterier/<int:pk>/", config.criterion_edit, name="prioritisation_criterion_edit"),
    path("ska-krav/nytt/", config.gate_edit, name="prioritisation_gate_add"),
    path("ska-krav/<int:pk>/", config.gate_edit, name="prioritisation_gate_edit"),
    path("initiativ/<int:pk>/poang/", scoring.score, name="prioritisation_score"),
    path("initiativ/<int:pk>/flytta/", scoring.override, name="prioritisation_override"),
    path("budget/", ranking.budget, name="prioritisation_budget"),
    path("diagram/", ranking.charts, name="prioritisation_charts"),
    path("omgangar/", rounds.round_list, name="prioritisation_rounds"),
    path("omgangar/jamfor/", rounds.round_compare, name="prioritisation_compare"),
    path("omgangar/<int:pk>/", rounds.round_detail, name="prioritisation_round"),
    path("omgangar/<int:pk>/frys/", rounds.round_freeze, name="prioritisation_freeze"),
]
