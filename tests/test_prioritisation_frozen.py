"""Issue 12: a fastställd round locks its result; one open round per context and year;
the cut line never lets an initiative without a cost estimate "fit"."""

# ruff: noqa: F811  (the ``world`` fixture is shared with test_prioritisation_services)

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from portfolio import policy
from portfolio.choices import CostNature, InitiativeCostKind
from portfolio.models import (
    BudgetLine,
    Criterion,
    Gate,
    GateConfirmation,
    InitiativeCost,
    Override,
    Round,
    Score,
)
from portfolio.prioritisation import calculation as m
from portfolio.prioritisation import services
from portfolio.prioritisation.models import RoundStatus
from tests.factories import SamverkanFactory
from tests.test_prioritisation_services import make_initiative, score, world  # noqa: F401

pytestmark = pytest.mark.django_db
FROZEN = "fastställd"


def freeze(world, year=2027):
    round_ = services.create_round(
        actor=world["strateg"], context=world["ctx"], name=f"Prioritering {year}", year=year
    )
    return services.freeze_round(actor=world["strateg"], round=round_)


def override(world, ini, year=2027, positions=1):
    return services.override_position(
        actor=world["strateg"],
        context=world["ctx"],
        initiative=ini,
        year=year,
        positions=positions,
        justification="Styrgruppen vill det.",
    )


@pytest.fixture
def ranked(world):
    a = make_initiative(world, "A")
    b = make_initiative(world, "B")
    score(world, a, 5, 0)
    score(world, b, 3, 0)
    return a, b


# --- Overrides and budget lines of a frozen year ----------------------------------------


def test_override_after_freezing_is_refused_in_the_service(world, ranked):
    a, b = ranked
    override(world, b)  # allowed while the round is open
    freeze(world)
    with pytest.raises(ValidationError, match=FROZEN) as exc:
        override(world, b, positions=-1)
    assert "Prioriteringen för 2027 är fastställd" in exc.value.messages[0]
    assert Override.objects.count() == 1
    # Another year is not frozen and may still be overridden.
    assert override(world, b, year=2028).year == 2028


def test_budget_of_a_frozen_year_is_refused_in_the_service(world, ranked):
    services.set_budget(
        actor=world["strateg"], context=world["ctx"], year=2027, source="all", amount=100
    )
    freeze(world)
    with pytest.raises(ValidationError, match=FROZEN):
        services.set_budget(
            actor=world["strateg"], context=world["ctx"], year=2027, source="all", amount=5
        )
    with pytest.raises(ValidationError, match=FROZEN):  # a new source line too
        services.set_budget(
            actor=world["strateg"], context=world["ctx"], year=2027, source="egen_budget", amount=5
        )
    assert list(BudgetLine.objects.values_list("year", "amount")) == [(2027, Decimal(100))]
    services.set_budget(
        actor=world["strateg"], context=world["ctx"], year=2028, source="all", amount=5
    )


def test_policy_vetoes_overrides_and_budget_lines_of_a_frozen_year(world, ranked):
    a, b = ranked
    kept = override(world, b)
    line = services.set_budget(
        actor=world["strateg"], context=world["ctx"], year=2027, source="all", amount=100
    )
    strateg = world["strateg"]
    assert policy.can(strateg, policy.CHANGE, kept)
    assert policy.can(strateg, policy.CHANGE, line)
    freeze(world)
    for obj in (kept, line):
        assert not policy.can(strateg, policy.CHANGE, obj)
        assert not policy.can(strateg, policy.DELETE, obj)
        assert not policy.restrict(type(obj).objects.all(), strateg, policy.CHANGE).exists()
        assert policy.restrict(type(obj).objects.all(), strateg).exists()  # still read
        with pytest.raises(PermissionDenied, match=FROZEN):
            policy.require(strateg, policy.CHANGE, obj)
    unsaved = Override(kommun=world["kommun"], initiative=b, year=2027, positions=1)
    assert not policy.can(strateg, policy.ADD, unsaved)


