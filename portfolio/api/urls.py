from django.urls import path

from portfolio.api import views

urlpatterns = [
    path("konto/api-nycklar/", views.ApiTokenView.as_view(), name="api_tokens"),
    path("konto/api-nycklar/<int:pk>/aterkalla/", views.revoke_token, name="api_token_revoke"),
]
