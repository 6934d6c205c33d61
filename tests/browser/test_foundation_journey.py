import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLE_HOMES = {
    "strateg.lysekil": "IT-strateg",
    "strateg.sml": "IT-strateg",
    "kd.lysekil": "Kommundirektör/kommunchef",
    "fc.lysekil.soc": "Förvaltningschef",
    "sa.lysekil": "Systemägare",
    "sf.lysekil": "Systemförvaltare",
    "sg.lysekil": "Styrgruppsledamot",
    "ekonom.lysekil": "Ekonom",
    "revisor.lysekil": "Läsare",
    "admin.lysekil": "Administratör",
    "strateg.uddevalla": "IT-strateg",
}


def test_every_demo_role_logs_in_to_its_start_page(ui):
    for username, role_label in ROLE_HOMES.items():
        ui.login(username)
        assert ui.page.get_by_role("heading", name="Översikt", level=1).is_visible()
        assert role_label in ui.page.locator("main").inner_text()
        ui.logout()


def test_it_strateg_assigns_a_role_in_the_browser(ui):
    ui.login("strateg.lysekil")
    ui.visit("/roller/")
    ui.page.get_by_role("link", name="Lägg till").click()
    ui.check()
    ui.page.get_by_label("Användare").select_option(label="Sven Fors (sf.lysekil)")
    ui.page.get_by_label("Roll").select_option(label="Läsare (t.ex. revisor)")
    ui.page.get_by_label("Kommun").select_option(label="Lysekil")
    ui.page.get_by_role("button", name="Spara").click()
    ui.check()
    assert "Rollen är tilldelad" in ui.page.locator("main").inner_text()
    # Empty form: a Swedish error, nothing lost.
    ui.visit("/roller/ny/")
    ui.page.get_by_role("button", name="Spara").click()
    ui.check()
    assert "exakt en omfattning" in ui.page.locator("main").inner_text()
