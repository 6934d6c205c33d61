"""Rented items imported from CSV/XLSX through the import framework: preview, one
transaction, Swedish errors (a negative count is refused), ekonom may import."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from portfolio.chargeback.models import RentalCount
from portfolio.choices import Role
from portfolio.imports import services as import_services
from tests.factories import ForvaltningFactory, user_with_role

pytestmark = pytest.mark.django_db

HEADER = "Förvaltning;År;Utrustning;Antal"


@pytest.fixture
def setup():
    fv = ForvaltningFactory(name="Socialförvaltningen")
    ForvaltningFactory(name="Skolförvaltningen", kommun=fv.kommun)
    ekonom = user_with_role(Role.EKONOM, kommun=fv.kommun)
    return {"fv": fv, "kommun": fv.kommun, "ekonom": ekonom}


def start(setup, data, name="hyra.csv", actor=None):
    if isinstance(data, str):
        data = data.encode("utf-8-sig")
    return import_services.start_import(
        actor=actor or setup["ekonom"],
        kind="rentalcount",
        kommun=setup["kommun"],
        uploaded=SimpleUploadedFile(name, data),
    )


def test_the_ekonom_imports_counts_all_or_nothing(setup, django_capture_on_commit_callbacks):
    text = f"{HEADER}\nSocialförvaltningen;2026;Dator;310\nskolförvaltningen;2026;skarm;40\n"
    job = start(setup, text)
    assert (job.total_rows, job.new_rows, job.error_rows) == (2, 2, 0)
    assert not RentalCount.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        import_services.confirm_import(actor=setup["ekonom"], job=job)
    counts = {(c.forvaltning.name, c.item_kind): c.count for c in RentalCount.objects.all()}
    assert counts == {("Socialförvaltningen", "dator"): 310, ("Skolförvaltningen", "skarm"): 40}
    assert RentalCount.objects.first().kommun == setup["kommun"]
    # the same file again changes nothing; a changed count updates the row
    again = start(setup, text.replace("310", "300"))
    assert (again.new_rows, again.error_rows) == (0, 0)
    assert [r["action"] for r in again.preview["rows"]] == ["Uppdateras", "Oförändrad"]


def test_a_negative_count_is_refused_in_swedish(setup):
    job = start(setup, f"{HEADER}\nSocialförvaltningen;2026;Dator;-3\n")
    errors = {(e["line"], e["column"]): e["message"] for e in job.preview["errors"]}
    assert errors[(2, "Antal")] == "Antalet kan inte vara negativt."
    assert not job.can_confirm and not RentalCount.objects.exists()


def test_xlsx_and_a_forvaltningschef_may_not_import(setup):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Förvaltning", "År", "Utrustning", "Antal"])
    workbook.active.append(["Socialförvaltningen", 2026, "Skrivare", 12])
    buffer = io.BytesIO()
    workbook.save(buffer)
    job = start(setup, buffer.getvalue(), name="hyra.xlsx")
    assert job.error_rows == 0, job.preview["errors"]
    chief = user_with_role(Role.FORVALTNINGSCHEF, forvaltning=setup["fv"])
    with pytest.raises(PermissionDenied):
        start(setup, buffer.getvalue(), name="hyra.xlsx", actor=chief)
