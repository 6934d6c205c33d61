"""Issue 12, reports: a record the municipality can trust.

The archive holds exactly what was generated (checksums, frozen XLSX), an
adopted handlingsplan has its own final PDF next to the kept utkast, two
identical orders at the same moment give one job, and the demo shows an
adopted handlingsplan.
"""

from __future__ import annotations

import hashlib
import threading
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from portfolio import pdf
from portfolio.choices import Role
from portfolio.jobs import JobStatus
from portfolio.models import SystemCost
from reports import archive, services
from reports.choices import FileKind, ReportKind
from reports.models import ArchivedFileChanged, ReportFile, ReportJob
from tests.factories import (
    ForvaltningFactory,
    KommunFactory,
    ReportInitiativeFactory,
    report_dataset,
    user_with_role,
)

YEAR = 2026


def _fake_render(html):
    # Deterministic per document, so a re-render would show up as different bytes.
    return pdf.RenderedPdf(b"%PDF-1.7 " + hashlib.sha256(html.encode()).digest(), 2, "pdf/a-3u")


@pytest.fixture
def fake_pdf(monkeypatch):
    monkeypatch.setattr(pdf, "render_pdf", _fake_render)


@pytest.fixture
def kommun(db):
    return KommunFactory(name="Lysekil")


@pytest.fixture
def strateg(kommun):
    return user_with_role(Role.IT_STRATEG, kommun=kommun, username="strateg.lysekil")


@pytest.fixture
def kd(kommun):
    return user_with_role(
        Role.KOMMUNDIREKTOR,
        kommun=kommun,
        username="kd.lysekil",
        first_name="Karin",
        last_name="Dahl",
    )


