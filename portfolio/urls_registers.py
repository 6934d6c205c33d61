from django.urls import path

from portfolio.views import registers as views

urlpatterns = [
    path("system/", views.SystemListView.as_view(), name="system_list"),
    path("system/nytt/", views.SystemEditView.as_view(), name="system_add"),
    path("system/<int:pk>/", views.SystemDetailView.as_view(), name="system_detail"),
    path("system/<int:pk>/andra/", views.SystemEditView.as_view(), name="system_edit"),
    path("system/<int:parent_pk>/avtal/nytt/", views.contract_add, name="contract_add"),
    path("system/<int:parent_pk>/kostnad/ny/", views.system_cost_add, name="system_cost_add"),
    path("initiativ/", views.InitiativeListView.as_view(), name="initiative_list"),
    path("initiativ/nytt/", views.InitiativeEditView.as_view(), name="initiative_add"),
    path("initiativ/<int:pk>/", views.InitiativeDetailView.as_view(), name="initiative_detail"),
    path("initiativ/<int:pk>/andra/", views.InitiativeEditView.as_view(), name="initiative_edit"),
    path("initiativ/<int:pk>/status/", views.initiative_transition, name="initiative_transition"),
    path("initiativ/<int:parent_pk>/nytta/ny/", views.benefit_add, name="benefit_add"),
    path(
        "initiativ/<int:parent_pk>/kostnad/ny/",
        views.initiative_cost_add,
        name="initiative_cost_add",
    ),
    path("initiativ/<int:parent_pk>/finansiering/ny/", views.financing_add, name="financing_add"),
    path("initiativ/<int:parent_pk>/risk/ny/", views.risk_add, name="risk_add"),
    path(
        "initiativ/<int:parent_pk>/statusrapport/ny/",
        views.status_report_add,
        name="status_report_add",
    ),
]
