"""The one lifecycle of every background job: report PDFs, imports and minutes PDFs.

Glossary (code -> Swedish term): JobStatus.QUEUED -> köad, RUNNING -> pågår,
DONE -> klar, FAILED -> misslyckad. Code names and stored values are English,
labels are Swedish. Used by ``reports.ReportJob.status``,
``portfolio.imports.ImportJob.status`` and ``governance.Meeting.minutes_status``.
"""

import datetime

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Köad")
    RUNNING = "running", _("Pågår")
    DONE = "done", _("Klar")
    FAILED = "failed", _("Misslyckad")


#: statuses of a job that is still being worked on (the page keeps polling)
ACTIVE_JOB_STATUSES = frozenset({JobStatus.QUEUED, JobStatus.RUNNING})

#: statuses of a job that the worker will not touch again
FINISHED_JOB_STATUSES = frozenset({JobStatus.DONE, JobStatus.FAILED})


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