def test_views_do_not_offer_an_override_of_a_frozen_year(client, world, ranked):
    a, b = ranked
    q = f"?kommun={world['kommun'].pk}&ar=2027"
    client.force_login(world["strateg"])
    ranking_url = reverse("portfolio:prioritisation_ranking") + q
    override_url = reverse("portfolio:prioritisation_override", args=[b.pk]) + q
    assert override_url.split("?")[0] in client.get(ranking_url).content.decode()
    round_ = freeze(world)
    page = client.get(ranking_url).content.decode()
    assert override_url.split("?")[0] not in page
    assert "Prioriteringen för 2027 är fastställd." in page
    assert reverse("portfolio:prioritisation_round", args=[round_.pk]) in page
    form_page = client.get(override_url).content.decode()
    assert "Spara ändringen" not in form_page and FROZEN in form_page
    response = client.post(
        override_url, {"direction": "up", "places": "1", "justification": "Ändå", "ar": "2027"}
    )
    assert response.status_code == 400 and FROZEN in response.content.decode()
    assert not Override.objects.exists()


# --- Scores, gate confirmations, criteria and gates ----------------------------------------


def test_shared_inputs_are_locked_until_a_later_round_is_opened(world, ranked):
    a, b = ranked
    manual = Gate.objects.create(kommun=world["kommun"], name="Förankrat", kind="manual")
    services.confirm_gate(actor=world["strateg"], initiative=a, gate=manual, comment="Ja")
    freeze(world)
    nytta = world["criteria"][0]
    calls = {
        "score": lambda: score(world, a, 1, 0),
        "clear score": lambda: services.score_initiative(
            actor=world["strateg"], initiative=a, values={nytta: None}
        ),
        "confirm gate": lambda: services.confirm_gate(
            actor=world["strateg"], initiative=b, gate=manual, comment="Ja"
        ),
        "withdraw gate": lambda: services.withdraw_gate_confirmation(
            actor=world["strateg"], initiative=a, gate=manual
        ),
        "criterion weight": lambda: services.save_criterion(
            actor=world["strateg"], criterion=Criterion.objects.get(pk=nytta.pk)
        ),
        "new criterion": lambda: services.save_criterion(
            actor=world["strateg"], criterion=Criterion(kommun=world["kommun"], name="Ny")
        ),
        "gate": lambda: services.save_gate(actor=world["strateg"], gate=manual),
    }
    before = (
        list(Score.objects.values_list("pk", "value")),
        GateConfirmation.objects.count(),
        Criterion.objects.count(),
    )
    for name, call in calls.items():
        with pytest.raises(ValidationError, match=FROZEN):
            call()
        assert (
            list(Score.objects.values_list("pk", "value")),
            GateConfirmation.objects.count(),
            Criterion.objects.count(),
        ) == before, name
    # Saving what is already there changes nothing and is not refused.
    score(world, a, 5, 0)
    services.confirm_gate(actor=world["strateg"], initiative=a, gate=manual, comment="Ja")
    # The policy says the same.
    assert not policy.can(world["strateg"], policy.CHANGE, Score.objects.first())
    assert not policy.can(world["strateg"], policy.CHANGE, nytta)
    # Opening next year's round starts the next prioritisation: the inputs move again.
    services.create_round(
        actor=world["strateg"], context=world["ctx"], name="Prioritering 2028", year=2028
    )
    score(world, a, 1, 0)
    assert Score.objects.get(initiative=a, criterion=nytta).value == 1
    assert policy.can(world["strateg"], policy.CHANGE, Score.objects.first())


