"""Browser journey through seed 004: anmälan → samråd → remiss → yttrande → beslut → justering.

A systemägare registers a purchase request; the IT-strateg consults and sends it
on remiss; a member of the beredningsgrupp gives the opinion; the styrgrupp's
secretary puts it on the open meeting's agenda and records bifall; the justerare
signs; the minutes PDF downloads; upphandling and the IT-enhet are e-mailed.
"""

import re

import pytest
from django.core import mail

from governance.models import Case, Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Nytt system för bokning av lokaler"


def open_case(ui):
    ui.page.get_by_role("link", name="Ärenden", exact=True).first.click()
    ui.check()
    ui.page.get_by_role("link", name=Case.objects.get(title=TITLE).reference).click()
    ui.check()


def test_purchase_request_from_anmalan_to_signed_minutes(ui):
    page = ui.page
    # 1. Anmälan by the systemägare
    ui.login("sa.lysekil")
    page.get_by_role("link", name="Ärenden", exact=True).first.click()
    ui.check()
    page.get_by_role("link", name="Lägg till").click()
    ui.check()
    page.get_by_label("Kommun").select_option(label="Lysekil")
    page.get_by_label("Typ av ärende").select_option(
        label="Inköp eller ändring av verksamhetssystem"
    )
    page.get_by_label("Rubrik").fill(TITLE)
    page.get_by_label("Beskrivning av behovet").fill("Lokalbokningen sköts i kalkylark.")
    page.get_by_label("Förvaltning").select_option(label="Socialförvaltningen (Lysekil)")
    page.get_by_label("Kostnadsuppskattning (kr)").fill("-1")
    page.get_by_role("button", name="Spara").click()
    ui.check()
    assert "större än eller lika med 0" in page.locator("main").inner_text()
    page.get_by_label("Kostnadsuppskattning (kr)").fill("320000")
    page.get_by_role("button", name="Spara").click()
    ui.check()
    assert page.get_by_test_id("case-status").inner_text() == "1. Anmälan"
    ui.logout()

    # 2. Samråd and remiss by the IT-strateg
    ui.login("strateg.lysekil")
    open_case(ui)
    page.get_by_role("link", name="Registrera samråd").click()
    ui.check()
    page.get_by_label("Kommentar").fill("Samråd hållet; inget befintligt system täcker behovet.")
    page.get_by_role("button", name="Spara").click()
    ui.check()
    page.get_by_role("link", name="Skicka på remiss (beredning)").click()
    ui.check()
    page.get_by_label("Remissinstans").select_option(label="IT-strategisk beredningsgrupp")
    page.get_by_role("button", name="Spara").click()
    ui.check()
    assert page.get_by_test_id("case-status").inner_text() == "2. Beredning (på remiss)"
    ui.logout()

    # 3. Yttrande from a member of the beredningsgrupp
    ui.login("sf.lysekil")
    ui.visit(Case.objects.get(title=TITLE).get_absolute_url())
    page.get_by_role("link", name="Lämna yttrande").click()
    ui.check()
    page.get_by_label("Yttrande").fill("Beredningsgruppen tillstyrker.")
    page.get_by_role("button", name="Spara").click()
    ui.check()
    assert page.get_by_test_id("case-status").inner_text() == "3. Beredd, väntar på beslut"
    ui.logout()

    # 4. The styrgrupp's secretary puts it on the agenda and records the decision
    meeting = Meeting.objects.get(
        council__kommun__name="Lysekil", council__kind="it_styrgrupp", signed_at__isnull=True
    )
    ui.login("strateg.lysekil")
    ui.visit(meeting.get_absolute_url())
    page.get_by_role("link", name="Ny punkt").click()
    ui.check()
    page.get_by_label("Typ").select_option(label="Ärende för beslut")
    page.get_by_label("Ärende", exact=True).select_option(label=f"IT 2026/8 {TITLE}")
    page.get_by_role("button", name="Spara").click()
    ui.check()
    for item in meeting.items.filter(case__isnull=False).exclude(case__title=TITLE):
        page.get_by_role("button", name=f"Ta bort punkten: {item.title}").click()
        ui.check()
    for box in page.locator("input[name=present]").all():
        box.check()
    page.get_by_role("button", name="Spara närvaro").click()
    ui.check()
    page.get_by_role("link", name=f"Registrera beslut: {TITLE}").click()
    ui.check()
    page.locator("#id_decision_type").select_option(label="Bifall")
    page.get_by_label("Beslutstext").fill("IT-styrgruppen bifaller inköpet.")
    page.get_by_role("button", name="Spara").click()
    ui.check()
    assert re.search(rf"§ \d+ {TITLE}", page.locator("main").inner_text())
    ui.logout()

    # 5. The justerare signs; the minutes PDF is made and downloads
    ui.login("sg.lysekil")
    ui.visit(meeting.get_absolute_url())
    page.get_by_role("link", name="Justera protokollet").click()
    ui.check()
    page.get_by_role("button", name="Justera").click()
    ui.check()
    page.get_by_test_id("minutes-status").filter(has_text="Klar").wait_for(timeout=20_000)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ladda ner protokollet (PDF)").click()
    with open(download_info.value.path(), "rb") as fh:
        assert fh.read(5) == b"%PDF-"
    ui.visit("/styrning/beslut/")
    assert TITLE in page.locator("main").inner_text()

    case = Case.objects.get(title=TITLE)
    assert case.status == "upphandling"
    recipients = {m.to[0] for m in mail.outbox}
    assert {"upphandling@example.se", "it-enheten@example.se"} <= recipients
    ui.visit("/offentligt/1484/beslut/")
    assert TITLE in page.locator("main").inner_text()
