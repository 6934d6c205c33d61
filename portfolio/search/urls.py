from django.urls import path

from portfolio.search import views

urlpatterns = [
    path("sok/", views.search, name="search"),
]
