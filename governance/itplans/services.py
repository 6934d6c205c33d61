"""IT-plan services: write, submit, treat, fastställ, revise, and feed the prioritisation.

Every function takes keyword-only arguments with an ``actor``, asks the policy
and runs in one transaction. The workflow (seed 002):

    utkast (the förvaltning writes) → inlämnad (the förvaltningschef submits)
    → behandlad (the IT-styrgrupp's § is linked) → fastställd (the § is justerat
    and approves the plan)

A submitted plan is frozen (the policy refuses CHANGE and its lines refuse
save); ``start_new_version`` copies it into a new utkast.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.choices import APPROVALS, CouncilKind, ITPlanStatus
from governance.itplans.consolidation import current_plans
from governance.models import (
    Decision,
    ITPlan,
    ITPlanCost,
    ITPlanInitiative,
    ITPlanSystem,
)
from portfolio import policy
from portfolio.choices import InitiativeStatus, SystemCategory, SystemKind
from portfolio.initiatives import services as initiative_services
from portfolio.models import Initiative, System
from portfolio.prioritisation.services import SCORABLE_STATUSES


def _save(obj, actor):
    obj._history_user = actor
    obj.full_clean()
    obj.save()
    return obj


def _locked(plan: ITPlan) -> ITPlan:
    return ITPlan.objects.select_for_update().select_related("forvaltning").get(pk=plan.pk)


def _exists_message(forvaltning, year) -> str:
    return _(
        "%(forvaltning)s har redan en IT-plan för %(year)s. Öppna den, eller starta en ny "
        "version från den."
    ) % {"forvaltning": forvaltning.name, "year": year}


@transaction.atomic
def start_plan(*, actor, forvaltning, year: int, contact, summary: str = "") -> ITPlan:
    """A new IT-plan (utkast, version 1) for ``forvaltning`` with ``year`` as its first year."""
    policy.require_add(actor, ITPlan, forvaltning=forvaltning)
    policy.require_person(contact, kommun_id=forvaltning.kommun_id, field="contact")
    if ITPlan.objects.filter(forvaltning=forvaltning, year=year).exists():
        raise ValidationError(_exists_message(forvaltning, year))
    plan = ITPlan(
        kommun_id=forvaltning.kommun_id,
        forvaltning=forvaltning,
        year=year,
        contact=contact,
        summary=summary,
        created_by=actor,
    )
    try:
        with transaction.atomic():
            _save(plan, actor)
    except IntegrityError:  # the same plan started at the same moment
        raise ValidationError(_exists_message(forvaltning, year)) from None
    policy.require_still_visible(actor, plan)
    return plan


@transaction.atomic
def update_plan(*, actor, plan: ITPlan, contact, summary: str) -> ITPlan:
    """Change the utkast's kontaktperson and text. Refused once the plan is submitted."""
    plan = _locked(plan)
    policy.require(actor, policy.CHANGE, plan)
    policy.require_person(contact, kommun_id=plan.kommun_id, field="contact")
    plan.contact = contact
    plan.summary = summary
    _save(plan, actor)
    policy.require_still_visible(actor, plan)
    return plan


def _require_draft(actor, plan: ITPlan) -> ITPlan:
    plan = _locked(plan)
    policy.require(actor, policy.CHANGE, plan)
    return plan


@transaction.atomic
def add_plan_initiative(
    *, actor, plan: ITPlan, initiative: Initiative, start_year: int, note: str = ""
) -> ITPlanInitiative:
    """Put an initiative of the register (of the plan's förvaltning) into the plan."""
    plan = _require_draft(actor, plan)
    policy.require(actor, policy.VIEW, initiative)
    if initiative.forvaltning_id != plan.forvaltning_id:
        raise ValidationError(
            {"initiative": _("Initiativet måste höra till förvaltningen som skriver planen.")}
        )
    if plan.initiative_lines.filter(initiative=initiative).exists():
        raise ValidationError({"initiative": _("Initiativet finns redan i planen.")})
    line = ITPlanInitiative(plan=plan, initiative=initiative, start_year=start_year, note=note)
    return _save(line, actor)


