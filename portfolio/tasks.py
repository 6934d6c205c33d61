"""Thin Celery tasks of the base layer."""

from celery import shared_task
from django.conf import settings

from portfolio.audit import services as maintenance
from portfolio.imports import services as import_services
from portfolio.outbox import services as outbox
from portfolio.registers import contract_reminders


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True)
def deliver(self, message_id: int) -> str:
    """Run one outbox row (see ``portfolio.outbox.services``); retried with backoff."""
    try:
        return outbox.deliver_message(message_id, retries=self.request.retries)
    except outbox.RetryLater as later:
        raise self.retry(
            countdown=later.countdown, max_retries=settings.OUTBOX_MAX_RETRIES
        ) from None


@shared_task
def sweep_outbox() -> int:
    """Beat, every minute: send again what was never sent or lost its worker."""
    return len(outbox.sweep())


@shared_task(acks_late=True, reject_on_worker_lost=True)
def purge_login_events(days: int = 365) -> int:
    """Delete login events older than ``days`` (GDPR retention). Idempotent."""
    return maintenance.purge_login_events(days=days)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_contract_reminders() -> int:
    """Beat, daily: e-mail systemägare before and on a contract's sista uppsägningsdag."""
    return contract_reminders.send_contract_reminders()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def purge_import_previews() -> int:
    """Beat, hourly: delete unconfirmed import previews and their files once they are old."""
    return import_services.purge_stale_imports()


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.IMPORT_TASK_TIME_LIMIT - 60,
    time_limit=settings.IMPORT_TASK_TIME_LIMIT,
)
def run_import_job(job_id: int) -> None:
    """Preview or import one uploaded file. Does nothing if the job is already done."""
    import_services.run_import_job(job_id)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def notify_attestation_owners(campaign_id: int) -> int:
    """Notify the systemägare that an attestation campaign is open (once per owner)."""
    from portfolio.attestation import services as attestation_services

    return attestation_services.notify_attestation_owners(campaign_id)
