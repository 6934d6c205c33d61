"""Bad import files get the right Swedish message; old previews are purged (issue 14)."""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from portfolio import tasks
from portfolio.choices import ImportStage, Role
from portfolio.imports import files
from portfolio.imports import services as import_services
from portfolio.jobs import JobStatus
from portfolio.models import ImportJob, System
from portfolio.uploads import validate_import_file
from tests.factories import ForvaltningFactory, user_with_role

pytestmark = pytest.mark.django_db

HEADER = "Namn;Förvaltning;Systemägare;Typ;Kategori;Verksamhetsområde;Drift"
ROW = "System {n};Socialförvaltningen;anna;verksamhetssystem;gis;it;saas"


@pytest.fixture
def setup():
    fv = ForvaltningFactory(name="Socialförvaltningen")
    strateg = user_with_role(Role.IT_STRATEG, kommun=fv.kommun, username="strateg")
    user_with_role(Role.SYSTEMAGARE, forvaltning=fv, username="anna")
    return {"kommun": fv.kommun, "strateg": strateg}


def start(setup, content: bytes, name="system.csv"):
    return import_services.start_import(
        actor=setup["strateg"],
        kind="system",
        kommun=setup["kommun"],
        uploaded=SimpleUploadedFile(name, content),
    )


def refused(setup, content: bytes, name="system.csv") -> str:
    with pytest.raises(ValidationError) as exc:
        start(setup, content, name)
    assert not ImportJob.objects.exists()  # nothing half-written
    return " ".join(exc.value.messages)


def csv_bytes(*lines) -> bytes:
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


def workbook_bytes(rows, title="System") -> bytes:
    workbook = Workbook()
    workbook.active.title = title
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Broken and empty files ---------------------------------------------------------------


