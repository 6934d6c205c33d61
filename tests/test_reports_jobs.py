"""Report jobs: ordering, the task, idempotency, recovery, retry and adoption."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from portfolio import pdf
from portfolio.choices import Role
from portfolio.jobs import JobStatus
from reports import services
from reports.choices import FileKind, ReportKind
from reports.models import ReportJob
from reports.tasks import generate_report
from tests.factories import KommunFactory, SamverkanFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_pdf(monkeypatch):
    """Skip WeasyPrint: these tests are about the job, not the document."""
    calls = []

    def render(html):
        calls.append(html)
        return pdf.RenderedPdf(data=b"%PDF-1.7 fake", page_count=3, variant="pdf/a-3u")

    monkeypatch.setattr(pdf, "render_pdf", render)
    return calls


@pytest.fixture
def kommun():
    return KommunFactory(name="Lysekil")


@pytest.fixture
def strateg(kommun):
    return user_with_role(Role.IT_STRATEG, kommun=kommun)


def _order(actor, kommun, kind=ReportKind.IT_BOKSLUT, year=2026):
    return services.order_report(actor=actor, kind=kind, year=year, kommun=kommun)


def test_order_dispatches_on_commit_and_finishes(
    kommun, strateg, fake_pdf, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = _order(strateg, kommun)
    assert job.status == JobStatus.QUEUED and job.version == 1
    assert len(callbacks) == 1
    callbacks[0]()  # the task runs in-process (eager)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    stored = job.stored(FileKind.PDF)
    assert stored.page_count == 3 and stored.size == len(b"%PDF-1.7 fake")
    assert job.started_at and job.finished_at and job.attempts == 1
    assert stored.pdf_variant == "pdf/a-3u"
    assert stored.file.name.startswith("reports/")
    assert {f.kind for f in job.files.all()} == {"html", "pdf", "xlsx"}
    assert job.history.count() >= 2


def test_task_is_idempotent(kommun, strateg, fake_pdf, settings):
    job = ReportJob.objects.create(
        kind=ReportKind.IT_BOKSLUT, kommun=kommun, year=2026, requested_by=strateg
    )
    generate_report.apply(args=[job.pk])
    generate_report.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 1
    assert len(fake_pdf) == 1
    files = list((settings.MEDIA_ROOT / "reports").rglob("*.pdf"))
    assert len(files) == 1
    assert ReportJob.objects.count() == 1


def test_versions_count_up_per_kind_scope_and_year(kommun, strateg, fake_pdf):
    first = _order(strateg, kommun)
    # The same order again while the first is still köad: that same job, no new version.
    again = _order(strateg, kommun)
    assert again.pk == first.pk and again.already_ordered and not first.already_ordered
    ReportJob.objects.filter(pk=first.pk).update(status=JobStatus.DONE)
    second = _order(strateg, kommun)
    other_year = _order(strateg, kommun, year=2025)
    plan = _order(strateg, kommun, kind=ReportKind.HANDLINGSPLAN)
    assert (first.version, second.version, other_year.version, plan.version) == (1, 2, 1, 1)
    assert ReportJob.objects.count() == 4


def test_failure_records_swedish_error_and_retry_works(
    kommun, strateg, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(html):
        raise ValueError("boom")

    monkeypatch.setattr(pdf, "render_pdf", broken)
    job = ReportJob.objects.create(
        kind=ReportKind.IT_BOKSLUT, kommun=kommun, year=2026, requested_by=strateg
    )
    generate_report.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "Ett oväntat fel uppstod" in job.error
    assert "boom" not in job.error

    monkeypatch.setattr(pdf, "render_pdf", lambda html: pdf.RenderedPdf(b"%PDF ok", 1, "pdf/a-3u"))
    with django_capture_on_commit_callbacks(execute=True):
        services.retry_report_job(actor=strateg, job=job)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.error == ""


def test_retry_only_for_failed_jobs(kommun, strateg, fake_pdf):
    job = _order(strateg, kommun)
    with pytest.raises(ValidationError):
        services.retry_report_job(actor=strateg, job=job)


def _message(job):
    from portfolio.outbox.models import OutboxMessage

    return OutboxMessage.objects.get(task="reports.tasks.generate_report", args=[job.pk])


def test_transient_errors_are_retried_then_fail(
    kommun, strateg, monkeypatch, settings, django_capture_on_commit_callbacks
):
    from portfolio.outbox import services as outbox

    def flaky(html):
        raise OSError("disk full")

    monkeypatch.setattr(pdf, "render_pdf", flaky)
    with django_capture_on_commit_callbacks(execute=False):
        job = _order(strateg, kommun)
    message = _message(job)
    with pytest.raises(outbox.RetryLater):
        outbox.deliver_message(message.pk, retries=0)
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.error == ""  # waiting for the retry
    outbox.deliver_message(message.pk, retries=settings.OUTBOX_MAX_RETRIES)  # the last one
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.attempts == 2
    assert "tillfälligt fel" in job.error


def test_task_options(settings):
    assert generate_report.acks_late is True
    assert generate_report.reject_on_worker_lost is True
    assert generate_report.soft_time_limit < generate_report.time_limit
    assert generate_report.time_limit == settings.CELERY_TASK_TIME_LIMIT


def _running(kommun, strateg, *, started_at, attempts=1, version=1):
    from portfolio.outbox.models import OutboxMessage, OutboxState

    job = ReportJob.objects.create(
        kind=ReportKind.IT_BOKSLUT,
        kommun=kommun,
        year=2026,
        version=version,
        requested_by=strateg,
        status=JobStatus.RUNNING,
        attempts=attempts,
        started_at=started_at,
    )
    OutboxMessage.objects.create(
        task="reports.tasks.generate_report",
        args=[job.pk],
        state=OutboxState.RUNNING,
        started_at=started_at,
        attempts=attempts,
    )
    return job


def test_job_whose_worker_died_is_run_again_by_the_sweeper(kommun, strateg, fake_pdf, settings):
    from portfolio.outbox import services as outbox

    lease = settings.CELERY_TASK_TIME_LIMIT + settings.OUTBOX_LEASE_MARGIN_SECONDS
    dead = _running(
        kommun, strateg, started_at=timezone.now() - datetime.timedelta(seconds=lease + 1)
    )
    alive = _running(kommun, strateg, started_at=timezone.now(), version=2)
    assert outbox.sweep() == [_message(dead).pk]  # eager: runs at once
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == JobStatus.DONE and dead.attempts == 2
    assert alive.status == JobStatus.RUNNING  # still within its time limit: left alone
    # A second delivery of the running job (the broker may redeliver) does nothing.
    with pytest.raises(outbox.RetryLater):
        services.run_report_job(alive.pk)
    alive.refresh_from_db()
    assert alive.status == JobStatus.RUNNING and alive.attempts == 1


def test_job_gives_up_after_its_worker_died_max_attempts_times(kommun, strateg, fake_pdf):
    job = _running(
        kommun,
        strateg,
        started_at=timezone.now() - datetime.timedelta(hours=2),
        attempts=services.MAX_ATTEMPTS,
    )
    services.run_report_job(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "flera försök" in job.error
    assert fake_pdf == []


def test_adopted_plan_is_immutable(kommun, strateg, fake_pdf, django_capture_on_commit_callbacks):
    kd = user_with_role(Role.KOMMUNDIREKTOR, kommun=kommun)
    with django_capture_on_commit_callbacks(execute=True):
        plan = _order(strateg, kommun, kind=ReportKind.HANDLINGSPLAN)
    plan.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.adopt_handlingsplan(actor=strateg, job=plan)
    services.adopt_handlingsplan(actor=kd, job=plan)
    plan.refresh_from_db()
    assert plan.adopted and plan.adopted_by == kd and plan.adopted_at
    adopted_files = {f.kind: (f.file.name, f.sha256) for f in plan.files.all()}
    assert set(adopted_files) == {"html", "pdf", "final_pdf", "xlsx"}
    with pytest.raises(ValidationError):
        services.adopt_handlingsplan(actor=kd, job=plan)

    # Regenerating makes a new version, never touches the adopted one.
    with django_capture_on_commit_callbacks(execute=True):
        newer = _order(strateg, kommun, kind=ReportKind.HANDLINGSPLAN)
    newer.refresh_from_db()
    plan.refresh_from_db()
    assert newer.version == 2 and not newer.adopted and newer.status == JobStatus.DONE
    assert plan.adopted
    assert {f.kind: (f.file.name, f.sha256) for f in plan.files.all()} == adopted_files
    # Running the adopted job's task again does nothing.
    generate_report.apply(args=[plan.pk])
    plan.refresh_from_db()
    assert {f.kind: (f.file.name, f.sha256) for f in plan.files.all()} == adopted_files
    with pytest.raises(ValidationError):
        services.build_report(plan)


def test_only_handlingsplan_can_be_adopted(kommun, strateg, fake_pdf):
    kd = user_with_role(Role.KOMMUNDIREKTOR, kommun=kommun)
    job = _order(kd, kommun)
    with pytest.raises(PermissionDenied):
        services.adopt_handlingsplan(actor=kd, job=job)


def test_order_refused_for_lasare_and_other_kommun(kommun):
    lasare = user_with_role(Role.LASARE, kommun=kommun)
    with pytest.raises(PermissionDenied):
        _order(lasare, kommun)
    other = user_with_role(Role.IT_STRATEG, kommun=KommunFactory())
    with pytest.raises(PermissionDenied):
        _order(other, kommun)
    assert ReportJob.objects.count() == 0


def test_samverkan_report_has_one_part_per_member(fake_pdf, django_capture_on_commit_callbacks):
    host = KommunFactory(name="Lysekil")
    members = [KommunFactory(name="Sotenäs"), KommunFactory(name="Munkedal")]
    sml = SamverkanFactory(name="SML-IT", host=host, members=members)
    strateg = user_with_role(Role.IT_STRATEG, samverkan=sml)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.order_report(
            actor=strateg, kind=ReportKind.IT_BOKSLUT, year=2026, samverkan=sml
        )
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    html = fake_pdf[-1]
    for name in ("Lysekil", "Sotenäs", "Munkedal"):
        assert f"{name} – Sammanfattning" in html
    # A strateg of one member kommun (not the host) may not order for the whole samverkan.
    single = user_with_role(Role.IT_STRATEG, kommun=members[0])
    with pytest.raises(PermissionDenied):
        services.order_report(actor=single, kind=ReportKind.IT_BOKSLUT, year=2026, samverkan=sml)
