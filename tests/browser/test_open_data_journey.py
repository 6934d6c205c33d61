"""Open data (issue 14): Lysekil's IT-strateg sets what the kommun publishes; the public reads it.

strateg.lysekil finds "Öppna data" on the kommun page, opens the setting, gets
a Swedish message for a bad address, chooses CC BY 4.0 and saves; the public
open-data page shows the licence and the files; an anonymous visitor
downloads the CSV and reads the decisions on the web (axe on every page).
"""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_strateg_sets_the_licence_and_the_public_downloads_the_files(ui):
    page = ui.page
    ui.login("strateg.lysekil")
    ui.menu("Administration", "Kommuner")
    ui.check()
    page.get_by_role("link", name="Lysekil", exact=True).click()
    ui.check()
    section = page.get_by_role("region", name="Öppna data")
    assert "CC0 1.0" in section.inner_text()
    section.get_by_role("link", name="Ändra vad kommunen publicerar").click()
    ui.check()
    assert page.get_by_role("heading", name="Öppna data för Lysekil", level=1).is_visible()
    assert page.get_by_label("Publicera beslut").is_checked()

    page.get_by_label("Licens").select_option(label="CC BY 4.0 (ange källan)")
    page.get_by_label("Kontaktadress").fill("inte en adress")
    page.get_by_role("button", name="Spara").click()
    ui.check()
    assert "Ange en giltig mejladress" in page.locator("main").inner_text()
    page.get_by_label("Kontaktadress").fill("oppnadata@example.se")
    page.get_by_role("button", name="Spara").click()
    ui.check()
    assert "Inställningen för öppna data är sparad" in page.locator("main").inner_text()

    page.get_by_role("link", name="Kommunens sida med öppna data").click()
    ui.check()
    landing_url = page.url
    main = page.locator("main")
    assert main.get_by_role("link", name="CC BY 4.0 (ange källan)").get_attribute("rel") == (
        "license"
    )
    ui.logout()

    # The public, without login.
    ui.visit(landing_url.removeprefix(ui.base_url))
    csv_link = page.get_by_role("link", name="CSV – Kommunens IT-system")
    download = page.request.get(csv_link.get_attribute("href"))
    assert download.status == 200
    assert download.body().startswith("\ufeffNamn;Typ;Kategori;Leverantör".encode())
    assert 'rel="license"' in download.headers["link"]
    assert "creativecommons.org/licenses/by/4.0" in download.headers["link"]
    page.get_by_role("link", name="Läs besluten på webben").click()
    ui.check()
    assert page.get_by_role("heading", name="Justerade beslut i Lysekil", level=1).is_visible()
    assert page.get_by_role(
        "link", name="Hämta besluten som öppna data (CSV och JSON)"
    ).is_visible()
