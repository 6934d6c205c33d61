"""The transactional outbox: enqueue, dispatch, deliver, sweep and re-send.

Every piece of background work goes through ``enqueue(task, *args)``, called in
the transaction that records the state change. The row is the promise; the
broker message is only a wake-up call:

- ``enqueue`` writes an ``OutboxMessage`` and, on commit, ``dispatch``es it.
  If the broker is down, dispatch logs and returns: the user's request still
  succeeds and the work waits.
- ``deliver`` (the one Celery task, ``portfolio.tasks.deliver``) claims the row
  with a lease, runs the task's function and marks it done. A second delivery
  of the same row while the lease holds does nothing, so re-sending is always
  safe and no work runs twice at once.
- Transient errors (database gone, connection closed, file system) close the
  stale connections and retry with exponential backoff up to
  ``OUTBOX_RETRY_BACKOFF_MAX`` seconds, ``OUTBOX_MAX_RETRIES`` times: that
  outlasts a database restart or failover. Other errors fail at once.
- ``sweep`` (beat, every minute) re-dispatches rows that were never sent, that
  have waited too long since the last send, or whose lease ran out because the
  worker died. An administrator can ``resend`` a failed row from the admin.

The tasks themselves stay idempotent: a job that is already klar is left alone.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import logging

from django.conf import settings
from django.db import (
    InterfaceError,
    OperationalError,
    close_old_connections,
    connection,
    transaction,
)
from django.db.models import F, Q
from django.utils import timezone

from portfolio.outbox.models import OutboxMessage, OutboxState

logger = logging.getLogger(__name__)

#: errors that a retry can cure: the database restarted, a file share hiccuped
TRANSIENT_ERRORS = (OperationalError, InterfaceError, OSError)

_last_attempt = contextvars.ContextVar("outbox_last_attempt", default=True)


def last_attempt() -> bool:
    """True when the running delivery will not be retried (or runs outside the outbox)."""
    return _last_attempt.get()


def _task_name(task) -> str:
    return task if isinstance(task, str) else task.name


def _celery():
    from config.celery import app

    return app


def enqueue(task, *args, label: str = "") -> OutboxMessage:
    """Promise to run ``task(*args)`` once the current transaction commits."""
    with transaction.atomic():
        message = OutboxMessage.objects.create(
            task=_task_name(task), args=list(args), label=label[:200]
        )
        pk = message.pk
        transaction.on_commit(lambda: dispatch(pk))
    return message


def _task(name: str):
    """The registered Celery task ``name``, importing the apps' task modules if needed."""
    app = _celery()
    if name not in app.tasks:
        app.loader.import_default_modules()
    return app.tasks.get(name)


def lease(task_name: str) -> datetime.timedelta:
    """How long a claimed row belongs to its worker: the task's hard limit plus a margin."""
    task = _task(task_name)
    limit = getattr(task, "time_limit", None) or settings.CELERY_TASK_TIME_LIMIT
    return datetime.timedelta(seconds=limit + settings.OUTBOX_LEASE_MARGIN_SECONDS)


def _options(task_name: str) -> dict:
    """Queue and time limits of the target task, applied to its delivery."""
    task = _task(task_name)
    options = {}
    route = (settings.CELERY_TASK_ROUTES or {}).get(task_name)
    if route:
        options.update(route)
    if task is not None and task.time_limit:
        options["time_limit"] = task.time_limit
        options["soft_time_limit"] = task.soft_time_limit
    return options


def dispatch(pk: int, *, countdown: int | None = None) -> bool:
    """Hand one row to the broker. Never raises for a broker that is down."""
    from portfolio.tasks import deliver

    message = OutboxMessage.objects.filter(pk=pk).only("task").first()
    if message is None:
        return False
    OutboxMessage.objects.filter(pk=pk).update(
        dispatched_at=timezone.now(), dispatch_count=F("dispatch_count") + 1
    )
    options = _options(message.task)
    if countdown:
        options["countdown"] = countdown
    if settings.CELERY_TASK_ALWAYS_EAGER:
        # The embedded default: run now, in this process, as the last attempt (no
        # retry loop in a web request); errors are recorded on the row and the job,
        # never raised into the request whose change is already committed.
        try:
            deliver_message(pk, retries=settings.OUTBOX_MAX_RETRIES)
        except Exception as exc:
            logger.exception("Outbox message %s failed in-process", pk)
            OutboxMessage.objects.filter(pk=pk).update(
                state=OutboxState.FAILED, finished_at=timezone.now(), error=_describe(exc)[:2000]
            )
        return True
    try:
        deliver.apply_async(args=[pk], **options)
    except Exception as exc:  # the broker is down or refuses: the sweeper sends it later
        logger.warning("Outbox message %s not dispatched: %s", pk, exc)
        OutboxMessage.objects.filter(pk=pk).update(
            error=f"Kön kunde inte nås ({exc.__class__.__name__}); uppdraget skickas igen."
        )
        return False
    return True


def _claim(pk: int, now) -> OutboxMessage | None:
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=pk).first()
        if message is None or message.state in (OutboxState.DONE, OutboxState.FAILED):
            return None
        if message.state == OutboxState.RUNNING and message.started_at > now - lease(message.task):
            return None  # another worker runs it; the sweeper looks again when the lease ends
        message.state = OutboxState.RUNNING
        message.started_at = now
        message.attempts += 1
        message.save(update_fields=["state", "started_at", "attempts"])
        return message


