"""Exports of the register lists: filters kept, formula payloads neutralised."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from portfolio.choices import Role
from portfolio.exports import neutralise_cell
from tests.factories import ContractFactory, ForvaltningFactory, SystemFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Lönesystem", "Lönesystem"),
        (None, ""),
        (12, 12),
    ],
)
def test_neutralise_cell(value, expected):
    assert neutralise_cell(value) == expected


@pytest.fixture
def setup():
    fv = ForvaltningFactory()
    user = user_with_role(Role.IT_STRATEG, kommun=fv.kommun)
    evil = SystemFactory(forvaltning=fv, name="=cmd|' /C calc'!A0")
    SystemFactory(forvaltning=fv, name="Ekonomisystem")
    SystemFactory(name="Annan kommuns system")
    ContractFactory(system=evil, number="@evil")
    return user


def test_csv_export_keeps_filters_and_neutralises(client, setup):
    client.force_login(setup)
    response = client.get(reverse("portfolio:system_list"), {"q": "cmd", "export": "csv"})
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "'=cmd" in text
    assert "Ekonomisystem" not in text
    assert "Annan kommuns system" not in text


def test_xlsx_export(client, setup):
    client.force_login(setup)
    response = client.get(reverse("portfolio:system_list"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2)]
    evil = next(cell for cell in names if cell.value.startswith("=cmd"))
    # A text-typed cell (no visible apostrophe), never a formula.
    assert (evil.value, evil.data_type, evil.quotePrefix) == ("=cmd|' /C calc'!A0", "s", True)
    assert "Ekonomisystem" in [cell.value for cell in names]
    assert "Annan kommuns system" not in names


def test_contract_export(client, setup):
    client.force_login(setup)
    response = client.get(reverse("portfolio:contract_list"), {"export": "csv"})
    assert "'@evil" in response.content.decode("utf-8-sig")
    page = client.get(reverse("portfolio:contract_list"), {"status": "aktivt"})
    assert page.status_code == 200
    assert "export=csv" in page.content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_contract_list_query_count_is_flat(client, setup, django_assert_max_num_queries, rows):
    system = SystemFactory(forvaltning=setup.role_assignments.first().kommun.forvaltningar.first())
    for _ in range(rows):
        ContractFactory(system=system)
    client.force_login(setup)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("portfolio:contract_list")).status_code == 200