def test_score_page_and_config_page_do_not_offer_changes_while_locked(client, world, ranked):
    a, _b = ranked
    q = f"?kommun={world['kommun'].pk}"
    client.force_login(world["strateg"])
    score_url = reverse("portfolio:prioritisation_score", args=[a.pk]) + q
    config_url = reverse("portfolio:prioritisation_config") + q
    assert "Spara poäng" in client.get(score_url).content.decode()
    freeze(world)
    page = client.get(score_url).content.decode()
    assert "Spara poäng" not in page and "kan inte ändras förrän" in page
    page = client.get(config_url).content.decode()
    assert "Nytt kriterium" not in page and "kan inte ändras förrän" in page
    c1, c2 = world["criteria"]
    response = client.post(score_url, {f"value_{c1.pk}": "1", f"value_{c2.pk}": "1"})
    assert response.status_code == 400
    assert Score.objects.get(initiative=a, criterion=c1).value == 5


# --- Rounds: one open per context and year -------------------------------------------------


def test_second_open_round_for_the_same_kommun_and_year_is_refused(world):
    services.create_round(actor=world["strateg"], context=world["ctx"], name="Första", year=2027)
    with pytest.raises(ValidationError, match="redan en öppen prioriteringsomgång för 2027"):
        services.create_round(actor=world["strateg"], context=world["ctx"], name="Andra", year=2027)
    assert Round.objects.count() == 1
    # Another year, or another kommun, is fine.
    services.create_round(actor=world["strateg"], context=world["ctx"], name="Nästa", year=2028)
    services.create_round(
        actor=world["outsider"],
        context=services.Context(kommun=world["other"]),
        name="Annan",
        year=2027,
    )


def test_no_new_round_for_a_frozen_year(world, ranked):
    freeze(world)
    with pytest.raises(ValidationError, match="redan fastställd"):
        services.create_round(actor=world["strateg"], context=world["ctx"], name="Om", year=2027)


def test_the_database_allows_one_open_round_per_kommun_and_year(world):
    kommun = world["kommun"]
    Round.objects.create(kommun=kommun, name="A", year=2027)
    with pytest.raises(IntegrityError), transaction.atomic():
        Round.objects.create(kommun=kommun, name="B", year=2027)
    Round.objects.create(kommun=kommun, name="C", year=2028)
    Round.objects.create(kommun=world["other"], name="D", year=2027)
    # A frozen round does not count: the constraint is on open rounds only.
    Round.objects.create(kommun=kommun, name="E", year=2026, status=RoundStatus.FROZEN)
    Round.objects.create(kommun=kommun, name="F", year=2026)


def test_the_database_allows_one_open_round_per_samverkan_and_year(world):
    sml = SamverkanFactory(host=world["kommun"])
    Round.objects.create(samverkan=sml, name="A", year=2027)
    with pytest.raises(IntegrityError), transaction.atomic():
        Round.objects.create(samverkan=sml, name="B", year=2027)
    Round.objects.create(kommun=world["kommun"], name="Kommunens", year=2027)


def test_create_round_view_shows_the_refusal(client, world):
    services.create_round(actor=world["strateg"], context=world["ctx"], name="Första", year=2027)
    client.force_login(world["strateg"])
    url = reverse("portfolio:prioritisation_rounds") + f"?kommun={world['kommun'].pk}"
    response = client.post(url, {"name": "Andra", "year": "2027"})
    assert response.status_code == 400
    assert "redan en öppen prioriteringsomgång" in response.content.decode()
    assert Round.objects.count() == 1


def test_a_second_round_of_a_frozen_year_can_not_be_frozen(world, ranked):
    # Legacy data: an open round beside a frozen one of the same year.
    freeze(world)
    legacy = Round.objects.create(kommun=world["kommun"], name="Gammal", year=2027)
    with pytest.raises(ValidationError, match=FROZEN):
        services.freeze_round(actor=world["strateg"], round=legacy)
    assert not Round.objects.get(pk=legacy.pk).is_frozen


# --- The cut line and initiatives without a cost estimate ---------------------------------


def item(id, score, cost, has_estimate=True):
    return m.RankItem(
        id=id, score=Decimal(score), cost=Decimal(cost), created_order=id, has_estimate=has_estimate
    )


