"""The IT-strateg takes Lysekil's initiatives to a frozen, justified round, axe clean."""

import pytest

from portfolio.models import Initiative, Kommun, Override, Round, Score

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def score_page(ui, title, values):
    ui.page.get_by_role("link", name=title, exact=True).first.click()
    ui.check()
    for label, value in values.items():
        ui.page.get_by_label(label, exact=True).select_option(value)
    ui.page.get_by_role("button", name="Spara poäng").click()
    ui.check()
    assert "Poängen är sparade" in ui.page.locator("main").inner_text()


def test_it_strateg_scores_reorders_budgets_and_freezes(ui):
    lysekil = Kommun.objects.get(name="Lysekil")
    ui.login("strateg.lysekil")
    ui.menu("Portfölj", "Prioritering")
    ui.check()
    assert ui.page.get_by_role("heading", name="Prioritering 2027 – Lysekil").is_visible()

    # Score two initiatives.
    score_page(
        ui,
        "Gemensam e-arkivlösning",
        {"Strategisk passning (högt är bra)": "5", "Kostnad (högt ger lägre poäng)": "1"},
    )
    score_page(
        ui,
        "Digital signering av skoldokument",
        {"Strategisk passning (högt är bra)": "1", "Risk (högt ger lägre poäng)": "5"},
    )
    arkiv = Initiative.objects.get(kommun=lysekil, title="Gemensam e-arkivlösning")
    assert Score.objects.get(initiative=arkiv, criterion__name="Strategisk passning").value == 5

    # Reorder: move the e-arkiv initiative up with a justification.
    row = ui.page.get_by_role("row").filter(has_text="Gemensam e-arkivlösning")
    row.get_by_role("link", name="Flytta").click()
    ui.check()
    ui.page.get_by_label("Riktning").select_option("up")
    ui.page.get_by_label("Antal placeringar").fill("2")
    ui.page.get_by_role("button", name="Spara ändringen").click()
    ui.check()  # refused: justification missing
    assert "En motivering krävs." in ui.page.locator("main").inner_text()
    ui.page.get_by_label("Motivering").fill("Arkivlagen kräver e-arkiv före 2028.")
    ui.page.get_by_role("button", name="Spara ändringen").click()
    ui.check()
    main = ui.page.locator("main").inner_text()
    assert "Arkivlagen kräver e-arkiv före 2028." in main
    assert Override.objects.filter(initiative=arkiv, created_by__username="strateg.lysekil").count()

    # Budget: a typed frame of 1 200 000 kr is saved; the line is drawn.
    ui.page.get_by_role("navigation", name="Prioritering").get_by_role(
        "link", name="Budget"
    ).click()
    ui.check()
    ui.page.get_by_label("År").fill("2027")
    ui.page.get_by_label("Finansieringskälla").select_option("all")
    ui.page.get_by_label("Tillgängligt belopp (kr)").fill("1200000")
    ui.page.get_by_role("button", name="Spara budget").click()
    ui.check()
    # Lysekil has a decided IT budget for 2027 (seed 004): its investment lines,
    # 1 500 000 kr, draw the line, not the typed amount, and the page says so.
    cut_row = ui.page.locator("tr.cut-line")
    assert cut_row.count() == 1
    assert "Budgetgräns: 1 500 000 kr" in cut_row.inner_text()
    assert "kvar" in cut_row.inner_text()
    assert "beslutade IT-budgeten" in ui.page.get_by_test_id("frame-source").inner_text()

    # The charts carry text alternatives (axe runs in ui.check()).
    ui.page.get_by_role("link", name="Diagram").click()
    ui.check()
    assert ui.page.locator("svg[role=img] title").count() >= 3

    # Freeze the open 2027 round and read it back from the snapshot.
    ui.page.get_by_role("link", name="Omgångar").click()
    ui.check()
    ui.page.get_by_role("link", name="Prioritering 2027").click()
    ui.check()
    ui.page.get_by_role("button", name="Frys omgången").click()
    ui.check()
    round_2027 = Round.objects.get(kommun=lysekil, year=2027)
    assert round_2027.is_frozen
    main = ui.page.locator("main").inner_text()
    assert "Arkivlagen kräver e-arkiv före 2028." in main
    assert "Budgetgräns" in main
    # Compare with last year's round.
    ui.page.get_by_role("link", name="Prioritering 2026 mot Prioritering 2027").click()
    ui.check()
    assert "Arkivlagen" in ui.page.locator("main").inner_text()

    # Configuration page is axe clean too.
    ui.page.get_by_role("link", name="Kriterier och ska-krav").click()
    ui.check()


def test_forvaltningschef_reads_without_details(ui):
    ui.login("fc.lysekil.soc")
    ui.menu("Portfölj", "Prioritering")
    ui.check()
    main = ui.page.locator("main").inner_text()
    assert "Initiativ från annan förvaltning" in main
    assert "Gemensam e-arkivlösning" not in main
    assert "E-tjänst för ansökan om ekonomiskt bistånd" in main
    ui.page.get_by_role("link", name="Omgångar").click()
    ui.check()
    ui.page.get_by_role("link", name="Prioritering 2026").click()
    ui.check()
