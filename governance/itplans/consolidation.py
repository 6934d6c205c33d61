"""The kommun's IT-plans side by side (the IT-strateg's consolidation, and the PDFs).

``consolidate(kommun, year)`` reads the current plan (the latest version) of
every förvaltning that writes one, in a fixed number of queries, and returns
the sums per year and förvaltning (utveckling, drift), the förvaltningar that
have not submitted by the årshjul's deadline, and the förändringsträngsel the
plans together would cause (``portfolio.prioritisation.ranking.forvaltning_load``,
the same computation as the ranking's, with the initiatives the plans start in
their first year in place of those above the budget line).

Only submitted plans (inlämnad, behandlad, fastställd) count in the sums and
the load: an utkast is not yet the förvaltning's plan. It is shown, marked.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, OuterRef, Subquery, Sum
from django.utils import timezone

from governance.choices import ITPlanStatus, MilestoneKind
from governance.itplans.models import (
    PLANNING_KINDS,
    ITPlan,
    ITPlanCost,
    ITPlanInitiative,
    ITPlanSystem,
)
from governance.models import AnnualMilestone
from portfolio.choices import CostNature, InitiativeStatus
from portfolio.models import Forvaltning
from portfolio.prioritisation.calculation import LoadRow
from portfolio.prioritisation.ranking import forvaltning_load

ZERO = Decimal(0)
#: initiatives that add to the load when a plan starts them (not already running or closed)
NOT_YET_STARTED = (
    InitiativeStatus.IDE,
    InitiativeStatus.KVALIFICERING,
    InitiativeStatus.PRIORITERING,
    InitiativeStatus.BESLUTAD,
)
SUBMITTED = (ITPlanStatus.INLAMNAD, ITPlanStatus.BEHANDLAD, ITPlanStatus.FASTSTALLD)


def current_plans(kommun, year: int):
    """The latest version of each förvaltning's plan for ``year`` in ``kommun``."""
    latest = (
        ITPlan.objects.filter(forvaltning=OuterRef("forvaltning"), year=year)
        .order_by("-version")
        .values("version")[:1]
    )
    return ITPlan.objects.filter(kommun=kommun, year=year, version=Subquery(latest))


def planning_forvaltningar(kommun):
    """The förvaltningar expected to write an IT-plan: the kommunledningskontor first."""
    return Forvaltning.objects.filter(kommun=kommun, kind__in=PLANNING_KINDS).order_by(
        "-kind", "name"
    )  # descending: "kommunledningskontor" before "forvaltning"


def deadline(kommun, year: int) -> datetime.date | None:
    """When the plans for ``year`` are due: the årshjul's IT-plan point in the year before."""
    milestone = (
        AnnualMilestone.objects.filter(kommun=kommun, kind=MilestoneKind.IT_PLAN)
        .order_by("month", "day")
        .first()
    )
    return milestone.date_in(year - 1) if milestone else None


@dataclass
class YearSum:
    year: int
    dev: Decimal = ZERO
    ops: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.dev + self.ops


@dataclass
class PlanRow:
    """One förvaltning: its current plan (or none) and its costs per year."""

    forvaltning: Forvaltning
    plan: ITPlan | None
    years: list[YearSum]
    n_initiatives: int = 0
    n_systems: int = 0

    @property
    def submitted(self) -> bool:
        return self.plan is not None and self.plan.status in SUBMITTED

    @property
    def dev(self) -> Decimal:
        return sum((y.dev for y in self.years), ZERO)

    @property
    def ops(self) -> Decimal:
        return sum((y.ops for y in self.years), ZERO)

    @property
    def total(self) -> Decimal:
        return self.dev + self.ops


@dataclass
class Consolidation:
    kommun: object
    year: int
    years: list[int]
    rows: list[PlanRow]
    totals: list[YearSum]
    deadline: datetime.date | None
    load: list[LoadRow]
    today: datetime.date = field(default_factory=timezone.localdate)

    @property
    def submitted(self) -> list[PlanRow]:
        return [r for r in self.rows if r.submitted]

    @property
    def missing(self) -> list[PlanRow]:
        """Förvaltningar that have not submitted: no plan, or only an utkast."""
        return [r for r in self.rows if not r.submitted]

    @property
    def overdue(self) -> bool:
        return self.deadline is not None and self.today > self.deadline and bool(self.missing)

    @property
    def dev(self) -> Decimal:
        return sum((t.dev for t in self.totals), ZERO)

    @property
    def ops(self) -> Decimal:
        return sum((t.ops for t in self.totals), ZERO)

    @property
    def total(self) -> Decimal:
        return self.dev + self.ops


def cost_sums(plan_ids) -> dict[int, dict[tuple[int, str], Decimal]]:
    """plan id -> (year, nature) -> sum of the plan's cost lines."""
    sums: dict[int, dict[tuple[int, str], Decimal]] = defaultdict(dict)
    rows = (
        ITPlanCost.objects.filter(plan__in=plan_ids)
        .values("plan", "year", "nature")
        .annotate(s=Sum("amount"))
        .order_by()
    )
    for row in rows:
        sums[row["plan"]][(row["year"], row["nature"])] = row["s"]
    return sums


def year_sums(years, sums: dict[tuple[int, str], Decimal]) -> list[YearSum]:
    return [
        YearSum(
            y,
            sums.get((y, CostNature.UTVECKLING), ZERO),
            sums.get((y, CostNature.DRIFT), ZERO),
        )
        for y in years
    ]


def _counts(model, plan_ids) -> dict[int, int]:
    rows = model.objects.filter(plan__in=plan_ids).values("plan").annotate(n=Count("pk"))
    return {row["plan"]: row["n"] for row in rows.order_by()}


def consolidate(kommun, year: int) -> Consolidation:
    """Every förvaltning's current plan for ``year``, the sums, the missing and the load."""
    years = list(range(year, year + 3))
    plans = {
        p.forvaltning_id: p
        for p in current_plans(kommun, year).select_related("forvaltning", "contact", "decision")
    }
    ids = [p.pk for p in plans.values()]
    sums = cost_sums(ids)
    n_initiatives = _counts(ITPlanInitiative, ids)
    n_systems = _counts(ITPlanSystem, ids)
    rows = []
    for forvaltning in planning_forvaltningar(kommun):
        plan = plans.get(forvaltning.pk)
        rows.append(
            PlanRow(
                forvaltning,
                plan,
                year_sums(years, sums.get(plan.pk, {}) if plan else {}),
                n_initiatives.get(plan.pk, 0) if plan else 0,
                n_systems.get(plan.pk, 0) if plan else 0,
            )
        )
    totals = [YearSum(y) for y in years]
    for row in rows:
        if row.submitted:
            for total, part in zip(totals, row.years, strict=True):
                total.dev += part.dev
                total.ops += part.ops
    return Consolidation(
        kommun=kommun,
        year=year,
        years=years,
        rows=rows,
        totals=totals,
        deadline=deadline(kommun, year),
        load=plan_load(kommun, year, [r.plan.pk for r in rows if r.submitted]),
    )


def plan_load(kommun, year: int, plan_ids) -> list[LoadRow]:
    """Förändringsträngsel: in genomförande plus the initiatives the plans start in ``year``."""
    starting = (
        ITPlanInitiative.objects.filter(
            plan__in=plan_ids, start_year=year, initiative__status__in=NOT_YET_STARTED
        )
        .values("initiative__forvaltning")
        .annotate(n=Count("initiative", distinct=True))
        .order_by()
    )
    added = {row["initiative__forvaltning"]: row["n"] for row in starting}
    return forvaltning_load([kommun.pk], added)
