import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_strateg_registers_initiative_with_benefit_and_cost(ui):
    page = ui.page
    ui.login("strateg.lysekil")
    ui.visit("/initiativ/")
    page.get_by_role("link", name="Lägg till").click()
    ui.check()
    page.locator("#id_title").fill("Digital hemtjänstplanering")
    page.locator("#id_description").fill("Planering av hemtjänst i mobilen.")
    page.locator("#id_kind").select_option(label="E-tjänst")
    page.locator("#id_area").select_option(label="Socialtjänst, vård och omsorg")
    page.locator("#id_forvaltning").select_option(label="Socialförvaltningen (Lysekil)")
    page.locator("#id_contact").select_option(label="Lars Holm (strateg.lysekil)")
    page.get_by_label("Smartare och öppnare förvaltning").first.check()
    page.get_by_role("button", name="Spara").click()
    ui.check()
    assert page.get_by_role("heading", name="Digital hemtjänstplanering", level=1).is_visible()

    page.get_by_role("link", name="Lägg till nytta").click()
    ui.check()
    page.locator("#id_kind").select_option(label="Kronor")
    page.locator("#id_description").fill("Färre körda mil")
    page.locator("#id_yearly_value").fill("-10")
    page.locator("#id_first_year").fill("2027")
    page.locator("#id_last_year").fill("2030")
    page.get_by_role("button", name="Spara").click()
    ui.check()  # the negative value is refused with a Swedish message
    assert "större än eller lika med 0" in page.locator("main").inner_text()
    page.locator("#id_yearly_value").fill("120000")
    page.get_by_role("button", name="Spara").click()
    ui.check()
    assert "120 000 kr" in page.locator("main").inner_text()

    page.get_by_role("link", name="Lägg till kostnad").click()
    ui.check()
    page.locator("#id_year").fill("2027")
    page.locator("#id_kind").select_option(label="Investering")
    page.locator("#id_nature").select_option(label="Utveckling")
    page.locator("#id_amount").fill("450000")
    page.get_by_role("button", name="Spara").click()
    ui.check()
    assert "450 000 kr" in page.locator("main").inner_text()

    ui.visit("/initiativ/?q=hemtj%C3%A4nst")
    assert page.get_by_role("link", name="Digital hemtjänstplanering").is_visible()
    ui.visit("/system/")
    page.get_by_role("link", name="Treserva").click()
    ui.check()
