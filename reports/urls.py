from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.ArchiveView.as_view(), name="archive"),
    path("bestall/", views.OrderView.as_view(), name="order"),
    path("<int:pk>/", views.JobDetailView.as_view(), name="job_detail"),
    path("<int:pk>/status/", views.job_status, name="job_status"),
    path("<int:pk>/ladda-ner/", views.download, name="download"),
    path("<int:pk>/xlsx/", views.download_xlsx, name="download_xlsx"),
    path("<int:pk>/fil/<slug:kind>/", views.download_file, name="download_file"),
    path("<int:pk>/forsok-igen/", views.retry, name="retry"),
    path("<int:pk>/faststall/", views.adopt, name="adopt"),
    path("it-plan/<int:pk>/", views.order_it_plan, name="order_it_plan"),
    path("it-planer/<int:pk>/", views.order_it_plans, name="order_it_plans"),
]
