"""The minutes (protokoll) PDF of a signed meeting, rendered by WeasyPrint.

The PDF is made once, after justering, from the signed (immutable) rows, and
stored on the meeting. A job that runs again for a meeting whose PDF exists
does nothing, so the signed version is never regenerated differently.
"""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.choices import MemberRole
from governance.models import Meeting
from portfolio.jobs import JobStatus
from portfolio.outbox import services as outbox

logger = logging.getLogger(__name__)


def minutes_context(meeting: Meeting) -> dict:
    """Everything the minutes say, read from the signed rows.

    Per § the decision, who takes no part in it (jäv, the applicant) and whether
    it was omedelbart justerad; the signature lines of ordförande, sekreterare
    and justerare; the running footer (council and meeting date).
    """
    from governance.meetings.recusals import jav_lines

    attendance = list(meeting.attendance.select_related("user").order_by("role", "user__last_name"))
    attendees = {a.user_id: a.user for a in attendance}
    decisions = {
        d.agenda_item_id: d
        for d in meeting.decisions.select_related("case", "corrects__council", "adjusted_by")
    }
    items = [
        (item, decisions.get(item.pk), jav_lines(item, attendees))
        for item in meeting.items.select_related(
            "case__forvaltning", "case__applicant", "prioritisation_round"
        ).prefetch_related("recusals__user")
    ]
    chair = next(
        (a.user for a in attendance if a.role == MemberRole.ORDFORANDE and a.present), None
    ) or next((a.user for a in attendance if a.role == MemberRole.ORDFORANDE), None)
    meeting_date = timezone.localtime(meeting.starts_at).date()
    return {
        "meeting": meeting,
        "council": meeting.council,
        "meeting_date": meeting_date,
        "present": [a for a in attendance if a.present],
        "absent": [a for a in attendance if not a.present],
        "items": items,
        "signatures": [
            (_("Ordförande"), chair, None),
            (_("Sekreterare"), meeting.secretary, None),
            (_("Justerare"), meeting.signed_by or meeting.adjuster, meeting.signed_at),
        ],
        "footer": f"{meeting.council.name} · {_('Sammanträde')} {meeting_date:%Y-%m-%d}",
        "title": f"Protokoll {meeting}",
        "generated_at": timezone.now(),
    }


def render_minutes_html(meeting: Meeting) -> str:
    return render_to_string("governance/pdf/minutes.html", minutes_context(meeting))


def run_minutes_job(meeting_id: int) -> None:
    """Render and store the minutes PDF. Idempotent: a stored PDF is never replaced."""
    from portfolio.pdf import render_pdf

    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
        done = meeting.minutes_pdf and meeting.minutes_status == JobStatus.DONE
        if not meeting.is_signed() or done:
            return
        meeting.minutes_status = JobStatus.RUNNING
        meeting.save(update_fields=["minutes_status"])
    try:
        rendered = render_pdf(render_minutes_html(meeting))
    except Exception as exc:
        transient = isinstance(exc, outbox.TRANSIENT_ERRORS)
        if transient and not outbox.last_attempt():
            logger.warning("Minutes PDF for meeting %s: transient error", meeting_id)
            Meeting.objects.filter(pk=meeting_id).update(minutes_status=JobStatus.QUEUED)
            raise  # the outbox retries with backoff
        logger.exception("Minutes PDF failed for meeting %s", meeting_id)
        meeting.minutes_status = JobStatus.FAILED
        meeting.minutes_error = f"Protokollet kunde inte skapas: {type(exc).__name__}: {exc}"[:2000]
        meeting.save(update_fields=["minutes_status", "minutes_error"])
        return
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
        if meeting.minutes_pdf and meeting.minutes_status == JobStatus.DONE:
            return
        name = f"protokoll-{meeting.council_id}-{timezone.localtime(meeting.starts_at):%Y%m%d}.pdf"
        meeting.minutes_pdf.save(name, ContentFile(rendered.data), save=False)
        meeting.minutes_status = JobStatus.DONE
        meeting.minutes_error = ""
        meeting.minutes_variant = rendered.variant
        meeting.minutes_pages = rendered.page_count
        meeting.save(update_fields=sorted(Meeting.MINUTES_FIELDS))
