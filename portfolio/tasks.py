"""Thin Celery tasks of the base layer."""

from celery import shared_task

from portfolio import contract_reminders, maintenance


@shared_task(acks_late=True, reject_on_worker_lost=True)
def purge_login_events(days: int = 365) -> int:
    """Delete login events older than ``days`` (GDPR retention). Idempotent."""
    return maintenance.purge_login_events(days=days)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_contract_reminders() -> int:
    """Beat, daily: e-mail systemägare before and on a contract's sista uppsägningsdag."""
    return contract_reminders.send_contract_reminders()
