from django.urls import path

from governance.meetings import views

urlpatterns = [
    path("rad/<int:council_pk>/mote/nytt/", views.MeetingEditView.as_view(), name="meeting_add"),
    path("mote/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("mote/<int:pk>/andra/", views.MeetingEditView.as_view(), name="meeting_edit"),
    path("mote/<int:meeting_pk>/punkt/ny/", views.agenda_item_add, name="agenda_item_add"),
    path("punkt/<int:pk>/ta-bort/", views.agenda_item_delete, name="agenda_item_delete"),
    path("punkt/<int:item_pk>/beslut/", views.decision_add, name="decision_add"),
    path("punkt/<int:item_pk>/jav/", views.recusal_add, name="recusal_add"),
    path("jav/<int:pk>/ta-bort/", views.recusal_delete, name="recusal_delete"),
    path("mote/<int:pk>/publicera/", views.meeting_publish, name="meeting_publish"),
    path("mote/<int:pk>/narvaro/", views.meeting_attendance, name="meeting_attendance"),
    path("mote/<int:pk>/justera/", views.meeting_sign, name="meeting_sign"),
    path("mote/<int:pk>/protokoll/status/", views.minutes_status, name="minutes_status"),
    path("mote/<int:pk>/protokoll/", views.minutes_download, name="minutes_download"),
    path("mote/<int:pk>/protokoll/forsok-igen/", views.minutes_retry, name="minutes_retry"),
    path("beslut/", views.DecisionListView.as_view(), name="decision_list"),
    path("beslut/<int:pk>/", views.DecisionDetailView.as_view(), name="decision_detail"),
    path("beslut/<int:pk>/omedelbar-justering/", views.decision_adjust, name="decision_adjust"),
    path("kommun/<int:pk>/offentliga-beslut/", views.public_toggle, name="public_toggle"),
]
