"""Meeting services: agenda, attendance, § decisions (and their effect on the
ärende and initiative), justering of the minutes, public decisions."""

from __future__ import annotations

from collections import deque

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.cases.services import add_case_event, lock_case, require_value
from governance.choices import (
    APPROVALS,
    MINUTES_NOT_REQUESTED,
    PURCHASE_KINDS,
    AgendaItemKind,
    CaseEventKind,
    CaseKind,
    CaseStatus,
    DecisionType,
)
from governance.councils.models import active_members_q
from governance.models import (
    AgendaItem,
    Attendance,
    Case,
    Council,
    Decision,
    Meeting,
    SignedMinutesError,
)
from governance.numbering import next_number
from portfolio import policy
from portfolio.choices import INITIATIVE_TRANSITIONS, InitiativeStatus
from portfolio.initiatives.services import transition_initiative
from portfolio.jobs import JobStatus

# --- Meetings and agendas -----------------------------------------------------------


def _require_unsigned(meeting: Meeting) -> Meeting:
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.is_signed():
        raise SignedMinutesError()
    return locked


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
        stored = _require_unsigned(meeting)
        year = timezone.localtime(stored.starts_at).year
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
    meeting = _require_unsigned(meeting)
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
        if case.kommun_id not in meeting.council.kommun_ids():
            raise ValidationError({"case": _("Ärendet hör inte till rådets kommun.")})
        if not item.title:
            item.title = case.title
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


@transaction.atomic
def remove_agenda_item(*, actor, item: AgendaItem) -> None:
    policy.require(actor, policy.CHANGE, item.meeting)
    _require_unsigned(item.meeting)
    if hasattr(item, "decision"):
        raise ValidationError(_("Punkten har ett beslut och kan inte tas bort."))
    item.delete()


@transaction.atomic
def publish_agenda(*, actor, meeting: Meeting) -> Meeting:
    """Publish the föredragningslista and e-mail the council's members (once)."""
    from governance import tasks

    policy.require(actor, policy.CHANGE, meeting)
    meeting = _require_unsigned(meeting)
    if not meeting.items.exists():
        raise ValidationError(_("Föredragningslistan är tom."))
    meeting.agenda_published_at = timezone.now()
    meeting._history_user = actor
    meeting.save()
    transaction.on_commit(lambda: tasks.notify_agenda_published.delay(meeting.pk))
    return meeting


@transaction.atomic
def record_attendance(*, actor, meeting: Meeting, present_user_ids, adjuster=None) -> Meeting:
    policy.require(actor, policy.CHANGE, meeting)
    meeting = _require_unsigned(meeting)
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


# --- Decisions ----------------------------------------------------------------------------


def _path(current: str, target: str) -> list[str]:
    """The shortest chain of allowed initiative transitions from ``current`` to ``target``."""
    queue = deque([[current]])
    seen = {current}
    while queue:
        path = queue.popleft()
        if path[-1] == target:
            return path[1:]
        for nxt in sorted(INITIATIVE_TRANSITIONS.get(path[-1], ())):
            if nxt not in seen:
                seen.add(nxt)
                queue.append([*path, nxt])
    return []


def _apply_to_initiative(*, actor, decision: Decision) -> None:
    """A decision moves the linked initiative: bifall → beslutad, avslag → avslagen."""
    initiative = decision.case.initiative if decision.case else None
    if initiative is None:
        return
    target = {
        DecisionType.BIFALL: InitiativeStatus.BESLUTAD,
        DecisionType.BIFALL_VILLKOR: InitiativeStatus.BESLUTAD,
        DecisionType.AVSLAG: InitiativeStatus.AVSLAGEN,
    }.get(decision.decision_type)
    if target is None or initiative.status == target:
        return
    comment = _("Följer beslut %(ref)s i %(body)s.") % {
        "ref": decision.paragraph,
        "body": decision.body_name,
    }
    # Walk the allowed transitions (an idé is qualified and prioritised on the way);
    # an initiative already past the decision (genomförande) is left alone.
    for status in _path(initiative.status, target):
        transition_initiative(
            actor=actor,
            initiative=initiative,
            to_status=status,
            comment=comment,
            decision_reference=f"{decision.body_name} {decision.paragraph}",
            check_permission=False,
        )


