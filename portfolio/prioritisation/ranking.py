"""Building blocks of a ranking: criterion specs, one initiative's rank item,
the load per förvaltning and the snapshot of an item (``services.build_ranking``
puts them together; ``calculation`` does the maths)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.paginator import Paginator
from django.db.models import Count, Q

from portfolio.choices import (
    BenefitKind,
    CostNature,
    FinancingSource,
    InitiativeStatus,
    Verksamhetsomrade,
)
from portfolio.models import (
    BenefitLine,
    FinancingLine,
    Forvaltning,
    GateConfirmation,
    Initiative,
    InitiativeCost,
    InitiativeSystem,
    Risk,
    Score,
)
from portfolio.prioritisation import calculation as maths
from portfolio.prioritisation.models import BUDGET_ALL

if TYPE_CHECKING:
    from portfolio.prioritisation.services import Context

ZERO = Decimal(0)


def criterion_specs(criteria) -> list[maths.CriterionSpec]:
    return [maths.CriterionSpec(c.pk, c.name, c.weight, c.higher_is_better) for c in criteria]


# --- Loading: one query per relation, whatever the number of initiatives ----


@dataclass
class Facts:
    """One initiative's rows that the ranking reads, as plain values."""

    scores: dict[int, int] = field(default_factory=dict)
    costs: list[tuple[int, str, Decimal]] = field(default_factory=list)  # year, nature, amount
    financing: list[tuple[int, str, Decimal]] = field(default_factory=list)  # year, source, amount
    benefits: list[tuple] = field(default_factory=list)  # kind, yearly value, first, last year
    risks: list[int] = field(default_factory=list)  # probability × impact
    goals: list[tuple[int, str]] = field(default_factory=list)
    confirmed_gate_ids: set[int] = field(default_factory=set)
    systems: list[tuple[str, bool]] = field(default_factory=list)  # name, classified?


INITIATIVE_FIELDS = (
    "pk",
    "title",
    "status",
    "kommun__name",
    "forvaltning_id",
    "forvaltning__name",
    "area",
    "created_at",
)


def load_facts(initiatives) -> tuple[list[dict], dict[int, Facts]]:
    """The initiatives of a queryset as dicts, and their facts, in nine queries.

    Each relation is read with ``values_list`` over a subquery of the
    initiatives (no model instances, no per-initiative querysets), so the cost
    is one query per relation and a loop over plain tuples.
    """
    rows = list(initiatives.values(*INITIATIVE_FIELDS))
    facts: dict[int, Facts] = defaultdict(Facts)
    ids = initiatives.values("pk")
    mine = {"initiative__in": ids}
    for ini, criterion, value in Score.objects.filter(**mine).values_list(
        "initiative_id", "criterion_id", "value"
    ):
        facts[ini].scores[criterion] = value
    for ini, *cost in InitiativeCost.objects.filter(**mine).values_list(
        "initiative_id", "year", "nature", "amount"
    ):
        facts[ini].costs.append(tuple(cost))
    for ini, *line in FinancingLine.objects.filter(**mine).values_list(
        "initiative_id", "year", "source", "amount"
    ):
        facts[ini].financing.append(tuple(line))
    for ini, *line in BenefitLine.objects.filter(**mine).values_list(
        "initiative_id", "kind", "yearly_value", "first_year", "last_year"
    ):
        facts[ini].benefits.append(tuple(line))
    for ini, probability, impact in Risk.objects.filter(**mine).values_list(
        "initiative_id", "probability", "impact"
    ):
        facts[ini].risks.append(probability * impact)
    goal_links = Initiative.goals.through.objects.filter(**mine).order_by(
        "strategicgoal__kommun", "strategicgoal__order", "strategicgoal__name"
    )  # StrategicGoal's own ordering
    for ini, goal_id, name in goal_links.values_list(
        "initiative_id", "strategicgoal_id", "strategicgoal__name"
    ):
        facts[ini].goals.append((goal_id, name))
    for ini, gate in GateConfirmation.objects.filter(**mine).values_list(
        "initiative_id", "gate_id"
    ):
        facts[ini].confirmed_gate_ids.add(gate)
    for ini, name, *krt in InitiativeSystem.objects.filter(**mine).values_list(
        "initiative_id",
        "system__name",
        "system__confidentiality",
        "system__integrity",
        "system__availability_class",
    ):
        facts[ini].systems.append((name, None not in krt))  # System.is_classified
    return rows, facts


# --- One rank item ----


class Labels:
    """The Swedish labels the items carry, translated once per ranking (not per row)."""

    def __init__(self):
        self.status = {value: str(label) for value, label in InitiativeStatus.choices}
        self.area = {value: str(label) for value, label in Verksamhetsomrade.choices}
        self.source = {value: str(label) for value, label in FinancingSource.choices}


def _planned(benefit, year) -> Decimal:
    """``BenefitLine.planned_for`` on a (kind, yearly value, first year, last year) row."""
    _kind, value, first, last = benefit
    if value is None or not (first <= year <= last):
        return 0
    return value


