"""Browser journey through seed 004: anmälan → samråd → remiss → yttrande → beslut → justering.

A systemägare registers a purchase request; the IT-strateg consults and sends it
on remiss; the applicant, though in the beredningsgrupp, is not offered the
yttrande (jäv); another member gives it; the styrgrupp's secretary puts it on
the held meeting's agenda, records a member's jäv and the bifall; nothing is
sent yet; the justerare justerar the § at once (omedelbar justering), which
e-mails upphandling and the IT-enhet, then justerar the minutes; the minutes
PDF downloads and says so.
"""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from governance.models import Case, Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Nytt system för bokning av lokaler"


def open_case(ui):
    ui.menu("Styrning", "Ärenden")
    ui.check()
    ui.page.get_by_role("link", name=Case.objects.get(title=TITLE).reference).click()
    ui.check()


def test_purchase_request_from_anmalan_to_signed_minutes(ui):
    page = ui.page
    # 1. Anmälan by the systemägare
    ui.login("sa.lysekil")
    ui.menu("Styrning", "Ärenden")
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

    # 3. The applicant sits in the beredningsgrupp but is jävig: no yttrande from her
    ui.login("sa.lysekil")
    ui.visit(Case.objects.get(title=TITLE).get_absolute_url())
    assert page.get_by_role("link", name="Lämna yttrande").count() == 0
    ui.logout()

    # Yttrande from another member of the beredningsgrupp
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
    # A member anmäler jäv in the §
    javig = get_user_model().objects.get(username="fc.lysekil.bou")
    page.get_by_role("link", name=f"Anmäl jäv: {TITLE}").click()
    ui.check()
    page.get_by_label("Ledamot").select_option(value=str(javig.pk))
    page.get_by_label("Skäl till jäv").fill("Närstående är anställd hos en tänkbar leverantör.")
    page.get_by_role("button", name="Spara").click()
    ui.check()
    jav_line = f"{javig.get_full_name() or javig.username} anmäler jäv och deltar inte"
    assert jav_line in page.locator("main").inner_text()
    page.get_by_role("link", name=f"Registrera beslut: {TITLE}").click()
    ui.check()
    page.locator("#id_decision_type").select_option(label="Bifall")
    page.get_by_label("Beslutstext").fill("IT-styrgruppen bifaller inköpet.")
    page.get_by_role("button", name="Spara").click()
    ui.check()
    paragraph = re.search(rf"(§ \d+) {TITLE}", page.locator("main").inner_text()).group(1)
    # Recorded, not justerad: the ärende waits and nobody has been told.
    assert "Beslutet gäller när paragrafen är justerad" in page.locator("main").inner_text()
    assert Case.objects.get(title=TITLE).status == "beredd"
    assert "upphandling@example.se" not in {m.to[0] for m in mail.outbox}
    ui.logout()

    # 5. The justerare justerar the § at once (omedelbar justering): it takes effect
    ui.login("sg.lysekil")
    ui.visit(meeting.get_absolute_url())
    page.get_by_role("link", name=f"Justera omedelbart: {paragraph} {TITLE}").click()
    ui.check()
    page.get_by_role("button", name="Justera paragrafen omedelbart").click()
    ui.check()
    assert "Omedelbart justerad" in page.locator("main").inner_text()
    assert Case.objects.get(title=TITLE).status == "upphandling"
    assert "upphandling@example.se" in {m.to[0] for m in mail.outbox}

    # 6. ... then the whole minutes; the minutes PDF is made and downloads
    page.get_by_role("link", name="Justera protokollet").click()
    ui.check()
    page.get_by_role("button", name="Justera").click()
    ui.check()
    page.get_by_test_id("minutes-status").filter(has_text="Klar").wait_for(timeout=20_000)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ladda ner protokollet (PDF)").click()
    with open(download_info.value.path(), "rb") as fh:
        data = fh.read()
    assert data[:5] == b"%PDF-"
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "Paragrafen förklaras omedelbart justerad." in text
    assert "anmäler jäv och deltar inte i handläggningen." in re.sub(r"\s+", " ", text)
    ui.visit("/styrning/beslut/")
    assert TITLE in page.locator("main").inner_text()

    case = Case.objects.get(title=TITLE)
    assert case.status == "upphandling"
    recipients = {m.to[0] for m in mail.outbox}
    assert {"upphandling@example.se", "it-enheten@example.se"} <= recipients
    ui.visit("/offentligt/1484/beslut/")
    assert TITLE in page.locator("main").inner_text()
