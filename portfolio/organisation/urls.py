"""Organisation and role URLs: the start page, kommuner, samverkan and roles."""

from django.urls import path

from portfolio.organisation.views import accessibility, roles
from portfolio.organisation.views import organisations as views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("kommuner/", views.KommunListView.as_view(), name="kommun_list"),
    path("kommuner/<int:pk>/", views.KommunDetailView.as_view(), name="kommun_detail"),
    path(
        "forvaltningar/<int:pk>/",
        views.ForvaltningDetailView.as_view(),
        name="forvaltning_detail",
    ),
    path("samverkan/", views.SamverkanListView.as_view(), name="samverkan_list"),
    path("samverkan/<int:pk>/", views.SamverkanDetailView.as_view(), name="samverkan_detail"),
    path("tillganglighet/", accessibility.statement, name="accessibility"),
    path("roller/", roles.RoleAssignmentListView.as_view(), name="role_list"),
    path("roller/ny/", roles.RoleAssignmentCreateView.as_view(), name="role_add"),
    path("roller/<int:pk>/avsluta/", roles.role_end, name="role_end"),
]
