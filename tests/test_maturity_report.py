"""Issue 15: the network's Mognadsrapport (PDF and XLSX) and the IT-bokslut's "Digital mognad".

The PDF is rendered once (WeasyPrint is slow on the shared machine); its
extracted text is checked for the figures that matter and for what must not
be there: a kommun that does not share its results by name.
"""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError

from governance.maturity import services as maturity
from portfolio.jobs import JobStatus
from reports import services
from reports.choices import FileKind, ReportKind
from reports.collect import collect
from reports.document import render_html
from reports.models import ReportJob
from reports.sections.maturity import section_maturity
from tests.maturity_world import (
    answer,
    open_network_round,
    respondent_for,
    scale,
    world_fixture,  # noqa: F401  (the ``world`` fixture)
)

pytestmark = pytest.mark.django_db


def _round(world, year, labels):
    campaign = open_network_round(world, year)
    for kommun, user, label in zip(
        (world.a, world.b, world.c),
        (world.resp_a1, world.resp_b, world.resp_c),
        labels,
        strict=True,
    ):
        form = respondent_for(campaign, kommun, user, world.admin)
        answer(form, "portfoljstyrning", scale("portfoljstyrning", label))
        answer(form, "forum", [scale("forum", "IT-råd")])
    maturity.set_sharing(
        actor=world.strateg_a,
        participation=campaign.participations.get(kommun=world.a),
        shares_by_name=True,
    )
    maturity.close_campaign(actor=world.coordinator, campaign=campaign)
    return campaign


def _text(job) -> str:
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(job.stored(FileKind.PDF).read()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def test_the_mognadsrapport_pdf_shows_the_network_against_the_baseline(world):
    _round(world, 2025, ["Icke-existerande", "Ostrukturerad", "Ostrukturerad"])
    _round(world, 2026, ["Ostrukturerad", "I utvecklingsfasen", "Delvis etablerad"])
    job = services.order_report(
        actor=world.coordinator, kind=ReportKind.MOGNADSRAPPORT, year=2026, samverkan=world.network
    )
    services.run_report_job(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    text = _text(job)
    assert "Mognadsrapport 2026" in text and "Mognadsnätverket" in text
    assert "svarade 3 av 4 kommuner" in text
    assert "Figur" in text and "Hur väl etablerad är portföljstyrning i kommunen?" in text
    assert "Fyrbodal 2024" in text and "28,0 %" in text and "33,3 %" in text
    assert "Portföljstyrning 3,0 2,0" in text  # the median this year and last year
    assert "Mognadskommun A" in text  # shares its results by name
    assert "Mognadskommun B" not in text and "Mognadskommun C" not in text
    from reports.layout import overflowing_tables, render_document, split_figures

    document = render_document(job.stored(FileKind.HTML).read().decode())
    assert overflowing_tables(document) == [] and split_figures(document) == []
    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(job.stored(FileKind.XLSX).read())).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("Fråga nr", "Fråga", "Alternativ")
    assert ("Mognadskommun B",) not in [r[:1] for r in rows]


def test_a_mognadsrapport_needs_a_network_and_a_closed_round(world):
    open_network_round(world, 2026)  # still open
    for kwargs in ({"samverkan": world.network}, {"kommun": world.a}):
        with pytest.raises(ValidationError):
            services.order_report(
                actor=world.coordinator if "samverkan" in kwargs else world.strateg_a,
                kind=ReportKind.MOGNADSRAPPORT,
                year=2026,
                **kwargs,
            )
    assert not ReportJob.objects.exists()


def test_the_it_bokslut_has_a_digital_mognad_chapter_with_levels_and_change(world):
    _round(world, 2025, ["Icke-existerande", "Ostrukturerad", "Ostrukturerad"])
    _round(world, 2026, ["Ostrukturerad", "I utvecklingsfasen", "Delvis etablerad"])
    section = section_maturity(world.a, 2026)
    row = next(a for a in section["areas"] if a["code"] == "portfoljstyrning")
    assert (str(row["level"]), str(row["previous"]), str(row["change"])) == ("2.0", "1.0", "1.0")
    assert str(row["median"]) == "3.0" and section["network_kommuner"] == 3
    job = ReportJob.objects.create(
        kind=ReportKind.IT_BOKSLUT, kommun=world.a, year=2026, requested_by=world.strateg_a
    )
    html = render_html(job, collect(job))
    assert "Digital mognad" in html and "Förändringen jämförs med 2025" in html
    assert "+1,0" in html
    assert world.resp_a1.get_full_name() not in html
