"""Meeting services: the meeting, its agenda and attendance, the minutes PDF, public decisions.

The rest of a meeting's services live beside this module: § decisions and
delegationsbeslut in ``decisions.py``, justering (of the minutes, or of one §
by omedelbar justering) in ``justering.py``, jäv in ``recusals.py``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.cases.services import add_case_event, lock_case, require_no_pending_decision
from governance.choices import MINUTES_NOT_REQUESTED, AgendaItemKind, CaseEventKind
from governance.councils.models import active_members_q
from governance.meetings import minutes
from governance.meetings.guards import require_unsigned
from governance.models import AgendaItem, Attendance, Council, Meeting
from portfolio import policy
from portfolio.jobs import JobStatus
from portfolio.models import BudgetVersion
from portfolio.outbox import services as outbox

# --- Meetings and agendas -----------------------------------------------------------


def _is_active_member(council: Council, user) -> bool:
    return council.members.filter(active_members_q(), user=user).exists()


def _require_active_member(council: Council, user, field: str) -> None:
    """The meeting's sekreterare and justerare are active members of its council."""
    if user is not None and not _is_active_member(council, user):
        raise ValidationError(
            {
                field: _("%(person)s är inte aktiv ledamot i %(council)s.")
                % {"person": user.get_full_name() or user.get_username(), "council": council}
            }
        )


@transaction.atomic
def save_meeting(*, actor, form) -> Meeting:
    """Create or change a meeting; a new meeting's attendance list is its council's members."""
    meeting = form.instance
    creating = meeting.pk is None
    if creating:
        policy.require(actor, policy.MANAGE, meeting.council)
    else:
        policy.require(actor, policy.CHANGE, meeting)
        stored = require_unsigned(meeting)
        old_day = timezone.localtime(stored.starts_at).date()
        if old_day != timezone.localtime(meeting.starts_at).date() and stored.decisions.filter(
            adjusted_at__isnull=False
        ):
            raise ValidationError(
                {
                    "starts_at": _(
                        "Sammanträdet har en omedelbart justerad paragraf; datumet kan inte ändras."
                    )
                }
            )
        year = old_day.year
        if stored.decisions.exists() and timezone.localtime(meeting.starts_at).year != year:
            raise ValidationError(
                {
                    "starts_at": _(
                        "Sammanträdet har beslut med § för %(year)s; året kan inte ändras."
                    )
                    % {"year": year}
                }
            )
    meeting = form.save(commit=False)
    _require_active_member(meeting.council, meeting.secretary, "secretary")
    _require_active_member(meeting.council, meeting.adjuster, "adjuster")
    meeting._history_user = actor
    meeting.full_clean()
    meeting.save()
    # Decisions carry the meeting's date (none of them is justerad yet: checked above).
    day = timezone.localtime(meeting.starts_at).date()
    for decision in meeting.decisions.exclude(decision_date=day):
        decision.decision_date = day
        decision._history_user = actor
        decision.save()
    if creating:
        members = meeting.council.members.filter(active_members_q()).select_related("user")
        Attendance.objects.bulk_create(
            [Attendance(meeting=meeting, user=m.user, role=m.role) for m in members],
            ignore_conflicts=True,
        )
    return meeting


@transaction.atomic
def add_agenda_item(*, actor, meeting: Meeting, form) -> AgendaItem:
    policy.require(actor, policy.CHANGE, meeting)
    meeting = require_unsigned(meeting)
    item = form.save(commit=False)
    item.meeting = meeting
    if item.kind == AgendaItemKind.CASE:
        case = item.case
        if case is None:
            raise ValidationError({"case": _("Välj ett ärende.")})
        case = lock_case(case)
        if not case.is_decidable:
            raise ValidationError(
                {
                    "case": _(
                        "Ärendet kan inte beslutas än: beredningen är inte klar och "
                        "ärendet är inte markerat som brådskande."
                    )
                }
            )
        if AgendaItem.objects.filter(case=case, decision__isnull=True).exists():
            raise ValidationError({"case": _("Ärendet står redan på en föredragningslista.")})
        require_no_pending_decision(case)
        if case.kommun_id not in meeting.council.kommun_ids():
            raise ValidationError({"case": _("Ärendet hör inte till rådets kommun.")})
        if not item.title:
            item.title = case.title
    if item.budget_version_id is not None:
        _require_budget_proposal(actor, meeting, item.budget_version)
    item.order = (meeting.items.aggregate(m=Max("order"))["m"] or 0) + 1
    item._history_user = actor
    item.full_clean()
    item.save()
    if item.case_id:
        add_case_event(
            item.case,
            kind=CaseEventKind.ON_AGENDA,
            actor=actor,
            from_status=item.case.status,
            comment=str(meeting),
        )
    return item


