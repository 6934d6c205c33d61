"""§ decisions and delegationsbeslut, and their effect on the ärende and initiative.

A council decision is recorded (``record_decision``) and takes effect when it
is justerad: with the whole minutes or alone by omedelbar justering
(``governance.meetings.justering``), which call ``take_effect``. Until then
the ärende stays where it was, with a "recorded, not yet justerat" event, and
nobody is told. A delegationsbeslut has no minutes: it takes effect when it is
recorded.
"""

from __future__ import annotations

import datetime
from collections import deque

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.cases.services import (
    add_case_event,
    lock_case,
    require_no_pending_decision,
    require_value,
)
from governance.choices import (
    APPROVALS,
    PURCHASE_KINDS,
    AgendaItemKind,
    CaseEventKind,
    CaseKind,
    CaseStatus,
    DecisionType,
)
from governance.meetings.guards import require_item_open, require_unsigned
from governance.models import AgendaItem, Case, Council, Decision
from governance.numbering import next_number
from portfolio import policy
from portfolio.budget import services as budget_services
from portfolio.choices import INITIATIVE_TRANSITIONS, InitiativeStatus
from portfolio.initiatives.services import transition_initiative
from portfolio.outbox import services as outbox

# --- Effects --------------------------------------------------------------------------------


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
    """A decision moves the initiative it concerns: bifall → beslutad, avslag → avslagen."""
    initiative = decision.initiative
    if initiative is None:
        return
    target = {
        DecisionType.BIFALL: InitiativeStatus.BESLUTAD,
        DecisionType.BIFALL_VILLKOR: InitiativeStatus.BESLUTAD,
        DecisionType.AVSLAG: InitiativeStatus.AVSLAGEN,
    }.get(decision.decision_type)
    initiative.refresh_from_db(fields=["status"])
    if target is None or initiative.status == target:
        return
    comment = _("Följer beslut %(ref)s.") % {"ref": decision.reference}
    # Walk the allowed transitions (an idé is qualified and prioritised on the way);
    # an initiative already past the decision (genomförande) is left alone.
    for status in _path(initiative.status, target):
        transition_initiative(
            actor=actor,
            initiative=initiative,
            to_status=status,
            comment=comment,
            decision_reference=decision.reference,
            follows_decision=True,
            check_permission=False,
        )


def _apply_to_budget(*, actor, decision: Decision) -> None:
    """Bifall on a budget item: the budget version becomes beslutad with this § as reference.

    The § is the authority (``follows_decision``); a version decided in the
    meantime (e.g. by delegation) is left as it is.
    """
    item = decision.agenda_item
    if item is None or item.budget_version_id is None:
        return
    if decision.decision_type not in APPROVALS:
        return
    version = item.budget_version
    version.refresh_from_db(fields=["status"])
    if version.is_frozen:
        return
    budget_services.decide_version(
        actor=actor, version=version, reference=decision.reference, follows_decision=True
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
        comment=f"{decision.reference}: {decision.get_decision_type_display()}",
    )
    pk = decision.pk
    outbox.enqueue(tasks.notify_case_decided, pk, label=f"E-post: beslut {pk}")
    if case.status == CaseStatus.UPPHANDLING:
        add_case_event(
            case,
            kind=CaseEventKind.PROCUREMENT_NOTIFIED,
            actor=actor,
            from_status=case.status,
        )
        outbox.enqueue(tasks.notify_procurement, case.pk, label=f"E-post: upphandling {case.pk}")
    decision.case = case


def take_effect(*, actor, decision: Decision) -> None:
    """Apply a final decision to its ärende and initiative, and queue the e-mails.

    Called in the transaction of the justering (or of a delegationsbeslut);
    the e-mails go out on commit. Sets ``effective_at``; the caller saves.
    """
    _apply_to_case(actor=actor, decision=decision)
    _apply_to_initiative(actor=actor, decision=decision)
    _apply_to_budget(actor=actor, decision=decision)
    decision.effective_at = timezone.now()


# --- Recording ------------------------------------------------------------------------------


def has_pending_decision(case: Case) -> bool:
    """A decision is recorded in the ärende but not yet justerat (so not in effect)."""
    return Decision.objects.filter(case=case, effective_at__isnull=True).exists()


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
    """Record the decision on one agenda item and give it the council's next § number.

    The decision is dated with the meeting and takes effect at justering. The
    one who records it must not be jävig in the § (nor the ärende's applicant).
    """
    from governance.meetings.guards import require_not_disqualified

    policy.require(actor, policy.VIEW, item)
    if policy.can(actor, policy.DECIDE, item.meeting):  # an editor, but jävig: say where
        require_not_disqualified(item, actor, _("registrera beslutet"))
    policy.require(actor, policy.DECIDE, item)
    meeting = require_unsigned(item.meeting)
    require_item_open(item)
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
        require_no_pending_decision(case)
    council = meeting.council
    if corrects is not None and corrects.council_id != council.pk:
        raise ValidationError({"corrects": _("Bara ett beslut av samma råd kan rättas.")})
    if corrects is not None and not corrects.is_signed():
        raise ValidationError({"corrects": _("Bara ett justerat beslut kan rättas.")})
    day = timezone.localtime(meeting.starts_at).date()
    decision = Decision(
        council=council,
        kommun_id=case.kommun_id if case else _council_kommun_id(council),
        meeting=meeting,
        agenda_item=item,
        case=case,
        initiative_id=case.initiative_id if case else None,
        year=day.year,
        number=next_number(f"council:{council.pk}", day.year),
        decision_date=day,
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
        add_case_event(
            case,
            kind=CaseEventKind.RECORDED,
            actor=actor,
            from_status=case.status,
            comment=_("%(ref)s: %(type)s. Gäller när protokollet är justerat.")
            % {"ref": decision.reference, "type": decision.get_decision_type_display()},
        )
    return decision


def _council_kommun_id(council: Council) -> int:
    return council.kommun_id or council.samverkan.host_id


@transaction.atomic
def record_delegation_decision(
    *,
    actor,
    case: Case,
    decision_type: str,
    text: str,
    conditions: str = "",
    decision_date: datetime.date | None = None,
) -> Decision:
    """Step 3 for a kommungemensamt system: the kommundirektör decides alone (delegation).

    There are no minutes to justera: the decision is final, and takes effect,
    when it is recorded. ``decision_date`` is the day the kommundirektör decided
    (today unless given; never in the future).
    """
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
    require_no_pending_decision(case)
    today = timezone.localdate()
    day = decision_date or today
    if day > today:
        raise ValidationError({"decision_date": _("Beslutsdatumet kan inte ligga i framtiden.")})
    if day < timezone.localtime(case.created_at).date():
        raise ValidationError({"decision_date": _("Beslutsdatumet kan inte ligga före anmälan.")})
    decision = Decision(
        kommun_id=case.kommun_id,
        case=case,
        initiative_id=case.initiative_id,
        year=day.year,
        number=next_number(f"delegation:{case.kommun_id}", day.year),
        decision_date=day,
        is_delegation=True,
        decision_type=decision_type,
        title=case.title,
        text=text,
        conditions=conditions if decision_type == DecisionType.BIFALL_VILLKOR else "",
        is_secret=case.is_secret,
        recorded_by=actor,
        effective_at=timezone.now(),
    )
    decision._history_user = actor
    decision.save()
    decision.systems.set(case.systems.all())
    _apply_to_case(actor=actor, decision=decision)
    _apply_to_initiative(actor=actor, decision=decision)
    _apply_to_budget(actor=actor, decision=decision)
    return decision