def rank_item(row, facts, year, source, table, gate_specs, override, labels) -> maths.RankItem:
    """The rank item of one initiative (``row`` and ``facts`` from ``load_facts``)."""
    result = table.score(facts.scores)
    costs = [(nature, amount) for y, nature, amount in facts.costs if y == year]
    dev = sum((a for n, a in costs if n == CostNature.UTVECKLING), ZERO)
    ops = sum((a for n, a in costs if n == CostNature.DRIFT), ZERO)
    benefits = facts.benefits
    gates = maths.evaluate_gates(
        gate_specs,
        maths.InitiativeFacts(
            has_benefit=bool(benefits),
            has_financing=bool(facts.financing),
            has_cost=bool(facts.costs),
            systems=tuple(facts.systems),
            n_goals=len(facts.goals),
            confirmed_gate_ids=frozenset(facts.confirmed_gate_ids),
        ),
    )
    financing: dict[str, Decimal] = {}
    for y, src, amount in facts.financing:
        if y == year:
            financing[src] = financing.get(src, ZERO) + amount
    demand = None
    if source != BUDGET_ALL:
        demand = financing.get(source, ZERO)
    extra = {
        "title": row["title"],
        "status": labels.status.get(row["status"], row["status"]),
        "kommun": row["kommun__name"],
        "forvaltning_id": row["forvaltning_id"],
        "forvaltning": row["forvaltning__name"],
        "area": row["area"],
        "area_label": labels.area.get(row["area"], row["area"]),
        "goal_ids": [pk for pk, _name in facts.goals],
        "goals": [name for _pk, name in facts.goals],
        "cost_dev": dev,
        "cost_ops": ops,
        "financing": [(labels.source.get(k, k), v) for k, v in sorted(financing.items())],
        "benefit_kr": sum(
            (_planned(b, year) for b in benefits if b[0] == BenefitKind.KRONOR), ZERO
        ),
        "benefit_h": sum((_planned(b, year) for b in benefits if b[0] == BenefitKind.TIMMAR), ZERO),
        "max_risk": max(facts.risks) if facts.risks else None,
        "complete": result.complete,
        "contributions": result.contributions,
        "override": override,
    }
    return maths.RankItem(
        id=row["pk"],
        score=result.score,
        cost=dev + ops,
        created_order=(row["created_at"], row["pk"]),
        gates=gates,
        override=override.positions if override else 0,
        demand=demand,
        has_estimate=bool(costs),
        extra=extra,
    )


def load_rows(context: Context, ranked) -> list[maths.LoadRow]:
    above: dict[int, int] = {}
    for item in ranked:
        if item.above_line:
            fid = item.extra["forvaltning_id"]
            above[fid] = above.get(fid, 0) + 1
    return forvaltning_load(context.kommun_ids(), above, with_kommun=context.kommun is None)


def forvaltning_load(kommun_ids, added, *, with_kommun: bool = False) -> list[maths.LoadRow]:
    """Förändringsträngsel per förvaltning: initiatives in genomförande plus ``added``.

    ``added`` maps förvaltning id to the initiatives that would start (above the
    budget line of a ranking, or planned in the IT-plans); the rows compare the
    total with each förvaltning's capacity. One query, whatever the size.
    """
    forvaltningar = Forvaltning.objects.filter(kommun__in=kommun_ids).annotate(
        n_progress=Count("initiatives", filter=Q(initiatives__status=InitiativeStatus.GENOMFORANDE))
    )
    rows = []
    in_progress = {}
    for f in forvaltningar.select_related("kommun").order_by("kommun__name", "name"):
        in_progress[f.pk] = f.n_progress
        rows.append((f.pk, f"{f.name} ({f.kommun})" if with_kommun else f.name, f))
    return maths.compute_load(
        [(fid, name, f.change_capacity) for fid, name, f in rows], in_progress, added
    )


# --- Snapshots ----


def item_snapshot(item: maths.RankItem) -> dict:
    e = item.extra
    override = e["override"]
    return {
        "id": item.id,
        "position": item.position,
        "base_position": item.base_position,
        "title": e["title"],
        "forvaltning_id": e["forvaltning_id"],
        "forvaltning": e["forvaltning"],
        "area": e["area_label"],
        "goals": e["goals"],
        "score": str(item.score),
        "complete": e["complete"],
        "contributions": [
            {"criterion": c.name, "value": c.value, "points": str(c.points)}
            for c in e["contributions"]
        ],
        "gates": [{"name": g.name, "passed": g.passed, "reason": g.reason} for g in item.gates],
        "cost_dev": str(e["cost_dev"]),
        "cost_ops": str(e["cost_ops"]),
        "cost": str(item.cost),
        "financing": [[str(label), str(amount)] for label, amount in e["financing"]],
        "benefit_kr": str(e["benefit_kr"]),
        "max_risk": e["max_risk"],
        "cumulative": None if item.cumulative is None else str(item.cumulative),
        "above_line": item.above_line,
        "has_estimate": item.has_estimate,
        "override": None
        if override is None
        else {
            "positions": override.positions,
            "justification": override.justification,
            "by": override.created_by.get_full_name() or override.created_by.username,
            "at": override.created_at.isoformat(),
        },
    }


# --- Pages of the ranked list ----

PAGE_SIZE = 50


@dataclass
class RankedPage:
    """One page of the (filtered) ranked list with the cut line where it belongs.

    The cut line comes from the whole ranking (``cut.line_after``): it is drawn
    before the first listed item placed after it, or after the last item when
    every listed item is above it, on whichever page that falls.
    """

    page: object  # django.core.paginator.Page
    items: list[maths.RankItem]
    line_before: int | None  # index in ``items`` before which the line is drawn
    line_page: int | None  # the page number that shows the line


def ranked_page(items: list[maths.RankItem], line_after, number, per_page=PAGE_SIZE):
    paginator = Paginator(items, per_page)
    page = paginator.get_page(number)
    if line_after is None:
        return RankedPage(page, list(page.object_list), None, None)
    line_index = next((n for n, i in enumerate(items) if i.position > line_after), len(items))
    line_page = min(line_index // per_page + 1, paginator.num_pages)
    line_before = None
    if page.number == line_page:
        line_before = line_index - (page.number - 1) * per_page
    return RankedPage(page, list(page.object_list), line_before, line_page)
