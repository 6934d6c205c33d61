from django.urls import path

from governance.documents import views

urlpatterns = [
    path("styrdokument/", views.DocumentListView.as_view(), name="document_list"),
    path("styrdokument/nytt/", views.DocumentEditView.as_view(), name="document_add"),
    path("styrdokument/<int:pk>/", views.DocumentDetailView.as_view(), name="document_detail"),
    path("styrdokument/<int:pk>/andra/", views.DocumentEditView.as_view(), name="document_edit"),
    path("styrdokument/<int:pk>/ny-version/", views.document_version, name="document_version"),
    path("styrdokument/<int:pk>/fil/", views.document_download, name="document_download"),
]
