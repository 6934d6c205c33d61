from django.urls import path

from portfolio.budget import views

urlpatterns = [
    path("", views.BudgetListView.as_view(), name="budget_list"),
    path("ny/", views.BudgetAddView.as_view(), name="budget_add"),
    path("<int:pk>/", views.BudgetDetailView.as_view(), name="budget_detail"),
    path("<int:pk>/ny-rad/", views.line_add, name="budget_line_add"),
    path("<int:pk>/besluta/", views.decide, name="budget_decide"),
    path("<int:pk>/kopiera/", views.copy, name="budget_copy"),
    path("rad/<int:pk>/andra/", views.line_edit, name="budget_line_edit"),
    path("rad/<int:pk>/ta-bort/", views.line_delete, name="budget_line_delete"),
    path("utfall/", views.OutcomeListView.as_view(), name="budget_outcome_list"),
    path("utfall/ny/", views.outcome_add, name="budget_outcome_add"),
]
