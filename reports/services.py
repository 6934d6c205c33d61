"""Report services: order, run, retry, adopt and recover report jobs.

The job row is the source of truth. ``build_report`` does the real work;
``run_report_job`` is what the Celery task calls: it claims the job, runs
it, and records a plain-Swedish error on failure.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import OperationalError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from portfolio import policy
from portfolio.jobs import FINISHED_JOB_STATUSES, JobStatus
from reports.choices import JobPhase, ReportKind
from reports.models import ReportJob

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
TRANSIENT_ERRORS = (OSError, OperationalError)
STUCK_MARGIN_SECONDS = 120


def _dispatch(job: ReportJob) -> None:
    from reports.tasks import generate_report

    transaction.on_commit(lambda: generate_report.delay(job.pk))


def order_report(*, actor, kind: str, year: int, kommun=None, samverkan=None) -> ReportJob:
    """Create a job (the next version for kind, scope and year) and queue it."""
    if (kommun is None) == (samverkan is None):
        raise ValidationError(_("Välj antingen en kommun eller en samverkansorganisation."))
    if kommun is not None:
        policy.require_add(actor, ReportJob, kommun_id=kommun.pk)
    else:
        policy.require_add(actor, ReportJob, samverkan_id=samverkan.pk)
    job = ReportJob(kind=kind, year=year, kommun=kommun, samverkan=samverkan, requested_by=actor)
    with transaction.atomic():
        same = ReportJob.objects.select_for_update().filter(
            kind=kind, year=year, kommun=kommun, samverkan=samverkan
        )
        job.version = (same.aggregate(v=Max("version"))["v"] or 0) + 1
        job._history_user = actor
        job.save()
        _dispatch(job)
    return job


def retry_report_job(*, actor, job: ReportJob) -> ReportJob:
    """Queue a failed job again ("Försök igen")."""
    policy.require(actor, policy.CHANGE, job)
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().get(pk=job.pk)
        if job.status != JobStatus.FAILED:
            raise ValidationError(_("Bara en misslyckad rapport kan försökas igen."))
        job.status = JobStatus.QUEUED
        job.phase = JobPhase.WAITING
        job.error = ""
        job.attempts = 0
        job._history_user = actor
        job.save()
        _dispatch(job)
    return job


def adopt_handlingsplan(*, actor, job: ReportJob) -> ReportJob:
    """Fastställ a finished handlingsplan: that version is frozen from now on."""
    policy.require(actor, policy.DECIDE, job)
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().get(pk=job.pk)
        if job.kind != ReportKind.HANDLINGSPLAN:
            raise ValidationError(_("Bara en handlingsplan kan fastställas."))
        if job.status != JobStatus.DONE:
            raise ValidationError(_("Handlingsplanen måste vara klar innan den fastställs."))
        if job.adopted:
            raise ValidationError(_("Handlingsplanen är redan fastställd."))
        job.adopted = True
        job.adopted_by = actor
        job.adopted_at = timezone.now()
        job._history_user = actor
        job.save()
    return job


def stuck_after() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + STUCK_MARGIN_SECONDS)


def requeue_stuck_jobs(*, now=None) -> list[int]:
    """Re-queue jobs left in pågår past the hard time limit (their worker died)."""
    now = now or timezone.now()
    requeued = []
    with transaction.atomic():
        stuck = ReportJob.objects.select_for_update().filter(
            status=JobStatus.RUNNING, started_at__lt=now - stuck_after()
        )
        for job in stuck:
            if job.attempts >= MAX_ATTEMPTS:
                job.status = JobStatus.FAILED
                job.finished_at = now
                job.error = _(
                    "Rapporten blev inte klar efter flera försök. Tryck på Försök igen, "
                    "eller kontakta portalens förvaltning om felet kvarstår."
                )
            else:
                job.status = JobStatus.QUEUED
                job.phase = JobPhase.WAITING
                _dispatch(job)
                requeued.append(job.pk)
            job.save()
    return requeued


def _set(job: ReportJob, **fields) -> None:
    """Write progress straight away so the status page sees it."""
    for name, value in fields.items():
        setattr(job, name, value)
    ReportJob.objects.filter(pk=job.pk).update(**fields)


def build_report(job: ReportJob) -> None:
    """Collect the data, render the PDF and save it on the job."""
    from portfolio.pdf import render_pdf
    from reports.collect import collect
    from reports.document import render_html

    if job.adopted:
        raise ValidationError("An adopted report is never regenerated.")
    _set(job, phase=JobPhase.COLLECTING)
    data = collect(job)
    html = render_html(job, data)
    _set(job, phase=JobPhase.RENDERING)
    rendered = render_pdf(html)
    _set(job, phase=JobPhase.SAVING)
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().get(pk=job.pk)
        if job.file:
            job.file.delete(save=False)
        job.file.save(job.filename(), ContentFile(rendered.data), save=False)
        job.page_count = rendered.page_count
        job.file_size = len(rendered.data)
        job.pdf_variant = rendered.variant
        job.status = JobStatus.DONE
        job.phase = JobPhase.DONE
        job.error = ""
        job.finished_at = timezone.now()
        job.save()


def _claim(job_id: int) -> ReportJob | None:
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status in FINISHED_JOB_STATUSES:
            return None  # done (idempotent) or failed for good
        job.status = JobStatus.RUNNING
        job.started_at = timezone.now()
        job.attempts += 1
        job.error = ""
        job.save()
        return job


def _fail(job: ReportJob, message: str) -> None:
    job.status = JobStatus.FAILED
    job.finished_at = timezone.now()
    job.error = message
    job.save()


def run_report_job(job_id: int, *, last_attempt: bool = True) -> None:
    """What the Celery task does. Transient errors are re-raised for a retry."""
    from celery.exceptions import SoftTimeLimitExceeded

    job = _claim(job_id)
    if job is None:
        return
    try:
        build_report(job)
    except SoftTimeLimitExceeded:
        _fail(
            job,
            _(
                "Rapporten tog för lång tid att skapa och avbröts. Försök igen, eller kontakta "
                "portalens förvaltning om felet kvarstår."
            ),
        )
    except TRANSIENT_ERRORS:
        logger.warning("Transient error in report job %s", job_id, exc_info=True)
        if not last_attempt:
            ReportJob.objects.filter(pk=job.pk).update(
                status=JobStatus.QUEUED, phase=JobPhase.WAITING
            )
            raise
        _fail(
            job,
            _(
                "Ett tillfälligt fel (fil eller databas) hindrade rapporten från att skapas. "
                "Försök igen om en stund."
            ),
        )
    except Exception:
        logger.exception("Report job %s failed", job_id)
        _fail(
            job,
            _(
                "Ett oväntat fel uppstod när rapporten skapades. Försök igen, eller kontakta "
                "portalens förvaltning om felet kvarstår."
            ),
        )