def test_a_broken_xlsx_cannot_be_read_as_excel(setup):
    good = workbook_bytes([HEADER.split(";")])
    message = refused(setup, good[: len(good) // 2], "system.xlsx")
    assert "kan inte läsas som Excel" in message
    with pytest.raises(ValidationError) as exc:
        validate_import_file(SimpleUploadedFile("system.xlsx", b"PK\x03\x04 trasig"))
    assert "kan inte läsas som Excel" in " ".join(exc.value.messages)


def test_a_zip_that_is_no_workbook_cannot_be_read_as_excel(setup):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    assert "kan inte läsas som Excel" in refused(setup, buffer.getvalue(), "system.xlsx")


def test_a_file_with_only_a_header_has_no_rows(setup):
    assert "bara en rubrikrad och inga rader" in refused(setup, csv_bytes(HEADER, ";;;;;;"))
    message = refused(setup, workbook_bytes([HEADER.split(";")]), "system.xlsx")
    assert "Bladet ”System” har bara en rubrikrad" in message


def test_a_line_with_the_other_delimiter_says_so(setup):
    lines = [ROW.format(n=n) for n in range(5)]
    lines[3] = lines[3].replace(";", ",")
    message = refused(setup, csv_bytes(HEADER, *lines))
    assert "Rad 5 är avgränsad med komma (,), men rubrikraden med semikolon (;)" in message


def test_a_line_with_too_many_cells_is_named(setup):
    message = refused(setup, csv_bytes(HEADER, ROW.format(n=1) + ";extra;mer"))
    assert "Rad 2 har 9 celler men rubrikraden bara 7 kolumner" in message


def test_short_lines_blank_lines_and_trailing_empty_cells_are_fine(setup):
    job = start(setup, csv_bytes(HEADER, ROW.format(n=1) + ";;", "", ROW.format(n=2)))
    assert (job.total_rows, job.new_rows, job.error_rows) == (2, 2, 0)
    job = start(setup, csv_bytes(HEADER, "X;Okänd"))
    # The line keeps its number in the errors (the blank line is counted).
    assert job.preview["errors"][0]["line"] == 2


def test_a_utf16_file_is_explained(setup):
    content = "\r\n".join([HEADER, ROW.format(n=1)]).encode("utf-16")
    assert "Unicode-text (UTF-16)" in refused(setup, content)


# --- Control characters ----------------------------------------------------------------------


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x0b", "\x1f"])
def test_a_control_character_far_into_the_file_is_refused_with_its_row(setup, character):
    lines = [ROW.format(n=n) for n in range(5000)]  # well past the first 64 KiB
    lines[4321] = lines[4321].replace("System", "Sys" + character + "tem")
    content = csv_bytes(HEADER, *lines)
    assert len(content) > 64 * 1024 * 4
    message = refused(setup, content)
    assert f"Rad 4323 innehåller ett otillåtet styrtecken (U+{ord(character):04X})" in message
    with pytest.raises(ValidationError) as exc:
        validate_import_file(SimpleUploadedFile("system.csv", content))
    assert "Rad 4323" in " ".join(exc.value.messages)


def test_the_row_of_a_control_character_counts_quoted_line_breaks(setup):
    content = csv_bytes(HEADER, 'A;"två\nrader";x', "B\x07;x")
    assert "Rad 3 innehåller" in refused(setup, content)


def test_tab_cr_and_lf_are_allowed(setup):
    content = csv_bytes(HEADER, ROW.format(n=1).replace("System 1", '"Sys\ttem\r\nett"'))
    assert start(setup, content).error_rows == 0


def test_a_control_character_in_an_xlsx_cell_is_refused_with_its_row(setup, monkeypatch):
    # openpyxl refuses to write one, so the workbook is built in memory.
    workbook = Workbook()
    workbook.active.title = "System"
    workbook.active.append(HEADER.split(";"))
    workbook.active.append(ROW.format(n=1).split(";"))
    workbook.active.append(ROW.format(n=2).split(";"))
    workbook.active["A3"]._value = "Sys\x02tem"
    monkeypatch.setattr("openpyxl.load_workbook", lambda *args, **kwargs: workbook)
    message = refused(setup, workbook_bytes([["x"]]), "system.xlsx")
    assert "Rad 3 innehåller ett otillåtet styrtecken (U+0002)" in message


# --- Zip bombs ---------------------------------------------------------------------------------


def bomb(size: int) -> bytes:
    """A zip that looks like a workbook and unpacks a sheet of ``size`` bytes of spaces."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * size)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_parsed(setup, monkeypatch):
    def parse(*args, **kwargs):
        raise AssertionError("the bomb must not reach openpyxl")

    monkeypatch.setattr("openpyxl.load_workbook", parse)
    content = bomb(50 * 1024 * 1024)
    assert len(content) < 100 * 1024
    message = refused(setup, content, "system.xlsx")
    assert "zip-bomb" in message
    with pytest.raises(ValidationError) as exc:
        validate_import_file(SimpleUploadedFile("system.xlsx", content))
    assert exc.value.error_list[0].code == "xlsx_ratio"


def test_an_xlsx_that_unpacks_to_too_much_is_refused(setup, settings):
    settings.IMPORT_XLSX_MAX_UNPACKED_BYTES = 100 * 1024
    message = refused(setup, bomb(200 * 1024), "system.xlsx")
    assert "packas upp till 200,0\xa0kB, mer än de 100,0\xa0kB" in message


def test_a_real_workbook_passes_the_bomb_check(setup):
    rows = [HEADER.split(";")] + [ROW.format(n=n).split(";") for n in range(3000)]
    job = start(setup, workbook_bytes(rows), "system.xlsx")
    assert (job.total_rows, job.error_rows) == (3000, 0)


def test_the_sheet_named_after_the_kind_is_read(setup):
    workbook = Workbook()
    workbook.active.title = "Instruktioner"
    workbook.active.append(["Läs detta först"])
    avtal = workbook.create_sheet("Avtal")
    avtal.append(["System", "Leverantör"])
    sheet = workbook.create_sheet("System")
    sheet.append([f"{h} *" if h in ("Namn", "Förvaltning") else h for h in HEADER.split(";")])
    sheet.append(ROW.format(n=1).split(";"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    job = start(setup, buffer.getvalue(), "mall.xlsx")
    assert (job.total_rows, job.new_rows, job.error_rows) == (1, 1, 0)
    assert files.TEMPLATE_SHEETS == ("instruktioner", "listor")


# --- Purging old previews ----------------------------------------------------------------------


def test_old_unconfirmed_previews_and_their_files_are_purged(
    setup, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_PREVIEW_RETENTION_DAYS = 7
    old = start(setup, csv_bytes(HEADER, ROW.format(n=1)))
    fresh = start(setup, csv_bytes(HEADER, ROW.format(n=2)))
    confirmed = start(setup, csv_bytes(HEADER, ROW.format(n=3)))
    with django_capture_on_commit_callbacks(execute=True):
        import_services.confirm_import(actor=setup["strateg"], job=confirmed)
    failed = start(setup, csv_bytes(HEADER, ROW.format(n=4)))
    ImportJob.objects.filter(pk=failed.pk).update(stage=ImportStage.IMPORT, status=JobStatus.FAILED)
    eight_days_ago = timezone.now() - datetime.timedelta(days=8)
    ImportJob.objects.exclude(pk=fresh.pk).update(created_at=eight_days_ago)
    storage, old_file, failed_file = old.file.storage, old.file.name, failed.file.name
    assert storage.exists(old_file) and storage.exists(failed_file)

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.purge_import_previews() == 1

    assert not ImportJob.objects.filter(pk=old.pk).exists()
    assert not storage.exists(old_file)
    assert ImportJob.objects.filter(pk=fresh.pk).exists() and fresh.file
    assert storage.exists(fresh.file.name)
    confirmed.refresh_from_db()
    assert confirmed.status == JobStatus.DONE  # a confirmed import is history, not purged
    failed.refresh_from_db()
    assert not failed.file and failed.preview["rows"] == []
    assert not storage.exists(failed_file)
    assert System.objects.filter(name="System 3").exists()
    # Idempotent.
    assert tasks.purge_import_previews() == 0


def test_a_purged_preview_cannot_be_confirmed(setup, client):
    job = start(setup, csv_bytes(HEADER, ROW.format(n=1)))
    ImportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=30)
    )
    import_services.purge_stale_imports()
    with pytest.raises(Http404):
        import_services.confirm_import(actor=setup["strateg"], job=job)
    client.force_login(setup["strateg"])
    assert client.get(reverse("portfolio:import_job", args=[job.pk])).status_code == 404


def test_the_purge_runs_from_beat(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["purge-import-previews"]
    assert schedule["task"] == "portfolio.tasks.purge_import_previews"
