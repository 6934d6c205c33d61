from django.urls import path

from portfolio.attestation import views

urlpatterns = [
    path("bekraftelse/", views.attestation_home, name="attestation_home"),
    path("bekraftelse/ny/", views.campaign_add, name="attestation_campaign_add"),
    path("bekraftelse/<int:pk>/", views.campaign_detail, name="attestation_campaign"),
    path("bekraftelse/<int:pk>/stang/", views.campaign_close, name="attestation_campaign_close"),
    path(
        "bekraftelse/system/<int:pk>/bekrafta/",
        views.attestation_confirm,
        name="attestation_confirm",
    ),
    path(
        "bekraftelse/system/<int:pk>/ratta/", views.attestation_correct, name="attestation_correct"
    ),
]
