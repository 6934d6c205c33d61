"""Issue 12, reports: what the documents say and how they look.

The comparison group per samverkan, "–" for missing data (tables, charts,
XLSX), the handlingsplan's "Saknar tidplan", and the PDF layout (tables within
the text block, amounts that never break, no heading twice, a chart with its
table on one page, the same precision in both).
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from portfolio import pdf
from portfolio.choices import InitiativeStatus, Role
from reports import collect, services
from reports.choices import FileKind, ReportKind
from reports.document import _trend_charts, render_html
from reports.models import ReportJob
from tests.factories import (
    InitiativeCostFactory,
    KommunFactory,
    ReportInitiativeFactory,
    SamverkanFactory,
    SystemCostFactory,
    SystemFactory,
    report_dataset,
    user_with_role,
)

pytestmark = pytest.mark.django_db
YEAR = 2026
FYRBODAL = [
    "Bengtsfors",
    "Dals-Ed",
    "Färgelanda",
    "Lysekil",
    "Mellerud",
    "Munkedal",
    "Orust",
    "Sotenäs",
    "Strömstad",
    "Tanum",
    "Trollhättan",
    "Uddevalla",
    "Vänersborg",
    "Åmål",
]


@pytest.fixture
def region():
    """Fyrbodal's 14 kommuner, SML-IT (Lysekil host) and the Fyrbodal network (Vänersborg host)."""
    kommuner = {name: KommunFactory(name=name) for name in FYRBODAL}
    sml = SamverkanFactory(
        name="SML-IT", host=kommuner["Lysekil"], members=[kommuner["Sotenäs"], kommuner["Munkedal"]]
    )
    fyrbodal = SamverkanFactory(
        name="Digitaliseringsnätverket Fyrbodal",
        host=kommuner["Vänersborg"],
        members=list(kommuner.values()),
    )
    lysekil = kommuner["Lysekil"]
    for name in ("Lysekil", "Sotenäs", "Munkedal", "Vänersborg"):
        SystemCostFactory(
            system=SystemFactory(forvaltning__kommun=kommuner[name]), year=YEAR, amount=100_000
        )
    return {
        "kommuner": kommuner,
        "sml": sml,
        "fyrbodal": fyrbodal,
        "lysekil": lysekil,
        "strateg": user_with_role(Role.IT_STRATEG, kommun=lysekil),
    }


def _order(region, **kwargs):
    return services.order_report(
        actor=region["strateg"],
        kind=kwargs.pop("kind", ReportKind.IT_BOKSLUT),
        year=YEAR,
        kommun=kwargs.pop("kommun", region["lysekil"]),
        **kwargs,
    )


def _compared(job) -> list[str]:
    (part,) = collect.collect(job)["parts"]
    return [r["kommun"].name for r in part["comparison"]["rows"]]


# --- The comparison group per samverkan -------------------------------------------


def test_sml_it_compares_exactly_its_three_kommuner(region):
    job = _order(region, comparison_samverkan=region["sml"])
    assert job.comparison_samverkan == region["sml"]
    assert _compared(job) == ["Lysekil", "Munkedal", "Sotenäs"]  # not Vänersborg (the old join)


def test_fyrbodal_compares_all_fourteen_when_chosen(region):
    job = _order(region, comparison_samverkan=region["fyrbodal"])
    names = _compared(job)
    assert sorted(names) == sorted(FYRBODAL) and len(names) == 14
    (part,) = collect.collect(job)["parts"]
    rows = {r["kommun"].name: r for r in part["comparison"]["rows"]}
    assert rows["Vänersborg"]["it_cost_total"] == Decimal("100000")
    assert rows["Åmål"]["it_cost_total"] is None  # no data: "–", never 0 kr


def test_service_refuses_a_samverkan_the_kommun_is_not_in(region):
    goliska = SamverkanFactory(name="Göliska IT", host=KommunFactory(name="Lidköping"))
    with pytest.raises(ValidationError, match="ingår inte i Göliska IT"):
        _order(region, comparison_samverkan=goliska)
    # Also for a handlingsplan (no comparison there, but no foreign group either).
    with pytest.raises(ValidationError):
        _order(region, kind=ReportKind.HANDLINGSPLAN, comparison_samverkan=goliska)
    assert ReportJob.objects.count() == 0


def test_the_orderer_chooses_when_more_than_one_fits(region):
    with pytest.raises(ValidationError, match="Välj jämförelsegrupp"):
        _order(region)
    # One group fits: taken without asking. None fits: every kommun.
    only_sml = SamverkanFactory(name="Liten samverkan", host=KommunFactory(name="Ensamby"))
    job = services.order_report(
        actor=user_with_role(Role.IT_STRATEG, kommun=only_sml.host),
        kind=ReportKind.IT_BOKSLUT,
        year=YEAR,
        kommun=only_sml.host,
    )
    assert job.comparison_samverkan == only_sml
    lonely = KommunFactory(name="Sollentuna")
    strateg = user_with_role(Role.IT_STRATEG, kommun=lonely)
    job = services.order_report(actor=strateg, kind=ReportKind.IT_BOKSLUT, year=YEAR, kommun=lonely)
    assert job.comparison_samverkan is None
    assert "Sollentuna" in _compared(job) and "Vänersborg" in _compared(job)


