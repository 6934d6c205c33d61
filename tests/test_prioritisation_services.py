"""Prioritisation services and pages on a small world built with factories."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from portfolio.choices import (
    BenefitKind,
    CostNature,
    FinancingSource,
    InitiativeCostKind,
    InitiativeKind,
    InitiativeStatus,
    Role,
    SystemKind,
    Verksamhetsomrade,
)
from portfolio.models import (
    BenefitLine,
    BudgetLine,
    Criterion,
    FinancingLine,
    Gate,
    GateConfirmation,
    Initiative,
    InitiativeCost,
    InitiativeSystem,
    Override,
    Round,
    Score,
    StrategicGoal,
    System,
)
from portfolio.prioritisation import services
from tests.factories import ForvaltningFactory, KommunFactory, user_with_role

pytestmark = pytest.mark.django_db


def make_initiative(world, title, *, cost=100_000, forvaltning=None, status="prioritering"):
    ini = Initiative.objects.create(
        kommun=world["kommun"],
        title=title,
        description="Test",
        kind=InitiativeKind.E_TJANST,
        area=Verksamhetsomrade.IT,
        forvaltning=forvaltning or world["soc"],
        contact=world["strateg"],
        status=status,
    )
    ini.goals.add(world["goal"])
    InitiativeCost.objects.create(
        initiative=ini,
        year=2027,
        kind=InitiativeCostKind.INVESTERING,
        nature=CostNature.UTVECKLING,
        amount=Decimal(cost),
    )
    InitiativeCost.objects.create(
        initiative=ini,
        year=2027,
        kind=InitiativeCostKind.LOPANDE,
        nature=CostNature.DRIFT,
        amount=Decimal(0),
    )
    FinancingLine.objects.create(
        initiative=ini, source=FinancingSource.ORONMARKTA, year=2027, amount=Decimal(cost)
    )
    BenefitLine.objects.create(
        initiative=ini,
        kind=BenefitKind.KRONOR,
        description="Tid",
        yearly_value=Decimal(50_000),
        first_year=2027,
        last_year=2030,
    )
    return ini


@pytest.fixture
def world():
    kommun = KommunFactory(name="Prio-kommun")
    other = KommunFactory(name="Annan kommun")
    soc = ForvaltningFactory(kommun=kommun, name="Soc")
    bou = ForvaltningFactory(kommun=kommun, name="BoU")
    strateg = user_with_role(Role.IT_STRATEG, kommun=kommun, username="prio.strateg")
    w = {
        "kommun": kommun,
        "other": other,
        "soc": soc,
        "bou": bou,
        "strateg": strateg,
        "chef": user_with_role(Role.FORVALTNINGSCHEF, forvaltning=soc, username="prio.fc"),
        "sg": user_with_role(Role.STYRGRUPPSLEDAMOT, kommun=kommun, username="prio.sg"),
        "kd": user_with_role(Role.KOMMUNDIREKTOR, kommun=kommun, username="prio.kd"),
        "outsider": user_with_role(Role.IT_STRATEG, kommun=other, username="prio.other"),
        "goal": StrategicGoal.objects.create(kommun=kommun, name="Enklare vardag"),
    }
    w["criteria"] = [
        Criterion.objects.create(kommun=kommun, name="Nytta", weight=3, order=1),
        Criterion.objects.create(kommun=kommun, name="Kostnad", weight=2, higher_is_better=False),
    ]
    w["gate"] = Gate.objects.create(kommun=kommun, name="Mål", kind="computed", code="mal_kopplat")
    w["ctx"] = services.Context(kommun=kommun)
    return w


def score(world, ini, nytta, kostnad):
    services.score_initiative(
        actor=world["strateg"],
        initiative=ini,
        values={world["criteria"][0]: nytta, world["criteria"][1]: kostnad},
    )


# --- Services ----------------------------------------------------------------------


def test_scoring_builds_the_ranking_with_contributions(world):
    a = make_initiative(world, "A")
    b = make_initiative(world, "B")
    score(world, a, 5, 0)
    score(world, b, 3, 2)
    ranking = services.build_ranking(world["ctx"], 2027)
    assert [i.extra["title"] for i in ranking.ranked] == ["A", "B"]
    assert ranking.ranked[0].score == Decimal("100.00")
    # B: (3*3/5 + 2*3/5)/5*100 = 60
    assert ranking.ranked[1].score == Decimal("60.00")
    score_row = Score.objects.get(initiative=a, criterion=world["criteria"][0])
    assert score_row.scored_by == world["strateg"]
    assert score_row.history.first().history_user == world["strateg"]


def test_only_initiatives_in_kvalificering_or_prioritering_can_be_scored(world):
    ini = make_initiative(world, "Idé", status=InitiativeStatus.IDE)
    with pytest.raises(ValidationError):
        score(world, ini, 5, 5)
    assert not Score.objects.filter(initiative=ini).exists()


def test_computed_and_manual_gates_on_real_rows(world):
    ini = make_initiative(world, "KRT")
    score(world, ini, 4, 1)
    Gate.objects.create(
        kommun=world["kommun"],
        name="Klassning",
        kind="computed",
        code="informationsklassning_gjord",
    )
    manual = Gate.objects.create(kommun=world["kommun"], name="Förankrat", kind="manual")
    ranking = services.build_ranking(world["ctx"], 2027)
    assert [i.id for i in ranking.failing] == [ini.pk]
    reasons = {g.name: g.reason for g in ranking.failing[0].failed_gates}
    assert reasons == {"Förankrat": "Inte bekräftat manuellt."}
    with pytest.raises(ValidationError):
        services.confirm_gate(actor=world["strateg"], initiative=ini, gate=manual, comment=" ")
    services.confirm_gate(
        actor=world["strateg"], initiative=ini, gate=manual, comment="Beredningsgruppen 3/2"
    )
    ranking = services.build_ranking(world["ctx"], 2027)
    assert [i.id for i in ranking.ranked] == [ini.pk]
    confirmation = GateConfirmation.objects.get(initiative=ini, gate=manual)
    assert confirmation.confirmed_by == world["strateg"]


def test_classification_gate_reads_the_affected_systems(world):
    from portfolio.choices import Hosting, SystemCategory, SystemRelation

    ini = make_initiative(world, "Nytt verksamhetssystem")
    score(world, ini, 4, 1)
    Gate.objects.create(
        kommun=world["kommun"],
        name="Klassning",
        kind="computed",
        code="informationsklassning_gjord",
    )
    system = System.objects.create(
        kommun=world["kommun"],
        name="Skolplattformen",
        kind=SystemKind.VERKSAMHETSSYSTEM,
        category=SystemCategory.VERKSAMHETSSYSTEM,
        area=Verksamhetsomrade.UTBILDNING,
        forvaltning=world["soc"],
        owner=world["strateg"],
        hosting=Hosting.SAAS,
    )
    InitiativeSystem.objects.create(initiative=ini, system=system, relation=SystemRelation.ANDRAR)
    ranking = services.build_ranking(world["ctx"], 2027)
    assert [i.id for i in ranking.failing] == [ini.pk]
    assert "Skolplattformen" in ranking.failing[0].failed_gates[0].reason
    system.confidentiality, system.integrity, system.availability_class = 2, 2, 1
    system.save()
    ranking = services.build_ranking(world["ctx"], 2027)
    assert [i.id for i in ranking.ranked] == [ini.pk]


def test_override_requires_justification_and_is_logged(world):
    a, b, c = (make_initiative(world, t) for t in "ABC")
    score(world, a, 5, 0)
    score(world, b, 4, 0)
    score(world, c, 3, 0)
    with pytest.raises(ValidationError):
        services.override_position(
            actor=world["strateg"],
            context=world["ctx"],
            initiative=c,
            year=2027,
            positions=2,
            justification="   ",
        )
    assert not Override.objects.exists()
    services.override_position(
        actor=world["strateg"],
        context=world["ctx"],
        initiative=c,
        year=2027,
        positions=2,
        justification="Lagkrav från 2027-07-01",
    )
    override = Override.objects.get()
    assert override.created_by == world["strateg"]
    assert override.history.first().history_user == world["strateg"]
    ranking = services.build_ranking(world["ctx"], 2027)
    assert [i.extra["title"] for i in ranking.ranked] == ["C", "A", "B"]
    assert ranking.ranked[0].base_position == 3
    assert ranking.ranked[0].extra["override"].justification == "Lagkrav från 2027-07-01"


def test_budget_cut_line_on_real_costs(world):
    a = make_initiative(world, "A", cost=400_000)
    b = make_initiative(world, "B", cost=600_000)
    c = make_initiative(world, "C", cost=1)
    score(world, a, 5, 0)
    score(world, b, 4, 0)
    score(world, c, 3, 0)
    services.set_budget(
        actor=world["strateg"], context=world["ctx"], year=2027, source="all", amount=1_000_000
    )
    ranking = services.build_ranking(world["ctx"], 2027)
    assert [i.above_line for i in ranking.ranked] == [True, True, False]
    assert ranking.cut.remaining == 0
    services.set_budget(
        actor=world["strateg"], context=world["ctx"], year=2027, source="all", amount=999_999
    )
    ranking = services.build_ranking(world["ctx"], 2027)
    assert [i.above_line for i in ranking.ranked] == [True, False, False]
    assert ranking.cut.remaining == Decimal(599_999)
    assert BudgetLine.objects.count() == 1


def test_load_counts_genomforande_and_above_the_line(world):
    world["soc"].change_capacity = 1
    world["soc"].save()
    make_initiative(world, "Pågår", status=InitiativeStatus.GENOMFORANDE)
    a = make_initiative(world, "A")
    score(world, a, 5, 0)
    services.set_budget(
        actor=world["strateg"], context=world["ctx"], year=2027, source="all", amount=10**6
    )
    load = {row.name: row for row in services.build_ranking(world["ctx"], 2027).load}
    assert load["Soc"].in_progress == 1 and load["Soc"].above_line == 1
    assert load["Soc"].exceeded
    assert not load["BoU"].exceeded


# --- Frozen rounds are immutable ---------------------------------------------------------


@pytest.fixture
def frozen(world):
    a = make_initiative(world, "A")
    score(world, a, 5, 0)
    round_ = services.create_round(
        actor=world["strateg"], context=world["ctx"], name="Prioritering 2027", year=2027
    )
    return services.freeze_round(actor=world["strateg"], round=round_)


def _state(round_):
    round_ = Round.objects.get(pk=round_.pk)
    return (round_.name, round_.status, round_.snapshot, round_.history.count())


def test_frozen_round_snapshot_does_not_follow_later_changes(world, frozen):
    assert frozen.snapshot["ranking"][0]["title"] == "A"
    before = _state(frozen)
    # Scores are shared by every year: they change again once the next year's round is open.
    services.create_round(
        actor=world["strateg"], context=world["ctx"], name="Prioritering 2028", year=2028
    )
    b = make_initiative(world, "B")
    score(world, b, 5, 0)
    Criterion.objects.filter(kommun=world["kommun"]).update(weight=0)
    assert _state(frozen) == before


def test_frozen_round_refused_by_services(world, frozen):
    before = _state(frozen)
    for call in (
        lambda: services.freeze_round(actor=world["strateg"], round=frozen),
        lambda: services.rename_round(actor=world["strateg"], round=frozen, name="Ny"),
        lambda: services.delete_round(actor=world["strateg"], round=frozen),
    ):
        with pytest.raises(ValidationError, match="fryst"):
            call()
    assert _state(frozen) == before


def test_frozen_round_refused_by_model_save_and_delete(frozen):
    before = _state(frozen)
    frozen.name = "Ändrad"
    with pytest.raises(ValidationError, match="fryst"):
        frozen.save()
    with pytest.raises(ValidationError, match="fryst"):
        frozen.delete()
    assert _state(frozen) == before


def test_frozen_round_refused_by_views(client, world, frozen):
    before = _state(frozen)
    client.force_login(world["strateg"])
    for url in (
        reverse("portfolio:prioritisation_freeze", args=[frozen.pk]),
        reverse("portfolio:prioritisation_round", args=[frozen.pk]),
    ):
        assert client.post(url, {"name": "Ändrad"}).status_code == 403
    assert _state(frozen) == before
    page = client.get(reverse("portfolio:prioritisation_round", args=[frozen.pk]))
    assert page.status_code == 200
    assert "Frys omgången" not in page.content.decode()


# --- Permissions per role -----------------------------------------------------------------


def _urls(world, ini):
    q = f"?kommun={world['kommun'].pk}"
    return {
        "ranking": reverse("portfolio:prioritisation_ranking") + q,
        "charts": reverse("portfolio:prioritisation_charts") + q,
        "rounds": reverse("portfolio:prioritisation_rounds") + q,
        "score": reverse("portfolio:prioritisation_score", args=[ini.pk]) + q,
        "config": reverse("portfolio:prioritisation_config") + q,
        "criterion_add": reverse("portfolio:prioritisation_criterion_add") + q,
        "override": reverse("portfolio:prioritisation_override", args=[ini.pk]) + q,
        "budget": reverse("portfolio:prioritisation_budget") + q,
    }


def _posts(world, ini):
    urls = _urls(world, ini)
    c1, c2 = world["criteria"]
    return {
        urls["score"]: {f"value_{c1.pk}": "1", f"value_{c2.pk}": "1"},
        urls["criterion_add"]: {"name": "Nytt", "weight": "1", "order": "0", "active": "on"},
        urls["override"]: {"direction": "up", "places": "1", "justification": "Därför"},
        urls["budget"]: {"year": "2027", "source": "all", "amount": "5"},
        urls["rounds"]: {"name": "Omgång", "year": "2027"},
    }


def _db_state():
    return (
        list(Score.objects.values_list("pk", "value")),
        Criterion.objects.count(),
        Override.objects.count(),
        BudgetLine.objects.count(),
        Round.objects.count(),
    )


def test_anonymous_is_sent_to_login(client, world):
    ini = make_initiative(world, "A")
    for url in _urls(world, ini).values():
        response = client.get(url)
        assert response.status_code == 302 and "/konto/login/" in response["Location"]
    before = _db_state()
    for url, data in _posts(world, ini).items():
        assert client.post(url, data).status_code == 302
    assert _db_state() == before


@pytest.mark.parametrize("role", ["chef", "sg", "kd"])
def test_readers_read_but_every_post_is_403_and_nothing_is_written(client, world, role):
    ini = make_initiative(world, "A")
    score(world, ini, 5, 0)
    client.force_login(world[role])
    urls = _urls(world, ini)
    for name in ("ranking", "charts", "rounds", "score"):
        assert client.get(urls[name]).status_code == 200, name
    for name in ("config", "criterion_add", "override", "budget"):
        assert client.get(urls[name]).status_code == 403, name
    before = _db_state()
    for url, data in _posts(world, ini).items():
        assert client.post(url, data).status_code == 403, url
    assert _db_state() == before


def test_other_kommun_gets_404(client, world):
    ini = make_initiative(world, "A")
    client.force_login(world["outsider"])
    for url in _urls(world, ini).values():
        assert client.get(url).status_code == 404, url
    before = _db_state()
    for url, data in _posts(world, ini).items():
        assert client.post(url, data).status_code == 404, url
    assert _db_state() == before


def test_it_strateg_configures_scores_overrides_budgets_and_freezes(client, world):
    ini = make_initiative(world, "A")
    client.force_login(world["strateg"])
    urls = _urls(world, ini)
    for url, data in _posts(world, ini).items():
        response = client.post(url, data)
        assert response.status_code == 302, (url, response.content.decode()[:2000])
    assert Score.objects.filter(initiative=ini).count() == 2
    assert Criterion.objects.filter(name="Nytt").exists()
    assert Override.objects.get().justification == "Därför"
    assert BudgetLine.objects.get().amount == 5
    round_ = Round.objects.get(name="Omgång")
    response = client.post(reverse("portfolio:prioritisation_freeze", args=[round_.pk]))
    assert response.status_code == 302
    assert Round.objects.get(pk=round_.pk).is_frozen
    override_page = client.get(urls["override"]).content.decode()
    assert "Därför" in override_page


def test_override_view_requires_justification(client, world):
    ini = make_initiative(world, "A")
    client.force_login(world["strateg"])
    url = _urls(world, ini)["override"]
    response = client.post(url, {"direction": "up", "places": "1", "justification": "  "})
    assert response.status_code == 400
    assert not Override.objects.exists()


def test_forvaltningschef_sees_positions_but_not_details_of_others(client, world):
    own = make_initiative(world, "Egen soc")
    other = make_initiative(world, "Hemlig bou", forvaltning=world["bou"])
    score(world, own, 3, 0)
    score(world, other, 5, 0)
    client.force_login(world["chef"])
    body = client.get(_urls(world, own)["ranking"]).content.decode()
    assert "Egen soc" in body
    assert "Hemlig bou" not in body
    assert "Initiativ från annan förvaltning" in body
    # ...and the other förvaltning's scoring page is invisible
    assert client.get(_urls(world, other)["score"]).status_code == 404
    client.force_login(world["sg"])
    assert "Hemlig bou" in client.get(_urls(world, own)["ranking"]).content.decode()


# --- Query budget ----------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [3, 30])
def test_ranked_list_query_budget(client, world, rows, django_assert_max_num_queries):
    for n in range(rows):
        ini = make_initiative(world, f"Initiativ {n}", cost=1000 * (n + 1))
        score(world, ini, n % 6, (n * 2) % 6)
        if n % 3 == 0:
            services.override_position(
                actor=world["strateg"],
                context=world["ctx"],
                initiative=ini,
                year=2027,
                positions=1,
                justification="Test",
            )
    services.set_budget(
        actor=world["strateg"], context=world["ctx"], year=2027, source="all", amount=10_000
    )
    client.force_login(world["chef"])
    url = _urls(world, ini)["ranking"] + "&ar=2027"
    client.get(url)  # warm caches (sessions, content types)
    with django_assert_max_num_queries(29):
        response = client.get(url)
    assert response.status_code == 200
    assert "Budgetgräns" in response.content.decode()


def test_scoring_needs_steward_even_with_initiative_change_right(world):
    ini = make_initiative(world, "A")
    with pytest.raises(PermissionDenied):
        services.score_initiative(
            actor=world["chef"], initiative=ini, values={world["criteria"][0]: 5}
        )
    assert not Score.objects.exists()
