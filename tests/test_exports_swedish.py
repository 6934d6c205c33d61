"""Exports for Swedish Excel: decimal comma in CSV, typed numbers and dates in XLSX, no stored
text that breaks an export (issue 14)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from openpyxl import load_workbook

from portfolio.choices import Role
from portfolio.exports import csv_cell, neutralise_cell
from portfolio.models import System
from reports.xlsx import neutralise as report_neutralise
from tests.factories import (
    STORED_CONTROL,
    ContractFactory,
    ForvaltningFactory,
    SystemFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1234567.50"), "1234567,50"),
        (1234567.5, "1234567,5"),
        (Decimal("1E+3"), "1000"),
        (12, "12"),
        (True, "Ja"),
        (datetime.date(2026, 3, 4), "2026-03-04"),
        ("=1+2", "'=1+2"),
        ("'=x", "''=x"),  # an apostrophe the import would take off gets another one
        ("'vanlig", "'vanlig"),
        ("a\x00b\x1fc", "abc"),
        (None, ""),
    ],
)
def test_csv_cells(value, expected):
    assert csv_cell(value) == expected


def test_neutralise_cell_leaves_out_control_characters():
    assert neutralise_cell("=\x00x") == "'=x"


@pytest.fixture
def setup():
    fv = ForvaltningFactory()
    user = user_with_role(Role.IT_STRATEG, kommun=fv.kommun)
    system = SystemFactory(forvaltning=fv, name="Lönesystem", classified_on=None)
    ContractFactory(
        system=system,
        number="AVT-1",
        annual_cost=Decimal("1234567.50"),
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2027, 12, 31),
    )
    return user, fv


def test_csv_export_is_for_swedish_excel(client, setup):
    user, _fv = setup
    client.force_login(user)
    response = client.get(reverse("portfolio:contract_list"), {"export": "csv"})
    assert response.content.startswith("\ufeff".encode())
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Avtalsnummer;System;Leverantör;Startdatum")
    cells = lines[1].split(";")
    assert "1234567,50" in cells  # decimal comma, no thousands separator
    assert "2024-01-01" in cells


def test_xlsx_export_has_numbers_and_date_cells(client, setup):
    user, _fv = setup
    client.force_login(user)
    response = client.get(reverse("portfolio:contract_list"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = [c.value for c in sheet[1]]
    row = {h: c for h, c in zip(headers, sheet[2], strict=True)}
    assert row["Årskostnad"].data_type == "n" and row["Årskostnad"].value == 1234567.5
    assert row["Startdatum"].is_date and row["Startdatum"].number_format == "yyyy-mm-dd"
    assert row["Startdatum"].value == datetime.datetime(2024, 1, 1)


def test_full_register_xlsx_types_every_column(client, setup):
    user, fv = setup
    System.objects.filter(name="Lönesystem").update(
        confidentiality=2,
        integrity=3,
        availability_class=1,
        classified_on=datetime.date(2025, 5, 6),
        availability_target=Decimal("99.50"),
    )
    client.force_login(user)
    response = client.get(
        reverse("portfolio:system_list"),
        {"export": "xlsx", "register": "system", "export_kommun": fv.kommun.pk},
    )
    sheet = load_workbook(io.BytesIO(response.content))["System"]
    headers = [c.value for c in sheet[1]]
    row = {h: c for h, c in zip(headers, sheet[2], strict=True)}
    assert row["Klassad datum"].is_date
    assert (row["Konfidentialitet"].value, row["Konfidentialitet"].data_type) == (2, "n")
    assert row["Tillgänglighetsmål"].value == 99.5
    assert row["Typ"].value == "Verksamhetssystem"  # the label, as the import reads it
    assert row["ID"].value == System.objects.get(name="Lönesystem").pk


def test_a_stored_nul_breaks_no_export(client, setup):
    user, fv = setup
    System.objects.filter(name="Lönesystem").update(
        name=f"Löne{STORED_CONTROL}system", description="a\x01b"
    )
    client.force_login(user)
    url = reverse("portfolio:system_list")
    for params in (
        {"export": "xlsx"},
        {"export": "csv"},
        {"export": "xlsx", "register": "system", "export_kommun": fv.kommun.pk},
        {"export": "csv", "register": "system", "export_kommun": fv.kommun.pk},
    ):
        response = client.get(url, params)
        assert response.status_code == 200, params
        if params["export"] == "csv":
            assert "Lönesystem" in response.content.decode("utf-8-sig")
    sheet = load_workbook(io.BytesIO(client.get(url, {"export": "xlsx"}).content)).active
    assert "Lönesystem" in [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    contracts = client.get(reverse("portfolio:contract_list"), {"export": "xlsx"})
    assert contracts.status_code == 200


def test_a_stored_nul_breaks_neither_the_beslutslogg_nor_the_report_xlsx(client, demo):
    from governance.models import Decision
    from portfolio import policy

    strateg = get_user_model().objects.get(username="strateg.lysekil")
    decision = policy.restrict(Decision.objects.order_by("pk"), strateg).first()
    Decision.objects.filter(pk=decision.pk).update(title=f"Beslut{STORED_CONTROL} med NUL")
    client.force_login(strateg)
    for fmt in ("csv", "xlsx"):
        response = client.get(reverse("governance:decision_list"), {"export": fmt})
        assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert "Beslut med NUL" in [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert report_neutralise("Sys\x00tem") == "System"
