"""The one lifecycle of every background job: report PDFs, imports and minutes PDFs.

Every job model extends ``BackgroundJob`` (``portfolio.imports.ImportJob``,
``reports.ReportJob``, ``governance.MinutesJob``): the same fields, statuses and
Swedish labels, claimed by ``claim_job`` (never taking over a job another worker
runs), failed by ``fail_job`` and queued again by ``BackgroundJob.requeue`` (the
"Försök igen" of every kind). Dispatch goes through the outbox
(``portfolio.outbox``), which also recovers work whose worker or broker died. The
page shows every job through ``templates/portal/_job_progress.html`` and the
``job_poll`` tag.

Glossary (code -> Swedish term): JobStatus.QUEUED -> köad, RUNNING -> pågår,
DONE -> klar, FAILED -> misslyckad. Code names and stored values are English,
labels are Swedish.
"""

import dataclasses
import datetime
import logging

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Köad")
    RUNNING = "running", _("Pågår")
    DONE = "done", _("Klar")
    FAILED = "failed", _("Misslyckad")


#: statuses of a job that is still being worked on (the page keeps polling)
ACTIVE_JOB_STATUSES = frozenset({JobStatus.QUEUED, JobStatus.RUNNING})

#: statuses of a job that the worker will not touch again
FINISHED_JOB_STATUSES = frozenset({JobStatus.DONE, JobStatus.FAILED})


class BackgroundJob(models.Model):
    """The fields and states every background job shares (abstract)."""

    status = models.CharField(
        _("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    started_at = models.DateTimeField(_("startad"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("försök"), default=0)
    error = models.TextField(_("felmeddelande"), blank=True)

    class Meta:
        abstract = True

    @property
    def is_running(self) -> bool:
        """Köad or pågår: the page keeps polling."""
        return self.status in ACTIVE_JOB_STATUSES

    @property
    def is_done(self) -> bool:
        return self.status == JobStatus.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == JobStatus.FAILED

    def requeue(self) -> None:
        """Köad again with a clean slate ("Försök igen"); the caller saves and dispatches."""
        self.status = JobStatus.QUEUED
        self.error = ""
        self.attempts = 0
        self.started_at = None
        self.finished_at = None


def held_by_a_worker(status: str, started_at, time_limit: int, *, now=None) -> bool:
    """A job another worker is running: pågår, started within its hard limit + margin.

    A claim must leave such a job alone (the broker may deliver a message twice);
    after the lease the worker is taken to be dead and the job may be run again.
    """
    if status != JobStatus.RUNNING or started_at is None:
        return False
    return started_at > (now or timezone.now()) - _lease(time_limit)


def _lease(time_limit: int) -> datetime.timedelta:
    return datetime.timedelta(seconds=time_limit + settings.OUTBOX_LEASE_MARGIN_SECONDS)


def claim_job(
    model, job_id: int, *, time_limit: int, max_attempts: int | None = None, gave_up: str = ""
):
    """Take a job for this worker, or None when there is nothing to do.

    Nothing to do: the job is gone, klar or misslyckad (tasks are idempotent).
    Another worker holds it (``held_by_a_worker``): ``RetryLater`` with the
    rest of that worker's lease, so the outbox keeps the work. A job whose worker died
    ``max_attempts`` times is failed with ``gave_up`` instead of run again, so a
    document that kills its worker cannot loop for ever.
    """
    with transaction.atomic():
        job = model.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status in FINISHED_JOB_STATUSES:
            return None
        if held_by_a_worker(job.status, job.started_at, time_limit):
            from portfolio.outbox.services import RetryLater

            # Not ours to run, not finished either: the outbox looks again after the lease.
            ends = job.started_at + _lease(time_limit)
            raise RetryLater(max(int((ends - timezone.now()).total_seconds()) + 1, 1))
        if job.status == JobStatus.RUNNING and max_attempts and job.attempts >= max_attempts:
            fail_job(job, gave_up)
            return None
        job.status = JobStatus.RUNNING
        job.started_at = timezone.now()
        job.attempts += 1
        job.error = ""
        job.save(update_fields=["status", "started_at", "attempts", "error"])
        return job


def fail_job(job, message: str) -> None:
    """Misslyckad, with a plain-Swedish message the user sees beside "Försök igen"."""
    job.status = JobStatus.FAILED
    job.finished_at = timezone.now()
    job.error = message
    type(job).objects.filter(pk=job.pk).update(
        status=job.status, finished_at=job.finished_at, error=message
    )


@dataclasses.dataclass(frozen=True)
class JobMessages:
    """A job kind's Swedish messages for the user, shown beside "Försök igen"."""

    failed: str  # an unexpected error
    transient: str  # a database or file error that outlasted the outbox's retries
    timeout: str  # the soft time limit


def run_job(job, work, *, messages: JobMessages, requeue_fields: dict | None = None) -> None:
    """Run ``work(job)`` for a claimed job, the same way for every kind.

    A transient error (database or file) puts the job back to köad and is re-raised
    so the outbox retries it with backoff; on the outbox's last attempt the job is
    misslyckad instead. A time-out or any other error fails the job with the kind's
    message. ``work`` marks the job klar itself, in the transaction that stores its
    result.
    """
    from celery.exceptions import SoftTimeLimitExceeded

    from portfolio.outbox.services import TRANSIENT_ERRORS, last_attempt

    model = type(job)
    try:
        work(job)
    except SoftTimeLimitExceeded:
        fail_job(job, messages.timeout)
    except TRANSIENT_ERRORS:
        logger.warning("%s %s: transient error", model.__name__, job.pk, exc_info=True)
        if not last_attempt():
            model.objects.filter(pk=job.pk).update(
                status=JobStatus.QUEUED, **(requeue_fields or {})
            )
            raise
        fail_job(job, messages.transient)
    except Exception:
        logger.exception("%s %s failed", model.__name__, job.pk)
        fail_job(job, messages.failed)
