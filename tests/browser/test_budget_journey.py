"""Browser journey through seed 004: budget förslag → finansieringsgrupp § → beslutad → utfall.

Sollentuna's ekonom starts a budget version with one investment line and
enters the line's outcome; the finansieringsgrupp's held meeting decides the
förslag (meeting, agenda and § are set up in the database: the meeting pages
have their own journey); the version then shows as beslutad with the § as its
decision, refuses changes, and "Budget mot plan och utfall" compares the
decided budget with the IT-plans and the outcome.
"""

import re

import pytest

from tests.test_budget import _budget_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KEY = "IT-INV-EARKIV"


def _decide_in_the_finansieringsgrupp(version):
    from governance.choices import DecisionType
    from governance.meetings import decisions, justering
    from governance.models import Council

    council = Council.objects.get(kommun=version.kommun, kind="finansieringsgrupp")
    _meeting, item, strateg = _budget_meeting(council, version)
    decision = decisions.record_decision(
        actor=strateg, item=item, decision_type=DecisionType.BIFALL, text="Budgeten fastställs."
    )
    justering.adjust_decision(actor=strateg, decision=decision)
    return decision


def test_ekonom_proposes_the_finansieringsgrupp_decides_and_outcome_is_compared(ui):
    from portfolio.budget.models import BudgetVersion

    page = ui.page
    main = page.locator("main")
    ui.login("ekonom.sollentuna")

    # 1. A new förslag with one investment line
    ui.visit("/budget/")
    page.get_by_role("link", name="Lägg till").click()
    ui.check()
    page.get_by_label("Kommun", exact=True).select_option(label="Sollentuna")
    page.get_by_label("Första år").fill("2027")
    page.get_by_label("Benämning").fill("Tilläggsbudget e-arkiv")
    page.get_by_role("button", name="Spara").click()
    ui.check()
    assert page.get_by_test_id("budget-status").inner_text() == "Förslag"
    page.get_by_role("link", name="Ny budgetrad").click()
    ui.check()
    page.get_by_label("Radnyckel").fill(KEY.lower())
    page.get_by_label("Avser").fill("E-arkiv för kommunens verksamheter")
    page.get_by_label(re.compile(r"^År")).select_option("2027")
    page.get_by_label("Investering/drift").select_option(label="Investering")
    page.get_by_label("Finansieringskälla").select_option(label="Öronmärkta centrala medel")
    page.get_by_label(re.compile(r"^Ägare")).select_option(label="IT-enheten")
    page.get_by_label("Belopp (kr)").fill("300000")
    page.get_by_role("button", name="Spara").click()
    ui.check()
    assert "Budgetraden är sparad." in main.inner_text()
    assert KEY in main.inner_text() and "300 000 kr" in main.inner_text()
    version = BudgetVersion.objects.get(title="Tilläggsbudget e-arkiv")
    version_url = page.url

    # 2. The outcome booked on the line's key
    ui.visit("/budget/utfall/")
    page.get_by_role("link", name="Lägg till").click()
    ui.check()
    page.get_by_label("Kommun", exact=True).select_option(label="Sollentuna")
    page.get_by_label(re.compile(r"^År")).fill("2027")
    page.get_by_label("Radnyckel").fill(KEY)
    page.get_by_label("Utfall (kr)").fill("340000")
    page.get_by_role("button", name="Spara").click()
    ui.check()
    assert "Utfallet är sparat." in main.inner_text()

    # 3. The finansieringsgrupp's § (bifall, justerad) decides the förslag
    decision = _decide_in_the_finansieringsgrupp(version)
    page.goto(version_url)
    ui.check()
    assert page.get_by_test_id("budget-status").inner_text() == "Beslutad"
    assert decision.reference in page.get_by_test_id("budget-decision").inner_text()
    assert page.get_by_role("link", name="Ny budgetrad").count() == 0
    assert page.get_by_role("button", name=f"Ta bort {KEY} 2027").count() == 0
    assert "kan inte ändras" in main.inner_text()

    # 4. Budget mot plan och utfall for 2027: the decided version, plan and outcome
    page.get_by_role("link", name="Budget mot plan och utfall").click()
    ui.check()
    assert page.get_by_test_id("decided-version").inner_text() == str(version)
    comparison = page.get_by_test_id("comparison").inner_text()
    assert "Plan" in comparison and "Utfall" in comparison
    assert "300 000 kr" in comparison and "340 000 kr" in comparison
    assert "över budget" in main.inner_text()
