from django.urls import path

from governance import views

app_name = "governance"

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
    path("rad/<int:council_pk>/mote/nytt/", views.MeetingEditView.as_view(), name="meeting_add"),
    path("arshjul/", views.YearWheelView.as_view(), name="arshjul"),
    path("arshjul/ny/", views.MilestoneEditView.as_view(), name="milestone_add"),
    path("arshjul/<int:pk>/andra/", views.MilestoneEditView.as_view(), name="milestone_edit"),
    path("mote/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("mote/<int:pk>/andra/", views.MeetingEditView.as_view(), name="meeting_edit"),
    path("mote/<int:meeting_pk>/punkt/ny/", views.agenda_item_add, name="agenda_item_add"),
    path("punkt/<int:pk>/ta-bort/", views.agenda_item_delete, name="agenda_item_delete"),
    path("punkt/<int:item_pk>/beslut/", views.decision_add, name="decision_add"),
    path("mote/<int:pk>/publicera/", views.meeting_publish, name="meeting_publish"),
    path("mote/<int:pk>/narvaro/", views.meeting_attendance, name="meeting_attendance"),
    path("mote/<int:pk>/justera/", views.meeting_sign, name="meeting_sign"),
    path("mote/<int:pk>/protokoll/status/", views.minutes_status, name="minutes_status"),
    path("mote/<int:pk>/protokoll/", views.minutes_download, name="minutes_download"),
    path("mote/<int:pk>/protokoll/forsok-igen/", views.minutes_retry, name="minutes_retry"),
    path("arenden/", views.CaseListView.as_view(), name="case_list"),
    path("arenden/nytt/", views.CaseEditView.as_view(), name="case_add"),
    path("arenden/<int:pk>/", views.CaseDetailView.as_view(), name="case_detail"),
    path("arenden/<int:pk>/andra/", views.CaseEditView.as_view(), name="case_edit"),
    path("arenden/<int:pk>/<slug:action>/", views.case_action, name="case_action"),
    path("beslut/", views.DecisionListView.as_view(), name="decision_list"),
    path("beslut/<int:pk>/", views.DecisionDetailView.as_view(), name="decision_detail"),
    path("kommun/<int:pk>/offentliga-beslut/", views.public_toggle, name="public_toggle"),
]

public_urlpatterns = [
    path("<str:kommunkod>/beslut/", views.public_decisions, name="public_decisions"),
]
