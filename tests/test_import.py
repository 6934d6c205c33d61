"""Import of systems, contracts, costs and initiatives: preview first, then all or nothing."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portfolio.choices import ImportStage, Role
from portfolio.imports import services as import_services
from portfolio.jobs import JobStatus
from portfolio.models import Contract, ImportJob, Initiative, Supplier, System, SystemCost
from tests.factories import (
    ForvaltningFactory,
    SystemFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

HEADER = "Namn;Förvaltning;Systemägare;Typ;Kategori;Verksamhetsområde;Drift;Tillgänglighetsmål"
GOOD = "Procapita;Socialförvaltningen;anna;Verksamhetssystem;verksamhetssystem;Socialtjänst, vård och omsorg;SaaS/molntjänst;99,5"  # noqa: E501
GOOD2 = "Tieto Lifecare;socialförvaltningen;anna@example.se;verksamhetssystem;Verksamhetssystem;socialtjanst;saas;"  # noqa: E501


@pytest.fixture
def setup():
    fv = ForvaltningFactory(name="Socialförvaltningen")
    other_kommun_fv = ForvaltningFactory(name="Barn- och utbildningsförvaltningen")
    strateg = user_with_role(Role.IT_STRATEG, kommun=fv.kommun, username="strateg")
    # People named in a file must hold a role in the importing kommun (policy.people).
    owner = user_with_role(
        Role.SYSTEMAGARE, forvaltning=fv, username="anna", email="anna@example.se"
    )
    return {
        "fv": fv,
        "kommun": fv.kommun,
        "strateg": strateg,
        "owner": owner,
        "other": other_kommun_fv,
    }


def upload(text, name="system.csv", encoding="utf-8-sig"):
    data = text if isinstance(text, bytes) else text.encode(encoding)
    return SimpleUploadedFile(name, data)


def start(setup, text, kind="system", actor=None, **kwargs):
    return import_services.start_import(
        actor=actor or setup["strateg"],
        kind=kind,
        kommun=setup["kommun"],
        uploaded=upload(text, **kwargs),
    )


def confirm(job, actor):
    return import_services.confirm_import(actor=actor, job=job)


def test_preview_writes_nothing_then_confirm_imports(setup, django_capture_on_commit_callbacks):
    job = start(setup, f"{HEADER}\r\n{GOOD}\r\n{GOOD2}\r\n")
    assert (job.stage, job.status, job.total_rows, job.new_rows) == ("preview", "done", 2, 2)
    assert job.error_rows == 0
    assert [r["action"] for r in job.preview["rows"]] == ["Ny", "Ny"]
    assert System.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        confirm(job, setup["strateg"])
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert (job.stage, job.status, job.new_rows) == ("import", "done", 2)
    system = System.objects.get(name="Procapita")
    assert system.kommun == setup["kommun"]
    assert system.owner == setup["owner"]
    assert system.availability_target == Decimal("99.5")
    assert System.objects.get(name="Tieto Lifecare").owner == setup["owner"]
    assert system.history.latest().history_user == setup["strateg"]
    assert not job.file  # the uploaded data is not kept after the import


def test_preview_shows_errors_with_row_and_column(setup, client):
    text = f"{HEADER}\n{GOOD}\nTrasig;Okänd förvaltning;nobody;x;verksamhetssystem;it;saas;abc\n"
    job = start(setup, text)
    assert job.error_rows == 1
    errors = {(e["line"], e["column"]): e["message"] for e in job.preview["errors"]}
    assert errors[(3, "Förvaltning")] == (
        f"Förvaltningen ”Okänd förvaltning” finns inte i {setup['kommun'].name}."
    )
    assert "ingen aktiv användare" in errors[(3, "Systemägare")]
    assert "inget giltigt val" in errors[(3, "Typ")]
    assert "inget tal" in errors[(3, "Tillgänglighetsmål")]
    assert not job.can_confirm
    client.force_login(setup["strateg"])
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Okänd förvaltning" in page and "Bekräfta import" not in page
    with pytest.raises(Exception, match="utan fel"):
        confirm(job, setup["strateg"])
    assert System.objects.count() == 0


def test_semicolon_cp1252_file(setup):
    text = f"{HEADER}\r\nSkolplattform Ärende;Socialförvaltningen;anna;Verksamhetssystem;verksamhetssystem;Utbildning och skola;saas;\r\n"  # noqa: E501
    job = start(setup, text, encoding="cp1252")
    assert job.error_rows == 0, job.preview["errors"]
    assert job.preview["rows"][0]["values"][0] == "Skolplattform Ärende"


def test_comma_delimited_utf8_with_bom_and_field_names(setup):
    text = "name,forvaltning,owner,kind,category,area,hosting\nGIS,Socialförvaltningen,anna,verksamhetssystem,gis,it,saas\n"  # noqa: E501
    job = start(setup, text)
    assert job.error_rows == 0, job.preview["errors"]
    assert job.new_rows == 1


def test_decimal_comma_and_space_thousands(setup, django_capture_on_commit_callbacks):
    system = SystemFactory(forvaltning=setup["fv"], name="Procapita", owner=setup["owner"])
    text = (
        "System;Leverantör;Avtalsnummer;Startdatum;Slutdatum;Uppsägningstid (månader);Årskostnad\n"
        "Procapita;CGI Sverige AB;AVT-1;2024-01-01;2027-12-31;6;1 250 000,50\n"
        "procapita;CGI Sverige AB;AVT-2;2024-01-01;2027-12-31;;1\u00a0000\n"
    )
    job = start(setup, text, kind="contract")
    assert job.error_rows == 0, job.preview["errors"]
    with django_capture_on_commit_callbacks(execute=True):
        confirm(job, setup["strateg"])
    first = Contract.objects.get(number="AVT-1")
    assert first.annual_cost == Decimal("1250000.50")
    assert first.system == system
    assert first.supplier == Supplier.objects.get(name="CGI Sverige AB")
    second = Contract.objects.get(number="AVT-2")
    assert (second.annual_cost, second.notice_months) == (Decimal("1000"), 3)


def test_xlsx_costs_with_numbers_and_dates(setup, django_capture_on_commit_callbacks):
    from openpyxl import Workbook

    SystemFactory(forvaltning=setup["fv"], name="Procapita")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        ["System", "År", "Kostnadsslag", "Drift/utveckling", "Belopp", "Betalande förvaltning"]
    )
    sheet.append(["Procapita", 2026, "Licens", "drift", 125000.5, "Socialförvaltningen"])
    sheet.append([None, None, None, None, None, None])  # Excel's blank trailing rows
    buffer = io.BytesIO()
    workbook.save(buffer)
    job = start(setup, buffer.getvalue(), kind="systemcost", name="kostnader.xlsx")
    assert job.error_rows == 0, job.preview["errors"]
    assert job.total_rows == 1
    with django_capture_on_commit_callbacks(execute=True):
        confirm(job, setup["strateg"])
    cost = SystemCost.objects.get()
    assert (cost.year, cost.amount, cost.payer) == (2026, Decimal("125000.5"), "forvaltning")
    assert cost.paying_forvaltning == setup["fv"]


def test_a_bad_row_rolls_back_everything(setup, django_capture_on_commit_callbacks):
    job = start(setup, f"{HEADER}\n{GOOD}\n{GOOD2}\n")
    assert job.can_confirm
    # The data changes between preview and import: the second row now fails.
    setup["owner"].email = "flyttat@example.se"
    setup["owner"].save()
    with django_capture_on_commit_callbacks(execute=True):
        confirm(job, setup["strateg"])
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "Ingenting sparades" in job.error
    assert job.preview["errors"][0]["line"] == 3
    assert System.objects.count() == 0
    assert not Supplier.objects.exists()


def test_rows_in_another_kommun_or_outside_scope_are_refused(setup):
    # Another kommun's förvaltning is unknown in the importing kommun.
    text = f"{HEADER}\nX;{setup['other'].name};anna;verksamhetssystem;gis;it;saas;\n"
    job = start(setup, text)
    assert job.preview["errors"][0]["column"] == "Förvaltning"
    assert "finns inte i" in job.preview["errors"][0]["message"]
    # A systemägare scoped to one förvaltning may not import into another.
    own = ForvaltningFactory(kommun=setup["kommun"], name="Kultur")
    owner_role = user_with_role(Role.SYSTEMAGARE, forvaltning=own)
    job = start(setup, f"{HEADER}\n{GOOD}\n", actor=owner_role)
    assert "Du får inte registrera system" in job.preview["errors"][0]["message"]


def test_update_needs_change_permission_and_matches_by_name(setup):
    SystemFactory(forvaltning=setup["fv"], name="Procapita", description="gammal")
    job = start(
        setup, "Namn;Förvaltning;Systemägare;Beskrivning\nPROCAPITA;Socialförvaltningen;anna;ny\n"
    )
    assert (job.new_rows, job.updated_rows, job.error_rows) == (0, 1, 0)
    other_kommun_user = user_with_role(Role.IT_STRATEG, kommun=setup["other"].kommun)
    with pytest.raises(Exception, match="inte importera"):
        start(setup, f"{HEADER}\n{GOOD}\n", actor=other_kommun_user)


def test_duplicate_rows_in_the_file_are_an_error(setup):
    job = start(setup, f"{HEADER}\n{GOOD}\n{GOOD}\n")
    assert job.error_rows == 1
    assert "rad 2" in job.preview["errors"][0]["message"]


def test_missing_columns_are_reported_in_swedish(setup):
    with pytest.raises(Exception, match="Kolumner saknas i filen: Systemägare"):
        start(setup, "Namn;Förvaltning\nX;Socialförvaltningen\n")


def test_initiative_import(setup, django_capture_on_commit_callbacks):
    text = (
        "Titel;Beskrivning;Typ;Verksamhetsområde;Förvaltning;Kontaktperson;Planerad start\n"
        "Ny e-tjänst;Ansökan om bygglov;E-tjänst;Samhällsbyggnad;"
        "Socialförvaltningen;anna;2026-09-01\n"
    )
    job = start(setup, text, kind="initiative")
    assert job.error_rows == 0, job.preview["errors"]
    with django_capture_on_commit_callbacks(execute=True):
        confirm(job, setup["strateg"])
    initiative = Initiative.objects.get()
    assert initiative.status == "ide"
    assert initiative.created_by == setup["strateg"]
    assert initiative.start_date == datetime.date(2026, 9, 1)


def test_big_files_are_previewed_by_a_celery_job(
    setup, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_ASYNC_ROWS = 1
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = start(setup, f"{HEADER}\n{GOOD}\n{GOOD2}\n")
    assert job.status == JobStatus.QUEUED and len(callbacks) == 1
    callbacks[0]()
    job.refresh_from_db()
    assert (job.status, job.new_rows) == (JobStatus.DONE, 2)


def test_a_failed_job_records_the_error_and_can_be_retried(setup, monkeypatch):
    job = start(setup, f"{HEADER}\n{GOOD}\n")
    ImportJob.objects.filter(pk=job.pk).update(stage=ImportStage.IMPORT, status=JobStatus.QUEUED)

    def boom(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(import_services, "run_resource", boom)
    import_services.run_import_job(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "tekniskt fel" in job.error
    monkeypatch.undo()
    import_services.retry_import(actor=setup["strateg"], job=job)
    import_services.run_import_job(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert System.objects.filter(name="Procapita").exists()
    # Idempotent: running the task again does nothing.
    import_services.run_import_job(job.pk)
    assert System.objects.filter(name="Procapita").count() == 1


def test_upload_page_flow_and_permissions(setup, client):
    client.force_login(setup["strateg"])
    url = reverse("portfolio:import_start")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "kind": "system",
            "kommun": setup["kommun"].pk,
            "file": upload(f"{HEADER}\n{GOOD}\n"),
        },
    )
    assert response.status_code == 302
    job = ImportJob.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "Bekräfta import" in page and "Procapita" in page
    # Bad file type: a Swedish form error, no job.
    response = client.post(
        url, {"kind": "system", "kommun": setup["kommun"].pk, "file": upload("x", name="a.exe")}
    )
    assert response.status_code == 400
    assert "Filtypen .exe är inte tillåten" in response.content.decode()
    # Someone else: 404 on the job, never its data; POST confirm writes nothing.
    other = user_with_role(Role.IT_STRATEG, kommun=setup["kommun"])
    client.force_login(other)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(reverse("portfolio:import_job_status", args=[job.pk])).status_code == 404
    assert client.post(reverse("portfolio:import_confirm", args=[job.pk])).status_code == 404
    assert System.objects.count() == 0
    # A reader may not import at all.
    reader = user_with_role(Role.LASARE, kommun=setup["kommun"])
    client.force_login(reader)
    assert client.get(url).status_code == 403
    assert "Importera" not in client.get(reverse("portfolio:system_list")).content.decode()
    client.force_login(setup["strateg"])
    assert url in client.get(reverse("portfolio:system_list")).content.decode()
    assert url in client.get(reverse("portfolio:initiative_list")).content.decode()


def test_templates_have_the_swedish_headers(setup, client):
    client.force_login(setup["strateg"])
    response = client.get(reverse("portfolio:import_template") + "?typ=contract")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert text.startswith("System;Leverantör;Avtalsnummer;Startdatum;Slutdatum")
