"""E-mail reminders about a contract's sista uppsägningsdag.

A daily beat task calls ``send_contract_reminders``. The systemägare gets one
"advance" reminder ``CONTRACT_REMINDER_DAYS_BEFORE`` days before the date and
one "due" reminder on the date, as a notice (``portfolio.notices.notify``: in
the portal, and by e-mail unless they chose "Endast i portalen"). A
``ContractReminder`` row, unique per contract, date and kind, is created in
the same transaction as the notice and the e-mail: a failed send rolls the
row back (retried the next day), and a second run, or a second worker racing
the first, hits the unique constraint and sends nothing.
"""

from __future__ import annotations

import datetime
import logging
import smtplib

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portfolio.models import Contract, ContractReminder
from portfolio.notices.services import notify

logger = logging.getLogger(__name__)

NOTICE_KIND = "contract_reminder"
ADVANCE = "advance"
DUE = "due"
MAX_NOTICE_MONTHS = 60  # Contract.notice_months is validated to at most 60


def reminder_kind(contract: Contract, today: datetime.date, days_before: int) -> str | None:
    """Which reminder, if any, is due today for ``contract``."""
    cancel = contract.last_cancel_date
    if cancel == today:
        return DUE
    if today < cancel <= today + datetime.timedelta(days=days_before):
        return ADVANCE
    return None


def _candidates(today: datetime.date, days_before: int):
    # The cancel date is end minus notice (months): bound the end date in SQL,
    # decide exactly in Python.
    latest_end = (
        today + datetime.timedelta(days=days_before) + relativedelta(months=MAX_NOTICE_MONTHS)
    )
    return (
        Contract.objects.filter(end_date__gte=today, end_date__lte=latest_end)
        .exclude(system__owner__email="")
        .select_related("system__owner", "supplier")
        .order_by("pk")
    )


def _message(contract: Contract, kind: str) -> tuple[str, str]:
    context = {
        "contract": contract,
        "system": contract.system,
        "cancel_date": contract.last_cancel_date,
        "kind": kind,
        "url": settings.SITE_URL.rstrip("/") + contract.get_absolute_url(),
    }
    if kind == DUE:
        subject = _("Sista uppsägningsdag i dag: avtal %(number)s (%(system)s)")
    else:
        subject = _("Påminnelse: sista uppsägningsdag %(date)s för avtal %(number)s (%(system)s)")
    subject = subject % {
        "number": contract.number,
        "system": contract.system.name,
        "date": contract.last_cancel_date.isoformat(),
    }
    return subject, render_to_string("portfolio/registers/email/contract_reminder.txt", context)


def send_contract_reminder(*, contract: Contract, kind: str) -> bool:
    """Send one reminder unless it was already sent. True if an e-mail went out."""
    recipient = contract.system.owner.email
    try:
        with transaction.atomic():
            ContractReminder.objects.create(
                contract=contract,
                cancel_date=contract.last_cancel_date,
                kind=kind,
                recipient=recipient,
            )
            subject, body = _message(contract, kind)
            # The systemägare's notice, e-mailed unless they chose "Endast i portalen".
            notify(
                user=contract.system.owner,
                kind=NOTICE_KIND,
                subject=subject,
                body=body,
                url=contract.get_absolute_url(),
            )
    except IntegrityError:
        return False  # already sent (or being sent by a concurrent run)
    except (smtplib.SMTPException, OSError):
        logger.warning(
            "Contract reminder %s for contract %s failed", kind, contract.pk, exc_info=True
        )
        return False
    return True


def send_contract_reminders(*, today: datetime.date | None = None) -> int:
    """Send every reminder due today; returns the number of e-mails sent. Idempotent."""
    today = today or timezone.localdate()
    days_before = settings.CONTRACT_REMINDER_DAYS_BEFORE
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for contract in _candidates(today, days_before):
            kind = reminder_kind(contract, today, days_before)
            if kind is None:
                continue
            if ContractReminder.objects.filter(
                contract=contract, cancel_date=contract.last_cancel_date, kind=kind
            ).exists():
                continue
            sent += send_contract_reminder(contract=contract, kind=kind)
    return sent
