"""The IT-bokslut chapter "Kostnadsfördelning": its data, and its text in the PDF."""

from decimal import Decimal as D
from io import BytesIO

import pytest

from portfolio.chargeback import services
from portfolio.choices import Role
from portfolio.jobs import JobStatus
from reports import services as report_services
from reports.choices import FileKind, ReportKind
from reports.models import ReportJob
from reports.sections.chargeback import section_chargeback
from tests.chargeback_world import YEAR, KeyKind, key_values, pool, world
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def _world():
    w = world()
    pool(w, "Kommungemensamma <system>", "1000.00", KeyKind.USERS)
    pool(w, "ABC-IT drift", "99999.99", KeyKind.POPULATION, samverkan=True, inner=KeyKind.USERS)
    key_values(w, KeyKind.USERS, {"Alfa": "7", "Beta": "11", "Gamma": "13"})
    services.run_distribution(actor=w["ekonom"], kommun=w["ankeby"], year=YEAR)
    return w


def test_the_section_sums_to_the_run():
    w = _world()
    section = section_chargeback(w["ankeby"], YEAR)
    assert section["total"] == D("1000.00") + D("49999.99")
    assert sum(r["total"] for r in section["rows"]) == section["total"]
    assert [p["name"] for p in section["pools"]] == ["Kommungemensamma <system>", "ABC-IT drift"]
    assert section_chargeback(w["bjarby"], YEAR)["run"] is None


def test_the_it_bokslut_pdf_has_the_kostnadsfordelning_chapter():
    from pypdf import PdfReader

    w = _world()
    strateg = user_with_role(Role.IT_STRATEG, kommun=w["ankeby"])
    job = ReportJob.objects.create(
        kind=ReportKind.IT_BOKSLUT, kommun=w["ankeby"], year=YEAR, requested_by=strateg
    )
    report_services.run_report_job(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    reader = PdfReader(BytesIO(job.stored(FileKind.PDF).read()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    assert "Kostnadsfördelning" in text
    assert "Kommungemensamma <system>" in text
    assert "Antal användare" in text and "Antal invånare" in text
    # Ankeby's part of ABC-IT drift (50 % of 99 999,99 by invånare, the öre to Cedby and Bjärby)
    assert "49 999,99" in text and "Bjärby" in text, text[text.index("Kostnadsfördelning") :]
    # Alfa: 225,81 (1 000 kr by users 7/11/13) + 11 290,32 (49 999,99 × 7/31) = 11 516,13
    assert "11 516,13" in text