def _finish(message: OutboxMessage, state: str, error: str = "") -> None:
    OutboxMessage.objects.filter(pk=message.pk).update(
        state=state, finished_at=timezone.now(), error=error[:2000]
    )


def backoff(retries: int) -> int:
    """Seconds before retry number ``retries + 1``: 5, 10, 20, ... up to the cap."""
    return min(settings.OUTBOX_RETRY_BACKOFF * 2**retries, settings.OUTBOX_RETRY_BACKOFF_MAX)


class RetryLater(Exception):
    """Raised by ``deliver_message`` when the delivery should be retried after ``countdown``."""

    def __init__(self, countdown: int):
        super().__init__(countdown)
        self.countdown = countdown


def deliver_message(pk: int, *, retries: int = 0) -> str:
    """What the Celery task does: claim, run, record. Returns the row's new state."""
    if not connection.in_atomic_block:
        close_old_connections()  # a stale connection from before a database restart
    message = _claim(pk, timezone.now())
    if message is None:
        return "skipped"
    task = _task(message.task)
    if task is None:
        _finish(message, OutboxState.FAILED, f"Okänd uppgift: {message.task}")
        return OutboxState.FAILED
    final = retries >= settings.OUTBOX_MAX_RETRIES
    token = _last_attempt.set(final)
    try:
        task.run(*message.args)
    except RetryLater as busy:
        # The job's own claim found another worker on it: look again when its lease ends.
        if final:
            _finish(message, OutboxState.FAILED, "Jobbet hölls av en annan arbetare.")
            return OutboxState.FAILED
        _safe_release(message, "", countdown=busy.countdown)
        raise
    except TRANSIENT_ERRORS as exc:
        logger.warning("Outbox message %s: transient error", pk, exc_info=True)
        _close_connections()
        if final:
            _safe_finish(message, OutboxState.FAILED, _describe(exc))
            return OutboxState.FAILED
        countdown = backoff(retries)
        _safe_release(message, _describe(exc), countdown=countdown)
        raise RetryLater(countdown) from exc
    except Exception as exc:
        logger.exception("Outbox message %s failed", pk)
        _finish(message, OutboxState.FAILED, _describe(exc))
        return OutboxState.FAILED
    finally:
        _last_attempt.reset(token)
    _finish(message, OutboxState.DONE)
    return OutboxState.DONE


def _describe(exc: Exception) -> str:
    return f"{exc.__class__.__name__}: {exc}"


def _close_connections() -> None:
    """Drop connections a database restart left behind, so the retry opens new ones.

    A connection inside a transaction belongs to the caller (a test, or a
    web request in the embedded default) and is left alone.
    """
    from django.db import connections

    for conn in connections.all(initialized_only=True):
        if conn.in_atomic_block:
            continue
        with contextlib.suppress(Exception):  # already gone
            conn.close()


def _safe_release(message: OutboxMessage, error: str, *, countdown: int) -> None:
    """Back to waiting for the retry; if the database is still away, the lease expires.

    ``dispatched_at`` is set to when the retry is due, so the sweeper does not
    start a second chain of retries while this one waits out its backoff.
    """
    due_at = timezone.now() + datetime.timedelta(seconds=countdown)
    try:
        OutboxMessage.objects.filter(pk=message.pk).update(
            state=OutboxState.WAITING, started_at=None, error=error[:2000], dispatched_at=due_at
        )
    except TRANSIENT_ERRORS:
        _close_connections()


def _safe_finish(message: OutboxMessage, state: str, error: str) -> None:
    try:
        _finish(message, state, error)
    except TRANSIENT_ERRORS:
        _close_connections()


def due(now=None):
    """Rows the sweeper should send again."""
    now = now or timezone.now()
    resend_before = now - datetime.timedelta(seconds=settings.OUTBOX_REDISPATCH_SECONDS)
    waiting = Q(state=OutboxState.WAITING) & (
        Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=resend_before)
    )
    rows = OutboxMessage.objects.filter(waiting | Q(state=OutboxState.RUNNING))
    for message in rows.only("pk", "task", "state", "started_at", "dispatched_at"):
        if message.state == OutboxState.RUNNING and message.started_at > now - lease(message.task):
            continue
        yield message


def sweep(now=None) -> list[int]:
    """Beat: re-dispatch what was never sent, waited too long, or lost its worker."""
    sent = []
    for message in list(due(now)):
        if message.state == OutboxState.RUNNING:
            OutboxMessage.objects.filter(pk=message.pk, state=OutboxState.RUNNING).update(
                state=OutboxState.WAITING, started_at=None
            )
        if dispatch(message.pk):
            sent.append(message.pk)
    return sent


def resend(message: OutboxMessage) -> bool:
    """An administrator sends a failed or stuck row again (admin action).

    A row that is done, or running within its lease, is left alone (False).
    """
    message.refresh_from_db()
    if message.state == OutboxState.DONE:
        return False
    if message.state == OutboxState.RUNNING and message.started_at > timezone.now() - lease(
        message.task
    ):
        return False
    OutboxMessage.objects.filter(pk=message.pk).exclude(state=OutboxState.DONE).update(
        state=OutboxState.WAITING, started_at=None, finished_at=None, attempts=0, error=""
    )
    return dispatch(message.pk)
