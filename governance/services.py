"""State changes of the governance process (seed 004). Views and tasks call these.

Every function takes keyword-only arguments with an ``actor``, checks the
policy, runs in one transaction and records the step in the ärende's history.

The steps of an ärende::

    anmälan --samråd--> (remiss) --> beredning --yttrande--> beredd --beslut--> upphandling
                                                                        \\--> avslaget
    återremiss: back to beredning.  bordläggning: stays beredd.
    brådskande (with a written reason, after samråd): may be decided without beredning.
"""

from __future__ import annotations

from collections import deque

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.choices import (
    APPROVALS,
    PURCHASE_KINDS,
    AckParty,
    AgendaItemKind,
    CaseEventKind,
    CaseKind,
    CaseStatus,
    DecisionType,
    MinutesStatus,
)
from governance.models import (
    AgendaItem,
    Attendance,
    Case,
    CaseEvent,
    Council,
    Decision,
    Meeting,
    NumberSequence,
    SignedMinutesError,
    active_members_q,
)
from governance.rules import APPLICANT_ROLES
from portfolio import policy
from portfolio.choices import INITIATIVE_TRANSITIONS, InitiativeStatus
from portfolio.initiatives.services import transition_initiative


def _required(value, message):
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError(message)


# --- Numbering ------------------------------------------------------------------


def next_number(key: str, year: int) -> int:
    """Take the next number in a sequence. Call inside a transaction.

    The sequence row is locked (``select_for_update``) until the transaction
    ends, so concurrent callers queue up and numbers are never reused or
    skipped. A decision that fails rolls its number back with it.
    """
    seq = NumberSequence.objects.select_for_update().filter(key=key, year=year).first()
    if seq is None:
        try:
            with transaction.atomic():
                NumberSequence.objects.create(key=key, year=year, last=0)
        except IntegrityError:
            pass  # another transaction created it first; lock it below
        seq = NumberSequence.objects.select_for_update().get(key=key, year=year)
    seq.last += 1
    seq.save(update_fields=["last"])
    return seq.last


# --- Ärenden ---------------------------------------------------------------------


def _event(case, *, kind, actor, from_status, comment="", party=""):
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor=actor,
        from_status=from_status,
        to_status=case.status,
        comment=comment,
        party=party,
    )