def test_samverkan_report_compares_within_the_samverkan(region):
    sml_strateg = user_with_role(Role.IT_STRATEG, samverkan=region["sml"])
    job = services.order_report(
        actor=sml_strateg, kind=ReportKind.IT_BOKSLUT, year=YEAR, samverkan=region["sml"]
    )
    assert job.comparison_samverkan == region["sml"]
    for part in collect.collect(job)["parts"]:
        assert [r["kommun"].name for r in part["comparison"]["rows"]] == [
            "Lysekil",
            "Munkedal",
            "Sotenäs",
        ]
    with pytest.raises(ValidationError):
        services.order_report(
            actor=sml_strateg,
            kind=ReportKind.IT_BOKSLUT,
            year=YEAR + 1,
            samverkan=region["sml"],
            comparison_samverkan=region["fyrbodal"],
        )


def test_order_form_offers_the_groups_and_stores_the_choice(client, region):
    client.force_login(region["strateg"])
    form = client.get(reverse("reports:order")).content.decode()
    assert "Jämförelsegrupp" in form
    assert f'value="{region["sml"].pk}"' in form and f'value="{region["fyrbodal"].pk}"' in form
    scope = f"k{region['lysekil'].pk}"
    response = client.post(
        reverse("reports:order"), {"kind": "it_bokslut", "scope": scope, "year": YEAR}
    )
    assert response.status_code == 400 and "Välj jämförelsegrupp" in response.content.decode()
    response = client.post(
        reverse("reports:order"),
        {"kind": "it_bokslut", "scope": scope, "year": YEAR, "comparison": region["fyrbodal"].pk},
    )
    job = ReportJob.objects.get()
    assert response.status_code == 302 and job.comparison_samverkan == region["fyrbodal"]
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Digitaliseringsnätverket Fyrbodal" in page


# --- Missing data is "–", never 0 ----------------------------------------------------


@pytest.fixture
def strateg_job(region, monkeypatch):
    monkeypatch.setattr(pdf, "render_pdf", lambda html: pdf.RenderedPdf(b"%PDF fake", 1, "pdf"))
    report_dataset(region["lysekil"], YEAR)  # costs in 2025 and 2026 only
    return _order(region, comparison_samverkan=region["fyrbodal"])


def test_missing_years_and_kommuner_print_a_dash_in_tables_and_charts(strateg_job):
    data = collect.collect(strateg_job)
    part = data["parts"][0]
    rows = {r["year"]: r for r in part["trends"]["rows"]}
    assert rows[2022]["it_cost_total"] is None and rows[2023]["it_cost_total"] is None
    html = render_html(strateg_job, data)
    trends = html[html.index('id="p1-trends"') : html.index('id="p1-comparison"')]
    assert not re.search(r"(?<![\d\u202f])0\u00a0kr", trends)  # no "0 kr" for a missing year
    first_table = re.search(r'<table class="values">.*?</table>', trends, re.S).group(0)
    cells = re.findall(r'<td class="num">(.*?)</td>', first_table)
    assert cells[:3] == ["–", "–", "–"] and cells[3] == "900\u202f000\u00a0kr"
    # The chart: no bar for a missing year, just the dash.
    chart = part["charts"][0]["svg"]
    assert chart.count("<rect") == 2  # 2025 and 2026
    comparison = html[html.index('id="p1-comparison"') : html.index('id="definitions"')]
    amal = re.search(r"<th scope=\"row\">Åmål</th>(.*?)</tr>", comparison).group(1)
    assert "kr" not in amal and amal.count("–") == 4


def test_missing_data_is_an_empty_xlsx_cell(strateg_job):
    from openpyxl import load_workbook

    services.run_report_job(strateg_job.pk)
    strateg_job.refresh_from_db()
    wb = load_workbook(BytesIO(strateg_job.stored(FileKind.XLSX).read()))
    rows = [[c.value for c in row] for row in wb["Lysekil"].iter_rows()]
    trend = {r[0]: r for r in rows if isinstance(r[0], int) and 2000 < r[0] < 2100}
    assert trend[2022][1:4] == [None, None, None]
    assert trend[2026][1] == 1_400_000
    amal = next(r for r in rows if r[0] == "Åmål")
    assert amal[1:5] == [None, None, None, None]
    assert next(r for r in rows if r[0] == "Vänersborg")[1] == 100_000


# --- The handlingsplan: Saknar tidplan -----------------------------------------------