def _apply_to_case(*, actor, decision: Decision) -> None:
    from governance import tasks

    case = decision.case
    if case is None:
        return
    case = lock_case(case)
    from_status = case.status
    kind = decision.decision_type
    if kind in APPROVALS:
        if case.kind in PURCHASE_KINDS:
            case.status = CaseStatus.UPPHANDLING
            case.procurement_notified_at = timezone.now()
        else:
            case.status = CaseStatus.AVSLUTAT
    elif kind == DecisionType.AVSLAG:
        case.status = CaseStatus.AVSLAGET
    elif kind == DecisionType.ATERREMISS:
        # Back to beredning; an urgent ärende that skipped it goes back to the IT-strateg.
        case.status = CaseStatus.BEREDNING if case.remiss_council_id else CaseStatus.ANMALAN
        case.urgent = False
    # bordläggning: the ärende stays ready and can be placed on a later agenda
    case._history_user = actor
    case.save()
    add_case_event(
        case,
        kind=CaseEventKind.DELEGATION if decision.is_delegation else CaseEventKind.DECIDED,
        actor=actor,
        from_status=from_status,
        comment=f"{decision.body_name} {decision.paragraph}: "
        f"{decision.get_decision_type_display()}",
    )
    pk = decision.pk
    transaction.on_commit(lambda: tasks.notify_case_decided.delay(pk))
    if case.status == CaseStatus.UPPHANDLING:
        add_case_event(
            case,
            kind=CaseEventKind.PROCUREMENT_NOTIFIED,
            actor=actor,
            from_status=case.status,
        )
        transaction.on_commit(lambda: tasks.notify_procurement.delay(case.pk))
    decision.case = case


def _validate_decision(decision_type: str, text: str, conditions: str) -> None:
    if decision_type not in DecisionType.values:
        raise ValidationError({"decision_type": _("Välj ett beslut.")})
    require_value(text, {"text": _("Skriv beslutstexten.")})
    if decision_type == DecisionType.BIFALL_VILLKOR and not conditions.strip():
        raise ValidationError({"conditions": _("Ange villkoren för bifallet.")})


@transaction.atomic
def record_decision(
    *,
    actor,
    item: AgendaItem,
    decision_type: str,
    text: str,
    conditions: str = "",
    is_secret: bool = False,
    corrects: Decision | None = None,
) -> Decision:
    """Record the decision on one agenda item and give it the council's next § number."""
    meeting = item.meeting
    policy.require(actor, policy.DECIDE, meeting)
    meeting = _require_unsigned(meeting)
    _validate_decision(decision_type, text, conditions)
    if item.kind == AgendaItemKind.INFORMATION:
        raise ValidationError(_("En informationspunkt får inget beslut."))
    if Decision.objects.filter(agenda_item=item).exists():
        raise ValidationError(_("Punkten har redan ett beslut."))
    case = item.case
    if case is not None:
        case = lock_case(case)
        if not case.is_decidable:
            raise ValidationError(
                _("Ärendet kan inte beslutas utan färdig beredning, om det inte är brådskande.")
            )
    council = meeting.council
    if corrects is not None and corrects.council_id != council.pk:
        raise ValidationError({"corrects": _("Bara ett beslut av samma råd kan rättas.")})
    if corrects is not None and not corrects.is_signed():
        raise ValidationError({"corrects": _("Bara ett justerat beslut kan rättas.")})
    year = timezone.localtime(meeting.starts_at).year
    number = next_number(f"council:{council.pk}", year)
    decision = Decision(
        council=council,
        kommun_id=case.kommun_id if case else _council_kommun_id(council),
        meeting=meeting,
        agenda_item=item,
        case=case,
        year=year,
        number=number,
        decision_type=decision_type,
        title=item.title,
        text=text,
        conditions=conditions if decision_type == DecisionType.BIFALL_VILLKOR else "",
        is_secret=is_secret or bool(case and case.is_secret),
        corrects=corrects,
        recorded_by=actor,
    )
    decision._history_user = actor
    decision.save()
    if case is not None:
        decision.systems.set(case.systems.all())
        _apply_to_case(actor=actor, decision=decision)
        _apply_to_initiative(actor=actor, decision=decision)
    return decision


