from django.urls import path

from governance.finance import views

urlpatterns = [
    path(
        "budget/jamforelse/<int:pk>/",
        views.budget_comparison,
        name="budget_comparison",
    ),
]
