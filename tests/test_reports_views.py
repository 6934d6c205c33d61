"""Report views: permission matrix, archive query budget, XLSX export, escaping."""

from io import BytesIO

import pytest
from django.urls import reverse

from portfolio import pdf
from portfolio.choices import Role
from portfolio.jobs import JobStatus
from reports.choices import FileKind, ReportKind
from reports.models import ReportJob
from reports.xlsx import neutralise
from tests.factories import (
    ForvaltningFactory,
    KommunFactory,
    SystemCostFactory,
    SystemFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fake_pdf(monkeypatch):
    monkeypatch.setattr(
        pdf, "render_pdf", lambda html: pdf.RenderedPdf(b"%PDF-1.7 fake", 2, "pdf/a-3u")
    )


@pytest.fixture
def kommun():
    return KommunFactory(name="Lysekil")


@pytest.fixture
def strateg(kommun):
    return user_with_role(Role.IT_STRATEG, kommun=kommun)


@pytest.fixture
def done_job(kommun, strateg):
    from reports import archive

    job = ReportJob.objects.create(
        kind=ReportKind.IT_BOKSLUT,
        kommun=kommun,
        year=2026,
        requested_by=strateg,
        status=JobStatus.DONE,
    )
    archive.store_file(job, FileKind.PDF, b"%PDF-1.7 fake", page_count=2, pdf_variant="pdf/a-3u")
    return job


def test_anonymous_is_sent_to_login(client, done_job):
    for name, args in [
        ("reports:archive", []),
        ("reports:order", []),
        ("reports:job_detail", [done_job.pk]),
        ("reports:job_status", [done_job.pk]),
        ("reports:download", [done_job.pk]),
        ("reports:download_xlsx", [done_job.pk]),
    ]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302, name
        assert "/konto/login/" in response["Location"]


def test_forvaltningschef_of_other_kommun_gets_404(client, done_job):
    other = KommunFactory(name="Uddevalla")
    fc = user_with_role(Role.FORVALTNINGSCHEF, forvaltning=ForvaltningFactory(kommun=other))
    client.force_login(fc)
    for name in ("reports:download", "reports:job_detail", "reports:download_xlsx"):
        assert client.get(reverse(name, args=[done_job.pk])).status_code == 404
    assert client.post(reverse("reports:retry", args=[done_job.pk])).status_code == 404


def test_forvaltningschef_of_same_kommun_has_no_kommun_wide_role(client, done_job, kommun):
    fc = user_with_role(Role.FORVALTNINGSCHEF, forvaltning=ForvaltningFactory(kommun=kommun))
    client.force_login(fc)
    assert client.get(reverse("reports:download", args=[done_job.pk])).status_code == 404


def test_lasare_downloads_but_may_not_order(client, done_job, kommun):
    lasare = user_with_role(Role.LASARE, kommun=kommun)
    client.force_login(lasare)
    response = client.get(reverse("reports:download", args=[done_job.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == b"%PDF-1.7 fake"
    assert client.get(reverse("reports:order")).status_code == 403
    response = client.post(
        reverse("reports:order"), {"kind": "it_bokslut", "scope": f"k{kommun.pk}", "year": 2026}
    )
    assert response.status_code == 403
    assert ReportJob.objects.count() == 1
    # and sees no "Försök igen" or adopt on the job page
    page = client.get(reverse("reports:job_detail", args=[done_job.pk])).content.decode()
    assert "Fastställ" not in page


def test_strateg_orders_and_sees_the_result(
    client, strateg, kommun, django_capture_on_commit_callbacks
):
    client.force_login(strateg)
    form = client.get(reverse("reports:order")).content.decode()
    assert f'value="k{kommun.pk}"' in form
    assert "Uddevalla" not in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:order"),
            {"kind": "it_bokslut", "scope": f"k{kommun.pk}", "year": 2026},
        )
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Klar" in page and reverse("reports:download", args=[job.pk]) in page
    assert 'hx-trigger="every 2s"' not in page  # polling stops when done


def test_order_for_another_kommun_is_rejected(client, strateg):
    other = KommunFactory(name="Uddevalla")
    client.force_login(strateg)
    response = client.post(
        reverse("reports:order"), {"kind": "it_bokslut", "scope": f"k{other.pk}", "year": 2026}
    )
    assert response.status_code == 400
    assert ReportJob.objects.count() == 0


def test_running_job_polls_and_works_without_js(client, strateg, kommun):
    job = ReportJob.objects.create(
        kind=ReportKind.IT_BOKSLUT, kommun=kommun, year=2026, requested_by=strateg
    )
    client.force_login(strateg)
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert 'http-equiv="refresh"' in page and "Uppdatera" in page
    assert "js/htmx.min.js" in page
    fragment = client.get(reverse("reports:job_status", args=[job.pk])).content.decode()
    assert "Köad" in fragment and "<html" not in fragment


def test_failed_job_shows_error_and_retry_button(
    client, strateg, kommun, django_capture_on_commit_callbacks
):
    job = ReportJob.objects.create(
        kind=ReportKind.IT_BOKSLUT,
        kommun=kommun,
        year=2026,
        requested_by=strateg,
        status=JobStatus.FAILED,
        error="Ett oväntat fel uppstod.",
    )
    client.force_login(strateg)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Ett oväntat fel uppstod." in page and "Försök igen" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.DONE


def test_kommundirektor_adopts_plan_others_get_403(client, kommun, strateg):
    from reports import services

    done_job = ReportJob.objects.create(
        kind=ReportKind.HANDLINGSPLAN, kommun=kommun, year=2026, requested_by=strateg
    )
    services.run_report_job(done_job.pk)
    client.force_login(strateg)
    assert client.post(reverse("reports:adopt", args=[done_job.pk])).status_code == 403
    done_job.refresh_from_db()
    assert not done_job.adopted
    kd = user_with_role(Role.KOMMUNDIREKTOR, kommun=kommun)
    client.force_login(kd)
    assert "Fastställ handlingsplanen" in client.get(done_job.get_absolute_url()).content.decode()
    assert client.post(reverse("reports:adopt", args=[done_job.pk])).status_code == 302
    done_job.refresh_from_db()
    assert done_job.adopted and done_job.adopted_by == kd
    page = client.get(done_job.get_absolute_url()).content.decode()
    assert "Ladda ner fastställd PDF" in page and "Utkast (PDF)" in page
    assert done_job.stored(FileKind.FINAL_PDF).sha256 in page


@pytest.mark.parametrize("rows", [3, 30])
def test_archive_query_budget(client, kommun, strateg, rows, django_assert_max_num_queries):
    for i in range(rows):
        ReportJob.objects.create(
            kind=ReportKind.IT_BOKSLUT,
            kommun=kommun,
            year=2026,
            version=i + 1,
            requested_by=user_with_role(Role.EKONOM, kommun=kommun),
            status=JobStatus.DONE,
        )
    client.force_login(strateg)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("reports:archive"))
    assert response.status_code == 200
    assert response.content.decode().count("Ladda ner IT-bokslut") == rows


def test_archive_hides_other_kommuner(client, done_job):
    other_strateg = user_with_role(Role.IT_STRATEG, kommun=KommunFactory(name="Uddevalla"))
    client.force_login(other_strateg)
    page = client.get(reverse("reports:archive")).content.decode()
    assert "Inga rapporter ännu." in page


def test_start_page_panel_and_nav(client, strateg, done_job):
    client.force_login(strateg)
    page = client.get(reverse("portfolio:home")).content.decode()
    assert "Senaste rapporter" in page
    assert reverse("reports:archive") in page


@pytest.mark.parametrize(
    "value,expected",
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+46", "'+46"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Treserva", "Treserva"),
        (12, 12),
    ],
)
def test_xlsx_neutralise(value, expected):
    assert neutralise(value) == expected


def test_xlsx_export_neutralises_cells(client, kommun, strateg):
    from openpyxl import load_workbook

    from reports import services

    s = SystemFactory(forvaltning__kommun=kommun, name='=HYPERLINK("http://x","klick")')
    SystemCostFactory(system=s, year=2026, amount=1000)
    job = ReportJob.objects.create(
        kind=ReportKind.IT_BOKSLUT, kommun=kommun, year=2026, requested_by=strateg
    )
    services.run_report_job(job.pk)
    client.force_login(strateg)
    response = client.get(reverse("reports:download_xlsx", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    wb = load_workbook(BytesIO(b"".join(response.streaming_content)))
    values = [c.value for row in wb["Lysekil"].iter_rows() for c in row if c.value is not None]
    assert '\'=HYPERLINK("http://x","klick")' in values
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)
    assert 1000 in values or 1000.0 in values


def test_download_of_unfinished_job_is_404(client, strateg, kommun):
    job = ReportJob.objects.create(
        kind=ReportKind.IT_BOKSLUT, kommun=kommun, year=2026, requested_by=strateg
    )
    client.force_login(strateg)
    assert client.get(reverse("reports:download", args=[job.pk])).status_code == 404


def test_media_is_not_served_by_url(client, strateg, done_job):
    client.force_login(strateg)
    assert client.get("/media/" + done_job.stored(FileKind.PDF).file.name).status_code == 404


def test_samverkan_report_visible_to_members_orderable_only_with_all(client):
    from portfolio import policy
    from tests.factories import SamverkanFactory

    host = KommunFactory(name="Lysekil")
    member = KommunFactory(name="Sotenäs")
    sml = SamverkanFactory(name="SML-IT", host=host, members=[member])
    sml_strateg = user_with_role(Role.IT_STRATEG, samverkan=sml)
    job = ReportJob.objects.create(
        kind=ReportKind.IT_BOKSLUT, samverkan=sml, year=2026, requested_by=sml_strateg
    )
    revisor = user_with_role(Role.LASARE, kommun=member)
    outsider = user_with_role(Role.IT_STRATEG, kommun=KommunFactory(name="Uddevalla"))
    client.force_login(revisor)
    assert client.get(job.get_absolute_url()).status_code == 200
    client.force_login(outsider)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert list(policy.targets(sml_strateg, ReportJob).samverkan()) == [sml]
    # "Acts for" (portfolio.policy): the host kommun's IT-strateg runs the shared organisation;
    # an IT-strateg of a member kommun alone does not.
    host_strateg = user_with_role(Role.IT_STRATEG, kommun=host)
    assert list(policy.targets(host_strateg, ReportJob).samverkan()) == [sml]
    assert (
        list(policy.targets(user_with_role(Role.IT_STRATEG, kommun=member), ReportJob).samverkan())
        == []
    )


def test_admin_lists_jobs_read_only(client, done_job, django_user_model):
    admin = django_user_model.objects.create_superuser("rootadmin", "r@example.se", "x-Long-pw-1")
    client.force_login(admin)
    assert client.get("/admin/reports/reportjob/").status_code == 200
    assert client.get("/admin/reports/reportjob/add/").status_code == 403