def _generate(kommun, requester, kind=ReportKind.IT_BOKSLUT) -> ReportJob:
    job = ReportJob.objects.create(kind=kind, kommun=kommun, year=YEAR, requested_by=requester)
    services.run_report_job(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    return job


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def _download(client, name, job, **kwargs) -> bytes:
    response = client.get(reverse(name, kwargs={"pk": job.pk, **kwargs}))
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


# --- The adopted handlingsplan is a final document ---------------------------------


@pytest.mark.django_db
def test_adoption_renders_the_final_pdf_and_keeps_the_draft(kommun, strateg, kd):
    """Real WeasyPrint: the final PDF says who adopted it and when; the utkast is unchanged."""
    report_dataset(kommun, YEAR)
    plan = _generate(kommun, strateg, ReportKind.HANDLINGSPLAN)
    draft = plan.stored(FileKind.PDF)
    draft_bytes = draft.read()
    assert "Utkast – inte fastställd." in _pdf_text(draft_bytes)

    services.adopt_handlingsplan(actor=kd, job=plan)
    plan = ReportJob.objects.get(pk=plan.pk)
    final = plan.stored(FileKind.FINAL_PDF)
    final_bytes = final.read()
    text = _pdf_text(final_bytes)
    when = plan.adopted_at.date().isoformat()
    assert f"Fastställd av Karin Dahl den {when}." in text
    assert "Utkast" not in text
    assert "Digital ansökan" in text and "50 000 kr" in text  # the same content as the draft
    assert final.sha256 == hashlib.sha256(final_bytes).hexdigest()
    assert final.page_count >= 3 and final.pdf_variant

    # The utkast is kept, byte for byte.
    kept = plan.stored(FileKind.PDF)
    assert kept.pk == draft.pk and kept.read() == draft_bytes and kept.sha256 == draft.sha256
    # The PDF handed out is now the final one; the utkast stays downloadable.
    assert plan.document.pk == final.pk
    # Neither changes afterwards.
    with pytest.raises(ValidationError):
        services.adopt_handlingsplan(actor=kd, job=plan)
    with pytest.raises(ValidationError):
        services.build_report(plan)
    with pytest.raises(ArchivedFileChanged):
        final.save()
    with pytest.raises(ArchivedFileChanged):
        draft.delete()
    with pytest.raises(IntegrityError), transaction.atomic():  # unique (job, kind)
        archive.store_file(plan, FileKind.FINAL_PDF, b"%PDF other")
    assert ReportFile.objects.get(pk=final.pk).sha256 == final.sha256


@pytest.mark.django_db
def test_final_pdf_is_the_stored_draft_not_live_data(kommun, strateg, kd, monkeypatch):
    """Data changed after the draft does not leak into the final document."""
    data = report_dataset(kommun, YEAR)
    rendered = []
    monkeypatch.setattr(pdf, "render_pdf", lambda html: rendered.append(html) or _fake_render(html))
    plan = _generate(kommun, strateg, ReportKind.HANDLINGSPLAN)
    data["running"].title = "Omdöpt efter utkastet"
    data["running"].save()
    services.adopt_handlingsplan(actor=kd, job=plan)
    plan.refresh_from_db()
    draft_html, final_html = rendered
    assert "Omdöpt efter utkastet" not in final_html
    # The final document is the draft with only its state line changed.
    assert final_html == draft_html.replace(
        archive.state_html(plan).strip(),
        archive.state_html(plan, adopted_by=kd, adopted_at=plan.adopted_at).strip(),
    )
    assert final_html != draft_html


@pytest.mark.django_db
def test_only_the_kommundirektor_adopts_and_nothing_is_stored_otherwise(kommun, strateg, fake_pdf):
    from django.core.exceptions import PermissionDenied

    plan = _generate(kommun, strateg, ReportKind.HANDLINGSPLAN)
    with pytest.raises(PermissionDenied):
        services.adopt_handlingsplan(actor=strateg, job=plan)
    plan.refresh_from_db()
    assert not plan.adopted and plan.stored(FileKind.FINAL_PDF) is None


# --- Every archived file is exactly what was generated ------------------------------


@pytest.mark.django_db
def test_archived_xlsx_is_frozen_after_a_data_change(client, kommun, strateg, fake_pdf):
    data = report_dataset(kommun, YEAR)
    job = _generate(kommun, strateg)
    client.force_login(strateg)
    before = _download(client, "reports:download_xlsx", job)
    stored = job.stored(FileKind.XLSX)
    assert hashlib.sha256(before).hexdigest() == stored.sha256
    pdf_before = _download(client, "reports:download", job)

    # Change one cost of the year: the live figures change, the archived file does not.
    cost = SystemCost.objects.filter(system=data["treserva"], year=YEAR).first()
    cost.amount = Decimal("1234567")
    cost.save()

    after = _download(client, "reports:download_xlsx", job)
    assert after == before
    assert _download(client, "reports:download_file", job, kind="xlsx") == before
    assert _download(client, "reports:download", job) == pdf_before
    page = client.get(job.get_absolute_url()).content.decode()
    for f in job.files.exclude(kind=FileKind.HTML):
        assert f.sha256 in page  # shown on the job page
        assert hashlib.sha256(f.read()).hexdigest() == f.sha256
    assert "Kontrollsumma (SHA-256)" in page


@pytest.mark.django_db
def test_every_format_is_stored_at_generation_time(kommun, strateg, fake_pdf):
    job = _generate(kommun, strateg)
    files = {f.kind: f for f in job.files.all()}
    assert set(files) == {FileKind.HTML, FileKind.PDF, FileKind.XLSX}
    for f in files.values():
        assert len(f.sha256) == 64 and f.size == len(f.read())
    assert files[FileKind.XLSX].read().startswith(b"PK")  # a zip: the workbook


# --- Downloads of archived files: permissions -----------------------------------------


@pytest.mark.django_db
def test_download_file_permissions(client, kommun, strateg, fake_pdf):
    job = _generate(kommun, strateg)
    url = reverse("reports:download_file", kwargs={"pk": job.pk, "kind": "pdf"})
    assert client.get(url).status_code == 302  # anonymous: to the login page
    other = user_with_role(Role.IT_STRATEG, kommun=KommunFactory(name="Uddevalla"))
    client.force_login(other)
    assert client.get(url).status_code == 404
    fc = user_with_role(Role.FORVALTNINGSCHEF, forvaltning=ForvaltningFactory(kommun=kommun))
    client.force_login(fc)
    assert client.get(url).status_code == 404  # no kommun-wide role
    client.force_login(user_with_role(Role.LASARE, kommun=kommun))
    assert client.get(url).status_code == 200
    for kind in ("html", "final_pdf", "nonsense"):  # internal, absent, unknown
        response = client.get(reverse("reports:download_file", kwargs={"pk": job.pk, "kind": kind}))
        assert response.status_code == 404, kind


# --- Ordering twice at the same moment -------------------------------------------------


@pytest.mark.django_db
def test_identical_order_while_queued_gives_the_same_job(kommun, strateg, client):
    first = services.order_report(
        actor=strateg, kind=ReportKind.IT_BOKSLUT, year=YEAR, kommun=kommun
    )
    again = services.order_report(
        actor=strateg, kind=ReportKind.IT_BOKSLUT, year=YEAR, kommun=kommun
    )
    assert again.pk == first.pk and again.already_ordered
    client.force_login(strateg)
    response = client.post(
        reverse("reports:order"), {"kind": "it_bokslut", "scope": f"k{kommun.pk}", "year": YEAR}
    )
    assert response.status_code == 302 and response["Location"] == first.get_absolute_url()
    assert ReportJob.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_identical_orders_give_one_job(monkeypatch):
    """Two connections order the same report at the same moment: one job, one version, no error.

    Both threads pass the "is there a queued twin?" check before either inserts
    (the barrier in save); with the old select_for_update on an empty set
    nothing was locked and the second insert failed with an IntegrityError (500).
    """
    kommun = KommunFactory(name="Lysekil")
    strateg = user_with_role(Role.IT_STRATEG, kommun=kommun)
    monkeypatch.setattr(services, "_dispatch", lambda job: None)  # no worker here
    workers = 2
    barrier = threading.Barrier(workers)
    original_save = ReportJob.save

    def save_together(self, *args, **kwargs):
        if self._state.adding:
            try:
                barrier.wait(timeout=5)
            except threading.BrokenBarrierError:
                pass
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(ReportJob, "save", save_together)
    results, errors = [], []

    def order():
        try:
            job = services.order_report(
                actor=strateg, kind=ReportKind.HANDLINGSPLAN, year=YEAR, kommun=kommun
            )
            results.append(job.pk)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=order) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    assert len(set(results)) == 1 and len(results) == workers
    jobs = list(ReportJob.objects.values_list("version", flat=True))
    assert jobs == [1]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_select_for_update_on_an_empty_set_locks_nothing():
    """Why the version needs the unique constraint: an empty FOR UPDATE blocks no one."""
    import psycopg2

    kommun = KommunFactory(name="Lysekil")
    strateg = user_with_role(Role.IT_STRATEG, kommun=kommun)
    settings_dict = connection.settings_dict
    other = psycopg2.connect(
        dbname=settings_dict["NAME"],
        user=settings_dict["USER"],
        password=settings_dict["PASSWORD"],
        host=settings_dict["HOST"] or "127.0.0.1",
        port=settings_dict["PORT"] or 5432,
    )
    try:
        with transaction.atomic():
            locked = list(ReportJob.objects.select_for_update().filter(kommun=kommun, year=YEAR))
            assert locked == []
            # A second connection inserts the "same" version meanwhile: nothing stops it.
            with other.cursor() as cur:
                cur.execute("SET lock_timeout = '2s'")
                cur.execute(
                    "INSERT INTO reports_reportjob (kind, kommun_id, year, version, status, "
                    "phase, requested_by_id, created_at, attempts, error, adopted) "
                    "VALUES ('handlingsplan', %s, %s, 1, 'queued', '', %s, now(), 0, '', false)",
                    [kommun.pk, YEAR, strateg.pk],
                )
            other.commit()
    finally:
        other.close()
    assert ReportJob.objects.filter(kommun=kommun).count() == 1


