from django.urls import path

from portfolio.imports import views

urlpatterns = [
    path("", views.import_start, name="import_start"),
    path("mall/", views.import_template, name="import_template"),
    path("<int:pk>/", views.import_job, name="import_job"),
    path("<int:pk>/status/", views.import_job_status, name="import_job_status"),
    path("<int:pk>/bekrafta/", views.import_confirm, name="import_confirm"),
    path("<int:pk>/forsok-igen/", views.import_retry, name="import_retry"),
]