def _lock(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


@transaction.atomic
def submit_case(*, actor, form) -> Case:
    """Step 1, anmälan: register the need (from a validated ``CaseForm``)."""
    case = form.save(commit=False)
    policy.require_role(actor, *APPLICANT_ROLES)
    case.applicant = actor
    case.year = timezone.localdate().year
    case.number = next_number(f"case:{case.kommun_id}", case.year)
    case.status = CaseStatus.ANMALAN
    case._history_user = actor
    case.full_clean()
    case.save()
    form.save_m2m()
    _event(case, kind=CaseEventKind.SUBMITTED, actor=actor, from_status=CaseStatus.ANMALAN)
    return case


@transaction.atomic
def update_case(*, actor, form) -> Case:
    case = form.instance
    policy.require(actor, policy.CHANGE, case)
    if _lock(case).status != CaseStatus.ANMALAN:
        raise ValidationError(_("Ärendet har gått vidare från anmälan och kan inte ändras."))
    case = form.save(commit=False)
    case._history_user = actor
    case.full_clean()
    case.save()
    form.save_m2m()
    _event(case, kind=CaseEventKind.EDITED, actor=actor, from_status=case.status)
    return case


@transaction.atomic
def record_consultation(*, actor, case: Case, comment: str) -> Case:
    """Step 1: the IT-strateg records that they have been consulted (samråd)."""
    policy.require(actor, policy.MANAGE, case)
    case = _lock(case)
    if case.status != CaseStatus.ANMALAN:
        raise ValidationError(_("Samråd registreras medan ärendet är en anmälan."))
    _required(comment, _("Skriv en kommentar från samrådet."))
    case.consulted_at = timezone.now()
    case.consulted_by = actor
    case.consultation_comment = comment
    case._history_user = actor
    case.save()
    _event(
        case, kind=CaseEventKind.CONSULTED, actor=actor, from_status=case.status, comment=comment
    )
    return case


@transaction.atomic
def send_to_remiss(*, actor, case: Case, council: Council, comment: str = "") -> Case:
    """Step 2: send the ärende on remiss to the IT-strategiska beredningsgruppen."""
    policy.require(actor, policy.MANAGE, case)
    case = _lock(case)
    if case.status != CaseStatus.ANMALAN:
        raise ValidationError(_("Bara en anmälan kan skickas på remiss."))
    if case.consulted_at is None:
        raise ValidationError(_("IT-strategen måste ha registrerat samråd innan remiss."))
    if case.kommun_id not in council.kommun_ids():
        raise ValidationError(_("Remissinstansen måste höra till ärendets kommun."))
    case.status = CaseStatus.BEREDNING
    case.remiss_council = council
    case._history_user = actor
    case.save()
    _event(
        case,
        kind=CaseEventKind.SENT_TO_REMISS,
        actor=actor,
        from_status=CaseStatus.ANMALAN,
        comment=comment or str(council),
    )
    return case


@transaction.atomic
def record_opinion(*, actor, case: Case, opinion: str, anchored: bool = False) -> Case:
    """Step 2: the beredningsgrupp's yttrande; the ärende is then ready for decision."""
    policy.require(actor, policy.REVIEW, case)
    case = _lock(case)
    if case.status != CaseStatus.BEREDNING:
        raise ValidationError(_("Yttrande lämnas medan ärendet är på beredning."))
    _required(opinion, _("Skriv beredningsgruppens yttrande."))
    case.opinion = opinion
    case.opinion_at = timezone.now()
    case.opinion_by = actor
    case.anchored_in_ledningsgrupp = anchored
    case.status = CaseStatus.BEREDD
    case._history_user = actor
    case.save()
    _event(case, kind=CaseEventKind.OPINION, actor=actor, from_status=CaseStatus.BEREDNING)
    return case


@transaction.atomic
def mark_urgent(*, actor, case: Case, reason: str) -> Case:
    """Let an ärende be decided without a finished beredning, with a written reason."""
    policy.require(actor, policy.MANAGE, case)
    case = _lock(case)
    if case.status not in (CaseStatus.ANMALAN, CaseStatus.BEREDNING):
        raise ValidationError(_("Bara ett ärende före beslut kan markeras som brådskande."))
    _required(reason, _("Skriv skälet till att ärendet är brådskande."))
    case.urgent = True
    case.urgent_reason = reason
    case._history_user = actor
    case.save()
    _event(case, kind=CaseEventKind.URGENT, actor=actor, from_status=case.status, comment=reason)
    return case


@transaction.atomic
def withdraw_case(*, actor, case: Case, comment: str) -> Case:
    policy.require(actor, policy.CHANGE, case)
    case = _lock(case)
    if case.status not in (CaseStatus.ANMALAN, CaseStatus.BEREDNING, CaseStatus.BEREDD):
        raise ValidationError(_("Ett beslutat ärende kan inte återkallas."))
    if case.agenda_items.filter(decision__isnull=True, meeting__signed_at__isnull=True).exists():
        raise ValidationError(_("Ta först bort ärendet från föredragningslistan."))
    from_status = case.status
    case.status = CaseStatus.ATERKALLAT
    case._history_user = actor
    case.save()
    _event(
        case, kind=CaseEventKind.WITHDRAWN, actor=actor, from_status=from_status, comment=comment
    )
    return case


@transaction.atomic
def acknowledge_procurement(*, actor, case: Case, party: str, comment: str) -> Case:
    """Step 4: record that upphandlingscenter or the IT-enhet acknowledged the decision."""
    policy.require(actor, policy.MANAGE, case)
    case = _lock(case)
    if case.status != CaseStatus.UPPHANDLING:
        raise ValidationError(_("Kvittens registreras när ärendet är i upphandlingssteget."))
    _required(comment, _("Skriv vem som kvitterade och hur."))
    now = timezone.now()
    if party == AckParty.UPPHANDLING:
        if case.procurement_ack_at:
            raise ValidationError(_("Upphandlingscenter har redan kvitterat."))
        case.procurement_ack_at = now
    elif party == AckParty.IT_ENHET:
        if case.it_ack_at:
            raise ValidationError(_("IT-enheten har redan kvitterat."))
        case.it_ack_at = now
    else:
        raise ValidationError(_("Okänd part."))
    from_status = case.status
    if case.procurement_ack_at and case.it_ack_at:
        case.status = CaseStatus.AVSLUTAT
    case._history_user = actor
    case.save()
    _event(
        case,
        kind=CaseEventKind.ACKNOWLEDGED,
        actor=actor,
        from_status=from_status,
        comment=comment,
        party=party,
    )
    return case


# --- Meetings and agendas -----------------------------------------------------------


def _require_unsigned(meeting: Meeting) -> Meeting:
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.is_signed():
        raise SignedMinutesError()
    return locked


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
        case = _lock(case)
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
        _event(
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
            check_permission=False,
        )


def _apply_to_case(*, actor, decision: Decision) -> None:
    from governance import tasks

    case = decision.case
    if case is None:
        return
    case = _lock(case)
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
    _event(
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
        _event(
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
    _required(text, {"text": _("Skriv beslutstexten.")})
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
    if Decision.objects.filter(agenda_item=item).exists():
        raise ValidationError(_("Punkten har redan ett beslut."))
    case = item.case
    if case is not None:
        case = _lock(case)
        if not case.is_decidable:
            raise ValidationError(
                _("Ärendet kan inte beslutas utan färdig beredning, om det inte är brådskande.")
            )
    if corrects is not None and not corrects.is_signed():
        raise ValidationError({"corrects": _("Bara ett justerat beslut kan rättas.")})
    council = meeting.council
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
    case = _lock(case)
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
    meeting.minutes_status = MinutesStatus.QUEUED
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
        MinutesStatus.FAILED,
        MinutesStatus.NONE,
    ):
        raise ValidationError(_("Det finns inget misslyckat protokoll att skapa igen."))
    meeting.minutes_status = MinutesStatus.QUEUED
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
