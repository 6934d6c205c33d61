"""Browser journey: strateg.lysekil orders an IT-bokslut, watches it finish, downloads it."""

import pytest

from portfolio.models import Kommun
from reports import services
from reports.models import ReportJob
from tests.factories import report_dataset

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_strateg_orders_watches_and_downloads_an_it_bokslut(ui, monkeypatch):
    report_dataset(Kommun.objects.get(name="Lysekil"), 2026)
    # Hold the job in the queue so the page can be seen polling; run it ourselves below.
    queued = []
    monkeypatch.setattr(services, "_dispatch", lambda job: queued.append(job.pk))

    ui.login("strateg.lysekil")
    ui.page.get_by_role("link", name="Rapporter").first.click()
    ui.check()
    ui.page.get_by_role("link", name="Beställ rapport").click()
    ui.check()
    ui.page.get_by_label("Rapporttyp").select_option(label="IT-bokslut")
    ui.page.get_by_label("Omfattning").select_option(label="Lysekil")
    ui.page.get_by_label("År").fill("2026")
    # Lysekil is in SML-IT and in the Fyrbodal network: the orderer picks the peer group.
    ui.page.get_by_label("Jämförelsegrupp (IT-bokslut)").select_option(label="SML-IT")
    ui.page.get_by_role("button", name="Beställ").click()
    ui.check()
    status = ui.page.get_by_test_id("job-status")
    assert status.inner_text() == "Köad"
    job = ReportJob.objects.get(kind="it_bokslut")
    assert queued == [job.pk] and job.comparison_samverkan.name == "SML-IT"

    services.run_report_job(queued[0])  # the worker
    status.filter(has_text="Klar").wait_for(timeout=10_000)  # htmx polls every 2 s
    ui.check()
    with ui.page.expect_download() as download_info:
        ui.page.get_by_role("link", name="Ladda ner PDF").click()
    download = download_info.value
    assert download.suggested_filename == "it_bokslut-lysekil-2026-v1.pdf"
    with open(download.path(), "rb") as fh:
        assert fh.read(5) == b"%PDF-"

    ui.visit("/rapporter/")
    main = ui.page.locator("main").inner_text()
    assert "Ladda ner IT-bokslut 2026 v1 (PDF)" in main
    assert "Fastställd" in main  # the demo's adopted handlingsplan
    ui.visit("/")
    assert "Senaste rapporter" in ui.page.locator("main").inner_text()
