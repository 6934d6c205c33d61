"""Every key figure of the IT-bokslut against an independent sum from the factory data."""

import datetime
from decimal import Decimal

import pytest

from portfolio.choices import CostNature, InitiativeStatus, Payer
from portfolio.models import InitiativeCost, SystemCost
from reports import collect
from reports.sections.common import KEY_FIGURES
from reports.sections.costs import section_costs
from reports.sections.development import section_development
from reports.sections.landscape import section_landscape
from reports.sections.quality import section_quality
from reports.sections.trends import section_comparison, section_trends
from tests.factories import (
    KommunFactory,
    SamverkanFactory,
    SystemCostFactory,
    SystemFactory,
    report_dataset,
)
from tests.factories import (
    ReportInitiativeFactory as InitiativeFactory,
)

pytestmark = pytest.mark.django_db
YEAR = 2026


@pytest.fixture
def kommun():
    return KommunFactory(name="Åmål-Östra Ärla")


@pytest.fixture
def data(kommun):
    return report_dataset(kommun, YEAR)


def test_cost_figures_match_independent_sums(kommun, data):
    system_costs = [c.amount for c in SystemCost.objects.filter(system__kommun=kommun, year=YEAR)]
    init_costs = [
        c.amount for c in InitiativeCost.objects.filter(initiative__kommun=kommun, year=YEAR)
    ]
    total = sum(system_costs) + sum(init_costs)
    assert total == Decimal("1300000")
    costs = section_costs(kommun, YEAR)
    assert costs["it_cost_total"] == total
    assert costs["it_cost_per_invanare"] == Decimal("130.00")  # 1 300 000 / 10 000
    assert costs["it_cost_per_anstalld"] == Decimal("1300.00")  # / 1 000
    assert costs["utveckling"] == Decimal("150000") + Decimal("50000")
    drift = sum(
        c.amount
        for c in SystemCost.objects.filter(system__kommun=kommun, year=YEAR, nature="drift")
    )
    assert costs["drift"] == drift == Decimal("1100000")
    assert costs["kommungemensamt"] == Decimal("60000")
    assert costs["verksamhetssystem"] == Decimal("1190000")
    assert costs["initiative_total"] == Decimal("50000")
    assert dict(costs["per_forvaltning"]) == {
        "Socialförvaltningen": Decimal("1260000"),
        "Barn- och utbildningsförvaltningen": Decimal("40000"),
    }
    assert costs["central"] == Decimal("100000")  # central 60 000 + fördelad 40 000
    assert costs["department"] == Decimal("1150000")
    assert [s["name"] for s in costs["top_systems"]] == ["Treserva", "Raindance", "Skolplattform"]
    assert costs["top_systems"][0]["total"] == Decimal("1150000")


def test_top_ten_systems_is_capped(kommun):
    for i in range(12):
        SystemCostFactory(
            system=SystemFactory(forvaltning__kommun=kommun), year=YEAR, amount=1000 + i
        )
    top = section_costs(kommun, YEAR)["top_systems"]
    assert len(top) == 10
    assert top[0]["total"] == 1011


def test_landscape_figures(kommun, data):
    land = section_landscape(kommun, YEAR)
    assert land["total"] == 3
    assert land["in_use"] == 3
    assert dict(land["per_lifecycle"])["Planerad"] == 1
    assert dict(land["per_lifecycle"])["I drift"] == 2
    assert dict(land["per_time"])["Migrera"] == 1  # functional 3, technical 2
    assert [s.name for s in land["without_pub"]] == ["Treserva"]
    assert sorted(s.name for s in land["unclassified"]) == ["Raindance", "Skolplattform"]
    assert dict(land["krt"])["K"] == [0, 0, 0, 1, 0]
    # Treserva's contract ends 2027-12-31 with 6 months notice: cancel by 2027-06-30.
    assert [c.last_cancel_date for c in land["contracts_next_year"]] == [datetime.date(2027, 6, 30)]
    assert land["tech_debt_high"] == 1


def test_quality_and_development(kommun, data):
    q = section_quality(kommun, YEAR)
    assert q["measured_count"] == 2 and q["met_count"] == 1
    assert q["availability_met_share"] == Decimal("50.0")
    assert q["user_total"] == 420
    d = section_development(kommun, YEAR)
    assert [i.title for i in d["finished"]] == ["Ny lärplattform"]
    assert d["benefits"]["kronor"] == {
        "label": d["benefits"]["kronor"]["label"],
        "planned": Decimal("40000"),
        "realised": Decimal("30000"),
        "share": Decimal("75.0"),
    }
    assert d["benefit_hours_realised"] == Decimal("420")
    assert d["earmarked_allocated"] == Decimal("50000")
    assert d["earmarked_used"] == Decimal("20000")


def test_finished_only_counts_status_change_in_the_year(kommun):
    old = InitiativeFactory(forvaltning__kommun=kommun, status=InitiativeStatus.AVSLUTAD)
    from tests.factories import InitiativeStatusChangeFactory

    InitiativeStatusChangeFactory(
        initiative=old, at=datetime.datetime(YEAR - 1, 3, 1, tzinfo=datetime.UTC)
    )
    assert section_development(kommun, YEAR)["finished"] == []