def _require_budget_proposal(actor, meeting: Meeting, version) -> None:
    """A budget item carries a förslag of the council's kommun (or samverkan) the actor sees.

    Judged on the stored, locked row: the version may have been decided since the form.
    """
    policy.require(actor, policy.VIEW, version)
    version = BudgetVersion.objects.select_for_update().get(pk=version.pk)
    council = meeting.council
    ours = (version.kommun_id and version.kommun_id in council.kommun_ids()) or (
        version.samverkan_id and version.samverkan_id == council.samverkan_id
    )
    if not ours:
        raise ValidationError({"budget_version": _("Budgeten hör inte till rådets kommun.")})
    if version.is_frozen:
        raise ValidationError({"budget_version": _("Budgetversionen är redan beslutad.")})


@transaction.atomic
def remove_agenda_item(*, actor, item: AgendaItem) -> None:
    policy.require(actor, policy.CHANGE, item.meeting)
    require_unsigned(item.meeting)
    if hasattr(item, "decision"):
        raise ValidationError(_("Punkten har ett beslut och kan inte tas bort."))
    item.delete()


@transaction.atomic
def publish_agenda(*, actor, meeting: Meeting) -> Meeting:
    """Publish the föredragningslista and e-mail the council's members (once)."""
    from governance import tasks

    policy.require(actor, policy.CHANGE, meeting)
    meeting = require_unsigned(meeting)
    if not meeting.items.exists():
        raise ValidationError(_("Föredragningslistan är tom."))
    meeting.agenda_published_at = timezone.now()
    meeting._history_user = actor
    meeting.save()
    outbox.enqueue(
        tasks.notify_agenda_published, meeting.pk, label=f"E-post: föredragningslista {meeting.pk}"
    )
    return meeting


@transaction.atomic
def record_attendance(*, actor, meeting: Meeting, present_user_ids, adjuster=None) -> Meeting:
    policy.require(actor, policy.CHANGE, meeting)
    meeting = require_unsigned(meeting)
    present = {int(pk) for pk in present_user_ids}
    if adjuster is not None:
        # "present" replaces the whole list below: the justerare must be on it.
        attending = adjuster.pk in present and meeting.attendance.filter(user=adjuster).exists()
        if not attending:
            raise ValidationError(
                {"adjuster": _("Justeraren måste vara en av de närvarande ledamöterna.")}
            )
        _require_active_member(meeting.council, adjuster, "adjuster")
    for row in meeting.attendance.all():
        row.present = row.user_id in present
        row.save(update_fields=["present"])
    if adjuster is not None:
        meeting.adjuster = adjuster
        meeting._history_user = actor
        meeting.save()
    return meeting


def retry_minutes(*, actor, meeting: Meeting) -> Meeting:
    """Queue a failed (or never made) minutes PDF; the signed content is unchanged."""
    policy.require(actor, policy.MANAGE, meeting)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        status = meeting.minutes_status
        if meeting.is_signed() and status == JobStatus.DONE:
            raise ValidationError(_("Protokollet finns redan."))
        if meeting.is_signed() and status in (JobStatus.QUEUED, JobStatus.RUNNING):
            raise ValidationError(_("Protokollet skapas redan. Sidan uppdateras när det är klart."))
        if not meeting.is_signed() or status not in (JobStatus.FAILED, MINUTES_NOT_REQUESTED):
            raise ValidationError(_("Det finns inget misslyckat protokoll att skapa igen."))
        minutes.queue_minutes(meeting)
    return meeting


@transaction.atomic
def set_public_decisions(*, actor, kommun, enabled: bool):
    """Publish (or stop publishing) the kommun's signed, non-secret decisions without login."""
    policy.require(actor, policy.CHANGE, kommun)
    kommun.public_decisions_enabled = enabled
    kommun._history_user = actor
    kommun.save(update_fields=["public_decisions_enabled"])
    return kommun