def test_plan_includes_initiatives_without_dates_under_saknar_tidplan(region):
    kommun = region["lysekil"]
    data = report_dataset(kommun, YEAR)
    undated = ReportInitiativeFactory(
        forvaltning=data["soc"],
        title="Gemensam e-arkivlösning",
        status=InitiativeStatus.PRIORITERING,
        start_date=None,
        end_date=None,
    )
    InitiativeCostFactory(initiative=undated, year=YEAR, amount=Decimal("1100000"))
    no_costs = ReportInitiativeFactory(
        forvaltning=data["soc"],
        title="Medborgarservice-chatt",
        status=InitiativeStatus.GENOMFORANDE,
        start_date=None,
        end_date=None,
    )
    later = ReportInitiativeFactory(  # dated outside the year, but with costs in it
        forvaltning=data["soc"],
        title="Förstudie",
        status=InitiativeStatus.BESLUTAD,
        start_date=datetime.date(YEAR + 1, 1, 1),
        end_date=datetime.date(YEAR + 1, 6, 30),
    )
    InitiativeCostFactory(initiative=later, year=YEAR, amount=Decimal("25000"))
    ReportInitiativeFactory(  # an idé is not planned: not in the plan
        forvaltning=data["soc"], status=InitiativeStatus.IDE, start_date=None, end_date=None
    )
    plan = collect.collect_handlingsplan(kommun, YEAR)
    titles = [i["initiative"].title for i in plan["items"]]
    assert set(titles) == {"Digital ansökan", "Förstudie", undated.title, no_costs.title}
    assert [i["initiative"].title for i in plan["unscheduled"]] == [
        undated.title,
        no_costs.title,
    ]
    assert plan["budget_total"] == Decimal("50000") + Decimal("1100000") + Decimal("25000")
    assert plan["unscheduled_budget"] == Decimal("1100000")

    strateg = region["strateg"]
    job = ReportJob.objects.create(
        kind=ReportKind.HANDLINGSPLAN, kommun=kommun, year=YEAR, requested_by=strateg
    )
    html = render_html(job, collect.collect(job))
    section = html[html.index('id="p1-unscheduled"') : html.index('id="p1-cases"')]
    assert "Saknar tidplan" in section
    assert undated.title in section and no_costs.title in section
    assert "1\u202f100\u202f000\u00a0kr" in section
    assert "Digital ansökan" not in section


# --- PDF layout -----------------------------------------------------------------------


def test_chart_labels_have_the_precision_of_their_table(region):
    kommun = region["lysekil"]
    report_dataset(kommun, YEAR)
    part = collect.collect_it_bokslut(kommun, YEAR, region["sml"])
    total, _per_invanare, shares = _trend_charts(part)
    share = part["trends"]["rows"][-1]["utveckling_share"]  # 200 000 / 1 400 000 = 14.3 %
    assert share == Decimal("14.3")
    assert ">14,3\u00a0%</text>" in shares["svg"]
    assert ">1\u202f400\u202f000\u00a0kr</text>" in total["svg"]


def test_pdf_layout_tables_amounts_headings_and_charts(region):
    """Real WeasyPrint: both documents, with long names and large amounts."""
    from pypdf import PdfReader

    from reports.layout import overflowing_tables, render_document, split_figures

    kommun = region["lysekil"]
    data = report_dataset(kommun, YEAR)
    long_name = "Verksamhetssystemförvaltningsorganisationsplattformen för hela kommunkoncernen"
    system = SystemFactory(forvaltning=data["soc"], name=long_name)
    SystemCostFactory(system=system, year=YEAR, amount=Decimal("123456789"))
    initiative = ReportInitiativeFactory(
        forvaltning=data["soc"],
        title=long_name,
        status=InitiativeStatus.BESLUTAD,
        goals=[data["goal"]],
    )
    InitiativeCostFactory(initiative=initiative, year=YEAR, amount=Decimal("98765432"))
    strateg = region["strateg"]
    for kind, group in (
        (ReportKind.IT_BOKSLUT, region["fyrbodal"]),
        (ReportKind.HANDLINGSPLAN, None),
    ):
        job = ReportJob.objects.create(
            kind=kind,
            kommun=kommun,
            year=YEAR,
            requested_by=strateg,
            comparison_samverkan=group,
        )
        html = render_html(job, collect.collect(job))
        # Amounts use no-break spaces only: "1 250 000 kr" can't break across lines.
        assert not re.search(r"\d \d{3}\b", re.sub(r"<[^>]+>", "", html)), kind
        assert not re.search(r"\d kr\b", html), kind
        document = render_document(html)
        assert overflowing_tables(document) == [], kind
        assert split_figures(document) == [], kind
        reader = PdfReader(BytesIO(document.write_pdf()))
        pages = [page.extract_text() for page in reader.pages]
        text = "\n".join(pages)
        amount = (
            "123\u202f456\u202f789" if kind == ReportKind.IT_BOKSLUT else "98\u202f765\u202f432"
        )
        assert amount in text.replace("\u00a0", "\u202f").replace(" ", "\u202f")
        # No heading printed twice on its page (again in the running header or a caption).
        headings = {
            re.sub(r"<[^>]+>", "", h).replace("&amp;", "&").strip()
            for h in re.findall(r"<h[23][^>]*>(.*?)</h[23]>", html)
        }
        for number, page in enumerate(pages[2:], start=3):
            lines = [line.strip() for line in page.splitlines()]
            for heading in headings:
                if heading in lines:
                    assert page.count(heading) == 1, (kind, number, heading)
        if kind == ReportKind.HANDLINGSPLAN:
            assert text.count("Enklare vardag") == 1  # the goal's heading, not again as caption
