"""Browser journeys over the pages the other journeys do not reach, each with axe.

* strateg.lysekil imports systems from a Swedish Excel CSV (semicolon, cp1252,
  decimal comma): a bad row is shown with its row and column and nothing is
  saved; the fixed file is previewed and confirmed.
* The same user walks the supplier, integration, council, årshjul and decision pages.
"""

import pytest
from django.urls import reverse

from governance.models import Council, Decision
from portfolio.models import Supplier, System

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "Namn;Förvaltning;Systemägare;Typ;Kategori;Verksamhetsområde;Drift;Tillgänglighetsmål"
GOOD = (
    "Lokalbokning Öst;Socialförvaltningen;sa.lysekil;Verksamhetssystem;verksamhetssystem;"
    "Socialtjänst, vård och omsorg;SaaS/molntjänst;99,5"
)
BAD = "Trasigt system;Okänd förvaltning;sa.lysekil;Verksamhetssystem;verksamhetssystem;x;saas;"


def upload(ui, tmp_path, name, lines):
    path = tmp_path / name
    path.write_bytes(("\r\n".join([HEADER, *lines]) + "\r\n").encode("cp1252"))
    ui.visit(reverse("portfolio:import_start"))
    ui.page.get_by_label("Vad vill du importera?").select_option(value="system")
    ui.page.get_by_label("Kommun").select_option(label="Lysekil")
    ui.page.get_by_label("Fil (CSV eller Excel)").set_input_files(str(path))
    ui.page.get_by_role("button", name="Förhandsgranska").click()
    ui.check()


def test_import_preview_refuses_a_bad_file_then_imports_the_fixed_one(ui, tmp_path):
    ui.login("strateg.lysekil")
    before = System.objects.count()
    upload(ui, tmp_path, "system-fel.csv", [GOOD, BAD])
    main = ui.page.locator("main").inner_text()
    assert "Okänd förvaltning" in main and "kan inte importeras" in main
    assert System.objects.count() == before
    upload(ui, tmp_path, "system.csv", [GOOD])
    ui.page.get_by_role("button", name="Bekräfta import").click()
    ui.check()
    ui.page.get_by_test_id("import-status").filter(has_text="Klar").wait_for(timeout=20_000)
    assert "Importerad" in ui.page.locator("main").inner_text()
    assert System.objects.filter(name="Lokalbokning Öst", kommun__name="Lysekil").exists()


def test_register_and_governance_pages(ui):
    ui.login("strateg.lysekil")
    system = System.objects.filter(kommun__name="Lysekil").order_by("name").first()
    supplier = Supplier.objects.filter(contracts__system__kommun__name="Lysekil").first()
    council = Council.objects.get(kommun__name="Lysekil", kind="it_styrgrupp")
    decision = Decision.objects.filter(council=council, meeting__signed_at__isnull=False).first()
    for path in (
        reverse("portfolio:supplier_list"),
        reverse("portfolio:supplier_detail", args=[supplier.pk]),
        reverse("portfolio:supplier_add"),
        reverse("portfolio:integration_add", args=[system.pk]),
        reverse("portfolio:availability_add", args=[system.pk]),
        reverse("governance:council_list"),
        council.get_absolute_url(),
        reverse("governance:member_add", args=[council.pk]),
        reverse("governance:meeting_add", args=[council.pk]),
        reverse("governance:council_add"),
        reverse("governance:arshjul"),
        reverse("governance:milestone_add"),
        reverse("governance:case_list"),
        decision.get_absolute_url(),
        decision.meeting.get_absolute_url(),
    ):
        ui.visit(path)
        assert ui.page.locator("h1").count() == 1, path
    # A new årshjul point, with a bad date first.
    ui.visit(reverse("governance:milestone_add"))
    ui.page.get_by_label("Typ").select_option(label="Budget")
    ui.page.get_by_label("Rubrik").fill("Budgetdialog med nämnderna")
    ui.page.get_by_label("Månad").fill("2")
    ui.page.get_by_label("Dag").fill("30")
    ui.page.get_by_role("button", name="Spara").click()
    ui.check()
    assert "Dagen finns inte" in ui.page.locator("main").inner_text()
    ui.page.get_by_label("Dag").fill("20")
    ui.page.get_by_role("button", name="Spara").click()
    ui.check()
    assert "Budgetdialog med nämnderna" in ui.page.locator("main").inner_text()


def test_search_from_the_header_finds_a_system_and_opens_it(ui):
    ui.login("strateg.lysekil")
    system = System.objects.filter(kommun__name="Lysekil").order_by("name").first()
    other = System.objects.filter(kommun__name="Sollentuna", samverkan__isnull=True).first()
    ui.page.get_by_role("searchbox", name="Sök i portalen").fill(system.name)
    ui.page.get_by_role("search").first.get_by_role("button", name="Sök").click()
    ui.page.wait_for_url(lambda url: "/sok/" in url)
    ui.check()
    results = ui.page.locator("main")
    assert "System" in results.inner_text()
    results.get_by_role("link", name=system.name, exact=True).first.click()
    ui.page.wait_for_url(lambda url: f"/system/{system.pk}/" in url)
    ui.check()
    if other is not None:
        ui.visit(reverse("portfolio:search") + f"?q={other.name}")
        hrefs = ui.page.locator(".search-results a").evaluate_all("els => els.map(e => e.pathname)")
        assert other.get_absolute_url() not in hrefs
