"""Browser journey for styrdokument and the roadmap (issue 17).

The IT-strateg in Lysekil adds an informationssäkerhetspolicy with its PDF and
links it to a system, sees it on the system's page, downloads nothing more
than a link, and opens the roadmap grouped by förvaltning and then by
strategic goal. Every page passes axe (WCAG 2.1 A/AA).
"""

import pytest

from governance.documents.models import GoverningDocument
from governance.documents.pdf import tiny_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Riktlinje för lösenord och inloggning"
SYSTEM = "ByggR"


def test_strateg_adds_a_document_and_opens_the_roadmap(ui):
    page = ui.page
    ui.login("strateg.lysekil")
    page.get_by_role("link", name="Styrdokument", exact=True).first.click()
    ui.check()
    assert "IT-strategi för Lysekils kommun" in page.locator("main").inner_text()
    page.get_by_role("link", name="Lägg till").click()
    ui.check()
    assert page.get_by_role("heading", name="Nytt styrdokument").count() == 1
    page.get_by_label("Kommun", exact=True).select_option(label="Lysekil")
    page.get_by_label("Dokumenttyp").select_option(label="Riktlinje")
    page.get_by_label("Titel").fill(TITLE)
    page.get_by_label("Beslutat av").select_option(label="Kommunstyrelsen")
    page.get_by_label("Beslutsreferens").fill("KS 2026-10-07 § 120")
    page.get_by_label("System", exact=True).select_option(label=SYSTEM)
    page.get_by_label("Fil (PDF)").set_input_files(
        files=[
            {
                "name": "losenord.pdf",
                "mimeType": "application/pdf",
                "buffer": tiny_pdf(TITLE),
            }
        ]
    )
    page.get_by_role("button", name="Spara").click()
    ui.check()
    assert page.get_by_role("heading", name=TITLE).count() == 1
    assert "Ladda ner losenord.pdf" in page.locator("main").inner_text()
    assert GoverningDocument.objects.get(title=TITLE).file_name == "losenord.pdf"

    page.get_by_role("link", name=SYSTEM, exact=True).click()
    ui.check()
    section = page.get_by_role("region", name="Styrdokument")
    assert TITLE in section.inner_text()

    page.get_by_role("link", name="Färdplan", exact=True).first.click()
    ui.check()
    assert page.get_by_role("img", name="Färdplan: initiativ per förvaltning").count() == 1
    assert "Socialförvaltningen" in page.get_by_test_id("roadmap-table").inner_text()
    page.get_by_role("link", name="Strategiskt mål").click()
    ui.check()
    assert page.get_by_role("img", name="Färdplan: initiativ per strategiskt mål").count() == 1
    assert "Smartare och öppnare förvaltning" in page.get_by_test_id("roadmap-table").inner_text()