def test_cut_line_skips_an_initiative_without_estimate():
    ranked, _ = m.rank([item(1, 90, 400), item(2, 80, 0, has_estimate=False), item(3, 70, 600)])
    cut = m.cut_line(ranked, Decimal(1000))
    assert [i.above_line for i in ranked] == [True, None, True]
    assert [i.cumulative for i in ranked] == [Decimal(400), None, Decimal(1000)]
    assert cut.used == Decimal(1000) and cut.remaining == 0 and cut.line_after == 3
    # Without a budget it is still left out of the running total.
    cut = m.cut_line(ranked, None)
    assert cut.used == Decimal(1000) and ranked[1].cumulative is None


def test_cut_line_without_estimate_never_fits_even_below_the_line():
    ranked, _ = m.rank([item(1, 90, 2000), item(2, 80, 0, has_estimate=False)])
    m.cut_line(ranked, Decimal(1000))
    assert [i.above_line for i in ranked] == [False, None]


def test_unknown_cost_does_not_win_a_tie():
    ranked, _ = m.rank([item(1, 50, 0, has_estimate=False), item(2, 50, 900)])
    assert [i.id for i in ranked] == [2, 1]


def make_unestimated(world, title="Utan kostnad"):
    ini = make_initiative(world, title)
    InitiativeCost.objects.filter(initiative=ini).delete()
    InitiativeCost.objects.create(  # an estimate for another year is none for 2027
        initiative=ini,
        year=2028,
        kind=InitiativeCostKind.INVESTERING,
        nature=CostNature.UTVECKLING,
        amount=Decimal(10),
    )
    return ini


def test_initiative_without_estimate_is_flagged_and_consumes_no_budget(world):
    a = make_initiative(world, "A", cost=400)
    none = make_unestimated(world)
    c = make_initiative(world, "C", cost=600)
    score(world, a, 5, 0)
    score(world, none, 4, 0)
    score(world, c, 3, 0)
    services.set_budget(
        actor=world["strateg"], context=world["ctx"], year=2027, source="all", amount=1000
    )
    ranking = services.build_ranking(world["ctx"], 2027)
    by_title = {i.extra["title"]: i for i in ranking.ranked}
    assert not by_title["Utan kostnad"].has_estimate
    assert by_title["Utan kostnad"].above_line is None
    assert by_title["A"].above_line and by_title["C"].above_line
    assert ranking.cut.used == Decimal(1000)
    assert [i.id for i in ranking.unestimated] == [none.pk]
    assert {row.name: row.above_line for row in ranking.load}["Soc"] == 2  # A and C only
    # The frozen record keeps the flag.
    snap = freeze(world).snapshot
    flagged = {r["title"]: r for r in snap["ranking"]}["Utan kostnad"]
    assert flagged["has_estimate"] is False and flagged["above_line"] is None


def test_ranking_page_flags_and_explains(client, world):
    none = make_unestimated(world)
    score(world, none, 5, 0)
    services.set_budget(
        actor=world["strateg"], context=world["ctx"], year=2027, source="all", amount=1000
    )
    client.force_login(world["chef"])  # Soc: sees its own initiative
    url = reverse("portfolio:prioritisation_ranking") + f"?kommun={world['kommun'].pk}&ar=2027"
    page = client.get(url).content.decode()
    row = page[page.index("Utan kostnad") - 600 : page.index("Utan kostnad")]
    assert "Saknar kostnadsuppskattning" in row
    assert ">ryms<" not in row
    assert "Så dras budgetgränsen" in page
    assert "tar ingen budget" in page
    charts = client.get(
        reverse("portfolio:prioritisation_charts") + f"?kommun={world['kommun'].pk}&ar=2027"
    ).content.decode()
    assert "Saknar kostnadsuppskattning" in charts
    assert "1. Utan kostnad" not in charts  # no bubble at 0 kr
