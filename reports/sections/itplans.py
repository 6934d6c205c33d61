"""Data of the IT-plan PDFs: one förvaltning's plan, and the kommun's plans of a year.

The consolidated document is the consolidation page on paper: the sums per
year and förvaltning of the submitted plans, the förvaltningar that have not
submitted, the förändringsträngsel, then every submitted plan in full. The
figures come from ``governance.itplans.consolidation`` so page and PDF agree.
"""

from __future__ import annotations

from collections import defaultdict

from governance.itplans.consolidation import consolidate, cost_sums, deadline, year_sums
from governance.models import ITPlan, ITPlanInitiative, ITPlanSystem


def _lines(plan_ids):
    initiatives = defaultdict(list)
    for line in (
        ITPlanInitiative.objects.filter(plan__in=plan_ids)
        .select_related("initiative")
        .order_by("start_year", "initiative__title")
    ):
        initiatives[line.plan_id].append(line)
    systems = defaultdict(list)
    for line in (
        ITPlanSystem.objects.filter(plan__in=plan_ids)
        .select_related("system")
        .order_by("year", "pk")
    ):
        systems[line.plan_id].append(line)
    return initiatives, systems


def plan_part(plan: ITPlan, initiatives, systems, sums) -> dict:
    years = year_sums(plan.horizon, sums.get(plan.pk, {}))
    return {
        "plan": plan,
        "initiatives": initiatives.get(plan.pk, []),
        "systems": systems.get(plan.pk, []),
        "sums": years,
        "dev": sum(y.dev for y in years),
        "ops": sum(y.ops for y in years),
        "total": sum(y.total for y in years),
    }


def collect_it_plan(plan: ITPlan) -> dict:
    """One förvaltning's plan: its text, initiatives, systems and costs per year."""
    plan = ITPlan.objects.select_related(
        "kommun", "forvaltning", "contact", "decision__council", "decision__meeting"
    ).get(pk=plan.pk)
    initiatives, systems = _lines([plan.pk])
    return {
        "plan": plan,
        "part": plan_part(plan, initiatives, systems, cost_sums([plan.pk])),
        "cost_lines": list(plan.cost_lines.all()),
        "deadline": deadline(plan.kommun, plan.year),
    }


def collect_it_planer(kommun, year: int) -> dict:
    """The kommun's consolidated IT-plans of ``year`` and every submitted plan in full."""
    consolidation = consolidate(kommun, year)
    plans = [row.plan for row in consolidation.submitted]
    ids = [p.pk for p in plans]
    initiatives, systems = _lines(ids)
    sums = cost_sums(ids)
    return {
        "c": consolidation,
        "plans": [plan_part(p, initiatives, systems, sums) for p in plans],
    }
