"""The benchmark command runs and leaves nothing behind."""

from io import StringIO

import pytest
from django.core.management import call_command

from reports.models import ReportJob
from tests.factories import KommunFactory, UserFactory, report_dataset

pytestmark = pytest.mark.django_db


def test_bench_reports_prints_timings(monkeypatch):
    from portfolio import pdf
    from reports.management.commands import bench_reports

    monkeypatch.setattr(
        bench_reports, "render_pdf", lambda html: pdf.RenderedPdf(b"%PDF", 7, "pdf/a-3u")
    )
    UserFactory()
    report_dataset(KommunFactory(name="Storstad"))
    out = StringIO()
    call_command("bench_reports", "--year", "2026", "--tracemalloc", stdout=out)
    text = out.getvalue()
    assert "kommun=Storstad" in text and "pages:            7" in text
    assert "data collection:" in text and "weasyprint:" in text and "peak traced mem" in text
    assert ReportJob.objects.count() == 0