def _council_kommun_id(council: Council) -> int:
    return council.kommun_id or council.samverkan.host_id


@transaction.atomic
def record_delegation_decision(
    *, actor, case: Case, decision_type: str, text: str, conditions: str = ""
) -> Decision:
    """Step 3 for a kommungemensamt system: the kommundirektör decides alone (delegation)."""
    policy.require(actor, policy.DECIDE, case)
    case = lock_case(case)
    if case.kind != CaseKind.KOMMUNGEMENSAMT:
        raise ValidationError(_("Delegationsbeslut gäller bara kommungemensamma system."))
    if decision_type in (DecisionType.ATERREMISS, DecisionType.BORDLAGGNING):
        raise ValidationError(
            {
                "decision_type": _(
                    "Ett delegationsbeslut är bifall, bifall med villkor eller avslag."
                )
            }
        )
    _validate_decision(decision_type, text, conditions)
    if not case.is_decidable:
        raise ValidationError(
            _("Ärendet kan inte beslutas utan färdig beredning, om det inte är brådskande.")
        )
    if case.agenda_items.filter(decision__isnull=True).exists():
        raise ValidationError(_("Ärendet står på en föredragningslista; besluta det där."))
    year = timezone.localdate().year
    decision = Decision(
        kommun_id=case.kommun_id,
        case=case,
        year=year,
        number=next_number(f"delegation:{case.kommun_id}", year),
        is_delegation=True,
        decision_type=decision_type,
        title=case.title,
        text=text,
        conditions=conditions if decision_type == DecisionType.BIFALL_VILLKOR else "",
        is_secret=case.is_secret,
        recorded_by=actor,
    )
    decision._history_user = actor
    decision.save()
    decision.systems.set(case.systems.all())
    _apply_to_case(actor=actor, decision=decision)
    _apply_to_initiative(actor=actor, decision=decision)
    return decision


@transaction.atomic
def sign_minutes(*, actor, meeting: Meeting) -> Meeting:
    """Justering: the justerare signs; the minutes and their decisions become immutable."""
    from governance import tasks

    policy.require(actor, policy.SIGN, meeting)
    meeting = _require_unsigned(meeting)
    if not meeting.decisions.exists():
        raise ValidationError(_("Protokollet har inga beslut att justera."))
    undecided = meeting.items.filter(kind=AgendaItemKind.CASE, decision__isnull=True)
    if undecided.exists():
        raise ValidationError(
            _("Alla ärenden på föredragningslistan måste ha ett beslut innan justering.")
        )
    meeting.signed_at = timezone.now()
    meeting.signed_by = actor
    meeting.minutes_status = JobStatus.QUEUED
    meeting.minutes_error = ""
    meeting._history_user = actor
    meeting.save()
    transaction.on_commit(lambda: tasks.generate_minutes.delay(meeting.pk))
    return meeting


def retry_minutes(*, actor, meeting: Meeting) -> Meeting:
    """Queue a failed (or never made) minutes PDF; the signed content is unchanged."""
    from governance import tasks

    policy.require(actor, policy.MANAGE, meeting)
    if not meeting.is_signed() or meeting.minutes_status not in (
        JobStatus.FAILED,
        MINUTES_NOT_REQUESTED,
    ):
        raise ValidationError(_("Det finns inget misslyckat protokoll att skapa igen."))
    meeting.minutes_status = JobStatus.QUEUED
    meeting.minutes_error = ""
    meeting.save(update_fields=["minutes_status", "minutes_error"])
    transaction.on_commit(lambda: tasks.generate_minutes.delay(meeting.pk))
    return meeting


@transaction.atomic
def set_public_decisions(*, actor, kommun, enabled: bool):
    """Publish (or stop publishing) the kommun's signed, non-secret decisions without login."""
    policy.require(actor, policy.CHANGE, kommun)
    kommun.public_decisions_enabled = enabled
    kommun._history_user = actor
    kommun.save(update_fields=["public_decisions_enabled"])
    return kommun
