"""Language polish (issue 17): Ny/Nytt/Nya agree with the noun; messages say what happened."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from governance.meetings import services as meeting_services
from governance.models import Meeting, MinutesJob
from portfolio.generic import new_title
from portfolio.jobs import JobStatus
from tests.test_governance import signed_meeting


@pytest.mark.parametrize(
    ("model", "title"),
    [
        ("portfolio.System", "Nytt system"),
        ("portfolio.Contract", "Nytt avtal"),
        ("portfolio.Supplier", "Ny leverantör"),
        ("portfolio.StrategicGoal", "Nytt strategiskt mål"),
        ("portfolio.InitiativeSystem", "Nytt påverkat system"),
        ("portfolio.GateConfirmation", "Nytt bekräftat ska-krav"),
        ("portfolio.DemoAccount", "Nytt demokonto"),
        ("portfolio.OutboxMessage", "Nytt bakgrundsuppdrag"),
        ("portfolio.KommunYearFigures", "Nya invånare och anställda"),
        ("governance.Case", "Nytt ärende"),
        ("governance.Meeting", "Nytt sammanträde"),
        ("governance.Council", "Nytt råd eller grupp"),
        ("governance.Recusal", "Nytt jäv"),
        ("governance.Answer", "Nytt svar"),
        ("governance.Option", "Nytt svarsalternativ"),
        ("governance.Notification", "Nytt utskick"),
        ("governance.CouncilMember", "Ny ledamot"),
        ("governance.ITPlan", "Ny IT-plan"),
        ("reports.ReportJob", "Ny rapport"),
    ],
)
def test_new_headings_agree_with_the_noun(model, title):
    from django.apps import apps

    assert new_title(apps.get_model(model)) == title


pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    from tests.factories import governance_world

    return governance_world()


def test_minutes_messages_say_what_is_happening(w, django_capture_on_commit_callbacks):
    m, _d = signed_meeting(w, django_capture_on_commit_callbacks)
    assert m.minutes_status == JobStatus.QUEUED
    with pytest.raises(ValidationError, match="Protokollet skapas redan"):
        meeting_services.retry_minutes(actor=w.ledamot, meeting=m)
    MinutesJob.objects.filter(meeting=m).update(status=JobStatus.DONE)
    m = Meeting.objects.get(pk=m.pk)
    with pytest.raises(ValidationError, match="Protokollet finns redan"):
        meeting_services.retry_minutes(actor=w.ledamot, meeting=m)


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (None, "Protokollet skapas."),  # never requested: the first time
        (JobStatus.FAILED, "Protokollet skapas igen."),
        (JobStatus.QUEUED, "Protokollet skapas redan. Sidan uppdateras när det är klart."),
        (JobStatus.DONE, "Protokollet finns redan."),
    ],
)
def test_the_minutes_button_says_skapas_only_the_first_time(
    client, w, django_capture_on_commit_callbacks, status, message
):
    m, _d = signed_meeting(w, django_capture_on_commit_callbacks)
    jobs = MinutesJob.objects.filter(meeting=m)
    if status is None:
        jobs.delete()
    else:
        jobs.update(status=status)
    client.force_login(w.ledamot)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("governance:minutes_retry", args=[m.pk]))
    assert response.status_code == 302
    assert [str(msg) for msg in get_messages(response.wsgi_request)] == [message]
