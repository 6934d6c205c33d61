"""Browser journey of issue 15: a maturity round from opening to an initiative.

strateg.lysekil opens Lysekil's 2027 round and chooses two förvaltningschefer;
each answers in the browser (one page per section, progress shown, saved and
continued); the strateg closes the round; the results (radar, change since the
2026 network round) and the comparison with the 2024 baseline show; the low
area Portföljstyrning becomes an initiative. axe checks every page.
"""

import pytest
from django.core import mail

from governance.maturity.models import Answer, Campaign, GapAction
from portfolio.models import Initiative

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SURVEY = "Status för digitalisering i Fyrbodals kommuner (2024)"


def open_maturity(ui):
    ui.menu("Styrning", "Digital mognad")
    ui.check()


def answer_first_pages(ui, portfolio_label: str):
    """Answer the first two pages; the portföljstyrning question is on page 2."""
    page = ui.page
    page.get_by_role("link", name="Mognadsenkät 2027 – Lysekil").first.click()
    ui.check()
    assert "Du har besvarat 0 av 26 frågor" in page.locator("main").inner_text()
    page.get_by_role("link", name="Initiativ för mellankommunal samverkan").click()
    ui.check()
    erfarenhet = page.get_by_role("group", name="Vår förvalning har goda erfarenheter")
    erfarenhet.get_by_label("Stämmer ganska bra").check()
    page.get_by_role("button", name="Spara och fortsätt").click()
    ui.check()
    assert "Del 2 av 5" in page.locator("h1").inner_text()
    assert "Du har besvarat 1 av 26 frågor" in page.locator("main").inner_text()
    portfolio = page.get_by_role("group", name="Hur väl etablerad är portföljstyrning")
    portfolio.get_by_label(portfolio_label).check()
    projekt = page.get_by_role("group", name="Hur väl etablerad är projektstyrning")
    projekt.get_by_label("Vet inte").check()
    page.get_by_role("button", name="Spara", exact=True).click()  # save and stay
    ui.check()
    assert "Du har besvarat 3 av 26 frågor" in page.locator("main").inner_text()


def test_a_round_from_opening_to_an_initiative_for_a_low_area(ui):
    page = ui.page
    # 1. The IT-strateg opens the round and chooses two respondents.
    ui.login("strateg.lysekil")
    open_maturity(ui)
    page.get_by_role("link", name="Öppna en mognadsomgång").click()
    ui.check()
    page.get_by_label("Enkät").select_option(label=SURVEY)
    page.get_by_label("Omfattning").select_option(label="Lysekil")
    page.get_by_label("År").fill("2027")
    page.get_by_role("button", name="Spara").click()
    ui.check()
    campaign = Campaign.objects.get(kommun__name="Lysekil", year=2027)
    assert "Öppen" in page.locator("main").inner_text()
    page.get_by_role("link", name="Svarande Lysekil").click()
    ui.check()
    page.get_by_role("link", name="Välj svarande").click()
    ui.check()
    page.get_by_label("Personer").select_option(
        label=[
            "Fredrik Ström (Förvaltningschef, Socialförvaltningen)",
            "Frida Sand (Förvaltningschef, Barn- och utbildningsförvaltningen)",
        ]
    )
    page.get_by_role("button", name="Spara").click()
    ui.check()
    main = page.locator("main").inner_text()
    assert "Fredrik Ström" in main and "Frida Sand" in main  # names: the IT-strateg only
    assert sorted(m.to[0] for m in mail.outbox if "Mognadsenkät 2027" in m.subject) == [
        "fc.lysekil.bou@example.se",
        "fc.lysekil.soc@example.se",
    ]
    ui.logout()

    # 2. Two respondents answer: one page at a time, saved, continued later.
    ui.login("fc.lysekil.soc")
    answer_first_pages(ui, "Ostrukturerad")
    ui.logout()
    ui.login("fc.lysekil.bou")
    answer_first_pages(ui, "Icke-existerande")
    page.get_by_role("link", name="Mognadsenkät 2027 – Lysekil").first.click()
    ui.check()
    page.get_by_role("button", name="Skicka in mina svar").click()
    ui.check()
    assert "Dina svar är inskickade" in page.locator("main").inner_text()
    ui.logout()
    assert Answer.objects.filter(respondent__participation__campaign=campaign).count() == 6

    # 3. The IT-strateg closes the round; the results and the comparison show.
    ui.login("strateg.lysekil")
    ui.visit(campaign.get_absolute_url())
    page.get_by_role("button", name="Stäng omgången").click()
    ui.check()
    assert "Stängd" in page.locator("main").inner_text()
    page.get_by_role("link", name="Resultat Lysekil").click()
    ui.check()
    main = page.locator("main").inner_text()
    assert "Digital mognad Lysekil 2027" in main
    assert "Förändringen jämförs med 2026" in main
    assert page.locator("svg.radar title").text_content().startswith("Mognad per område")
    portfolio_row = page.locator("tr.low-area").filter(has_text="Portföljstyrning").first
    assert "1,5" in portfolio_row.inner_text()  # (2 + 1) / 2; vet inte elsewhere not counted
    page.get_by_role("link", name="Nätverkets resultat").first.click()
    ui.check()
    assert "Fyrbodal 2024" in page.locator("main").inner_text()
    ui.page.go_back()
    ui.check()

    # 4. The low area becomes an initiative (prefilled, one click).
    page.get_by_role("link", name="Gör till initiativ – Portföljstyrning").click()
    ui.check()
    assert page.get_by_label("Titel").input_value() == "Höja mognaden: Portföljstyrning"
    assert "nivå 1,5 av 6" in page.get_by_label("Beskrivning").input_value()
    page.get_by_role("button", name="Skapa initiativ").click()
    ui.check()
    initiative = Initiative.objects.get(title="Höja mognaden: Portföljstyrning")
    assert initiative.status == "ide" and initiative.kommun.name == "Lysekil"
    assert GapAction.objects.filter(initiative=initiative, area="portfoljstyrning").exists()
    assert "Höja mognaden: Portföljstyrning" in page.locator("h1").inner_text()
