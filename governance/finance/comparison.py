"""Budget mot plan och utfall: a kommun's decided IT budget against its IT-plans and outcome.

Per year:

* **budget**: the decided budget of the year (``portfolio.budget.services.decided_version``:
  the latest decided version covering it), investering and drift;
* **plan**: the sum of the IT-plans' estimates for the year: per förvaltning
  the newest submitted plan (inlämnad, behandlad or fastställd; an utkast is
  not yet the förvaltning's plan) whose three years cover it, latest version;
  utveckling is compared with investering, drift with drift;
* **utfall**: the outcome entered or imported per line key; a key's kind is
  that of the budget line with the same key (outcome on a key the budget does
  not have is listed as "utan budgetrad" and counts only in the total).

Gaps: ``budget − plan`` (negative: the plans ask for more than is decided)
and ``utfall − budget`` (positive: over budget). Pages and the IT-bokslut
chapter read this module, so they agree.

This lives in governance because it reads the IT-plans; portfolio never
imports governance.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from governance.itplans.consolidation import SUBMITTED
from governance.itplans.models import HORIZON_YEARS, ITPlan, ITPlanCost
from portfolio.budget.services import decided_version
from portfolio.choices import BudgetKind, CostNature
from portfolio.models import BudgetOutcome, ITBudgetLine

ZERO = Decimal(0)
#: the IT-plans' cost nature that each budget kind is compared with
PLAN_NATURE = {BudgetKind.INVESTERING: CostNature.UTVECKLING, BudgetKind.DRIFT: CostNature.DRIFT}
KIND_LABELS = {BudgetKind.INVESTERING: _("Investering"), BudgetKind.DRIFT: _("Drift")}


@dataclass
class Row:
    label: str
    budget: Decimal = ZERO
    plan: Decimal = ZERO
    outcome: Decimal | None = None

    @property
    def plan_gap(self) -> Decimal:
        """Budget minus plan: negative when the plans ask for more than is decided."""
        return self.budget - self.plan

    @property
    def outcome_gap(self) -> Decimal | None:
        """Outcome minus budget: positive when over budget."""
        return None if self.outcome is None else self.outcome - self.budget

    @property
    def over_plan(self) -> bool:
        return self.plan_gap < 0

    @property
    def over_budget(self) -> bool:
        return self.outcome_gap is not None and self.outcome_gap > 0


@dataclass
class KeyRow:
    key: str
    description: str
    kind: str
    budget: Decimal
    outcome: Decimal | None

    @property
    def gap(self) -> Decimal | None:
        return None if self.outcome is None else self.outcome - self.budget

    @property
    def over_budget(self) -> bool:
        return self.gap is not None and self.gap > 0


@dataclass
class YearComparison:
    year: int
    version: object | None
    rows: list[Row] = field(default_factory=list)
    keys: list[KeyRow] = field(default_factory=list)
    has_outcome: bool = False

    @property
    def total(self) -> Row:
        return self.rows[-1]


def plan_sums(kommun, year: int) -> dict[str, Decimal]:
    """Nature → the sum of the IT-plans' estimates for ``year`` (see the module docstring)."""
    newest: dict[int, tuple[int, int, int]] = {}
    plans = ITPlan.objects.filter(
        kommun=kommun,
        status__in=SUBMITTED,
        year__lte=year,
        year__gt=year - HORIZON_YEARS,
    ).values_list("pk", "forvaltning_id", "year", "version")
    for pk, forvaltning_id, plan_year, version in plans:
        best = newest.get(forvaltning_id)
        if best is None or (plan_year, version) > best[1:]:
            newest[forvaltning_id] = (pk, plan_year, version)
    ids = [pk for pk, _y, _v in newest.values()]
    rows = (
        ITPlanCost.objects.filter(plan__in=ids, year=year)
        .values("nature")
        .annotate(s=Sum("amount"))
        .order_by()
    )
    return {row["nature"]: row["s"] for row in rows}


def compare_year(kommun, year: int) -> YearComparison:
    version = decided_version(kommun=kommun, year=year)
    planned = plan_sums(kommun, year)
    lines = (
        list(ITBudgetLine.objects.filter(version=version).order_by("key", "year"))
        if version
        else []
    )
    kind_of = {line.key: line.kind for line in lines}
    described = {line.key: line.description for line in lines}
    budget_by_key: dict[str, Decimal] = {}
    for line in lines:
        if line.year == year:
            budget_by_key[line.key] = budget_by_key.get(line.key, ZERO) + line.amount
    outcome_by_key = dict(
        BudgetOutcome.objects.filter(kommun=kommun, year=year).values_list("key", "amount")
    )
    has_outcome = bool(outcome_by_key)
    rows = []
    for kind in (BudgetKind.INVESTERING, BudgetKind.DRIFT):
        keys = [k for k, v in kind_of.items() if v == kind]
        rows.append(
            Row(
                str(KIND_LABELS[kind]),
                sum((budget_by_key.get(k, ZERO) for k in keys), ZERO),
                planned.get(PLAN_NATURE[kind], ZERO),
                sum((outcome_by_key.get(k, ZERO) for k in keys), ZERO) if has_outcome else None,
            )
        )
    rows.append(
        Row(
            str(_("Totalt")),
            sum((r.budget for r in rows), ZERO),
            sum((r.plan for r in rows), ZERO),
            sum(outcome_by_key.values(), ZERO) if has_outcome else None,
        )
    )
    keys = [
        KeyRow(
            key,
            described.get(key, str(_("Utan budgetrad"))),
            kind_of.get(key, ""),
            budget_by_key.get(key, ZERO),
            outcome_by_key.get(key) if has_outcome else None,
        )
        for key in sorted(set(budget_by_key) | set(outcome_by_key))
    ]
    return YearComparison(year, version, rows, keys, has_outcome)


def compare(kommun, years) -> list[YearComparison]:
    return [compare_year(kommun, y) for y in years]
