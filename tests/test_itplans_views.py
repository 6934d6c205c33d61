"""IT-plan pages (issue 16): permissions, forms with bad input, query budgets, the PDFs."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.choices import ITPlanStatus
from governance.itplans import services
from governance.models import ITPlan, ITPlanCost
from portfolio.choices import ForvaltningKind, Role
from portfolio.jobs import JobStatus
from reports import itplans as report_itplans
from reports import services as report_services
from reports.choices import FileKind, ReportKind
from reports.models import ReportJob
from tests.factories import ForvaltningFactory, InitiativeFactory, user_with_role
from tests.test_itplans import (
    YEAR,
    cost,
    planning_world,
    styrgrupp_paragraph,
    with_kommun_plans,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return planning_world()


@pytest.fixture
def kommun_plans(w):
    return with_kommun_plans(w)


def detail(plan):
    return reverse("governance:itplan_detail", args=[plan.pk])


def consolidation_url(kommun, year=YEAR):
    return reverse("governance:itplan_consolidation", args=[kommun.pk]) + f"?year={year}"


def test_the_forvaltningschef_writes_and_submits_on_the_pages(client, w):
    client.force_login(w.fc)
    add_cost = reverse("governance:itplan_line_add", args=[w.plan.pk, "kostnad"])
    bad = {"year": "2031", "nature": "drift", "amount": "-5", "description": "Licenser"}
    response = client.post(add_cost, bad)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Året måste ligga inom planens period 2027–2029." in body
    assert "Beloppet kan inte vara negativt." in body
    assert not ITPlanCost.objects.exists()
    good = {"year": "2028", "nature": "drift", "amount": "1250000", "description": "Licenser"}
    assert client.post(add_cost, good).status_code == 302
    page = client.get(detail(w.plan)).content.decode()
    assert "1 250 000 kr" in page and "Lämna in planen" in page
    action = reverse("governance:itplan_action", args=[w.plan.pk, "lamna-in"])
    assert client.post(action).status_code == 302
    assert ITPlan.objects.get(pk=w.plan.pk).status == ITPlanStatus.INLAMNAD
    # Frozen: the forms answer 403 and the page offers a new version instead.
    assert client.get(add_cost).status_code == 403
    assert client.post(add_cost, good).status_code == 403
    assert ITPlanCost.objects.count() == 1
    page = client.get(detail(w.plan)).content.decode()
    assert "Lägg till kostnad" not in page and "Starta en ny version" in page
    new_version = reverse("governance:itplan_action", args=[w.plan.pk, "ny-version"])
    response = client.post(new_version)
    new = ITPlan.objects.get(forvaltning=w.forvaltning, year=YEAR, version=2)
    assert response["Location"] == detail(new)


def test_nobody_else_sees_a_plan(client, w):
    url = detail(w.plan)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    for outsider in (w.kd, w.fc_other, w.outsider, w.systemagare, w.ledamot):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        listing = client.get(reverse("governance:itplan_list")).content.decode()
        assert "Socialförvaltningen 2027" not in listing
    for reader in (w.fc, w.contact, w.strateg):
        client.force_login(reader)
        assert client.get(url).status_code == 200
        assert (
            "Socialförvaltningen 2027"
            in client.get(reverse("governance:itplan_list")).content.decode()
        )


def test_the_contact_writes_but_does_not_submit(client, w):
    cost(w, w.plan, 2027, "utveckling", 100)
    client.force_login(w.contact)
    page = client.get(detail(w.plan)).content.decode()
    assert "Lägg till kostnad" in page and "Lämna in planen" not in page
    action = reverse("governance:itplan_action", args=[w.plan.pk, "lamna-in"])
    assert client.post(action).status_code == 403
    assert ITPlan.objects.get(pk=w.plan.pk).status == ITPlanStatus.UTKAST


def test_the_strateg_treats_and_faststaller_on_the_pages(client, w):
    cost(w, w.plan, 2027, "utveckling", 100)
    services.submit_plan(actor=w.fc, plan=w.plan)
    decision = styrgrupp_paragraph(w)
    client.force_login(w.fc)
    assert client.get(reverse("governance:itplan_treat", args=[w.plan.pk])).status_code == 403
    client.force_login(w.strateg)
    treat = reverse("governance:itplan_treat", args=[w.plan.pk])
    page = client.get(treat).content.decode()
    assert decision.reference in page
    assert client.post(treat, {"decision": decision.pk}).status_code == 302
    adopt = reverse("governance:itplan_action", args=[w.plan.pk, "faststall"])
    assert client.post(adopt).status_code == 302
    plan = ITPlan.objects.get(pk=w.plan.pk)
    assert plan.status == ITPlanStatus.FASTSTALLD and plan.decision == decision
    assert decision.reference in client.get(detail(plan)).content.decode()


def test_consolidation_page_for_the_strateg_only(client, kommun_plans):
    w = kommun_plans
    url = consolidation_url(w.kommun)
    client.force_login(w.strateg)
    body = client.get(url).content.decode()
    assert "3 950 000 kr" in body and "7 360 000 kr" in body
    assert "Barn- och utbildningsförvaltningen: ingen plan påbörjad" in body
    assert "Sista dag att lämna in enligt årshjulet: 2026-05-31." in body
    assert "Förändringsträngsel per förvaltning" in body
    for refused, status in ((w.fc, 403), (w.kd, 403), (w.outsider, 404)):
        client.force_login(refused)
        assert client.get(url).status_code == status
        send = reverse("governance:itplan_send_to_prioritisation", args=[w.kommun.pk])
        assert client.post(send, {"year": YEAR}).status_code == status


def test_send_to_prioritisation_from_the_page(client, kommun_plans):
    w = kommun_plans
    new = services.start_new_version(actor=w.fc, plan=w.plan)
    idea = InitiativeFactory(kommun=w.kommun, forvaltning=w.forvaltning, title="Idé")
    services.add_plan_initiative(actor=w.fc, plan=new, initiative=idea, start_year=YEAR)
    services.submit_plan(actor=w.fc, plan=new)
    client.force_login(w.strateg)
    send = reverse("governance:itplan_send_to_prioritisation", args=[w.kommun.pk])
    response = client.post(send, {"year": YEAR}, follow=True)
    assert "1 initiativ skickades till prioriteringen" in response.content.decode()
    idea.refresh_from_db()
    assert idea.status == "kvalificering"


def test_bad_input_on_the_start_form(client, w):
    client.force_login(w.fc)
    response = client.post(
        reverse("governance:itplan_add"),
        {"forvaltning": w.forvaltning.pk, "year": YEAR, "contact": w.fc.pk},
    )
    assert response.status_code == 400
    assert "har redan en IT-plan för 2027" in response.content.decode()
    assert ITPlan.objects.count() == 1


# --- Query budgets ---------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def _plans(w, n):
    """n förvaltningar of the kommun, each with a submitted plan of two costs and an initiative."""
    fc = user_with_role(Role.FORVALTNINGSCHEF, forvaltning=w.forvaltning)
    for i in range(ITPlan.objects.count(), n):
        f = ForvaltningFactory(kommun=w.kommun, name=f"Förvaltning {i:02}")
        plan = services.start_plan(actor=w.strateg, forvaltning=f, year=YEAR, contact=fc)
        cost(w, plan, YEAR, "utveckling", 1000 + i, actor=w.strateg)
        cost(w, plan, YEAR + 1, "drift", 2000, actor=w.strateg)
        initiative = InitiativeFactory(kommun=w.kommun, forvaltning=f)
        services.add_plan_initiative(
            actor=w.strateg, plan=plan, initiative=initiative, start_year=YEAR
        )
        ITPlan.objects.filter(pk=plan.pk).update(status=ITPlanStatus.INLAMNAD)


@pytest.mark.parametrize("page", ["list", "consolidation"])
def test_query_count_is_flat_with_3_and_30_plans(client, w, page):
    client.force_login(w.strateg)
    url = reverse("governance:itplan_list") if page == "list" else consolidation_url(w.kommun)
    _plans(w, 3)
    few = _queries(client, url)
    _plans(w, 30)
    assert ITPlan.objects.count() == 30
    assert _queries(client, url) == few


def test_plan_page_query_count_is_flat_with_3_and_30_lines(client, w):
    client.force_login(w.fc)

    def lines(n):
        for i in range(w.plan.cost_lines.count(), n):
            cost(w, w.plan, YEAR + i % 3, "drift", 100 + i)
            initiative = InitiativeFactory(kommun=w.kommun, forvaltning=w.forvaltning)
            services.add_plan_initiative(
                actor=w.fc, plan=w.plan, initiative=initiative, start_year=YEAR
            )

    lines(3)
    few = _queries(client, detail(w.plan))
    lines(30)
    assert _queries(client, detail(w.plan)) == few


# --- PDFs ------------------------------------------------------------------------------------


def _pdf_text(job) -> str:
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(job.stored(FileKind.PDF).read()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def test_the_it_planer_pdf_has_the_sums_and_the_missing(kommun_plans):
    w = kommun_plans
    ITPlanCost.objects.filter(plan=w.plan, year=2029).update(description="<b>Licenser & drift</b>")
    job = report_itplans.order_it_plans_pdf(actor=w.strateg, kommun=w.kommun, year=YEAR)
    report_services.run_report_job(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    text = _pdf_text(job)
    assert "IT-planer 2027" in text
    for figure in ("3 950 000 kr", "3 100 000 kr", "310 000 kr", "7 360 000 kr"):
        assert figure in text, figure
    assert "Barn- och utbildningsförvaltningen: ingen plan påbörjad" in text
    assert "Kultur- och fritidsförvaltningen: utkast" in text
    assert "9 999 999" not in text  # the utkast is not in the document
    assert "Kommunledningskontoret – IT-plan 2027–2029" in text
    html = job.stored(FileKind.HTML).read().decode()
    assert job.stored(FileKind.XLSX) is not None
    assert "<b>Licenser" not in html  # user text is escaped (the plan's lines are listed)


def test_the_plan_pdf_of_one_forvaltning(w):
    cost(w, w.plan, 2027, "utveckling", 1_250_000, description="<script>x</script>")
    job = report_itplans.order_it_plan_pdf(actor=w.fc, plan=w.plan)
    assert (job.kind, job.it_plan, job.kommun, job.year, job.version) == (
        ReportKind.IT_PLAN,
        w.plan,
        w.kommun,
        YEAR,
        1,
    )
    report_services.run_report_job(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    text = _pdf_text(job)
    assert "Socialförvaltningen – IT-plan 2027–2029" in text and "1 250 000 kr" in text
    assert "<script>" not in job.stored(FileKind.HTML).read().decode()


def test_who_orders_and_reads_the_it_plan_pdfs(client, w):
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.http import Http404

    plans_job = report_itplans.order_it_plans_pdf(actor=w.strateg, kommun=w.kommun, year=YEAR)
    plan_job = report_itplans.order_it_plan_pdf(actor=w.fc, plan=w.plan)
    for refused in (w.kd, w.fc):  # they see the kommun, not its consolidation
        with pytest.raises(PermissionDenied):
            report_itplans.order_it_plans_pdf(actor=refused, kommun=w.kommun, year=YEAR)
    with pytest.raises(Http404):
        report_itplans.order_it_plans_pdf(actor=w.outsider, kommun=w.kommun, year=YEAR)
    with pytest.raises(Http404):
        report_itplans.order_it_plan_pdf(actor=w.fc_other, plan=w.plan)
    with pytest.raises(ValidationError, match="IT-planerna"):
        report_services.order_report(
            actor=w.strateg, kind=ReportKind.IT_PLANER, year=YEAR, kommun=w.kommun
        )
    for user, sees_plans, sees_plan in (
        (w.strateg, True, True),
        (w.fc, False, True),
        (w.kd, False, False),
        (w.fc_other, False, False),
    ):
        client.force_login(user)
        for job, sees in ((plans_job, sees_plans), (plan_job, sees_plan)):
            url = reverse("reports:job_detail", args=[job.pk])
            assert client.get(url).status_code == (200 if sees else 404), (user, job)
        archive = client.get(reverse("reports:archive")).content.decode()
        assert (reverse("reports:job_detail", args=[plans_job.pk]) in archive) == sees_plans
        assert (reverse("reports:job_detail", args=[plan_job.pk]) in archive) == sees_plan
    assert ReportJob.objects.filter(kind__in=["it_plan", "it_planer"]).count() == 2


def test_the_order_form_offers_only_the_annual_reports(client, w):
    client.force_login(w.strateg)
    body = client.get(reverse("reports:order")).content.decode()
    assert 'value="it_bokslut"' in body and 'value="it_planer"' not in body


def test_klk_plan_offers_the_kommungemensamma_systems(client, w):
    from tests.factories import SystemFactory

    klk = ForvaltningFactory(
        kommun=w.kommun, name="Kommunledningskontoret", kind=ForvaltningKind.KOMMUNLEDNINGSKONTOR
    )
    soc_common = SystemFactory(
        kommun=w.kommun, forvaltning=w.forvaltning, name="Lönesystem", kind="kommungemensamt"
    )
    own = SystemFactory(kommun=w.kommun, forvaltning=w.forvaltning, name="Treserva")
    plan = services.start_plan(actor=w.strateg, forvaltning=klk, year=YEAR, contact=w.strateg)
    client.force_login(w.strateg)
    body = client.get(
        reverse("governance:itplan_line_add", args=[plan.pk, "system"])
    ).content.decode()
    assert soc_common.name in body and own.name not in body
    client.force_login(w.fc)
    body = client.get(
        reverse("governance:itplan_line_add", args=[w.plan.pk, "system"])
    ).content.decode()
    assert own.name in body
    assert Decimal(0) == sum(c.amount for c in ITPlanCost.objects.all())


def test_start_page_panel(client, w):
    from django.utils import timezone

    year = timezone.localdate().year + 1
    plan = ITPlan.objects.filter(pk=w.plan.pk).first()
    if plan.year != year:
        plan = services.start_plan(actor=w.fc, forvaltning=w.forvaltning, year=year, contact=w.fc)
    client.force_login(w.fc)
    body = client.get(reverse("portfolio:home")).content.decode()
    assert f"IT-planer {year}" in body and plan.get_absolute_url() in body
    client.force_login(w.strateg)
    body = client.get(reverse("portfolio:home")).content.decode()
    assert "0 av 2 förvaltningar har lämnat in" in body
    client.force_login(w.kd)
    assert f"IT-planer {year}" not in client.get(reverse("portfolio:home")).content.decode()
