"""Thin Celery tasks of the base layer."""

from celery import shared_task

from portfolio import maintenance


@shared_task(acks_late=True, reject_on_worker_lost=True)
def purge_login_events(days: int = 365) -> int:
    """Delete login events older than ``days`` (GDPR retention). Idempotent."""
    return maintenance.purge_login_events(days=days)
