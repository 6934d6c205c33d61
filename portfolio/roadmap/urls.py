from django.urls import path

from portfolio.roadmap import views

urlpatterns = [
    path("fardplan/", views.RoadmapView.as_view(), name="roadmap"),
]
