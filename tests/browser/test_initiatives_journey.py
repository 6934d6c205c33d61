import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_strateg_registers_initiative_with_benefit_and_cost(ui):
    page = ui.page
    ui.login("strateg.lysekil")
    ui.visit("/initiativ/")
    page.get_by_role("link", name="Lägg till").click()
    ui.check()
    page.get_by_label("Titel").fill("Digital post till invånare")
    page.get_by_label("Beskrivning").fill("Skicka beslut som digital post.")
    page.get_by_label("Typ").select_option(label="E-tjänst")
    page.get_by_label("Verksamhetsområde").select_option(label="Administration och kommunikation")
    page.get_by_label("Ägande förvaltning").select_option(index=1)
    page.get_by_role("button", name="Sök liknande").click()
    ui.check()
    assert "Finns det redan?" in page.locator("main").inner_text()
    page.get_by_role("button", name="Spara").click()
    ui.check()
    assert "Initiativet är registrerat" in page.locator("main").inner_text()

    page.get_by_role("link", name="Lägg till nyttokalkylrad").click()
    ui.check()
    page.get_by_label("Nyttotyp").select_option(label="Kronor")
    page.get_by_label("Beskrivning").fill("Lägre portokostnader")
    page.get_by_label("Uppskattat värde per år").fill("120000")
    page.get_by_role("button", name="Spara").click()
    ui.check()

    page.get_by_role("link", name="Lägg till kostnad").click()
    ui.check()
    page.get_by_label("Kostnadstyp").select_option(label="Investering")
    page.get_by_label("Drift/utveckling").select_option(label="Utveckling")
    page.get_by_label("Belopp (kr)").fill("250000")
    page.get_by_role("button", name="Spara").click()
    ui.check()
    main = page.locator("main").inner_text()
    assert "Lägre portokostnader" in main
    assert "250 000 kr" in main

    page.get_by_label("Ny status").select_option(label="Kvalificering")
    page.get_by_role("button", name="Ändra status").click()
    ui.check()
    assert "Status ändrad" in page.locator("main").inner_text()

    ui.visit("/initiativ/?q=Digital+post")
    assert "Digital post till invånare" in page.locator("main").inner_text()
    ui.visit("/min-portfolj/")
    ui.visit("/mal/")


def test_forvaltningschef_sees_min_portfolj(ui):
    ui.login("fc.lysekil.soc")
    ui.menu("Portfölj", "Min portfölj")
    ui.check()
    assert "Socialförvaltningen" in ui.page.locator("main").inner_text()


def test_shared_initiative_detail_and_goals_are_accessible(ui):
    ui.login("strateg.lysekil")
    ui.visit("/initiativ/?q=e-arkiv")
    ui.page.get_by_role("link", name="Gemensam e-arkivlösning inom SML").click()
    ui.check()
    main = ui.page.locator("main").inner_text()
    assert "Sotenäs" in main and "Munkedal" in main
    ui.visit("/initiativ/?status=genomforande")
    ui.visit("/mal/")
    ui.page.get_by_role("link", name="Lägg till").click()
    ui.check()
