from django.urls import path

from portfolio.notices import views

urlpatterns = [
    path("notiser/", views.NoticeListView.as_view(), name="notice_list"),
    path("notiser/installningar/", views.notice_settings, name="notice_settings"),
    path("notiser/las-alla/", views.notice_read_all, name="notice_read_all"),
    path("notiser/<int:pk>/", views.NoticeDetailView.as_view(), name="notice_detail"),
    path("notiser/<int:pk>/las/", views.notice_read, name="notice_read"),
]
