"""Thin Celery tasks: they take primary keys and call a service.

Dispatched through the outbox (``portfolio.outbox``), which retries transient
errors with backoff and re-sends work whose worker died.
"""

from celery import shared_task
from django.conf import settings

from reports import services


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def generate_report(job_id: int) -> None:
    """Render one report job. Does nothing if the job is already klar."""
    services.run_report_job(job_id)
