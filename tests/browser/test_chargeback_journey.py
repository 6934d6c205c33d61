"""Browser journey through the debiteringsmodell in Lysekil.

The ekonom opens Debitering, runs the year's distribution (a new, frozen run),
sees the result per förvaltning, drills down to Socialförvaltningen and
downloads its charge sheet as Excel; the förvaltningschef then sees the
förvaltning's charges in Min portfölj. Every page passes axe (WCAG 2.1 A/AA).
"""

from io import BytesIO

import pytest
from django.utils import timezone

from portfolio.chargeback.models import DistributionRun
from portfolio.templatetags.portal import format_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ekonom_runs_the_distribution_and_chief_sees_the_charges(ui):
    from openpyxl import load_workbook

    page = ui.page
    year = timezone.localdate().year
    ui.login("ekonom.lysekil")
    ui.menu("Portfölj", "Debitering")
    ui.check()
    page.get_by_role("link", name="Kör fördelningen").first.click()
    ui.check()
    page.get_by_label("Kommun").select_option(label="Lysekil")
    page.get_by_label("År").fill(str(year))
    page.get_by_role("button", name="Kör fördelningen").click()
    ui.check()
    assert "Fördelningen är körd och sparad." in page.locator("main").inner_text()
    assert DistributionRun.objects.filter(kommun__name="Lysekil", year=year).count() == 2
    result = page.get_by_test_id("run-result").inner_text()
    assert "SML-IT gemensam drift" in result and "Hyressystemet" in result

    page.get_by_role("link", name="Socialförvaltningen").click()
    ui.check()
    total = page.get_by_test_id("charge-total").inner_text()
    with page.expect_download() as download_info:
        page.get_by_test_id("sheet-xlsx").click()
    with open(download_info.value.path(), "rb") as fh:
        book = load_workbook(BytesIO(fh.read()))
    summary = {row[0].value: row[1].value for row in book.worksheets[0].iter_rows(min_row=2)}
    assert summary["Förvaltning"] == "Socialförvaltningen"
    assert format_number(summary["Summa"], 2) in total
    # the price list, counts and pools behind the figures (axe on each)
    ui.visit(f"/debitering/prislistor/?year={year}")
    page.get_by_role("link", name=f"Prislista {year}").first.click()
    ui.check()
    assert "Beslutad" in page.get_by_test_id("pricelist-status").inner_text()
    ui.visit("/debitering/kostnadspooler/")
    page.get_by_role("link", name="SML-IT gemensam drift").first.click()
    ui.check()
    ui.logout()

    ui.login("fc.lysekil.soc")
    ui.menu("Portfölj", "Min portfölj")
    ui.check()
    charges = page.get_by_test_id("my-charges").inner_text()
    assert "Hyressystemet" in charges and "SML-IT gemensam drift" in charges
