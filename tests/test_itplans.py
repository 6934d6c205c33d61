"""IT-plans per nämnd (issue 16, seed 002): workflow, freezing, refusals, consolidation.

Services are called directly, as a forged request would: each one refuses
what its page does not offer.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from governance.choices import DecisionType, ITPlanStatus, MilestoneKind, SystemChange
from governance.itplans import services
from governance.itplans.consolidation import consolidate
from governance.meetings import justering
from governance.models import (
    AnnualMilestone,
    ITPlan,
    ITPlanCost,
    ITPlanInitiative,
    ITPlanSystem,
)
from portfolio.choices import (
    CostNature,
    ForvaltningKind,
    InitiativeStatus,
    Lifecycle,
    Role,
)
from portfolio.models import Initiative, InitiativeStatusChange
from tests.factories import (
    ForvaltningFactory,
    InitiativeFactory,
    SystemFactory,
    governance_world,
    user_with_role,
)
from tests.test_governance import add_item, decide, meeting

pytestmark = pytest.mark.django_db

YEAR = 2027
DEV, OPS = CostNature.UTVECKLING, CostNature.DRIFT


@pytest.fixture
def w():
    return planning_world()


def planning_world():
    """``governance_world`` with a förvaltningschef (fc), a kontaktperson and an utkast 2027."""
    w = governance_world()
    w.fc = user_with_role(Role.FORVALTNINGSCHEF, forvaltning=w.forvaltning)
    w.contact = user_with_role(Role.SYSTEMFORVALTARE, forvaltning=w.forvaltning)
    w.plan = services.start_plan(
        actor=w.fc, forvaltning=w.forvaltning, year=YEAR, contact=w.contact
    )
    return w


def cost(w, plan, year, nature, amount, actor=None, description="Kostnad"):
    return services.add_plan_cost(
        actor=actor or w.fc,
        plan=plan,
        cost=ITPlanCost(year=year, nature=nature, amount=Decimal(amount), description=description),
    )


def submitted(w, plan=None):
    plan = plan or w.plan
    if not plan.cost_lines.exists():
        cost(w, plan, YEAR, DEV, 100_000)
    return services.submit_plan(actor=w.fc, plan=plan)


def styrgrupp_paragraph(w, decision_type=DecisionType.BIFALL, justerad=True):
    m = meeting(w)
    decision = decide(w, add_item(w, m, kind="other", title="IT-planer"), decision_type)
    if justerad:
        justering.adjust_decision(actor=w.ledamot, decision=decision)
        decision.refresh_from_db()
    return decision


# --- Workflow and freezing ----------------------------------------------------------------


def test_utkast_to_faststalld_through_the_styrgrupps_paragraph(w):
    assert (w.plan.status, w.plan.version, w.plan.horizon) == ("utkast", 1, [2027, 2028, 2029])
    # The kontaktperson writes the utkast; the förvaltningschef submits it.
    cost(w, w.plan, 2027, DEV, 1_250_000, actor=w.contact)
    initiative = InitiativeFactory(kommun=w.kommun, forvaltning=w.forvaltning)
    services.add_plan_initiative(
        actor=w.contact, plan=w.plan, initiative=initiative, start_year=2028
    )
    with pytest.raises(PermissionDenied, match="förvaltningschefen"):
        services.submit_plan(actor=w.contact, plan=w.plan)
    plan = services.submit_plan(actor=w.fc, plan=w.plan)
    assert plan.status == ITPlanStatus.INLAMNAD and plan.submitted_by == w.fc

    unsigned = styrgrupp_paragraph(w, justerad=False)
    with pytest.raises(PermissionDenied):
        services.treat_plan(actor=w.fc, plan=plan, decision=unsigned)
    plan = services.treat_plan(actor=w.strateg, plan=plan, decision=unsigned)
    assert plan.status == ITPlanStatus.BEHANDLAD and plan.decision == unsigned
    with pytest.raises(ValidationError, match="inte justerat"):
        services.adopt_plan(actor=w.strateg, plan=plan)
    justering.adjust_decision(actor=w.ledamot, decision=unsigned)
    plan = services.adopt_plan(actor=w.strateg, plan=plan)
    assert plan.status == ITPlanStatus.FASTSTALLD and plan.adopted_by == w.strateg
    with pytest.raises(ValidationError, match="Bara en IT-plan som IT-styrgruppen"):
        services.adopt_plan(actor=w.strateg, plan=plan)


def test_a_submitted_plan_is_frozen_in_service_and_model(w):
    line = cost(w, w.plan, 2028, OPS, 200_000)
    plan = submitted(w)
    for actor in (w.fc, w.contact, w.strateg):
        with pytest.raises(PermissionDenied, match="inlämnad"):
            cost(w, plan, 2027, DEV, 1, actor=actor)
        with pytest.raises(PermissionDenied):
            services.update_plan(actor=actor, plan=plan, contact=w.fc, summary="Ändrad")
        with pytest.raises(PermissionDenied):
            services.remove_plan_line(actor=actor, line=line)
    # Below the services, the line itself refuses.
    line.amount = Decimal(1)
    with pytest.raises(ValidationError, match="inlämnad"):
        line.save()
    with pytest.raises(ValidationError, match="inlämnad"):
        line.delete()
    with pytest.raises(ValidationError):
        ITPlanCost.objects.create(plan=plan, year=2027, nature=DEV, amount=5, description="x")
    assert ITPlanCost.objects.get(pk=line.pk).amount == 200_000
    assert plan.cost_lines.count() == 1


def test_a_faststalld_plan_is_frozen_and_a_new_version_revises_it(w):
    system = SystemFactory(kommun=w.kommun, forvaltning=w.forvaltning, name="Treserva")
    services.add_plan_system(
        actor=w.fc,
        plan=w.plan,
        line=ITPlanSystem(
            change=SystemChange.AVVECKLA,
            system=system,
            year=2029,
            target_lifecycle=Lifecycle.AVVECKLAD,
        ),
    )
    plan = submitted(w)
    plan = services.treat_plan(actor=w.strateg, plan=plan, decision=styrgrupp_paragraph(w))
    plan = services.adopt_plan(actor=w.strateg, plan=plan)
    with pytest.raises(PermissionDenied):
        cost(w, plan, 2027, DEV, 1, actor=w.strateg)
    with pytest.raises(PermissionDenied):
        services.submit_plan(actor=w.fc, plan=plan)

    new = services.start_new_version(actor=w.fc, plan=plan)
    assert (new.version, new.status, new.contact) == (2, ITPlanStatus.UTKAST, w.contact)
    assert list(new.system_lines.values_list("system", "change")) == [(system.pk, "avveckla")]
    assert new.cost_lines.get().amount == 100_000
    cost(w, new, 2028, OPS, 5_000)  # the new version is an utkast
    plan.refresh_from_db()
    assert plan.status == ITPlanStatus.FASTSTALLD and plan.cost_lines.count() == 1
    with pytest.raises(ValidationError, match="nyare version"):
        services.start_new_version(actor=w.fc, plan=plan)
    with pytest.raises(ValidationError, match="utkast"):
        services.start_new_version(actor=w.fc, plan=new)


def test_a_plan_the_styrgrupp_did_not_approve_is_not_faststalld(w):
    plan = submitted(w)
    rejected = styrgrupp_paragraph(w, DecisionType.ATERREMISS)
    plan = services.treat_plan(actor=w.strateg, plan=plan, decision=rejected)
    with pytest.raises(ValidationError, match="biföll inte"):
        services.adopt_plan(actor=w.strateg, plan=plan)
    assert ITPlan.objects.get(pk=plan.pk).status == ITPlanStatus.BEHANDLAD


def test_only_a_paragraph_of_the_kommuns_styrgrupp_records_the_treatment(w):
    plan = submitted(w)
    beredning_meeting = meeting(w, council=w.beredning)
    beredning = decide(w, add_item(w, beredning_meeting, kind="other", title="IT-planer"))
    with pytest.raises(ValidationError, match="IT-styrgrupp"):
        services.treat_plan(actor=w.strateg, plan=plan, decision=beredning)
    other = governance_world()
    other_decision = decide(other, add_item(other, meeting(other), kind="other", title="X"))
    with pytest.raises(ValidationError, match="IT-styrgrupp"):
        services.treat_plan(actor=w.strateg, plan=plan, decision=other_decision)
    draft = services.start_plan(actor=w.fc, forvaltning=w.forvaltning, year=2030, contact=w.fc)
    with pytest.raises(ValidationError, match="inlämnad"):
        services.treat_plan(actor=w.strateg, plan=draft, decision=styrgrupp_paragraph(w))
    assert ITPlan.objects.get(pk=plan.pk).status == ITPlanStatus.INLAMNAD


def test_an_empty_plan_cannot_be_submitted(w):
    with pytest.raises(ValidationError, match="tom IT-plan"):
        services.submit_plan(actor=w.fc, plan=w.plan)
    assert ITPlan.objects.get(pk=w.plan.pk).status == ITPlanStatus.UTKAST


# --- Permissions at the service layer ------------------------------------------------------


def test_who_may_start_see_and_write_a_plan(w):
    assert services.start_plan(
        actor=w.strateg, forvaltning=w.fc_other.role_assignments.get().forvaltning, year=YEAR,
        contact=w.fc_other,
    )  # fmt: skip
    with pytest.raises(PermissionDenied, match="starta"):
        services.start_plan(actor=w.fc_other, forvaltning=w.forvaltning, year=2030, contact=w.fc)
    with pytest.raises(PermissionDenied):
        services.start_plan(actor=w.kd, forvaltning=w.forvaltning, year=2030, contact=w.fc)
    with pytest.raises(ValidationError, match="redan en IT-plan"):
        services.start_plan(actor=w.fc, forvaltning=w.forvaltning, year=YEAR, contact=w.fc)
    # Others see nothing: the kommundirektör, another förvaltning's chief, another kommun.
    for outsider in (w.kd, w.fc_other, w.outsider, w.systemagare):
        with pytest.raises(Http404):
            cost(w, w.plan, 2027, DEV, 1, actor=outsider)
    assert not w.plan.cost_lines.exists()


def test_a_bolag_writes_no_it_plan(w):
    bolag = ForvaltningFactory(kommun=w.kommun, name="Bostäder AB", kind=ForvaltningKind.BOLAG)
    with pytest.raises(ValidationError, match="bolag"):
        services.start_plan(actor=w.strateg, forvaltning=bolag, year=YEAR, contact=w.strateg)
    assert not ITPlan.objects.filter(forvaltning=bolag).exists()


# --- Bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "amount", "message"),
    [
        (2030, 100, "inom planens period 2027–2029"),
        (2026, 100, "inom planens period 2027–2029"),
        (2027, -1, "kan inte vara negativt"),
    ],
)
def test_bad_cost_lines_get_a_swedish_message_and_save_nothing(w, year, amount, message):
    with pytest.raises(ValidationError, match=message):
        cost(w, w.plan, year, DEV, amount)
    assert not ITPlanCost.objects.exists()


def test_initiative_and_system_lines_are_checked(w):
    kultur = w.fc_other.role_assignments.get().forvaltning
    elsewhere = InitiativeFactory(kommun=w.kommun, forvaltning=kultur)
    with pytest.raises(Http404):  # the förvaltningschef does not even see it
        services.add_plan_initiative(actor=w.fc, plan=w.plan, initiative=elsewhere, start_year=2027)
    with pytest.raises(ValidationError, match="förvaltningen som skriver planen"):
        services.add_plan_initiative(
            actor=w.strateg, plan=w.plan, initiative=elsewhere, start_year=2027
        )
    mine = InitiativeFactory(kommun=w.kommun, forvaltning=w.forvaltning)
    with pytest.raises(ValidationError, match="inom planens period"):
        services.add_plan_initiative(actor=w.fc, plan=w.plan, initiative=mine, start_year=2031)
    services.add_plan_initiative(actor=w.fc, plan=w.plan, initiative=mine, start_year=2027)
    with pytest.raises(ValidationError, match="redan i planen"):
        services.add_plan_initiative(actor=w.fc, plan=w.plan, initiative=mine, start_year=2028)
    foreign = SystemFactory(kommun=w.kommun)
    line = ITPlanSystem(change="avveckla", system=foreign, year=2027, target_lifecycle="avvecklad")
    with pytest.raises(ValidationError, match="hör inte till förvaltningen"):
        services.add_plan_system(actor=w.fc, plan=w.plan, line=line)
    bad = ITPlanSystem(change="avveckla", year=2027, target_lifecycle="i_drift")
    with pytest.raises(ValidationError) as excinfo:
        services.add_plan_system(actor=w.fc, plan=w.plan, line=bad)
    assert "Välj systemet" in str(excinfo.value) and "kan inte leda till" in str(excinfo.value)
    assert ITPlanInitiative.objects.count() == 1 and not ITPlanSystem.objects.exists()


def test_a_new_initiative_is_proposed_from_the_plan_into_the_register(w):
    line = services.propose_initiative(
        actor=w.fc,
        plan=w.plan,
        initiative=Initiative(
            title="Digital ekonomisk rådgivning",
            description="Rådgivning via video.",
            kind="e_tjanst",
            area="socialtjanst",
        ),
        start_year=2028,
    )
    initiative = line.initiative
    assert initiative.status == InitiativeStatus.IDE
    assert (initiative.forvaltning, initiative.kommun, initiative.contact) == (
        w.forvaltning,
        w.kommun,
        w.fc,
    )
    assert line.plan == w.plan and line.start_year == 2028
    # A kontaktperson without a proposer role may not register initiatives.
    with pytest.raises(PermissionDenied):
        services.propose_initiative(
            actor=w.contact,
            plan=w.plan,
            initiative=Initiative(title="X", description="X", kind="e_tjanst", area="it"),
            start_year=2027,
        )
    assert not Initiative.objects.filter(title="X").exists()


# --- Consolidation ----------------------------------------------------------------------------


@pytest.fixture
def kommun_plans(w):
    return with_kommun_plans(w)


def with_kommun_plans(w):
    """Socialförvaltningen inlämnad, KLK fastställd, Kultur utkast, Barn- och utbildning missing."""
    klk = ForvaltningFactory(
        kommun=w.kommun, name="Kommunledningskontoret", kind=ForvaltningKind.KOMMUNLEDNINGSKONTOR
    )
    kultur = w.fc_other.role_assignments.get().forvaltning
    ForvaltningFactory(kommun=w.kommun, name="Barn- och utbildningsförvaltningen")
    ForvaltningFactory(kommun=w.kommun, name="Bostäder AB", kind=ForvaltningKind.BOLAG)
    cost(w, w.plan, 2027, DEV, 1_250_000)
    cost(w, w.plan, 2027, OPS, 300_000)
    cost(w, w.plan, 2029, OPS, 310_000)
    submitted(w)
    klk_plan = services.start_plan(actor=w.strateg, forvaltning=klk, year=YEAR, contact=w.strateg)
    cost(w, klk_plan, 2027, OPS, 2_400_000, actor=w.strateg)
    cost(w, klk_plan, 2028, DEV, 600_000, actor=w.strateg)
    cost(w, klk_plan, 2028, OPS, 2_500_000, actor=w.strateg)
    services.submit_plan(
        actor=user_with_role(Role.FORVALTNINGSCHEF, forvaltning=klk), plan=klk_plan
    )
    services.treat_plan(actor=w.strateg, plan=klk_plan, decision=styrgrupp_paragraph(w))
    services.adopt_plan(actor=w.strateg, plan=klk_plan)
    draft = services.start_plan(actor=w.fc_other, forvaltning=kultur, year=YEAR, contact=w.fc_other)
    cost(w, draft, 2027, DEV, 9_999_999, actor=w.fc_other)  # an utkast: not in the sums
    AnnualMilestone.objects.create(
        kommun=w.kommun, kind=MilestoneKind.IT_PLAN, title="IT-planer", month=5, day=31
    )
    return w


def test_consolidated_sums_per_year_and_forvaltning(kommun_plans):
    w = kommun_plans
    c = consolidate(w.kommun, YEAR)
    names = [r.forvaltning.name for r in c.rows]
    assert names[0] == "Kommunledningskontoret" and "Bostäder AB" not in names
    rows = {r.forvaltning.name: r for r in c.rows}
    soc = rows["Socialförvaltningen"]
    assert [(y.year, y.dev, y.ops) for y in soc.years] == [
        (2027, 1_250_000, 300_000),
        (2028, 0, 0),
        (2029, 0, 310_000),
    ]
    assert soc.total == Decimal("1860000")
    assert rows["Kommunledningskontoret"].total == Decimal("5500000")
    assert [t.total for t in c.totals] == [
        Decimal("3950000"),
        Decimal("3100000"),
        Decimal("310000"),
    ]
    assert (c.dev, c.ops, c.total) == (Decimal("1850000"), Decimal("5510000"), Decimal("7360000"))
    # The utkast is shown but not summed; the förvaltning without a plan is missing too.
    assert rows["Kultur- och fritidsförvaltningen"].total == Decimal("9999999")
    assert [(r.forvaltning.name, r.plan is not None) for r in c.missing] == [
        ("Barn- och utbildningsförvaltningen", False),
        ("Kultur- och fritidsförvaltningen", True),
    ]
    assert c.deadline == datetime.date(2026, 5, 31)
    c.today = datetime.date(2026, 6, 1)
    assert c.overdue


def test_the_latest_version_counts(kommun_plans):
    w = kommun_plans
    new = services.start_new_version(actor=w.fc, plan=w.plan)
    c = consolidate(w.kommun, YEAR)
    soc = next(r for r in c.rows if r.forvaltning == w.forvaltning)
    assert soc.plan == new and not soc.submitted
    assert c.total == Decimal("5500000")  # only KLK is submitted now


def test_load_counts_running_and_planned_initiatives_against_capacity(kommun_plans):
    w = kommun_plans
    w.forvaltning.change_capacity = 2
    w.forvaltning.save()
    InitiativeFactory(
        kommun=w.kommun, forvaltning=w.forvaltning, status=InitiativeStatus.GENOMFORANDE
    )
    new = services.start_new_version(actor=w.fc, plan=w.plan)
    for title, start in (("A", 2027), ("B", 2027), ("C", 2028)):
        initiative = InitiativeFactory(kommun=w.kommun, forvaltning=w.forvaltning, title=title)
        services.add_plan_initiative(actor=w.fc, plan=new, initiative=initiative, start_year=start)
    assert all(row.above_line == 0 for row in consolidate(w.kommun, YEAR).load)  # an utkast
    services.submit_plan(actor=w.fc, plan=new)
    load = {row.name: row for row in consolidate(w.kommun, YEAR).load}
    soc = load["Socialförvaltningen"]
    assert (soc.in_progress, soc.above_line, soc.capacity, soc.exceeded) == (1, 2, 2, True)
    assert not load["Kommunledningskontoret"].exceeded


# --- Into the prioritisation --------------------------------------------------------------------


def test_send_to_prioritisation_moves_ideas_into_kvalificering(kommun_plans):
    w = kommun_plans
    new = services.start_new_version(actor=w.fc, plan=w.plan)
    idea = InitiativeFactory(kommun=w.kommun, forvaltning=w.forvaltning, title="Idé")
    qualified = InitiativeFactory(
        kommun=w.kommun, forvaltning=w.forvaltning, title="Redan", status="kvalificering"
    )
    running = InitiativeFactory(
        kommun=w.kommun, forvaltning=w.forvaltning, title="Pågår", status="genomforande"
    )
    for initiative in (idea, qualified, running):
        services.add_plan_initiative(actor=w.fc, plan=new, initiative=initiative, start_year=2027)
    kultur_plan = ITPlan.objects.get(forvaltning__name="Kultur- och fritidsförvaltningen")
    draft_idea = InitiativeFactory(kommun=w.kommun, forvaltning=kultur_plan.forvaltning)
    services.add_plan_initiative(
        actor=w.fc_other, plan=kultur_plan, initiative=draft_idea, start_year=2027
    )
    services.submit_plan(actor=w.fc, plan=new)

    for refused in (w.fc, w.kd):
        with pytest.raises((PermissionDenied, Http404)):
            services.send_to_prioritisation(actor=refused, kommun=w.kommun, year=YEAR)
    assert Initiative.objects.get(pk=idea.pk).status == InitiativeStatus.IDE

    result = services.send_to_prioritisation(actor=w.strateg, kommun=w.kommun, year=YEAR)
    assert (result.sent, result.already, result.skipped) == (["Idé"], ["Redan"], ["Pågår"])
    assert Initiative.objects.get(pk=idea.pk).status == InitiativeStatus.KVALIFICERING
    change = InitiativeStatusChange.objects.get(initiative=idea)
    assert change.actor == w.strateg and "IT-plan 2027–2029 Socialförvaltningen" in change.comment
    assert Initiative.objects.get(pk=draft_idea.pk).status == InitiativeStatus.IDE  # utkast
    assert Initiative.objects.get(pk=running.pk).status == InitiativeStatus.GENOMFORANDE
    again = services.send_to_prioritisation(actor=w.strateg, kommun=w.kommun, year=YEAR)
    assert again.sent == [] and "Idé" in again.already


def test_the_planned_initiatives_are_in_the_ranking(kommun_plans):
    from portfolio.prioritisation.services import Context, build_ranking

    w = kommun_plans
    new = services.start_new_version(actor=w.fc, plan=w.plan)
    idea = InitiativeFactory(kommun=w.kommun, forvaltning=w.forvaltning, title="Planerad idé")
    services.add_plan_initiative(actor=w.fc, plan=new, initiative=idea, start_year=2027)
    services.submit_plan(actor=w.fc, plan=new)
    ranking = build_ranking(Context(kommun=w.kommun), YEAR)
    assert idea.pk not in {i.id for i in ranking.unscored}
    services.send_to_prioritisation(actor=w.strateg, kommun=w.kommun, year=YEAR)
    ranking = build_ranking(Context(kommun=w.kommun), YEAR)
    assert idea.pk in {i.id for i in ranking.unscored}


def test_without_an_arshjul_point_there_is_no_deadline(w):
    c = consolidate(w.kommun, YEAR)
    assert c.deadline is None and not c.overdue
