"""The IT-plan PDFs (seed 002): one förvaltning's plan and the kommun's "IT-planer <år>".

Both are ordinary report jobs (``ReportJob``, rendered by the Celery task of
every report and archived with their SHA-256); they are ordered from the
IT-plan pages, where this module adds a section (registered in
``ReportsConfig.ready``), because governance never imports reports.

Who may order and read them is the report rule's answer, which follows the
IT-plans' rule: the plan's readers for one plan, the kommun's stewards for
the consolidated document.
"""

from __future__ import annotations

from django.db import transaction

from portfolio import policy
from reports.choices import ReportKind
from reports.models import ReportJob
from reports.services import queue_job


@transaction.atomic
def order_it_plan_pdf(*, actor, plan) -> ReportJob:
    """Queue the PDF of one förvaltning's IT-plan (the next version for that plan)."""
    policy.require(actor, policy.VIEW, plan)
    policy.require(actor, policy.ADD, ReportJob(kind=ReportKind.IT_PLAN, it_plan=plan))
    same = {"kind": ReportKind.IT_PLAN, "it_plan": plan}
    return queue_job(actor, same, {"kommun": plan.kommun, "year": plan.year})


@transaction.atomic
def order_it_plans_pdf(*, actor, kommun, year: int) -> ReportJob:
    """Queue the kommun's consolidated "IT-planer <year>" PDF (its stewards consolidate)."""
    policy.require(actor, policy.MANAGE, kommun)
    policy.require(actor, policy.ADD, ReportJob(kind=ReportKind.IT_PLANER, kommun=kommun))
    same = {"kind": ReportKind.IT_PLANER, "kommun": kommun, "year": year, "samverkan": None}
    return queue_job(actor, same)


def _jobs(queryset, user):
    return list(
        policy.restrict(queryset, user)
        .select_related("kommun", "it_plan__forvaltning__kommun")
        .prefetch_related("files")
        .order_by("-version")[:5]
    )


def plan_pdf_section(request, plan) -> dict | None:
    """The "PDF" section on an IT-plan's page: earlier PDFs and the order button."""
    user = request.user
    if not policy.can(user, policy.VIEW, plan):
        return None
    return {
        "jobs": _jobs(ReportJob.objects.filter(kind=ReportKind.IT_PLAN, it_plan=plan), user),
        "order_url_name": "reports:order_it_plan",
        "order_pk": plan.pk,
        "year": None,
    }


def plans_pdf_section(request, consolidation) -> dict | None:
    """The "IT-planer <år>" PDF section on the consolidation page."""
    kommun, year = consolidation.kommun, consolidation.year
    queryset = ReportJob.objects.filter(kind=ReportKind.IT_PLANER, kommun=kommun, year=year)
    return {
        "jobs": _jobs(queryset, request.user),
        "order_url_name": "reports:order_it_plans",
        "order_pk": kommun.pk,
        "year": year,
    }
