"""Browser journey through seed 002's planning cycle in Sollentuna.

The förvaltningschef of the utbildnings- och arbetslivsförvaltning fills in
the utkast (a negative cost is refused with a Swedish message), proposes a new
initiative from the plan and submits it; the plan is frozen. The IT-strateg
opens the consolidation, sees the sums and the förvaltning that has not
submitted, sends the plans' initiatives into the prioritisation and orders
the "IT-planer 2027" PDF. Every page passes axe (WCAG 2.1 A/AA).
"""

import pytest

from governance.models import Decision, ITPlan
from portfolio.models import Initiative
from reports import services as report_services
from reports.models import ReportJob

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UAF = "Utbildnings- och arbetslivsförvaltningen"
NEW_INITIATIVE = "Digitala läromedel för vuxenutbildningen"


def test_forvaltningschef_submits_and_strateg_consolidates(ui, monkeypatch):
    page = ui.page
    queued = []
    monkeypatch.setattr(report_services, "_dispatch", lambda job: queued.append(job.pk))

    # 1. The förvaltningschef writes and submits the plan
    ui.login("fc.sollentuna.uaf")
    ui.menu("Styrning", "IT-planer")
    ui.check()
    page.get_by_role("link", name=f"{UAF} 2027–2029").click()
    ui.check()
    assert page.get_by_test_id("plan-status").inner_text() == "Utkast"
    page.get_by_role("link", name="Lägg till kostnad").click()
    ui.check()
    page.get_by_label("År").fill("2028")
    page.get_by_label("Utveckling/drift").select_option(label="Drift")
    page.get_by_label("Belopp (kr)").fill("-40000")
    page.get_by_label("Avser").fill("Licenser för läromedel")
    page.get_by_role("button", name="Spara").click()
    ui.check()
    assert "Beloppet kan inte vara negativt." in page.locator("main").inner_text()
    page.get_by_label("Belopp (kr)").fill("40000")
    page.get_by_role("button", name="Spara").click()
    ui.check()
    assert "40 000 kr" in page.locator("main").inner_text()

    page.get_by_role("link", name="Lägg till systemförändring").click()
    ui.check()
    page.get_by_label("Förändring").select_option(label="Upphandla nytt system")
    page.get_by_label("Nytt system").fill("Läromedelsportal")
    page.locator("#id_year").select_option("2028")
    page.get_by_label("Ny livscykelfas").select_option(label="Införande")
    page.get_by_role("button", name="Spara").click()
    ui.check()
    assert "Läromedelsportal" in page.locator("main").inner_text()
    page.get_by_role("link", name="Lägg till initiativ ur registret").click()
    ui.check()
    page.get_by_role("link", name="Avbryt").click()
    ui.check()
    page.get_by_role("link", name="Ändra text och kontaktperson").click()
    ui.check()
    page.get_by_label("IT-utvecklingen i verksamheten").fill("Digitala läromedel och lärplattform.")
    page.get_by_role("button", name="Spara").click()
    ui.check()

    page.get_by_role("link", name="Föreslå nytt initiativ").click()
    ui.check()
    page.get_by_label("Titel").fill(NEW_INITIATIVE)
    page.get_by_label("Beskrivning").fill("Digitala läromedel i alla kurser.")
    page.get_by_label("Typ").select_option(label="Verksamhetsutveckling")
    page.get_by_label("Verksamhetsområde").select_option(label="Utbildning och skola")
    page.get_by_label("Planerad start (år)").select_option("2027")
    page.get_by_role("button", name="Spara").click()
    ui.check()
    assert NEW_INITIATIVE in page.locator("main").inner_text()

    page.get_by_role("button", name="Lämna in planen").click()
    ui.check()
    assert page.get_by_test_id("plan-status").inner_text() == "Inlämnad"
    assert page.get_by_role("link", name="Lägg till kostnad").count() == 0
    ui.logout()

    # 2. The IT-strateg consolidates and sends the initiatives into the prioritisation
    ui.login("strateg.sollentuna")
    ui.menu("Styrning", "IT-planer")
    ui.check()
    page.get_by_role("link", name="Sammanställning Sollentuna").click()
    ui.check()
    main = page.locator("main").inner_text()
    assert "Kultur- och fritidsförvaltningen: ingen plan påbörjad" in main
    assert "Miljö- och byggnadsförvaltningen: utkast" in main
    assert f"{UAF}: utkast" not in main
    # KLK 3 650 000 + Vård och omsorg 450 000 + Social 950 000 + UAF 300 000 in 2027
    assert page.get_by_test_id("total-2027").inner_text() == "5 350 000 kr"
    assert "Varning: kapaciteten överskrids" in main  # Socialförvaltningen

    page.get_by_role("button", name="Skicka planernas initiativ till prioriteringen").click()
    ui.check()
    assert "skickades till prioriteringen" in page.locator("main").inner_text()
    assert Initiative.objects.get(title=NEW_INITIATIVE).status == "kvalificering"

    page.get_by_role("button", name="Skapa PDF").click()
    ui.check()
    job = ReportJob.objects.get(kind="it_planer")
    assert queued == [job.pk] and job.year == 2027
    report_services.run_report_job(job.pk)  # the worker
    page.get_by_test_id("job-status").filter(has_text="Klar").wait_for(timeout=15_000)
    ui.check()
    assert ITPlan.objects.get(forvaltning__name=UAF).status == "inlamnad"

    ui.visit(f"/prioritering/?kommun={job.kommun_id}&ar=2027")
    assert NEW_INITIATIVE in page.locator("main").inner_text()

    # 3. The IT-styrgrupp's § is linked to the submitted plans, and they are fastställda
    paragraph = Decision.objects.get(kommun=job.kommun, title="IT-planer 2027–2029")
    ui.visit(ITPlan.objects.get(forvaltning__name="Socialförvaltningen").get_absolute_url())
    page.get_by_role("link", name="Registrera IT-styrgruppens behandling").click()
    ui.check()
    page.get_by_label("IT-styrgruppens beslut (§)").select_option(
        label=f"{paragraph.reference} {paragraph.title}"
    )
    page.get_by_role("button", name="Spara").click()
    ui.check()
    assert page.get_by_test_id("plan-status").inner_text() == "Behandlad av IT-styrgruppen"
    page.get_by_role("button", name="Fastställ planen").click()
    ui.check()
    assert page.get_by_test_id("plan-status").inner_text() == "Fastställd"
