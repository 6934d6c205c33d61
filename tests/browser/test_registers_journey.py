import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_strateg_registers_a_system_with_contract_and_cost(ui):
    page = ui.page
    ui.login("strateg.lysekil")
    ui.visit("/system/")
    page.get_by_role("link", name="Lägg till").click()
    ui.check()
    page.locator("#id_name").fill("Digital hemtjänstplanering")
    page.locator("#id_kind").select_option(label="Verksamhetssystem")
    page.locator("#id_category").select_option(label="Verksamhetssystem")
    page.locator("#id_area").select_option(label="Socialtjänst, vård och omsorg")
    page.locator("#id_forvaltning").select_option(label="Socialförvaltningen (Lysekil)")
    page.locator("#id_owner").select_option(label="Stina Åberg (Systemägare, Socialförvaltningen)")
    page.locator("#id_hosting").select_option(label="SaaS/molntjänst")
    page.locator("#id_confidentiality").fill("7")
    page.get_by_role("button", name="Spara").click()
    ui.check()  # K out of range: a Swedish message, nothing lost
    assert "mindre än eller lika med 4" in page.locator("main").inner_text()
    assert page.locator("#id_name").input_value() == "Digital hemtjänstplanering"
    page.locator("#id_confidentiality").fill("3")
    page.get_by_role("button", name="Spara").click()
    ui.check()
    assert page.get_by_role("heading", name="Digital hemtjänstplanering", level=1).is_visible()

    page.get_by_role("link", name="Lägg till avtal").click()
    ui.check()
    page.locator("#id_supplier").select_option(index=1)
    page.locator("#id_number").fill("AVT-2026-17")
    page.locator("#id_start_date").fill("2026-01-01")
    page.locator("#id_end_date").fill("2028-05-31")
    page.locator("#id_notice_months").fill("3")
    page.locator("#id_annual_cost").fill("250000")
    page.get_by_role("button", name="Spara").click()
    ui.check()
    main = page.locator("main").inner_text()
    assert "AVT-2026-17" in main and "2028-02-29" in main and "250 000 kr" in main

    page.get_by_role("link", name="Lägg till kostnad").click()
    ui.check()
    page.locator("#id_year").fill("2026")
    page.locator("#id_cost_type").select_option(label="Licens")
    page.locator("#id_nature").select_option(label="Drift")
    page.locator("#id_amount").fill("1250000")
    page.locator("#id_payer").select_option(label="Centrala medel")
    page.get_by_role("button", name="Spara").click()
    ui.check()
    assert "1 250 000 kr" in page.locator("main").inner_text()

    ui.visit("/system/?q=hemtj%C3%A4nst")
    assert page.get_by_role("link", name="Digital hemtjänstplanering").is_visible()
