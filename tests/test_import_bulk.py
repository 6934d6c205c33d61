"""Imports in bulk (issue 13): the preview writes nothing, the import records history per row."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portfolio.choices import Lifecycle, Role
from portfolio.imports import services as import_services
from portfolio.imports.resources import RESOURCES
from portfolio.imports.resources.base import _blank_instance
from portfolio.jobs import JobStatus
from portfolio.models import ImportJob, Supplier, System
from tests.factories import ForvaltningFactory, SystemFactory, user_with_role

pytestmark = pytest.mark.django_db

HEADER = "Namn;Förvaltning;Systemägare;Typ;Kategori;Verksamhetsområde;Drift;Leverantör"


def row(name, supplier=""):
    return f"{name};Socialförvaltningen;anna;verksamhetssystem;gis;it;saas;{supplier}"


@pytest.fixture
def setup():
    fv = ForvaltningFactory(name="Socialförvaltningen")
    strateg = user_with_role(Role.IT_STRATEG, kommun=fv.kommun, username="strateg")
    owner = user_with_role(Role.SYSTEMAGARE, forvaltning=fv, username="anna")
    return {"fv": fv, "kommun": fv.kommun, "strateg": strateg, "owner": owner}


def start(setup, text):
    return import_services.start_import(
        actor=setup["strateg"],
        kind="system",
        kommun=setup["kommun"],
        uploaded=SimpleUploadedFile("system.csv", text.encode("utf-8-sig")),
    )


def confirm(job, actor, capture):
    with capture(execute=True):
        import_services.confirm_import(actor=actor, job=job)
    job.refresh_from_db()
    return job


def _writes(queries, table):
    return [
        q["sql"]
        for q in queries
        if q["sql"].startswith(("INSERT", "UPDATE")) and f'"{table}"' in q["sql"].split("(")[0]
    ]


def test_the_preview_writes_no_rows_and_no_history(setup):
    SystemFactory(forvaltning=setup["fv"], name="Befintligt", owner=setup["owner"])
    text = f"{HEADER}\n{row('Nytt')}\n{row('Befintligt')}\n"
    with CaptureQueriesContext(connection) as ctx:
        job = start(setup, text)
    assert (job.new_rows, job.updated_rows, job.error_rows) == (1, 1, 0)
    assert [r["action"] for r in job.preview["rows"]] == ["Ny", "Uppdateras"]
    for table in (System._meta.db_table, System.history.model._meta.db_table):
        assert _writes(ctx.captured_queries, table) == []
    assert not System.objects.filter(name="Nytt").exists()


def test_the_import_records_history_for_every_created_and_updated_row(
    setup, django_capture_on_commit_callbacks
):
    existing = SystemFactory(forvaltning=setup["fv"], name="Befintligt", owner=setup["owner"])
    names = [f"System {i:03d}" for i in range(25)]
    text = HEADER + "\n" + "\n".join(row(n) for n in [*names, "befintligt"]) + "\n"
    job = start(setup, text)
    job = confirm(job, setup["strateg"], django_capture_on_commit_callbacks)
    assert (job.status, job.new_rows, job.updated_rows) == (JobStatus.DONE, 25, 1)
    history = System.history.model.objects
    created = history.filter(name__in=names)
    assert created.count() == 25
    assert set(created.values_list("history_type", "history_user")) == {("+", setup["strateg"].pk)}
    assert set(created.values_list("id", flat=True)) == set(
        System.objects.filter(name__in=names).values_list("pk", flat=True)
    )
    latest = existing.history.latest()
    assert (latest.history_type, latest.history_user) == ("~", setup["strateg"])
    assert latest.category == "gis"


def test_columns_absent_from_the_file_keep_the_model_defaults_on_each_row(
    setup, django_capture_on_commit_callbacks
):
    text = f"{HEADER}\n{row('Ett', 'Ny leverantör AB')}\n{row('Två')}\n"
    job = confirm(start(setup, text), setup["strateg"], django_capture_on_commit_callbacks)
    assert job.status == JobStatus.DONE, job.error
    one, two = System.objects.get(name="Ett"), System.objects.get(name="Två")
    assert one.pk != two.pk
    assert (one.lifecycle, one.personal_data, one.manager) == (Lifecycle.I_DRIFT, False, None)
    assert one.supplier == Supplier.objects.get(name="Ny leverantör AB")
    assert two.supplier is None  # the rows do not share the copied blank instance
    assert one.history.get().history_user == setup["strateg"]


def test_models_with_a_callable_default_are_built_normally():
    assert _blank_instance(ImportJob) is None  # created_at=timezone.now must be per row
    for resource in RESOURCES.values():
        blank = _blank_instance(resource._meta.model)
        assert blank is None or "_state" not in blank


def test_a_big_file_is_read_from_the_stored_job_file(
    setup, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_ASYNC_ROWS = 1
    text = f"{HEADER}\n{row('Ett')}\n{row('Två')}\n"
    with django_capture_on_commit_callbacks(execute=True):
        job = start(setup, text)
    job.refresh_from_db()
    assert (job.status, job.new_rows, job.error_rows) == (JobStatus.DONE, 2, 0)
