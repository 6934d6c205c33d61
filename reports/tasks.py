"""Thin Celery tasks: they take a primary key and call a service."""

from celery import shared_task
from django.conf import settings
from django.db import OperationalError

from reports import services


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OSError, OperationalError),
    retry_backoff=5,
    retry_backoff_max=120,
    retry_jitter=True,
    max_retries=services.MAX_ATTEMPTS,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def generate_report(self, job_id: int) -> None:
    """Render one report job. Does nothing if the job is already klar."""
    services.run_report_job(job_id, last_attempt=self.request.retries >= self.max_retries)


@shared_task
def requeue_stuck_report_jobs() -> int:
    """Beat: put jobs whose worker died back in the queue."""
    return len(services.requeue_stuck_jobs())