@transaction.atomic
def propose_initiative(
    *, actor, plan: ITPlan, initiative: Initiative, start_year: int, note: str = ""
) -> ITPlanInitiative:
    """Register a new initiative (idé) in the initiative register from the plan and link it.

    The initiative belongs to the plan's förvaltning, with the actor as
    kontaktperson; the initiative register's own service decides whether the
    actor may propose it there.
    """
    plan = _require_draft(actor, plan)
    plan.check_year(start_year, "start_year")
    initiative.forvaltning = plan.forvaltning
    initiative.kommun_id = plan.kommun_id
    initiative.contact = actor
    initiative_services.register_initiative(actor=actor, initiative=initiative)
    line = ITPlanInitiative(plan=plan, initiative=initiative, start_year=start_year, note=note)
    return _save(line, actor)


def system_choices(plan: ITPlan, actor):
    """Systems a plan may name: its förvaltning's; for the kommunledningskontor also the
    kommungemensamma systems and the platform of the kommun."""
    mine = Q(forvaltning=plan.forvaltning)
    if plan.covers_common_systems:
        mine |= Q(kommun_id=plan.kommun_id) & (
            Q(kind=SystemKind.KOMMUNGEMENSAMT) | Q(category=SystemCategory.IT_PLATTFORM)
        )
    return policy.restrict(System.objects.filter(mine), actor).order_by("name")


@transaction.atomic
def add_plan_system(*, actor, plan: ITPlan, line: ITPlanSystem) -> ITPlanSystem:
    """Add a system change (upphandla, ersätta, uppgradera, avveckla) with its lifecycle target."""
    plan = _require_draft(actor, plan)
    if line.system_id and not system_choices(plan, actor).filter(pk=line.system_id).exists():
        raise ValidationError(
            {"system": _("Systemet hör inte till förvaltningen som skriver planen.")}
        )
    line.plan = plan
    return _save(line, actor)


@transaction.atomic
def add_plan_cost(*, actor, plan: ITPlan, cost: ITPlanCost) -> ITPlanCost:
    """Add an estimated cost (utveckling or drift) for one of the plan's years."""
    plan = _require_draft(actor, plan)
    cost.plan = plan
    return _save(cost, actor)


@transaction.atomic
def remove_plan_line(*, actor, line) -> None:
    """Remove an initiative, system change or cost from an utkast."""
    _require_draft(actor, line.plan)
    line._history_user = actor
    line.delete()


@transaction.atomic
def submit_plan(*, actor, plan: ITPlan) -> ITPlan:
    """Lämna in: the förvaltningschef submits the utkast; from now on it is frozen."""
    plan = _locked(plan)
    policy.require(actor, policy.SUBMIT, plan)
    if plan.status != ITPlanStatus.UTKAST:
        raise ValidationError(_("Bara ett utkast kan lämnas in."))
    if not (
        plan.initiative_lines.exists() or plan.system_lines.exists() or plan.cost_lines.exists()
    ):
        raise ValidationError(
            _(
                "En tom IT-plan kan inte lämnas in. Lägg till initiativ, systemförändringar "
                "eller kostnader först."
            )
        )
    plan.status = ITPlanStatus.INLAMNAD
    plan.submitted_at = timezone.now()
    plan.submitted_by = actor
    plan._history_user = actor
    plan.save()
    return plan


def styrgrupp_decisions(plan: ITPlan, actor):
    """The §§ that may record the plan's treatment: the kommun's IT-styrgrupp, visible to
    the actor, newest first."""
    return (
        policy.restrict(Decision.objects.all(), actor)
        .filter(
            kommun_id=plan.kommun_id,
            is_delegation=False,
            council__kind=CouncilKind.IT_STYRGRUPP,
            council__kommun_id=plan.kommun_id,
        )
        .select_related("council", "meeting")
        .order_by("-decision_date", "-number")
    )


@transaction.atomic
def treat_plan(*, actor, plan: ITPlan, decision: Decision) -> ITPlan:
    """Behandlad: link the IT-styrgrupp's § in which the submitted plan was dealt with."""
    plan = _locked(plan)
    policy.require(actor, policy.MANAGE, plan)
    if plan.status != ITPlanStatus.INLAMNAD:
        raise ValidationError(_("Bara en inlämnad IT-plan kan behandlas av IT-styrgruppen."))
    if not styrgrupp_decisions(plan, actor).filter(pk=decision.pk).exists():
        raise ValidationError({"decision": _("Välj ett beslut (§) av kommunens IT-styrgrupp.")})
    plan.decision = decision
    plan.status = ITPlanStatus.BEHANDLAD
    plan.treated_at = timezone.now()
    plan.treated_by = actor
    plan._history_user = actor
    plan.save()
    return plan


