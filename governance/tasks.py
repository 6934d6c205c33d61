"""Thin Celery tasks: they take a primary key and call a service. All are idempotent.

Dispatched through the outbox (``portfolio.outbox``), which retries transient
errors with backoff and re-sends work whose worker died; e-mails are sent once
per recipient and event (``send_once``).
"""

from celery import shared_task
from django.conf import settings

from governance.maturity import notifications as maturity_notifications
from governance.meetings import minutes
from governance.notifications import services as notifications

TASK = {"acks_late": True, "reject_on_worker_lost": True}


@shared_task(
    **TASK,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def generate_minutes(meeting_id: int) -> None:
    """Render the signed minutes' PDF once."""
    minutes.run_minutes_job(meeting_id)


@shared_task(**TASK)
def notify_agenda_published(meeting_id: int) -> int:
    return notifications.notify_agenda_published(meeting_id)


@shared_task(**TASK)
def notify_case_decided(decision_id: int) -> int:
    return notifications.notify_case_decided(decision_id)


@shared_task(**TASK)
def notify_procurement(case_id: int) -> int:
    return notifications.notify_procurement(case_id)


@shared_task(**TASK)
def notify_maturity_respondents(respondent_ids: list[int]) -> int:
    return maturity_notifications.notify_respondents(respondent_ids)


@shared_task(**TASK)
def queue_document_reminders() -> int:
    """Beat, daily: queue the revision reminders of the styrdokument that are due."""
    from governance.documents import reminders

    return reminders.queue_reminders()


@shared_task(**TASK)
def remind_document_revision(document_id: int, revision_date: str) -> int:
    from governance.documents import reminders

    return reminders.send_reminder(document_id, revision_date)
