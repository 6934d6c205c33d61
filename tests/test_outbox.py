"""The transactional outbox: work survives a broker that is down, runs once, retries."""

import datetime
from unittest import mock

import pytest
from celery import shared_task
from django.db import OperationalError, transaction
from django.utils import timezone

from portfolio.outbox import services as outbox
from portfolio.outbox.models import OutboxMessage, OutboxState
from portfolio.tasks import deliver

pytestmark = pytest.mark.django_db

CALLS: list = []


@shared_task(name="tests.outbox_probe", time_limit=60)
def probe(value):
    CALLS.append(value)
    if value == "transient":
        raise OperationalError("server closed the connection unexpectedly")
    if value == "broken":
        raise ValueError("broken")


@pytest.fixture(autouse=True)
def _calls():
    CALLS.clear()
    yield
    CALLS.clear()


def test_enqueue_runs_on_commit_and_records_done(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            message = outbox.enqueue(probe, "ok", label="Prov")
            assert CALLS == []  # nothing runs before the commit
    message.refresh_from_db()
    assert CALLS == ["ok"]
    assert message.state == OutboxState.DONE
    assert message.attempts == 1 and message.dispatch_count == 1


def test_rolled_back_transaction_leaves_no_promise(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                outbox.enqueue(probe, "never")
                raise RuntimeError
    assert not OutboxMessage.objects.exists()
    assert CALLS == []


def test_broker_down_delays_but_never_loses_the_work(settings, django_capture_on_commit_callbacks):
    from kombu.exceptions import OperationalError as BrokerDown

    settings.CELERY_TASK_ALWAYS_EAGER = False
    with mock.patch.object(deliver, "apply_async", side_effect=BrokerDown("Connection refused")):
        with django_capture_on_commit_callbacks(execute=True):
            message = outbox.enqueue(probe, "later")
    message.refresh_from_db()
    assert message.state == OutboxState.WAITING
    assert "Kön kunde inte nås" in message.error
    assert CALLS == []
    # The broker is back: the sweeper sends what waited past the re-dispatch interval.
    later = timezone.now() + datetime.timedelta(seconds=settings.OUTBOX_REDISPATCH_SECONDS + 1)
    with mock.patch.object(deliver, "apply_async") as send:
        assert outbox.sweep(now=later) == [message.pk]
    send.assert_called_once()
    assert send.call_args.kwargs["args"] == [message.pk]
    outbox.deliver_message(message.pk)
    message.refresh_from_db()
    assert message.state == OutboxState.DONE and CALLS == ["later"]


def test_a_running_row_is_not_taken_over_until_its_lease_ends(settings):
    message = OutboxMessage.objects.create(
        task="tests.outbox_probe",
        args=["x"],
        state=OutboxState.RUNNING,
        started_at=timezone.now(),
    )
    assert outbox.deliver_message(message.pk) == "skipped"
    assert CALLS == []
    assert list(outbox.due()) == []
    # The worker died: after the hard limit plus margin the row is delivered again.
    OutboxMessage.objects.filter(pk=message.pk).update(
        started_at=timezone.now() - datetime.timedelta(seconds=60 + 61)
    )
    assert [m.pk for m in outbox.due()] == [message.pk]
    assert outbox.deliver_message(message.pk) == OutboxState.DONE
    assert CALLS == ["x"]


def test_done_row_runs_once_even_if_delivered_twice():
    message = OutboxMessage.objects.create(task="tests.outbox_probe", args=["once"])
    assert outbox.deliver_message(message.pk) == OutboxState.DONE
    assert outbox.deliver_message(message.pk) == "skipped"
    assert CALLS == ["once"]


def test_transient_error_retries_with_exponential_backoff(settings):
    message = OutboxMessage.objects.create(task="tests.outbox_probe", args=["transient"])
    with pytest.raises(outbox.RetryLater) as first:
        outbox.deliver_message(message.pk, retries=0)
    assert first.value.countdown == settings.OUTBOX_RETRY_BACKOFF
    message.refresh_from_db()
    assert message.state == OutboxState.WAITING and "OperationalError" in message.error
    with pytest.raises(outbox.RetryLater) as later:
        outbox.deliver_message(message.pk, retries=10)
    assert later.value.countdown == settings.OUTBOX_RETRY_BACKOFF_MAX
    # The schedule outlasts a database restart: several minutes in all.
    total = sum(outbox.backoff(n) for n in range(settings.OUTBOX_MAX_RETRIES))
    assert total >= 20 * 60
    assert outbox.deliver_message(message.pk, retries=settings.OUTBOX_MAX_RETRIES) == "failed"
    message.refresh_from_db()
    assert message.state == OutboxState.FAILED


def test_other_errors_fail_at_once_and_can_be_resent():
    message = OutboxMessage.objects.create(task="tests.outbox_probe", args=["broken"])
    assert outbox.deliver_message(message.pk) == OutboxState.FAILED
    message.refresh_from_db()
    assert "ValueError" in message.error
    assert list(outbox.due()) == []  # the sweeper leaves failed rows to a person
    OutboxMessage.objects.filter(pk=message.pk).update(args=["fixed"])
    assert outbox.resend(message)  # eager: runs at once
    message.refresh_from_db()
    assert message.state == OutboxState.DONE
    assert CALLS == ["broken", "fixed"]


def test_admin_can_resend_from_the_portal(admin_client):
    message = OutboxMessage.objects.create(
        task="tests.outbox_probe", args=["admin"], state=OutboxState.FAILED, error="x"
    )
    response = admin_client.post(
        "/admin/portfolio/outboxmessage/",
        {"action": "resend", "_selected_action": [message.pk]},
        follow=True,
    )
    assert "1 uppdrag skickades igen" in response.content.decode()
    message.refresh_from_db()
    assert message.state == OutboxState.DONE and CALLS == ["admin"]


def test_delivery_uses_the_task_queue_and_time_limits(settings):
    options = outbox._options("reports.tasks.generate_report")
    assert options["queue"] == "pdf"
    assert options["time_limit"] == settings.CELERY_TASK_TIME_LIMIT
    assert outbox._options("tests.outbox_probe")["time_limit"] == 60


def _running_import():
    """An import job that a worker started just now."""
    from portfolio.jobs import JobStatus
    from portfolio.models import ImportJob
    from tests.factories import KommunFactory, UserFactory

    return ImportJob.objects.create(
        kind="system",
        kommun=KommunFactory(),
        created_by=UserFactory(),
        status=JobStatus.RUNNING,
        started_at=timezone.now(),
        attempts=1,
    )


def test_import_claim_never_takes_over_a_running_job(settings):
    from portfolio.imports import services as imports
    from portfolio.jobs import JobStatus
    from portfolio.models import ImportJob

    job = _running_import()
    with pytest.raises(outbox.RetryLater) as busy:
        imports._claim(job.pk)
    assert 0 < busy.value.countdown <= settings.IMPORT_TASK_TIME_LIMIT + 61
    job.refresh_from_db()
    assert job.attempts == 1 and job.status == JobStatus.RUNNING
    # Past the hard limit plus margin the worker is taken to be dead.
    lease = settings.IMPORT_TASK_TIME_LIMIT + settings.OUTBOX_LEASE_MARGIN_SECONDS
    ImportJob.objects.filter(pk=job.pk).update(
        started_at=timezone.now() - datetime.timedelta(seconds=lease + 1)
    )
    claimed = imports._claim(job.pk)
    assert claimed is not None and claimed.attempts == 2


def test_job_poll_attributes_only_while_running():
    from portfolio.templatetags.portal import job_poll

    assert job_poll(False, "/x/") == ""
    assert str(job_poll(True, '/x/?a=1&b="2"')) == (
        ' hx-get="/x/?a=1&amp;b=&quot;2&quot;" hx-trigger="every 2s" hx-swap="outerHTML"'
    )


def test_a_job_held_by_another_worker_keeps_its_outbox_row_waiting(settings):
    """The row is never marked done while the job it stands for is still pågår."""
    from portfolio.imports import services as imports  # noqa: F401  (registers the task)

    job = _running_import()
    message = OutboxMessage.objects.create(task="portfolio.tasks.run_import_job", args=[job.pk])
    with pytest.raises(outbox.RetryLater):
        outbox.deliver_message(message.pk, retries=0)
    message.refresh_from_db()
    assert message.state == OutboxState.WAITING
    assert message.dispatched_at > timezone.now()  # the sweeper waits for the retry
    assert list(outbox.due()) == []
    # The last attempt gives up on the row, with a message, rather than finishing it.
    assert outbox.deliver_message(message.pk, retries=settings.OUTBOX_MAX_RETRIES) == "failed"


def test_resend_leaves_a_running_row_alone():
    message = OutboxMessage.objects.create(
        task="tests.outbox_probe", args=["x"], state=OutboxState.RUNNING, started_at=timezone.now()
    )
    assert outbox.resend(message) is False
    assert CALLS == []


def test_in_process_dispatch_never_raises_into_the_request(settings, monkeypatch):
    message = OutboxMessage.objects.create(task="tests.outbox_probe", args=["x"])

    def broken(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(outbox, "deliver_message", broken)
    assert outbox.dispatch(message.pk) is True
    message.refresh_from_db()
    assert message.state == OutboxState.FAILED and "database is locked" in message.error