@transaction.atomic
def adopt_plan(*, actor, plan: ITPlan) -> ITPlan:
    """Fastställ: the linked § is justerat and approves the plan."""
    plan = _locked(plan)
    policy.require(actor, policy.MANAGE, plan)
    if plan.status != ITPlanStatus.BEHANDLAD or plan.decision_id is None:
        raise ValidationError(
            _("Bara en IT-plan som IT-styrgruppen har behandlat kan fastställas.")
        )
    decision = Decision.objects.select_related("meeting").get(pk=plan.decision_id)
    if not decision.is_final:
        raise ValidationError(
            _("%(ref)s är inte justerat än. Planen fastställs när beslutet gäller.")
            % {"ref": decision.paragraph}
        )
    if decision.decision_type not in APPROVALS:
        raise ValidationError(
            _(
                "IT-styrgruppen biföll inte planen (%(type)s). Starta en ny version och lämna "
                "in den igen."
            )
            % {"type": decision.get_decision_type_display()}
        )
    plan.status = ITPlanStatus.FASTSTALLD
    plan.adopted_at = timezone.now()
    plan.adopted_by = actor
    plan._history_user = actor
    plan.save()
    return plan


@transaction.atomic
def start_new_version(*, actor, plan: ITPlan) -> ITPlan:
    """A new utkast copying a submitted plan (the latest version); the old one stays as it was."""
    plan = _locked(plan)
    policy.require(actor, policy.VIEW, plan)
    policy.require_add(actor, ITPlan, forvaltning=plan.forvaltning)
    if not plan.is_frozen:
        raise ValidationError(_("Planen är ett utkast och kan ändras direkt."))
    latest = ITPlan.objects.filter(forvaltning=plan.forvaltning, year=plan.year).aggregate(
        v=Max("version")
    )["v"]
    if latest != plan.version:
        raise ValidationError(_("Det finns redan en nyare version av planen."))
    new = ITPlan(
        kommun_id=plan.kommun_id,
        forvaltning=plan.forvaltning,
        year=plan.year,
        version=plan.version + 1,
        contact=plan.contact,
        summary=plan.summary,
        created_by=actor,
    )
    _save(new, actor)
    for line in plan.initiative_lines.all():
        _save(ITPlanInitiative(plan=new, **_copy(line, "initiative", "start_year", "note")), actor)
    for line in plan.system_lines.all():
        fields = _copy(line, "change", "system", "name", "year", "target_lifecycle", "note")
        _save(ITPlanSystem(plan=new, **fields), actor)
    for line in plan.cost_lines.all():
        fields = _copy(line, "year", "nature", "amount", "description")
        _save(ITPlanCost(plan=new, **fields), actor)
    return new


def _copy(line, *names) -> dict:
    return {name: getattr(line, name) for name in names}


@dataclass
class SentToPrioritisation:
    """What ``send_to_prioritisation`` did, per initiative title."""

    sent: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


@transaction.atomic
def send_to_prioritisation(*, actor, kommun, year: int) -> SentToPrioritisation:
    """Send the submitted plans' initiatives into the year's prioritisation round.

    An initiative enters the ranking in kvalificering (the prioritisation ranks
    initiatives in kvalificering and prioritering): an idé is moved there with
    the initiative register's own transition, recorded with the plan it came
    from. Those already in the round are left alone; those further on
    (beslutade, i genomförande, closed) are skipped. Utkast are not sent.
    """
    policy.require(actor, policy.MANAGE, kommun)
    result = SentToPrioritisation()
    plans = current_plans(kommun, year).exclude(status=ITPlanStatus.UTKAST)
    lines = (
        ITPlanInitiative.objects.filter(plan__in=plans)
        .select_related("initiative", "plan__forvaltning")
        .order_by("plan__forvaltning__name", "start_year", "pk")
    )
    seen: set[int] = set()
    for line in lines:
        initiative = line.initiative
        if initiative.pk in seen:
            continue
        seen.add(initiative.pk)
        if initiative.status == InitiativeStatus.IDE:
            initiative_services.transition_initiative(
                actor=actor,
                initiative=initiative,
                to_status=InitiativeStatus.KVALIFICERING,
                comment=_("Från %(plan)s") % {"plan": line.plan},
            )
            result.sent.append(initiative.title)
        elif initiative.status in SCORABLE_STATUSES:
            result.already.append(initiative.title)
        else:
            result.skipped.append(initiative.title)
    return result
