from django.urls import path

from portfolio.initiatives import my_portfolio, views

urlpatterns = [
    path("initiativ/", views.InitiativeListView.as_view(), name="initiative_list"),
    path("initiativ/nytt/", views.InitiativeCreateView.as_view(), name="initiative_add"),
    path("initiativ/<int:pk>/", views.InitiativeDetailView.as_view(), name="initiative_detail"),
    path("initiativ/<int:pk>/andra/", views.InitiativeUpdateView.as_view(), name="initiative_edit"),
    path("initiativ/<int:pk>/status/", views.initiative_transition, name="initiative_transition"),
    path(
        "initiativ/<int:pk>/lagg-till/<slug:kind>/",
        views.initiative_add_child,
        name="initiative_add_child",
    ),
    path("min-portfolj/", my_portfolio.MyPortfolioView.as_view(), name="my_portfolio"),
    path("mal/", views.StrategicGoalListView.as_view(), name="goal_list"),
    path("mal/nytt/", views.StrategicGoalEditView.as_view(), name="goal_add"),
    path("mal/<int:pk>/andra/", views.StrategicGoalEditView.as_view(), name="goal_edit"),
]
