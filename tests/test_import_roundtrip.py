"""The full register export imports back: unchanged it is a no-op, an edited cell updates one row.

Every import kind, as CSV and as XLSX, on the demo data of Lysekil (issue 14).
"""

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from portfolio.choices import Role
from portfolio.imports import services as import_services
from portfolio.imports.resources import RESOURCES
from portfolio.jobs import JobStatus
from portfolio.models import Contract, Initiative, Kommun, System, SystemCost
from tests.factories import (
    STORED_CONTROL,
    ContractFactory,
    ForvaltningFactory,
    SystemFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

#: (list page, import kind, model, the column edited, a new cell, the field and value it sets)
KINDS = [
    ("portfolio:system_list", "system", System, "Beskrivning", "Ändrad", ("description", "Ändrad")),
    (
        "portfolio:system_list",
        "systemcost",
        SystemCost,
        "Belopp",
        "123 456,5",
        ("amount", Decimal("123456.5")),
    ),
    (
        "portfolio:contract_list",
        "contract",
        Contract,
        "Årskostnad",
        "987654",
        ("annual_cost", Decimal("987654")),
    ),
    (
        "portfolio:initiative_list",
        "initiative",
        Initiative,
        "Beskrivning",
        "Ny",
        ("description", "Ny"),
    ),
]


def export(client, url, kind, fmt, kommun, **filters):
    response = client.get(
        reverse(url), {"export": fmt, "register": kind, "export_kommun": kommun.pk, **filters}
    )
    assert response.status_code == 200
    return response.content


def start(actor, kind, kommun, content, fmt):
    return import_services.start_import(
        actor=actor,
        kind=kind,
        kommun=kommun,
        uploaded=SimpleUploadedFile(f"{kind}.{fmt}", content),
    )


def edit_csv(content: bytes, column: str, value: str, row: int = 0) -> bytes:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    rows[row + 1][rows[0].index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode()


def edit_xlsx(content: bytes, column: str, value: str, row: int = 0) -> bytes:
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.active
    headers = [cell.value for cell in sheet[1]]
    sheet.cell(row=row + 2, column=headers.index(column) + 1, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ids_in(content: bytes, fmt: str) -> list[int]:
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
        return [int(r[rows[0].index("ID")]) for r in rows[1:]]
    sheet = load_workbook(io.BytesIO(content)).active
    headers = [cell.value for cell in sheet[1]]
    return [r[headers.index("ID")] for r in sheet.iter_rows(min_row=2, values_only=True)]


@pytest.fixture
def lysekil(demo):
    return (
        get_user_model().objects.get(username="strateg.lysekil"),
        Kommun.objects.get(name="Lysekil"),
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(("url", "kind", "model", "column", "value", "field"), KINDS)
def test_an_unchanged_export_imports_as_a_no_op(
    client, lysekil, url, kind, model, column, value, field, fmt
):
    strateg, kommun = lysekil
    client.force_login(strateg)
    content = export(client, url, kind, fmt, kommun)
    job = start(strateg, kind, kommun, content, fmt)
    assert job.status == JobStatus.DONE, job.error
    assert job.error_rows == 0, job.preview["errors"][:3]
    assert job.total_rows == len(ids_in(content, fmt)) > 0
    assert (job.new_rows, job.updated_rows) == (0, 0)
    assert job.preview["unchanged"] == job.total_rows
    assert {r["action"] for r in job.preview["rows"]} == {"Oförändrad"}
    assert not job.can_confirm  # nothing to import
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Filen ändrar ingenting i registret" in page


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(("url", "kind", "model", "column", "value", "field"), KINDS)
def test_an_edited_cell_updates_exactly_that_row(
    client, lysekil, django_capture_on_commit_callbacks, url, kind, model, column, value, field, fmt
):
    strateg, kommun = lysekil
    client.force_login(strateg)
    content = export(client, url, kind, fmt, kommun)
    edited_pk = ids_in(content, fmt)[1]
    edit = edit_csv if fmt == "csv" else edit_xlsx
    job = start(strateg, kind, kommun, edit(content, column, value, row=1), fmt)
    assert job.error_rows == 0, job.preview["errors"][:3]
    assert (job.new_rows, job.updated_rows) == (0, 1)
    assert job.preview["unchanged"] == job.total_rows - 1
    history = model.history.model.objects
    before = history.count()
    with django_capture_on_commit_callbacks(execute=True):
        import_services.confirm_import(actor=strateg, job=job)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert history.count() == before + 1
    assert history.latest("history_id").id == edited_pk
    name, expected = field
    assert getattr(model.objects.get(pk=edited_pk), name) == expected


def test_the_id_column_makes_a_rename_an_update(client, lysekil):
    strateg, kommun = lysekil
    client.force_login(strateg)
    content = export(client, "portfolio:system_list", "system", "csv", kommun)
    job = start(strateg, "system", kommun, edit_csv(content, "Namn", "Nytt namn"), "csv")
    assert (job.new_rows, job.updated_rows, job.error_rows) == (0, 1, 0)
    # Renaming onto another system's name is refused.
    other = System.objects.filter(kommun=kommun).exclude(pk=ids_in(content, "csv")[0]).first()
    job = start(strateg, "system", kommun, edit_csv(content, "Namn", other.name), "csv")
    assert job.error_rows == 1
    assert "En annan post i registret har redan samma Namn" in job.preview["errors"][0]["message"]


def test_an_unknown_id_and_another_kommun_are_row_errors(client, lysekil):
    strateg, kommun = lysekil
    client.force_login(strateg)
    content = export(client, "portfolio:system_list", "system", "csv", kommun)
    job = start(strateg, "system", kommun, edit_csv(content, "ID", "99999999"), "csv")
    errors = job.preview["errors"]
    assert (errors[0]["line"], errors[0]["column"]) == (2, "ID")
    assert "Det finns ingen post med ID ”99999999” i Lysekil" in errors[0]["message"]
    job = start(strateg, "system", kommun, edit_csv(content, "Kommun", "Sotenäs"), "csv")
    errors = job.preview["errors"]
    assert (errors[0]["line"], errors[0]["column"]) == (2, "Kommun")
    assert "Raden gäller Sotenäs, men importen görs till Lysekil" in errors[0]["message"]


def test_the_export_keeps_the_list_filters_and_the_chosen_kommun(client, lysekil):
    strateg, kommun = lysekil
    client.force_login(strateg)
    system = System.objects.filter(kommun=kommun).order_by("pk").first()
    content = export(client, "portfolio:system_list", "system", "csv", kommun, q=system.name)
    assert system.pk in ids_in(content, "csv")
    assert len(ids_in(content, "csv")) < System.objects.filter(kommun=kommun).count()
    text = content.decode("utf-8-sig")
    assert text.splitlines()[0] == ";".join(RESOURCES["system"].columns())


def test_the_full_export_offers_only_visible_kommuner_and_known_kinds(client, lysekil):
    strateg, kommun = lysekil
    client.force_login(strateg)
    url = reverse("portfolio:system_list")
    other = Kommun.objects.get(name="Uddevalla")
    base = {"export": "csv", "register": "system"}
    assert client.get(url, {**base, "export_kommun": other.pk}).status_code == 404
    assert client.get(url, {**base, "export_kommun": "x"}).status_code == 404
    assert (
        client.get(url, {**base, "register": "contract", "export_kommun": kommun.pk}).status_code
        == 404
    )
    page = client.get(url).content.decode()
    form = page[page.index('class="register-export"') :]
    form = form[: form.index("</form>")]
    assert "Hela registret (Excel)" in form and 'name="register"' in form
    assert f'value="{kommun.pk}"' in form and f'value="{other.pk}"' not in form


def test_a_reader_exports_only_what_they_see(client, lysekil):
    _strateg, kommun = lysekil
    fc = get_user_model().objects.get(username="fc.lysekil.soc")
    client.force_login(fc)
    content = export(client, "portfolio:system_list", "system", "csv", kommun)
    visible = set(
        System.objects.filter(kommun=kommun, forvaltning__name="Socialförvaltningen").values_list(
            "pk", flat=True
        )
    )
    exported = set(ids_in(content, "csv"))
    assert visible <= exported
    from portfolio import policy

    assert exported <= set(policy.restrict(System.objects.all(), fc).values_list("pk", flat=True))


@pytest.mark.parametrize("rows", [3, 30])
def test_the_full_export_has_a_flat_query_count(client, django_assert_max_num_queries, rows):
    fv = ForvaltningFactory()
    strateg = user_with_role(Role.IT_STRATEG, kommun=fv.kommun)
    owner = user_with_role(Role.SYSTEMAGARE, forvaltning=fv)
    for _ in range(rows):
        SystemFactory(forvaltning=fv, owner=owner, manager=strateg)
    client.force_login(strateg)
    with django_assert_max_num_queries(12):
        content = export(client, "portfolio:system_list", "system", "xlsx", fv.kommun)
    assert len(ids_in(content, "xlsx")) == rows


def test_awkward_text_survives_the_round_trip(client):
    """Formula-like text, an apostrophe first, line breaks and a stored NUL."""
    fv = ForvaltningFactory(name="Socialförvaltningen")
    strateg = user_with_role(Role.IT_STRATEG, kommun=fv.kommun)
    owner = user_with_role(Role.SYSTEMAGARE, forvaltning=fv, first_name="Lars", last_name="Holm")
    texts = ["=SUM(A1)", "'=kvar", "'vanlig", "-5 grader", "rad ett\r\nrad två", "''x"]
    for i, text in enumerate(texts):
        SystemFactory(forvaltning=fv, owner=owner, name=f"S{i}", description=text)
    SystemFactory(forvaltning=fv, owner=owner, name="Med NUL", description=f"a{STORED_CONTROL}b")
    client.force_login(strateg)
    for fmt in ("csv", "xlsx"):
        content = export(client, "portfolio:system_list", "system", fmt, fv.kommun)
        job = start(strateg, "system", fv.kommun, content, fmt)
        assert job.error_rows == 0, job.preview["errors"]
        # Only the system whose stored NUL the export left out differs.
        assert (job.new_rows, job.updated_rows, job.preview["unchanged"]) == (0, 1, len(texts))
        row = next(r for r in job.preview["rows"] if r["action"] == "Uppdateras")
        assert row["values"][0] == "Med NUL"


def test_a_contract_moved_by_id_needs_both_systems():
    fv = ForvaltningFactory(name="Socialförvaltningen")
    owner = user_with_role(Role.SYSTEMAGARE, forvaltning=fv, username="agare")
    theirs = SystemFactory(forvaltning=fv, name="Annans")
    mine = SystemFactory(forvaltning=fv, name="Mitt", owner=owner)
    contract = ContractFactory(system=theirs, number="AVT-1")
    text = (
        "System;Leverantör;Avtalsnummer;Startdatum;Slutdatum;ID\n"
        f"Mitt;{contract.supplier.name};AVT-1;2022-01-01;2027-12-31;{contract.pk}\n"
    )
    job = start(owner, "contract", fv.kommun, text.encode(), "csv")
    assert job.preview["errors"][0]["message"] == (
        "Du får inte flytta posten från systemet ”Annans”."
    )
    assert Contract.objects.get(pk=contract.pk).system == theirs
    assert mine.contracts.count() == 0
