"""Issue 16, seed 004: outcome import, the budget lists' query budget, the IT-bokslut chapter."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portfolio.budget import services
from portfolio.budget.models import BudgetOutcome, BudgetVersion, ITBudgetLine
from portfolio.choices import BudgetKind, FinancingSource, ImportKind, Role
from portfolio.imports import services as import_services
from tests.factories import KommunFactory, user_with_role

pytestmark = pytest.mark.django_db

HEADER = "År;Radnyckel;Utfall;Kommentar"


def _start(actor, kommun, text):
    return import_services.start_import(
        actor=actor,
        kind=ImportKind.BUDGET_OUTCOME,
        kommun=kommun,
        uploaded=SimpleUploadedFile("utfall.csv", text.encode("utf-8-sig")),
    )


def test_outcome_import_previews_then_imports_all_or_nothing(django_capture_on_commit_callbacks):
    kommun = KommunFactory(name="Importby")
    ekonom = user_with_role(Role.EKONOM, kommun=kommun)
    job = _start(ekonom, kommun, f"{HEADER}\r\n2026;it-inv-1;120000;Jan–okt\r\n2026;IT-DRIFT;5\r\n")
    assert (job.stage, job.status, job.new_rows, job.error_rows) == ("preview", "done", 2, 0)
    assert not BudgetOutcome.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        import_services.confirm_import(actor=ekonom, job=job)
    job.refresh_from_db()
    assert job.status == "done", job.error
    assert dict(BudgetOutcome.objects.values_list("key", "amount")) == {
        "IT-INV-1": Decimal(120000),
        "IT-DRIFT": Decimal(5),
    }
    assert BudgetOutcome.objects.get(key="IT-INV-1").kommun == kommun


def test_a_bad_outcome_file_gets_swedish_row_errors_and_saves_nothing():
    kommun = KommunFactory(name="Felby")
    ekonom = user_with_role(Role.EKONOM, kommun=kommun)
    job = _start(ekonom, kommun, f"{HEADER}\r\n2026;IT-1;-5;\r\nabc;IT-2;10;\r\n2026;IT-3;10;\r\n")
    assert job.error_rows == 2
    messages = " ".join(e["message"] for e in job.preview["errors"])
    assert "Beloppet kan inte vara negativt." in messages
    assert not BudgetOutcome.objects.exists()


def _versions(kommun, user, n):
    for i in range(n):
        version = BudgetVersion.objects.create(
            kommun=kommun, first_year=2027, number=i + 1, created_by=user
        )
        ITBudgetLine.objects.create(
            version=version,
            key=f"K{i}",
            year=2027,
            kind=BudgetKind.INVESTERING,
            source=FinancingSource.EGEN_BUDGET,
            amount=Decimal(i),
            description="Rad",
        )
        BudgetOutcome.objects.create(kommun=kommun, year=2027 - i % 3, key=f"K{i}", amount=1)


@pytest.mark.parametrize("url_name", ["portfolio:budget_list", "portfolio:budget_outcome_list"])
def test_budget_lists_cost_the_same_queries_for_3_and_30_rows(
    client, django_assert_max_num_queries, url_name
):
    small, big = KommunFactory(name="Liten"), KommunFactory(name="Stor")
    ekonom = user_with_role(Role.EKONOM, kommun=small)
    RoleAssignmentKommun = big  # the same user reads both kommuner
    from portfolio.models import RoleAssignment

    RoleAssignment.objects.create(user=ekonom, role=Role.EKONOM, kommun=RoleAssignmentKommun)
    _versions(small, ekonom, 3)
    _versions(big, ekonom, 30)
    client.force_login(ekonom)
    url = reverse(url_name)
    client.get(url, {"kommun": small.pk})  # warm caches (session, scope)
    with django_assert_max_num_queries(30) as small_queries:
        assert client.get(url, {"kommun": small.pk}).status_code == 200
    with django_assert_max_num_queries(len(small_queries)):
        assert client.get(url, {"kommun": big.pk}).status_code == 200


def test_the_it_bokslut_pdf_has_the_budget_chapter(settings):
    from io import BytesIO

    from pypdf import PdfReader

    from reports import services as report_services
    from reports.choices import FileKind, ReportKind
    from reports.models import ReportJob

    kommun = KommunFactory(name="Bokslutsby")
    ekonom = user_with_role(Role.EKONOM, kommun=kommun)
    version = services.start_version(actor=ekonom, kommun=kommun, first_year=2026)
    for key, kind, amount in (
        ("INV-1", BudgetKind.INVESTERING, 400_000),
        ("DR-1", "drift", 900_000),
    ):
        services.save_line(
            actor=ekonom,
            line=ITBudgetLine(
                version=version,
                key=key,
                year=2026,
                kind=kind,
                source=FinancingSource.EGEN_BUDGET,
                amount=Decimal(amount),
                description="<b>Plattform</b>",
            ),
        )
    services.decide_version(actor=ekonom, version=version, reference="KF 2025-11-20 § 112")
    services.set_outcome(actor=ekonom, kommun=kommun, year=2026, key="INV-1", amount=450_000)
    job = ReportJob.objects.create(
        kind=ReportKind.IT_BOKSLUT, kommun=kommun, year=2026, requested_by=ekonom
    )
    report_services.run_report_job(job.pk)
    job.refresh_from_db()
    reader = PdfReader(BytesIO(job.stored(FileKind.PDF).read()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    text = " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())
    assert "IT-budget och utfall" in text
    assert "KF 2025-11-20 § 112" in text
    assert "+50 000 kr (över budget)" in text
    assert "<b>Plattform</b>" in text