# --- The demo ---------------------------------------------------------------------------


def test_seed_demo_shows_an_adopted_handlingsplan(demo, client):
    from django.contrib.auth import get_user_model

    plan = ReportJob.objects.get(
        kind=ReportKind.HANDLINGSPLAN, kommun__name="Lysekil", year=YEAR, adopted=True
    )
    assert plan.status == JobStatus.DONE and plan.adopted_by.username == "kd.lysekil"
    kinds = set(plan.files.values_list("kind", flat=True))
    assert {FileKind.PDF, FileKind.FINAL_PDF, FileKind.XLSX, FileKind.HTML} <= kinds
    client.force_login(get_user_model().objects.get(username="revisor.lysekil"))
    page = client.get(reverse("reports:archive")).content.decode()
    assert "Handlingsplan" in page and "Fastställd" in page
    detail = client.get(plan.get_absolute_url()).content.decode()
    assert (
        "Ladda ner fastställd PDF" in detail
        and "Utkast (PDF)" in detail
        and "handlingsplan-lysekil-2026-v1.pdf" in detail
    )
    assert plan.stored(FileKind.FINAL_PDF).sha256 in detail


@pytest.mark.django_db
def test_demo_plan_seeder_is_idempotent(kommun, strateg, kd, fake_pdf):
    from reports import demo

    ReportInitiativeFactory(forvaltning__kommun=kommun)
    demo.seed_reports()
    plan = ReportJob.objects.get()
    files = {f.kind: f.sha256 for f in plan.files.all()}
    demo.seed_reports()
    assert ReportJob.objects.get().pk == plan.pk
    assert {f.kind: f.sha256 for f in plan.files.all()} == files
    assert plan.adopted and set(files) == {"html", "pdf", "final_pdf", "xlsx"}
