from django.urls import include, path

from portfolio.views import organisations as views

app_name = "portfolio"

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
    path("roller/", views.RoleAssignmentListView.as_view(), name="role_list"),
    path("roller/ny/", views.RoleAssignmentCreateView.as_view(), name="role_add"),
    path("roller/<int:pk>/avsluta/", views.role_end, name="role_end"),
    path("", include("portfolio.urls_registers")),
    path("prioritering/", include("portfolio.urls_prioritisation")),
    path("granskning/", include("portfolio.urls_audit")),
    path("import/", include("portfolio.urls_imports")),
    path("", include("portfolio.urls_initiatives")),
]
