"""Building blocks of a ranking: criterion specs, one initiative's rank item,
the load per förvaltning and the snapshot of an item (``services.build_ranking``
puts them together; ``calculation`` does the maths)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Q

from portfolio.choices import BenefitKind, CostNature, FinancingSource, InitiativeStatus
from portfolio.models import (
    Forvaltning,
)
from portfolio.prioritisation import calculation as maths
from portfolio.prioritisation.models import BUDGET_ALL

if TYPE_CHECKING:
    from portfolio.prioritisation.services import Context


def criterion_specs(criteria) -> list[maths.CriterionSpec]:
    return [maths.CriterionSpec(c.pk, c.name, c.weight, c.higher_is_better) for c in criteria]


def rank_item(ini, year, source, specs, gate_specs, override) -> maths.RankItem:
    values = {s.criterion_id: s.value for s in ini.scores.all()}
    result = maths.compute_score(specs, values)
    costs = [c for c in ini.costs.all() if c.year == year]
    dev = sum((c.amount for c in costs if c.nature == CostNature.UTVECKLING), Decimal(0))
    ops = sum((c.amount for c in costs if c.nature == CostNature.DRIFT), Decimal(0))
    financing_year = [f for f in ini.financing.all() if f.year == year]
    benefits = list(ini.benefits.all())
    systems = tuple(
        (link.system.name, link.system.is_classified) for link in ini.affected_systems.all()
    )
    facts = maths.InitiativeFacts(
        has_benefit=bool(benefits),
        has_financing=bool(list(ini.financing.all())),
        has_cost=bool(list(ini.costs.all())),
        systems=systems,
        n_goals=len(ini.goals.all()),
        confirmed_gate_ids=frozenset(c.gate_id for c in ini.gate_confirmations.all()),
    )
    risks = [r.score for r in ini.risks.all()]
    sources = dict(FinancingSource.choices)
    financing: dict[str, Decimal] = {}
    for f in financing_year:
        financing[f.source] = financing.get(f.source, Decimal(0)) + f.amount
    demand = None
    if source != BUDGET_ALL:
        demand = financing.get(source, Decimal(0))
    extra = {
        "title": ini.title,
        "status": ini.get_status_display(),
        "kommun": ini.kommun.name,
        "forvaltning_id": ini.forvaltning_id,
        "forvaltning": ini.forvaltning.name,
        "area": ini.area,
        "area_label": ini.get_area_display(),
        "goal_ids": [g.pk for g in ini.goals.all()],
        "goals": [g.name for g in ini.goals.all()],
        "cost_dev": dev,
        "cost_ops": ops,
        "financing": [(sources.get(k, k), v) for k, v in sorted(financing.items())],
        "benefit_kr": sum(
            (b.planned_for(year) for b in benefits if b.kind == BenefitKind.KRONOR), Decimal(0)
        ),
        "benefit_h": sum(
            (b.planned_for(year) for b in benefits if b.kind == BenefitKind.TIMMAR), Decimal(0)
        ),
        "max_risk": max(risks) if risks else None,
        "complete": result.complete,
        "contributions": result.contributions,
        "override": override,
    }
    return maths.RankItem(
        id=ini.pk,
        score=result.score,
        cost=dev + ops,
        created_order=(ini.created_at, ini.pk),
        gates=maths.evaluate_gates(gate_specs, facts),
        override=override.positions if override else 0,
        demand=demand,
        has_estimate=bool(costs),
        extra=extra,
    )


def load_rows(context: Context, ranked) -> list[maths.LoadRow]:
    forvaltningar = Forvaltning.objects.filter(kommun__in=context.kommun_ids()).annotate(
        n_progress=Count("initiatives", filter=Q(initiatives__status=InitiativeStatus.GENOMFORANDE))
    )
    above: dict[int, int] = {}
    for item in ranked:
        if item.above_line:
            fid = item.extra["forvaltning_id"]
            above[fid] = above.get(fid, 0) + 1
    rows = []
    in_progress = {}
    for f in forvaltningar.order_by("kommun__name", "name"):
        in_progress[f.pk] = f.n_progress
        rows.append((f.pk, f.name if context.kommun else f"{f.name} ({f.kommun})", f))
    return maths.compute_load(
        [(fid, name, f.change_capacity) for fid, name, f in rows], in_progress, above
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
