"""Issue 12 in Min portfölj: three years of key figures, and the decisions and ärenden
that concern the förvaltning (through governance's registered section)."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from governance.choices import CaseKind, CouncilKind, DecisionType
from governance.models import Case, Council, Decision, Meeting
from portfolio.choices import BenefitKind, CostNature, InitiativeCostKind
from portfolio.initiatives.my_portfolio import build_portfolio
from portfolio.models import (
    BenefitLine,
    BenefitRealisation,
    InitiativeCost,
    SystemCost,
)
from portfolio.organisation.demo import forvaltning
from tests.factories import InitiativeFactory
from tests.test_my_portfolio import make_system

pytestmark = pytest.mark.django_db
URL = "/min-portfolj/"


def user(name):
    return get_user_model().objects.get(username=name)


# --- Key figures for three years -----------------------------------------------------------


def test_key_figures_cover_this_year_and_the_next_two(demo, login):
    soc = forvaltning("Lysekil", "Socialförvaltningen")
    fc = user("fc.lysekil.soc")
    today = timezone.localdate()
    y = today.year
    before = build_portfolio(fc, soc, y, today)["key_figures"]
    assert before["years"] == [y, y + 1, y + 2]
    system = make_system(soc, "Treårssystemet")
    for offset, amount in ((0, 100_000), (1, 110_000), (2, 120_000)):
        SystemCost.objects.create(
            system=system,
            year=y + offset,
            cost_type="licens",
            nature=CostNature.DRIFT,
            amount=amount,
            payer="forvaltning",
            paying_forvaltning=soc,
        )
    ini = InitiativeFactory(forvaltning=soc, contact=fc)
    InitiativeCost.objects.create(
        initiative=ini,
        year=y + 2,
        kind=InitiativeCostKind.INVESTERING,
        nature=CostNature.UTVECKLING,
        amount=70_000,
    )
    benefit = BenefitLine.objects.create(
        initiative=ini,
        kind=BenefitKind.KRONOR,
        description="Mindre papper",
        yearly_value=Decimal(30_000),
        first_year=y + 1,
        last_year=y + 5,
    )
    BenefitRealisation.objects.create(benefit=benefit, year=y, value=Decimal(5_000))
    after = build_portfolio(fc, soc, y, today)["key_figures"]

    def delta(key):
        row_before = next(r for r in before["rows"] if r["key"] == key)["values"]
        row_after = next(r for r in after["rows"] if r["key"] == key)["values"]
        return [
            None if a is None else a - (b or 0) for a, b in zip(row_after, row_before, strict=True)
        ]

    assert delta("drift") == [100_000, 110_000, 120_000]
    assert delta("utveckling") == [0, 0, 70_000]
    assert delta("initiatives") == [0, 0, 70_000]
    assert delta("systems") == [100_000, 110_000, 120_000]
    assert delta("total") == [100_000, 110_000, 190_000]
    assert delta("planned_kr") == [0, 30_000, 30_000]
    assert delta("realised_kr") == [5_000, None, None]  # future years: not yet realised

    html = login(fc).get(URL).content.decode()
    assert f"Nyckeltal {y}–{y + 2}" in html
    for year in (y, y + 1, y + 2):
        assert f'<th scope="col" class="num">{year}</th>' in html


# --- Decisions and ärenden ------------------------------------------------------------------


@pytest.fixture
def governance(demo):
    soc = forvaltning("Lysekil", "Socialförvaltningen")
    bou = forvaltning("Lysekil", "Barn- och utbildningsförvaltningen")
    lysekil = soc.kommun
    strateg = user("strateg.lysekil")
    soc_system = make_system(soc, "Socialsystemet")
    bou_system = make_system(bou, "Skolsystemet")
    soc_initiative = InitiativeFactory(forvaltning=soc, title="Soc-initiativet", contact=strateg)
    council = Council.objects.create(
        kommun=lysekil, kind=CouncilKind.IT_STYRGRUPP, name="Testgruppen"
    )
    meeting = Meeting.objects.create(
        council=council,
        starts_at=timezone.make_aware(datetime.datetime(2026, 3, 12, 13, 0)),
        place="KS-salen",
    )
    year = 2026
    number = iter(range(900, 1000))

    def case(title, forv, **kw):
        return Case.objects.create(
            kommun=lysekil,
            year=year,
            number=next(number),
            kind=CaseKind.VERKSAMHETSSYSTEM,
            title=title,
            description="Behov",
            forvaltning=forv,
            applicant=kw.pop("applicant", strateg),
            **kw,
        )

    def decision(title, *, systems=(), **kw):
        moment = kw["meeting"].starts_at if "meeting" in kw else kw.get("decided_at")
        kw.setdefault("decision_date", timezone.localdate(moment or timezone.now()))
        d = Decision.objects.create(
            kommun=lysekil,
            year=year,
            number=next(number),
            decision_type=DecisionType.BIFALL,
            title=title,
            text="Beslutat.",
            recorded_by=strateg,
            **kw,
        )
        d.systems.set(systems)
        return d

    soc_case = case("Nytt verksamhetssystem för socialtjänsten", soc, initiative=soc_initiative)
    bou_case = case("Skolans nya lärplattform", bou)
    w = {
        "soc": soc,
        "bou": bou,
        "soc_case": soc_case,
        "bou_case": bou_case,
        "meeting_decision": decision(
            "Köp av socialsystem", systems=[soc_system], meeting=meeting, council=council
        ),
        "initiative_decision": decision(
            "Bifall till soc-initiativet",
            case=soc_case,
            is_delegation=True,
            decided_at=timezone.make_aware(datetime.datetime(2026, 4, 2, 9, 0)),
        ),
        "secret_decision": decision(
            "Hemlig upphandling av skyddat boende",
            case=case(
                "Skyddat boende",
                soc,
                is_secret=True,
                applicant=user("fc.lysekil.soc"),
            ),
            is_delegation=True,
            is_secret=True,
        ),
        "bou_decision": decision("Köp av skolsystem", systems=[bou_system], is_delegation=True),
    }
    Meeting.objects.filter(pk=meeting.pk).update(signed_at=timezone.now())
    return w


def test_decisions_and_cases_of_the_own_forvaltning_with_paragraph_and_date(governance, login):
    html = login(user("fc.lysekil.soc")).get(URL).content.decode()
    assert "Beslut och ärenden" in html
    meeting_decision = governance["meeting_decision"]
    assert "Köp av socialsystem" in html
    assert f"§ {meeting_decision.number}/2026" in html
    assert "2026-03-12" in html  # the meeting's date
    assert "Socialsystemet" in html
    assert "Bifall till soc-initiativet" in html
    assert f"D {governance['initiative_decision'].number}/2026" in html
    assert "2026-04-02" in html  # the delegationsbeslut's recorded date
    assert governance["soc_case"].reference in html
    assert "Nytt verksamhetssystem för socialtjänsten" in html
    # Another förvaltning's decisions and ärenden are not listed (though the policy
    # lets the förvaltningschef read a signed decision of the kommun).
    assert "Köp av skolsystem" not in html
    assert "Skolans nya lärplattform" not in html


def test_secret_decision_is_listed_without_title(governance, login):
    html = login(user("fc.lysekil.soc")).get(URL).content.decode()
    secret = governance["secret_decision"]
    assert f"D {secret.number}/2026" in html
    assert "Beslut under sekretess" in html
    assert "Hemlig upphandling" not in html
    assert "Skyddat boende" not in html and "Ärende under sekretess" in html


def test_only_what_the_policy_lets_the_user_see(governance, login):
    # fc.lysekil.bou reads the kommun's signed decisions, but sees only its own förvaltning's.
    html = login(user("fc.lysekil.bou")).get(URL).content.decode()
    assert "Köp av skolsystem" in html
    assert "Köp av socialsystem" not in html
    # An unsigned meeting's decision is invisible to a förvaltningschef who is not a member.
    Meeting.objects.filter(pk=governance["meeting_decision"].meeting_id).update(signed_at=None)
    html = login(user("fc.lysekil.soc")).get(URL).content.decode()
    assert "Köp av socialsystem" not in html
    # The IT-strateg picking the förvaltning sees the same material.
    html = (
        login(user("strateg.lysekil"))
        .get(URL, {"forvaltning": governance["soc"].pk})
        .content.decode()
    )
    assert "Bifall till soc-initiativet" in html and "Köp av skolsystem" not in html


def test_imports_point_one_way():
    """portfolio never imports governance or reports; governance never imports reports."""
    import ast
    import pathlib

    forbidden = {"portfolio": ("governance", "reports"), "governance": ("reports",)}
    offenders = []
    for app, above in forbidden.items():
        for path in pathlib.Path(app).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    names = [node.module]
                offenders += [(str(path), n) for n in names if n.split(".")[0] in above]
    assert not offenders


@pytest.mark.parametrize("rows", [3, 30])
def test_query_budget_with_decisions_and_cases(
    governance, login, django_assert_max_num_queries, rows
):
    soc = governance["soc"]
    strateg = user("strateg.lysekil")
    for n in range(rows):
        system = make_system(soc, f"System {n}")
        case = Case.objects.create(
            kommun=soc.kommun,
            year=2025,
            number=n + 1,
            kind=CaseKind.VERKSAMHETSSYSTEM,
            title=f"Ärende {n}",
            description="Behov",
            forvaltning=soc,
            applicant=strateg,
        )
        d = Decision.objects.create(
            kommun=soc.kommun,
            year=2025,
            number=n + 1,
            is_delegation=True,
            case=case,
            decision_type=DecisionType.BIFALL,
            title=f"Beslut {n}",
            text="Beslutat.",
            recorded_by=strateg,
            decision_date=datetime.date(2025, 3, 1),
        )
        d.systems.add(system)
    client = login(user("fc.lysekil.soc"))
    client.get(URL)
    # 20: the chargeback section (issue 16) adds one query, the förvaltning's charges
    with django_assert_max_num_queries(20):
        response = client.get(URL)
    assert response.status_code == 200
    assert f"Beslut {rows - 1}" in response.content.decode()


def test_key_figures_sum_every_initiative_of_the_year(demo):
    """One total per year and nature, across initiatives (the sum is grouped only by those)."""
    from portfolio.initiatives.my_portfolio import key_figures
    from portfolio.models import Initiative, InitiativeCost

    soc = forvaltning("Lysekil", "Socialförvaltningen")
    first, second = (
        InitiativeFactory(forvaltning=soc, contact=user("fc.lysekil.soc")) for _ in range(2)
    )
    for initiative, amount in ((first, 100), (second, 250)):
        InitiativeCost.objects.create(
            initiative=initiative,
            year=2031,
            kind=InitiativeCostKind.INVESTERING,
            nature=CostNature.UTVECKLING,
            amount=amount,
        )
    ids = Initiative.objects.filter(pk__in=[first.pk, second.pk]).values("pk")
    figures = key_figures([], ids, [2031, 2032, 2033], this_year=2031)
    assert figures["by_year"][2031]["initiatives"] == Decimal(350)
    assert figures["by_year"][2031]["utveckling"] == Decimal(350)
