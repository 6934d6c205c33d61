"""Prioritisation pages: permissions per role, refused writes, query budgets, demo."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from portfolio.models import (
    BudgetLine,
    Criterion,
    Initiative,
    Kommun,
    Override,
    Round,
    Score,
)

pytestmark = pytest.mark.django_db


def user(name):
    return get_user_model().objects.get(username=name)


@pytest.fixture
def lysekil(demo):
    return Kommun.objects.get(name="Lysekil")


def test_demo_pages_render_for_it_strateg(client, lysekil):
    client.force_login(user("strateg.lysekil"))
    q = f"?kommun={lysekil.pk}"
    ini = Initiative.objects.get(kommun=lysekil, title="Digital signering av skoldokument")
    frozen = Round.objects.get(kommun=lysekil, year=2026)
    open_round = Round.objects.get(kommun=lysekil, year=2027)
    for url in [
        reverse("portfolio:prioritisation_ranking") + q,
        reverse("portfolio:prioritisation_ranking") + q + "&ar=2026",
        reverse("portfolio:prioritisation_config") + q,
        reverse("portfolio:prioritisation_criterion_add") + q,
        reverse("portfolio:prioritisation_gate_add") + q,
        reverse("portfolio:prioritisation_score", args=[ini.pk]) + q,
        reverse("portfolio:prioritisation_override", args=[ini.pk]) + q,
        reverse("portfolio:prioritisation_budget") + q,
        reverse("portfolio:prioritisation_charts") + q,
        reverse("portfolio:prioritisation_rounds") + q,
        reverse("portfolio:prioritisation_round", args=[frozen.pk]),
        reverse("portfolio:prioritisation_round", args=[open_round.pk]),
        reverse("portfolio:home"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    body = client.get(reverse("portfolio:prioritisation_ranking") + q).content.decode()
    assert "Budgetgräns" in body
    assert "Digital signering av skoldokument" in body
    assert frozen.is_frozen and frozen.snapshot["ranking"]


def test_demo_gives_each_demo_kommun_criteria_scores_budget_and_two_rounds(lysekil):
    for name in ("Lysekil", "Uddevalla", "Sollentuna", "Essunga"):
        k = Kommun.objects.get(name=name)
        criteria = Criterion.objects.filter(kommun=k)
        assert criteria.count() == 8
        assert set(criteria.filter(higher_is_better=False).values_list("name", flat=True)) == {
            "Kostnad",
            "Risk",
        }
        assert Score.objects.filter(initiative__kommun=k).exists()
        assert BudgetLine.objects.filter(kommun=k, year=2027).exists()
        assert Round.objects.get(kommun=k, year=2026).is_frozen
        assert not Round.objects.get(kommun=k, year=2027).is_frozen
    sml = Round.objects.filter(samverkan__name="SML-IT")
    assert {(r.year, r.status) for r in sml} == {(2026, "frozen"), (2027, "open")}
    assert Override.objects.filter(kommun=lysekil).exists()


def test_shared_round_for_sml_it(client, lysekil):
    from portfolio.models import Samverkansorganisation

    sml = Samverkansorganisation.objects.get(name="SML-IT")
    url = reverse("portfolio:prioritisation_ranking") + f"?samverkan={sml.pk}"
    client.force_login(user("strateg.sml"))
    body = client.get(url).content.decode()
    assert "Gemensam plattform för e-tjänster i SML" in body
    assert "Gemensam e-arkivlösning" not in body  # not shared
    client.force_login(user("strateg.uddevalla"))
    assert client.get(url).status_code == 404
    client.force_login(user("sg.lysekil"))
    assert client.get(url).status_code == 200
    config = reverse("portfolio:prioritisation_config") + f"?samverkan={sml.pk}"
    assert client.get(config).status_code == 403


def test_ranking_filters_by_forvaltning_area_and_goal(client, lysekil):
    from portfolio.models import Forvaltning, StrategicGoal

    client.force_login(user("kd.lysekil"))
    base = reverse("portfolio:prioritisation_ranking") + f"?kommun={lysekil.pk}"
    bou = Forvaltning.objects.get(kommun=lysekil, name="Barn- och utbildningsförvaltningen")
    body = client.get(base + f"&forvaltning={bou.pk}").content.decode()
    assert "Digital signering av skoldokument" in body
    assert "Gemensam e-arkivlösning" not in body
    body = client.get(base + "&omrade=administration").content.decode()
    assert "Gemensam e-arkivlösning" in body
    assert "Digital signering av skoldokument" not in body
    goal = StrategicGoal.objects.get(kommun=lysekil, name="Smartare och öppnare förvaltning")
    body = client.get(base + f"&mal={goal.pk}").content.decode()
    assert "Gemensam e-arkivlösning" in body
    assert "E-tjänst för ansökan om ekonomiskt bistånd" not in body


def test_budget_per_financing_source(client, lysekil):
    from portfolio.budget.models import BudgetVersion
    from portfolio.choices import BudgetStatus
    from portfolio.prioritisation import services

    # Lysekil's decided IT-budget (seed 004) is the frame of 2027: its investment
    # lines have no money from the förvaltningar's own budget.
    decided = services.build_ranking(services.Context(kommun=lysekil), 2027, "egen_budget")
    assert decided.frame_source == services.FRAME_DECIDED and decided.cut.budget == 0
    # Without a decided budget the frame typed for the source counts.
    BudgetVersion.objects.filter(kommun=lysekil).update(status=BudgetStatus.FORSLAG)
    services.set_budget(
        actor=user("strateg.lysekil"),
        context=services.Context(kommun=lysekil),
        year=2027,
        source="egen_budget",
        amount=300_000,
    )
    ranking = services.build_ranking(services.Context(kommun=lysekil), 2027, "egen_budget")
    assert ranking.cut.budget == 300_000
    above = [i.extra["title"] for i in ranking.ranked if i.above_line]
    # Only the school initiative is financed from the förvaltning's own budget (300 000 kr).
    assert "Digital signering av skoldokument" in above
    assert ranking.cut.remaining == 0


def test_start_page_panel_for_it_strateg_only(client, lysekil):
    client.force_login(user("strateg.lysekil"))
    body = client.get(reverse("portfolio:home")).content.decode()
    assert "initiativ väntar på poängsättning" in body
    assert "Prioritering 2027" in body
    client.force_login(user("fc.lysekil.soc"))
    body = client.get(reverse("portfolio:home")).content.decode()
    assert "initiativ väntar på poängsättning" not in body


def test_round_compare_shows_moves_and_justifications(client, lysekil):
    from portfolio.prioritisation import services

    strateg = user("strateg.lysekil")
    open_round = Round.objects.get(kommun=lysekil, year=2027)
    services.freeze_round(actor=strateg, round=open_round)
    frozen_2026 = Round.objects.get(kommun=lysekil, year=2026)
    client.force_login(user("sg.lysekil"))
    url = reverse("portfolio:prioritisation_compare") + f"?a={frozen_2026.pk}&b={open_round.pk}"
    body = client.get(url).content.decode()
    assert "Skolans avtal för pappersblanketter" in body
    client.force_login(user("strateg.uddevalla"))
    assert client.get(url).status_code == 404
