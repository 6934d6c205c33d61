"""Integration (CI): a real Celery worker on Redis renders a real IT-bokslut PDF."""

import pytest
from django.conf import settings

from portfolio.choices import Role
from portfolio.jobs import JobStatus
from reports import services
from reports.choices import FileKind, ReportKind
from reports.models import ReportJob
from tests.factories import KommunFactory, report_dataset, user_with_role
from tests.worker import celery_worker, wait_for

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def report_worker():
    with celery_worker() as process:
        yield process


def test_worker_generates_a_real_pdf(report_worker):
    kommun = KommunFactory(name="Sotenäs")
    report_dataset(kommun, 2026)
    strateg = user_with_role(Role.IT_STRATEG, kommun=kommun)
    assert not settings.CELERY_TASK_ALWAYS_EAGER
    job = services.order_report(actor=strateg, kind=ReportKind.IT_BOKSLUT, year=2026, kommun=kommun)
    done = wait_for(
        lambda: ReportJob.objects.get(pk=job.pk).status in (JobStatus.DONE, JobStatus.FAILED),
        timeout=120,
    )
    if not done:
        report_worker.terminate()
        pytest.fail("worker did not finish:\n" + report_worker.communicate(timeout=20)[0])
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    stored = job.stored(FileKind.PDF)
    assert stored.page_count and stored.page_count > 5
    assert stored.read()[:5] == b"%PDF-"
    assert job.stored(FileKind.XLSX) is not None
