"""strateg.lysekil exports the whole system register to Excel, edits one cell and imports it back.

Every page is scanned with axe: the list with its "Hela registret" form, the
import page with the Excel template link, the preview and the finished import.
"""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from portfolio.models import System

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_export_edit_in_excel_and_import_back(ui, tmp_path):
    page = ui.page
    ui.login("strateg.lysekil")
    ui.visit(reverse("portfolio:system_list"))
    form = page.locator("form.register-export")
    form.get_by_label("Innehåll").select_option(label="System")
    with page.expect_download() as download_info:
        form.get_by_role("button", name="Hela registret (Excel)").click()
    download = download_info.value
    assert download.suggested_filename == "system-lysekil-hela-registret.xlsx"
    workbook = load_workbook(io.BytesIO(download.path().read_bytes()))
    sheet = workbook["System"]
    headers = [cell.value for cell in sheet[1]]
    edited_id = sheet.cell(row=2, column=headers.index("ID") + 1).value
    sheet.cell(row=2, column=headers.index("Beskrivning") + 1, value="Ändrad i Excel")
    path = tmp_path / "system.xlsx"
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())

    ui.visit(reverse("portfolio:import_start"))
    assert page.get_by_role("link", name="Ladda ner Excelmallen (alla typer)").is_visible()
    page.get_by_label("Vad vill du importera?").select_option(value="system")
    page.get_by_label("Kommun").select_option(label="Lysekil")
    page.get_by_label("Fil (CSV eller Excel)").set_input_files(str(path))
    page.get_by_role("button", name="Förhandsgranska").click()
    ui.check()
    main = page.locator("main").inner_text()
    assert "Oförändrade" in main and "Uppdateras" in main
    page.get_by_role("button", name="Bekräfta import").click()
    ui.check()
    page.get_by_test_id("import-status").filter(has_text="Klar").wait_for(timeout=20_000)
    assert "0 nya och 1 uppdaterade rader sparades" in page.locator("main").inner_text()
    assert System.objects.get(pk=edited_id).description == "Ändrad i Excel"
