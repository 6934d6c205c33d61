"""Fault tests (CI, marked redis): the broker is down when work is asked for.

Each test starts a Redis server of its own on a free port, so stopping it
disturbs nothing else; the "web" side runs in a process of its own so that it
has its own broker connection.
"""

import pytest

from portfolio.outbox.models import OutboxMessage, OutboxState
from tests.worker import celery_worker, free_port, redis_server, run_django, wait_for

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

ENQUEUE = """
from django.db import transaction
from portfolio.outbox import services as outbox
from portfolio.tasks import purge_login_events
with transaction.atomic():
    message = outbox.enqueue(purge_login_events, 30, label="Rensa inloggningar")
print(message.pk)
"""

SWEEP = """
import datetime
from django.utils import timezone
from portfolio.outbox import services as outbox
print(outbox.sweep(now=timezone.now() + datetime.timedelta(hours=1)))
"""


def test_work_asked_for_while_the_broker_is_down_runs_once_when_it_returns():
    port = free_port()
    broker = f"redis://127.0.0.1:{port}/0"
    pk = int(run_django(ENQUEUE, CELERY_BROKER_URL=broker).strip())  # no exception
    message = OutboxMessage.objects.get(pk=pk)
    assert message.state == OutboxState.WAITING
    assert "Kön kunde inte nås" in message.error
    with redis_server(port), celery_worker(CELERY_BROKER_URL=broker):
        assert str(pk) in run_django(SWEEP, CELERY_BROKER_URL=broker)
        assert wait_for(
            lambda: OutboxMessage.objects.get(pk=pk).state == OutboxState.DONE, timeout=60
        )
        # A second sweep finds nothing: the work ran exactly once.
        assert run_django(SWEEP, CELERY_BROKER_URL=broker).strip() == "[]"
    message.refresh_from_db()
    assert message.attempts == 1


ORDER_IN_THE_BROWSER = """
from django.test import Client
from django.contrib.auth import get_user_model
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(get_user_model().objects.get(pk={user}))
data = {{"kind": "it_bokslut", "scope": "k{kommun}", "year": 2026}}
response = client.post("/rapporter/bestall/", data)
print(response.status_code)
if response.status_code != 302:
    print(response.context["form"].errors.as_text())
"""


def _report_world():
    from portfolio.choices import Role
    from tests.factories import KommunFactory, report_dataset, user_with_role

    kommun = KommunFactory(name="Sotenäs")
    report_dataset(kommun, 2026)
    return kommun, user_with_role(Role.IT_STRATEG, kommun=kommun)


def test_report_ordered_while_the_broker_is_down_is_made_when_it_returns():
    from portfolio.jobs import JobStatus
    from reports.models import ReportJob

    kommun, strateg = _report_world()
    port = free_port()
    broker = f"redis://127.0.0.1:{port}/0"
    code = ORDER_IN_THE_BROWSER.format(user=strateg.pk, kommun=kommun.pk)
    out = run_django(code, CELERY_BROKER_URL=broker)
    assert out.strip() == "302", out  # never a 500
    job = ReportJob.objects.get(kommun=kommun)
    assert job.status == JobStatus.QUEUED
    with redis_server(port), celery_worker(CELERY_BROKER_URL=broker):
        run_django(SWEEP, CELERY_BROKER_URL=broker)
        assert wait_for(
            lambda: ReportJob.objects.get(pk=job.pk).status == JobStatus.DONE, timeout=120
        )
    job.refresh_from_db()
    assert job.attempts == 1 and job.files.filter(kind="pdf").count() == 1


def test_worker_killed_during_a_report_ends_done_exactly_once():
    import signal

    from portfolio.jobs import JobStatus
    from reports.models import ReportJob

    kommun, strateg = _report_world()
    port = free_port()
    short = {
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{port}/0",
        "CELERY_TASK_TIME_LIMIT": "20",
        "CELERY_TASK_SOFT_TIME_LIMIT": "15",
        "OUTBOX_LEASE_MARGIN_SECONDS": "1",
    }
    code = ORDER_IN_THE_BROWSER.format(user=strateg.pk, kommun=kommun.pk)
    with redis_server(port):
        with celery_worker(**short) as first:
            out = run_django(code, **short)
            assert out.strip() == "302", out
            job = ReportJob.objects.get(kommun=kommun)
            assert wait_for(
                lambda: ReportJob.objects.get(pk=job.pk).status == JobStatus.RUNNING, timeout=60
            )
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
        assert ReportJob.objects.get(pk=job.pk).status == JobStatus.RUNNING
        with celery_worker(**short):
            # After the hard limit plus margin the sweeper takes the job to be orphaned.
            wait_for(lambda: False, timeout=22)
            run_django(
                SWEEP.replace("timezone.now() + datetime.timedelta(hours=1)", "None"), **short
            )
            assert wait_for(
                lambda: ReportJob.objects.get(pk=job.pk).status == JobStatus.DONE, timeout=120
            )
    job.refresh_from_db()
    assert job.attempts == 2
    assert job.files.filter(kind="pdf").count() == 1


PUBLISH_IN_THE_BROWSER = """
from django.test import Client
from django.contrib.auth import get_user_model
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(get_user_model().objects.get(pk={user}))
response = client.post("/styrning/mote/{meeting}/publicera/")
print(response.status_code)
"""


def test_agenda_published_while_the_broker_is_down_mails_each_member_once_later():
    import datetime

    from django.urls import reverse
    from django.utils import timezone

    from governance.models import AgendaItem, Meeting, Notification
    from tests.factories import governance_world

    w = governance_world()
    meeting = Meeting.objects.create(
        council=w.styrgrupp,
        starts_at=timezone.now() + datetime.timedelta(days=7),
        place="Stadshuset",
        secretary=w.strateg,
    )
    AgendaItem.objects.create(meeting=meeting, kind="information", title="Lägesrapport")
    assert reverse("governance:meeting_publish", args=[meeting.pk]) == (
        f"/styrning/mote/{meeting.pk}/publicera/"
    )
    port = free_port()
    broker = f"redis://127.0.0.1:{port}/0"
    code = PUBLISH_IN_THE_BROWSER.format(user=w.strateg.pk, meeting=meeting.pk)
    assert run_django(code, CELERY_BROKER_URL=broker).strip() == "302"  # never a 500
    meeting.refresh_from_db()
    assert meeting.agenda_published_at is not None
    assert not Notification.objects.exists()  # nothing sent while the broker is away
    with redis_server(port), celery_worker(CELERY_BROKER_URL=broker):
        run_django(SWEEP, CELERY_BROKER_URL=broker)
        assert wait_for(lambda: Notification.objects.count() == 3, timeout=60)
        run_django(SWEEP, CELERY_BROKER_URL=broker)  # again: nothing more to send
    assert sorted(Notification.objects.values_list("recipient", flat=True)) == sorted(
        u.email for u in (w.kd, w.strateg, w.ledamot)
    )
