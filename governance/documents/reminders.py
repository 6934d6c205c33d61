"""E-mail reminders to a styrdokument's owner before its next revision date.

A daily beat task (``governance.tasks.queue_document_reminders``) calls
``queue_reminders``: every current version whose revision date lies within
``DOCUMENT_REVISION_REMINDER_DAYS`` (default 60) days and that has no reminder
yet gets one outbox message (``portfolio.outbox.enqueue``), delivered by the
task ``governance.tasks.remind_document_revision`` → ``send_reminder``. The
reminder is the owner's notice (e-mailed unless they chose "Endast i
portalen", kind ``document_revision``), sent through
``governance.notifications.services.send_once`` under the key
``styrdokument:<version id>:<revision date>``: one reminder per version and
date, however often the beat task or the delivery runs. A new version, or
a moved revision date, is a new key and gets its own reminder.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from governance.documents.models import GoverningDocument
from governance.models import Notification
from portfolio.outbox import services as outbox


def reminder_key(document: GoverningDocument) -> str:
    return f"styrdokument:{document.pk}:{document.revision_date:%Y-%m-%d}"


def due_documents(today: datetime.date):
    """Current versions whose revision date lies within the reminder window (not past)."""
    days = settings.DOCUMENT_REVISION_REMINDER_DAYS
    return (
        GoverningDocument.objects.filter(
            superseded_by__isnull=True,
            revision_date__gte=today,
            revision_date__lte=today + datetime.timedelta(days=days),
        )
        .exclude(owner__email="")
        .order_by("pk")
    )


def queue_reminders(*, today: datetime.date | None = None) -> int:
    """Enqueue a reminder for every due document not yet reminded. Returns how many."""
    from governance import tasks

    today = today or timezone.localdate()
    due = list(due_documents(today))
    sent = set(
        Notification.objects.filter(key__in=[reminder_key(d) for d in due]).values_list(
            "key", flat=True
        )
    )
    queued = 0
    for document in due:
        if reminder_key(document) in sent:
            continue
        outbox.enqueue(
            tasks.remind_document_revision,
            document.pk,
            document.revision_date.isoformat(),
            label=f"E-post: revision av styrdokument {document.pk}",
        )
        queued += 1
    return queued


def send_reminder(document_id: int, revision_date: str) -> int:
    """E-mail the owner once for this version and revision date (1 if sent now)."""
    from governance.notifications.services import send_once

    document = (
        GoverningDocument.objects.select_related("owner", "kommun", "samverkan")
        .filter(pk=document_id)
        .first()
    )
    if (
        document is None
        or document.superseded_by_id is not None
        or document.revision_date is None
        or document.revision_date.isoformat() != revision_date
    ):
        return 0  # superseded or moved since it was queued: the new state gets its own
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Dags att revidera styrdokumentet %(title)s senast %(date)s") % {
            "title": document.title,
            "date": revision_date,
        }
        body = render_to_string(
            "governance/email/document_revision.txt",
            {
                "document": document,
                "url": settings.SITE_URL.rstrip("/") + document.get_absolute_url(),
            },
        )
    return int(
        send_once(
            key=reminder_key(document),
            recipient=document.owner.email,
            subject=subject,
            body=body,
            user=document.owner,
            kind="document_revision",
            url=document.get_absolute_url(),
        )
    )
