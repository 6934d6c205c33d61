from django.urls import path

from governance.councils import views

urlpatterns = [
    path("rad/", views.CouncilListView.as_view(), name="council_list"),
    path("rad/nytt/", views.CouncilEditView.as_view(), name="council_add"),
    path("rad/<int:pk>/", views.CouncilDetailView.as_view(), name="council_detail"),
    path("rad/<int:pk>/andra/", views.CouncilEditView.as_view(), name="council_edit"),
    path(
        "rad/<int:council_pk>/ledamot/ny/",
        views.CouncilMemberEditView.as_view(),
        name="member_add",
    ),
    path("ledamot/<int:pk>/andra/", views.CouncilMemberEditView.as_view(), name="member_edit"),
    path("rad/<int:council_pk>/planera/", views.meeting_series, name="meeting_series"),
    path("arshjul/", views.YearWheelView.as_view(), name="arshjul"),
    path("arshjul/ny/", views.MilestoneEditView.as_view(), name="milestone_add"),
    path("arshjul/<int:pk>/andra/", views.MilestoneEditView.as_view(), name="milestone_edit"),
]
