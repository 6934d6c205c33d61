"""One JobStatus for every background job, and the data migrations to its values."""

import importlib

import pytest
from django.apps import apps

from portfolio.jobs import ACTIVE_JOB_STATUSES, FINISHED_JOB_STATUSES, JobStatus
from portfolio.models import ImportJob
from reports.models import ReportJob
from tests.factories import KommunFactory, UserFactory

pytestmark = pytest.mark.django_db

OLD = ["koad", "pagar", "klar", "misslyckad"]
NEW = ["queued", "running", "done", "failed"]


def test_values_are_english_and_labels_swedish():
    assert list(JobStatus.values) == NEW
    assert [str(label) for label in JobStatus.labels] == ["Köad", "Pågår", "Klar", "Misslyckad"]
    assert ACTIVE_JOB_STATUSES | FINISHED_JOB_STATUSES == set(JobStatus)


def test_every_job_model_uses_the_shared_choices():
    from governance.choices import MINUTES_NOT_REQUESTED
    from governance.models import Meeting, MinutesJob
    from portfolio.jobs import BackgroundJob

    for model in (ImportJob, ReportJob, MinutesJob):
        assert issubclass(model, BackgroundJob)
        assert model._meta.get_field("status").choices == JobStatus.choices
    assert Meeting(signed_at=None).minutes_status == MINUTES_NOT_REQUESTED


def _migration(name):
    return importlib.import_module(name)


def test_import_job_migration_rewrites_and_reverses():
    user = UserFactory()
    kommun = KommunFactory()
    jobs = [ImportJob.objects.create(kind="system", kommun=kommun, created_by=user) for _ in OLD]
    for job, old in zip(jobs, OLD, strict=True):
        ImportJob.objects.filter(pk=job.pk).update(status=old)
    migration = _migration("portfolio.migrations.0005_job_status_english")

    migration.forwards(apps, None)
    assert [ImportJob.objects.get(pk=j.pk).status for j in jobs] == NEW
    migration.backwards(apps, None)
    assert [ImportJob.objects.get(pk=j.pk).status for j in jobs] == OLD


def test_report_job_migration_rewrites_rows_and_history():
    user = UserFactory()
    kommun = KommunFactory()
    jobs = [
        ReportJob.objects.create(
            kind="it_bokslut", kommun=kommun, year=2026, version=n + 1, requested_by=user
        )
        for n in range(len(OLD))
    ]
    for job, old in zip(jobs, OLD, strict=True):
        ReportJob.objects.filter(pk=job.pk).update(status=old)
        ReportJob.history.filter(id=job.pk).update(status=old)
    migration = _migration("reports.migrations.0002_job_status_english")

    migration.forwards(apps, None)
    assert [ReportJob.objects.get(pk=j.pk).status for j in jobs] == NEW
    assert [ReportJob.history.filter(id=j.pk).first().status for j in jobs] == NEW
    migration.backwards(apps, None)
    assert [ReportJob.objects.get(pk=j.pk).status for j in jobs] == OLD
    assert [ReportJob.history.filter(id=j.pk).first().status for j in jobs] == OLD
