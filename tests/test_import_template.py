"""The XLSX import template: a sheet per kind, required columns marked, drop-down lists."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from portfolio.choices import (
    CostType,
    Hosting,
    InitiativeKind,
    Lifecycle,
    Role,
    SystemCategory,
    SystemKind,
    Verksamhetsomrade,
)
from portfolio.imports import services as import_services
from portfolio.imports.resources import RESOURCES
from tests.factories import ForvaltningFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def strateg():
    fv = ForvaltningFactory(name="Socialförvaltningen")
    user = user_with_role(Role.IT_STRATEG, kommun=fv.kommun, username="strateg")
    user_with_role(Role.SYSTEMAGARE, forvaltning=fv, username="anna")
    return user


@pytest.fixture
def workbook(client, strateg):
    client.force_login(strateg)
    response = client.get(reverse("portfolio:import_template"), {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="importmall.xlsx"'
    return load_workbook(io.BytesIO(response.content))


def validations(sheet) -> dict:
    """Header (without the star) -> (type, the allowed values or the formula)."""
    lists = sheet.parent["Listor"]
    headers = {cell.column_letter: cell.value.rstrip(" *") for cell in sheet[1]}
    found = {}
    for validation in sheet.data_validations.dataValidation:
        column = str(validation.sqref).split(":")[0].rstrip("0123456789")
        if validation.type == "list":
            _sheet, cells = validation.formula1.split("!")
            first, last = cells.replace("$", "").split(":")
            values = [c.value for row in lists[first:last] for c in row]
            found[headers[column]] = ("list", values)
        else:
            found[headers[column]] = (validation.type, validation.formula1)
    return found


def labels(choices) -> list[str]:
    return [str(label) for _value, label in choices.choices]


def test_one_sheet_per_kind_and_instructions_in_swedish(workbook):
    assert workbook.sheetnames == [
        "Instruktioner",
        "System",
        "Avtal",
        "Systemkostnader",
        "Initiativ",
        "Budgetutfall",
        "Hyrd utrustning",
        "Listor",
    ]
    assert workbook.active.title == "Instruktioner"
    assert workbook["Listor"].sheet_state == "hidden"
    text = " ".join(str(c.value) for row in workbook["Instruktioner"].iter_rows() for c in row)
    assert "Så fyller du i mallen" in text
    assert "Kolumner märkta med * är obligatoriska" in text
    assert "namnet som portalen visar" in text


def test_the_headers_are_the_imports_with_required_ones_marked(workbook):
    for kind, title in (("system", "System"), ("contract", "Avtal"), ("initiative", "Initiativ")):
        resource = RESOURCES[kind]
        headers = [cell.value for cell in workbook[title][1]]
        assert [h.rstrip(" *") for h in headers] == resource.columns()
        starred = {h.rstrip(" *") for h in headers if h.endswith(" *")}
        assert starred == set(resource.required_columns)
        assert workbook[title]["A1"].font.bold


def test_the_choice_columns_have_drop_down_lists(workbook):
    system = validations(workbook["System"])
    assert system["Typ"] == ("list", labels(SystemKind))
    assert system["Kategori"] == ("list", labels(SystemCategory))
    assert system["Verksamhetsområde"] == ("list", labels(Verksamhetsomrade))
    assert system["Drift"] == ("list", labels(Hosting))
    assert system["Livscykelfas"] == ("list", labels(Lifecycle))
    for krt in ("Konfidentialitet", "Riktighet", "Tillgänglighet"):
        assert system[krt] == ("list", ["0", "1", "2", "3", "4"])
    assert system["Funktionell lämplighet"] == ("list", ["1", "2", "3", "4"])
    assert system["Personuppgifter"] == ("list", ["Ja", "Nej"])
    assert system["Klassad datum"][0] == "date"
    assert "Namn" not in system and "Systemägare" not in system
    assert validations(workbook["Systemkostnader"])["Kostnadsslag"] == ("list", labels(CostType))
    assert validations(workbook["Systemkostnader"])["År"] == ("whole", "2000")
    assert validations(workbook["Initiativ"])["Typ"] == ("list", labels(InitiativeKind))
    for validation in workbook["System"].data_validations.dataValidation:
        assert validation.showErrorMessage and validation.allow_blank


def test_a_filled_in_template_imports(workbook, strateg):
    sheet = workbook["System"]
    headers = [cell.value.rstrip(" *") for cell in sheet[1]]
    values = {
        "Namn": "Procapita",
        "Förvaltning": "Socialförvaltningen",
        "Systemägare": "anna",
        "Typ": "Verksamhetssystem",
        "Kategori": "Verksamhetssystem",
        "Verksamhetsområde": "IT",
        "Drift": "SaaS/molntjänst",
        "Konfidentialitet": "3",
    }
    for name, value in values.items():
        sheet.cell(row=2, column=headers.index(name) + 1, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    job = import_services.start_import(
        actor=strateg,
        kind="system",
        kommun=strateg.role_assignments.get().kommun,
        uploaded=SimpleUploadedFile("importmall.xlsx", buffer.getvalue()),
    )
    assert job.error_rows == 0, job.preview["errors"]
    assert (job.total_rows, job.new_rows) == (1, 1)


def test_the_import_page_links_both_templates(client, strateg):
    client.force_login(strateg)
    page = client.get(reverse("portfolio:import_start")).content.decode()
    assert f"{reverse('portfolio:import_template')}?format=xlsx" in page
    assert f"{reverse('portfolio:import_template')}?typ=system" in page
    csv = client.get(reverse("portfolio:import_template"), {"typ": "system"})
    assert csv.content.decode("utf-8-sig").startswith("Namn;Beskrivning;Typ")


def test_a_user_who_imports_nothing_gets_every_kind(client):
    reader = user_with_role(Role.LASARE, kommun=ForvaltningFactory().kommun)
    client.force_login(reader)
    response = client.get(reverse("portfolio:import_template"), {"format": "xlsx"})
    assert "Initiativ" in load_workbook(io.BytesIO(response.content)).sheetnames
