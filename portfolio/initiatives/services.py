"""Services for the initiative register (initiativ). Views and tests call these.

Each service takes the acting user as ``actor``, checks the policy, validates
and runs in one transaction; the actor is written into the audit history.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portfolio import policy
from portfolio.models import (
    BenefitLine,
    BenefitRealisation,
    FinancingLine,
    Initiative,
    InitiativeCost,
    Risk,
    StatusReport,
)


def _save(obj, actor):
    obj._history_user = actor
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def register_initiative(*, actor, initiative: Initiative, goals=(), participants=()) -> Initiative:
    """Register a new initiative (status idé) in a kommun the actor may add to."""
    if initiative.forvaltning_id and not initiative.kommun_id:
        initiative.kommun_id = initiative.forvaltning.kommun_id
    if not initiative.kommun_id:
        raise ValidationError(_("Välj en förvaltning."))
    policy.require_add(actor, Initiative, forvaltning=initiative.forvaltning)
    policy.require_person(initiative.contact, kommun_id=initiative.kommun_id, field="contact")
    initiative.created_by = actor
    _save(initiative, actor)
    initiative.goals.set(goals)
    initiative.participants.set(participants)
    policy.require_still_visible(actor, initiative)
    return initiative


@transaction.atomic
def update_initiative(
    *, actor, initiative: Initiative, goals=None, participants=None
) -> Initiative:
    """Save changed fields of an initiative the actor may change."""
    policy.require(actor, policy.CHANGE, Initiative.objects.get(pk=initiative.pk))
    if Initiative.objects.filter(pk=initiative.pk).exclude(forvaltning=initiative.forvaltning):
        policy.require_add(actor, Initiative, forvaltning=initiative.forvaltning)
    initiative.kommun_id = initiative.forvaltning.kommun_id
    policy.require_person(initiative.contact, kommun_id=initiative.kommun_id, field="contact")
    _save(initiative, actor)
    if goals is not None:
        initiative.goals.set(goals)
    if participants is not None:
        initiative.participants.set(participants)
    return initiative


def _add_child(actor, initiative, child):
    policy.require(actor, policy.CHANGE, initiative)
    child.initiative = initiative
    return _save(child, actor)


@transaction.atomic
def add_benefit_line(*, actor, initiative, benefit: BenefitLine) -> BenefitLine:
    """Add a nyttokalkyl line; the nyttoägare must hold a role in the initiative's kommun."""
    policy.require_person(benefit.owner, kommun_id=initiative.kommun_id, field="owner")
    return _add_child(actor, initiative, benefit)


@transaction.atomic
def remove_benefit_line(*, actor, benefit: BenefitLine) -> None:
    policy.require(actor, policy.CHANGE, benefit.initiative)
    benefit._history_user = actor
    benefit.delete()


@transaction.atomic
def add_cost(*, actor, initiative, cost: InitiativeCost) -> InitiativeCost:
    """Add a cost line (investering/löpande, utveckling/drift) for one year."""
    return _add_child(actor, initiative, cost)


@transaction.atomic
def add_financing(*, actor, initiative, financing: FinancingLine) -> FinancingLine:
    """Add a financing line."""
    if financing.used and financing.amount is not None and financing.used > financing.amount:
        raise ValidationError({"used": _("Förbrukat belopp kan inte vara större än beloppet.")})
    return _add_child(actor, initiative, financing)


@transaction.atomic
def add_risk(*, actor, initiative, risk: Risk) -> Risk:
    """Add a risk (sannolikhet × konsekvens)."""
    return _add_child(actor, initiative, risk)


@transaction.atomic
def add_status_report(*, actor, initiative, report: StatusReport) -> StatusReport:
    """Add a dated status report (grön/gul/röd)."""
    report.author = actor
    return _add_child(actor, initiative, report)


