"""The minutes (protokoll) PDF of a signed meeting, rendered by WeasyPrint.

The PDF is made once, after justering, from the signed (immutable) rows, and
stored on the meeting; its ``MinutesJob`` follows the lifecycle every background
job shares (``portfolio.jobs``). A job that runs again for a meeting whose PDF
exists stores nothing, so the signed version is never regenerated differently.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.choices import MemberRole
from governance.models import Meeting, MinutesJob
from portfolio.jobs import JobMessages, JobStatus, claim_job, run_job
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
            "case__forvaltning",
            "case__applicant",
            "prioritisation_round",
            "budget_version__kommun",
            "budget_version__samverkan",
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


def queue_minutes(meeting: Meeting) -> MinutesJob:
    """Köa the minutes PDF of a justerat protokoll (at justering, or "Försök igen")."""
    from governance import tasks

    job, _created = MinutesJob.objects.get_or_create(meeting=meeting)
    job.requeue()
    job.save()
    outbox.enqueue(tasks.generate_minutes, meeting.pk, label=f"Protokoll {meeting.pk}")
    return job


def run_minutes_job(meeting_id: int) -> None:
    """What the Celery task does: claim the meeting's job and render its PDF once."""
    job_id = MinutesJob.objects.filter(meeting_id=meeting_id).values_list("pk", flat=True).first()
    job = job_id and claim_job(
        MinutesJob,
        job_id,
        time_limit=settings.CELERY_TASK_TIME_LIMIT,
        max_attempts=MAX_ATTEMPTS,
        gave_up=gettext_lazy(
            "Protokollet blev inte klart efter flera försök. Tryck på Försök igen, eller "
            "kontakta portalens förvaltning om felet kvarstår."
        ),
    )
    if job:
        run_job(job, _render_and_store, messages=MESSAGES)


def _render_and_store(job: MinutesJob) -> None:
    """Store the PDF on the meeting and mark the job klar; a stored PDF is never replaced."""
    from portfolio.pdf import render_pdf

    meeting = Meeting.objects.get(pk=job.meeting_id)
    rendered = None if meeting.minutes_pdf else render_pdf(render_minutes_html(meeting))
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=job.meeting_id)
        if rendered is not None and not meeting.minutes_pdf:
            name = (
                f"protokoll-{meeting.council_id}-{timezone.localtime(meeting.starts_at):%Y%m%d}.pdf"
            )
            meeting.minutes_pdf.save(name, ContentFile(rendered.data), save=False)
            meeting.minutes_variant = rendered.variant
            meeting.minutes_pages = rendered.page_count
            meeting.save(update_fields=sorted(Meeting.MINUTES_FIELDS))
        job.status = JobStatus.DONE
        job.error = ""
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])


#: a minutes job whose worker died this many times is failed instead of run again
MAX_ATTEMPTS = 3

MESSAGES = JobMessages(
    failed=gettext_lazy(
        "Protokollet kunde inte skapas på grund av ett tekniskt fel. Försök igen, eller "
        "kontakta portalens förvaltning om felet kvarstår."
    ),
    transient=gettext_lazy(
        "Ett tillfälligt fel (fil eller databas) hindrade protokollet från att skapas. "
        "Försök igen om en stund."
    ),
    timeout=gettext_lazy(
        "Protokollet tog för lång tid att skapa och avbröts. Försök igen, eller kontakta "
        "portalens förvaltning om felet kvarstår."
    ),
)
