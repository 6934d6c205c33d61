from django.urls import path

from governance.cases import views

urlpatterns = [
    path("arenden/", views.CaseListView.as_view(), name="case_list"),
    path("arenden/nytt/", views.CaseEditView.as_view(), name="case_add"),
    path("arenden/<int:pk>/", views.CaseDetailView.as_view(), name="case_detail"),
    path("arenden/<int:pk>/andra/", views.CaseEditView.as_view(), name="case_edit"),
    path("arenden/<int:pk>/<slug:action>/", views.case_action, name="case_action"),
]