@transaction.atomic
def record_realisation(*, actor, benefit: BenefitLine, year: int, value, comment: str = ""):
    """Record (or correct) the realised value of a benefit line for a year."""
    policy.require(actor, policy.CHANGE, benefit.initiative)
    realisation = BenefitRealisation.objects.filter(benefit=benefit, year=year).first()
    realisation = realisation or BenefitRealisation(benefit=benefit, year=year)
    realisation.value = value
    realisation.comment = comment
    return _save(realisation, actor)


def _status_guard(
    initiative, to_status: str, decision_reference: str, *, follows_decision: bool
) -> None:
    """What an initiative must carry before it may enter ``to_status``.

    Beslutad needs a decision for this move: a § or delegationsbeslut (given by
    governance when the decision takes effect) or a reference the user writes;
    an earlier decision does not count. Prioritering needs a cost estimate and
    an expected benefit, unless the move follows a decision in governance
    (``follows_decision``, never set from a form), which outranks the portfolio's
    own process.
    """
    from portfolio.choices import InitiativeStatus

    if to_status == InitiativeStatus.BESLUTAD and not decision_reference:
        raise ValidationError(
            {
                "decision_reference": _(
                    "Ett initiativ kan bara bli Beslutad med ett beslut: ett § i "
                    "IT-styrgruppen, ett delegationsbeslut eller en skriven beslutsreferens."
                )
            }
        )
    if to_status == InitiativeStatus.PRIORITERING and not follows_decision:
        missing = []
        if not initiative.costs.exists():
            missing.append(_("en kostnadsuppskattning"))
        if not initiative.benefits.exists():
            missing.append(_("en förväntad nytta"))
        if missing:
            raise ValidationError(
                _("Initiativet kan inte gå till prioritering utan %(missing)s.")
                % {"missing": _(" och ").join(str(m) for m in missing)}
            )


@transaction.atomic
def transition_initiative(
    *,
    actor,
    initiative,
    to_status: str,
    comment: str = "",
    decision_reference: str = "",
    follows_decision: bool = False,
    check_permission: bool = True,
):
    """Move an initiative to ``to_status`` if the transition is allowed.

    Records an ``InitiativeStatusChange`` with actor, time and comment.
    ``decision_reference`` names the decision the move follows (a § or a
    delegationsbeslut, or a reference the user writes); it is required for
    Beslutad and kept on the initiative. ``check_permission=False`` is for
    callers that have already checked a stronger right (a governance decision
    moves the initiative it concerns).
    """
    from portfolio.choices import INITIATIVE_TRANSITIONS, InitiativeStatus
    from portfolio.models import Initiative, InitiativeStatusChange

    if check_permission:
        policy.require(actor, policy.CHANGE, initiative)
    locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
    current = locked.status
    if to_status not in INITIATIVE_TRANSITIONS.get(current, frozenset()):
        raise ValidationError(
            _("Ett initiativ med status %(from)s kan inte flyttas till %(to)s.")
            % {
                "from": InitiativeStatus(current).label,
                "to": InitiativeStatus(to_status).label
                if to_status in InitiativeStatus.values
                else to_status,
            }
        )
    decision_reference = decision_reference.strip()
    _status_guard(locked, to_status, decision_reference, follows_decision=follows_decision)
    locked.status = to_status
    fields = ["status", "updated_at"]
    if decision_reference and to_status in (InitiativeStatus.BESLUTAD, InitiativeStatus.AVSLAGEN):
        locked.decision_reference = decision_reference[:200]
        fields.append("decision_reference")
    elif current == InitiativeStatus.BESLUTAD and to_status == InitiativeStatus.KVALIFICERING:
        locked.decision_reference = ""  # back to the process: the old decision no longer holds
        fields.append("decision_reference")
    locked._history_user = actor
    locked.save(update_fields=fields)
    InitiativeStatusChange.objects.create(
        initiative=locked, from_status=current, to_status=to_status, actor=actor, comment=comment
    )
    initiative.status = to_status
    initiative.decision_reference = locked.decision_reference
    return locked
