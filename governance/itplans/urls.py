from django.urls import path

from governance.itplans import views

urlpatterns = [
    path("it-planer/", views.ITPlanListView.as_view(), name="itplan_list"),
    path("it-planer/ny/", views.ITPlanEditView.as_view(), name="itplan_add"),
    path("it-planer/<int:pk>/", views.ITPlanDetailView.as_view(), name="itplan_detail"),
    path("it-planer/<int:pk>/andra/", views.ITPlanEditView.as_view(), name="itplan_edit"),
    path("it-planer/<int:pk>/lagg-till/<slug:kind>/", views.plan_line_add, name="itplan_line_add"),
    path(
        "it-planer/rad/<slug:kind>/<int:pk>/ta-bort/",
        views.plan_line_delete,
        name="itplan_line_delete",
    ),
    path("it-planer/<int:pk>/behandlad/", views.plan_treat, name="itplan_treat"),
    path("it-planer/<int:pk>/<slug:action>/", views.plan_action, name="itplan_action"),
    path(
        "it-planer/sammanstallning/<int:pk>/",
        views.consolidation,
        name="itplan_consolidation",
    ),
    path(
        "it-planer/sammanstallning/<int:pk>/prioritering/",
        views.send_to_prioritisation,
        name="itplan_send_to_prioritisation",
    ),
]
