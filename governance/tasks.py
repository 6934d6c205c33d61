"""Thin Celery tasks: they take a primary key and call a service. All are idempotent."""

from celery import shared_task
from django.conf import settings
from django.db import OperationalError

from governance.meetings import minutes
from governance.notifications import services as notifications

RETRY = {
    "bind": True,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (OSError, OperationalError),
    "retry_backoff": 5,
    "retry_backoff_max": 120,
    "max_retries": 3,
}


@shared_task(
    **RETRY,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def generate_minutes(self, meeting_id: int) -> None:
    """Render the signed minutes' PDF once."""
    minutes.run_minutes_job(meeting_id)


@shared_task(**RETRY)
def notify_agenda_published(self, meeting_id: int) -> int:
    return notifications.notify_agenda_published(meeting_id)


@shared_task(**RETRY)
def notify_case_decided(self, decision_id: int) -> int:
    return notifications.notify_case_decided(decision_id)


@shared_task(**RETRY)
def notify_procurement(self, case_id: int) -> int:
    return notifications.notify_procurement(case_id)