def test_summary_has_every_key_figure_with_change(kommun, data):
    part = collect.collect_it_bokslut(kommun, YEAR)
    rows = {r["figure"].key: r for r in part["summary"]["rows"]}
    assert set(rows) == {k.key for k in KEY_FIGURES}
    assert all(k.definition for k in KEY_FIGURES)
    total = rows["it_cost_total"]
    assert total["value"] == Decimal("1300000")
    assert total["previous"] == Decimal("900000")
    # (1 300 000 - 900 000) / 900 000 = 44.4 %
    assert total["change"] == Decimal("44.4")
    assert rows["systems_without_pub"]["value"] == 1
    assert rows["initiatives_finished"]["value"] == 1
    assert rows["central_share"]["value"] == Decimal("8.0")  # 100 000 / 1 250 000


def test_trends_cover_five_years(kommun, data):
    trends = section_trends(kommun, YEAR)
    assert trends["years"] == [2022, 2023, 2024, 2025, 2026]
    assert trends["rows"][-2]["it_cost_total"] == Decimal("900000")
    # 2022 has no costs at all: missing ("–"), not 0 kr
    assert trends["rows"][0]["it_cost_total"] is None


def test_comparison_uses_samverkan_members(kommun, data):
    other = KommunFactory(name="Grannby")
    outsider = KommunFactory(name="Långtbortom")
    group = SamverkanFactory(host=kommun, members=[other])
    SystemCostFactory(system=SystemFactory(forvaltning__kommun=other), year=YEAR, amount=500)
    SystemCostFactory(system=SystemFactory(forvaltning__kommun=outsider), year=YEAR, amount=7)
    rows = section_comparison(kommun, YEAR, group)["rows"]
    assert {r["kommun"].name: r["it_cost_total"] for r in rows} == {
        kommun.name: Decimal("1300000"),
        "Grannby": Decimal("500"),
    }


def test_comparison_without_samverkan_is_whole_installation(kommun, data):
    KommunFactory(name="Annanstad")
    names = {r["kommun"].name for r in section_comparison(kommun, YEAR)["rows"]}
    assert {kommun.name, "Annanstad"} <= names


def test_empty_year_gives_sensible_figures(kommun):
    part = collect.collect_it_bokslut(kommun, 1999 + 20)
    assert part["costs"]["it_cost_total"] is None  # no data: missing, not 0 kr
    assert part["costs"]["it_cost_per_invanare"] is None
    assert part["summary"]["rows"][0]["change"] is None
    plan = collect.collect_handlingsplan(kommun, 2019)
    assert plan["items"] == [] and plan["budget_total"] == 0


def test_handlingsplan_groups_quarters_and_budget(kommun, data):
    InitiativeFactory(  # outside the year: not in the plan
        forvaltning=data["soc"],
        status=InitiativeStatus.BESLUTAD,
        start_date=datetime.date(2028, 1, 1),
        end_date=datetime.date(2028, 6, 1),
    )
    InitiativeFactory(forvaltning=data["soc"], status=InitiativeStatus.IDE)  # not planned
    plan = collect.collect_handlingsplan(kommun, YEAR)
    assert [i["initiative"].title for i in plan["items"]] == ["Digital ansökan"]
    item = plan["items"][0]
    assert item["quarters"] == [True, True, True, False]  # 2026-02-01 – 2026-08-31
    assert item["budget"] == Decimal("50000")
    assert plan["budget_total"] == Decimal("50000")
    assert dict(plan["by_source"])["Öronmärkta centrala medel"] == Decimal("50000")
    assert [g for g, _items in plan["by_goal"]] == ["Enklare vardag"]
    assert [f for f, _items in plan["by_forvaltning"]] == ["Socialförvaltningen"]


def test_nature_and_payer_choices_are_all_counted(kommun):
    s = SystemFactory(forvaltning__kommun=kommun)
    for nature in CostNature:
        for payer in Payer:
            SystemCostFactory(system=s, year=YEAR, nature=nature, payer=payer, amount=1)
    costs = section_costs(kommun, YEAR)
    assert costs["it_cost_total"] == len(CostNature) * len(Payer)


def test_register_section_adds_a_section_for_other_apps(kommun, monkeypatch):
    """How an app above reports adds a section (governance adds "Årets beslut")."""
    monkeypatch.setattr(collect, "IT_BOKSLUT_SECTIONS", list(collect.IT_BOKSLUT_SECTIONS))
    monkeypatch.setattr(collect, "EXTRA_SECTION_TEMPLATES", {})
    collect.register_section(
        "example",
        lambda k, y: {"count": 2},
        title="Årets beslut",
        template="reports/pdf/_value.html",
        after="development",
    )
    keys = [k for k, _f in collect.IT_BOKSLUT_SECTIONS]
    assert keys.index("example") == keys.index("development") + 1
    part = collect.collect_it_bokslut(kommun, YEAR)
    assert part["example"] == {"count": 2}
    assert part["extra"] == [("Årets beslut", "reports/pdf/_value.html", {"count": 2})]
