"""The PDF itself: extracted text, escaping, the static-only URL fetcher, PDF/A fallback.

WeasyPrint is slow on the shared machine, so only a few tests render.
"""

from io import BytesIO

import pytest

from portfolio import pdf
from portfolio.choices import Role
from portfolio.jobs import JobStatus
from reports import services
from reports.choices import FileKind, ReportKind
from reports.collect import collect
from reports.document import render_html
from reports.models import ReportJob
from tests.factories import (
    KommunFactory,
    SystemCostFactory,
    SystemFactory,
    report_dataset,
    user_with_role,
)

pytestmark = pytest.mark.django_db


def _text(job, kind=FileKind.PDF) -> str:
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(job.stored(kind).read()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    # pypdf may give the thousands separator as a normal or a non-breaking space
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"].get("/Font", {}).values()
    }
    assert any("DejaVu-Sans" in f for f in fonts), fonts
    return text, len(reader.pages)


def _job(kommun, kind=ReportKind.IT_BOKSLUT, year=2026):
    user = user_with_role(Role.IT_STRATEG, kommun=kommun)
    return ReportJob.objects.create(kind=kind, kommun=kommun, year=year, requested_by=user)


def test_it_bokslut_pdf_has_headline_figures_and_swedish_letters():
    kommun = KommunFactory(name="Åmål-Överby-Ängen")
    data = report_dataset(kommun)
    script = SystemFactory(forvaltning=data["soc"], name="<script>alert(1)</script>")
    SystemCostFactory(system=script, year=2026, amount=5)
    job = _job(kommun)
    services.run_report_job(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    text, pages = _text(job)
    assert job.stored(FileKind.PDF).page_count == pages >= 8
    assert job.stored(FileKind.PDF).pdf_variant == "pdf/a-3u"
    assert "Åmål-Överby-Ängen" in text
    assert "1 300 005 kr" in text  # IT-kostnad totalt
    assert "1 150 000 kr" in text  # the most expensive system
    assert "130 kr" in text  # per invånare
    assert "<script>alert(1)</script>" in text  # printed as text, not run or dropped
    assert "Sida 3 av" in text
    assert "Innehåll" in text and "Bilaga: definitioner av nyckeltal" in text
    assert "Summan av årets systemkostnader" in text  # a definition


def test_empty_year_gives_a_sensible_handlingsplan_and_bokslut(caplog):
    kommun = KommunFactory(name="Tomköping")
    plan = _job(kommun, ReportKind.HANDLINGSPLAN, year=2031)
    with caplog.at_level("DEBUG", logger="weasyprint"):
        services.run_report_job(plan.pk)
    # the shipped fonts and CSS load through the fetcher; nothing is refused
    assert "cannot be loaded" not in caplog.text
    assert "Failed to load" not in caplog.text
    plan.refresh_from_db()
    assert plan.status == JobStatus.DONE, plan.error
    text, _pages = _text(plan)
    assert "Utkast" in text and "Inga initiativ" in text and "0 kr" in text


def test_empty_year_bokslut_html_renders_without_data():
    kommun = KommunFactory(name="Tomköping")
    job = _job(kommun, year=2031)
    html = render_html(job, collect(job))
    assert "Inga systemkostnader registrerade för året." in html
    assert '<html lang="sv">' in html and "<title>IT-bokslut 2031 – Tomköping</title>" in html


def test_user_text_is_escaped_in_html():
    kommun = KommunFactory()
    data = report_dataset(kommun)
    s = SystemFactory(forvaltning=data["soc"], name="<script>alert(1)</script>")
    SystemCostFactory(system=s, year=2026, amount=1)
    job = _job(kommun)
    html = render_html(job, collect(job))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html
    assert "<svg" in html and "<title>IT-kostnad totalt per år</title>" in html


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/x.css",
        "https://example.com/x.css",
        pdf.STATIC_PREFIX + "../config/settings/base.py",
        pdf.STATIC_PREFIX + "css/../../pyproject.toml",
        pdf.STATIC_PREFIX + "js/htmx.min.js",
        "data:text/css,body{}",
    ],
)
def test_url_fetcher_refuses_everything_but_static_files(url):
    fetcher = pdf.make_url_fetcher()
    with pytest.raises(pdf.RefusedURL):
        fetcher.fetch(url)


def test_url_fetcher_serves_fonts_and_css():
    fetcher = pdf.make_url_fetcher()
    font = fetcher.fetch(pdf.STATIC_PREFIX + "fonts/DejaVuSans.ttf")
    assert font.read(4) == b"\x00\x01\x00\x00"
    css = fetcher.fetch(pdf.STATIC_PREFIX + "css/report.css")
    assert b"@page" in css.read()


def test_plain_pdf_fallback_is_recorded(monkeypatch):
    import weasyprint

    original = weasyprint.Document.write_pdf

    def no_pdfa(self, *args, pdf_variant=None, **kwargs):
        if pdf_variant:
            raise ValueError("unsupported")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.Document, "write_pdf", no_pdfa)
    result = pdf.render_pdf('<html lang="sv"><title>x</title><p>Hej</p></html>')
    assert result.variant == "pdf" and result.data.startswith(b"%PDF")
    assert result.page_count == 1
