"""IT-bokslut chapter: IT costs (per invånare, per anställd, share of the budget)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from portfolio.choices import (
    CostNature,
    Payer,
    SystemKind,
)
from portfolio.models import (
    InitiativeCost,
    Kommun,
    KommunYearFigures,
    SystemCost,
)
from reports.sections.common import ZERO, _d, _percent, _ratio


def _year_figures(kommun_ids, years) -> dict[tuple[int, int], KommunYearFigures]:
    return {
        (f.kommun_id, f.year): f
        for f in KommunYearFigures.objects.filter(kommun__in=kommun_ids, year__in=years)
    }


def cost_totals(kommun_ids, years) -> dict[tuple[int, int], dict]:
    """Total, utveckling and central costs per (kommun, year), in four grouped queries."""
    result: dict[tuple[int, int], dict] = defaultdict(
        lambda: {"system": ZERO, "initiative": ZERO, "utveckling": ZERO, "central": ZERO}
    )
    rows = (
        SystemCost.objects.filter(system__kommun__in=kommun_ids, year__in=years)
        .values("system__kommun", "year", "nature", "payer")
        .annotate(total=Sum("amount"))
    )
    for r in rows:
        bucket = result[(r["system__kommun"], r["year"])]
        bucket["system"] += r["total"]
        if r["nature"] == CostNature.UTVECKLING:
            bucket["utveckling"] += r["total"]
        if r["payer"] != Payer.FORVALTNING:
            bucket["central"] += r["total"]
    rows = (
        InitiativeCost.objects.filter(initiative__kommun__in=kommun_ids, year__in=years)
        .values("initiative__kommun", "year", "nature")
        .annotate(total=Sum("amount"))
    )
    for r in rows:
        bucket = result[(r["initiative__kommun"], r["year"])]
        bucket["initiative"] += r["total"]
        if r["nature"] == CostNature.UTVECKLING:
            bucket["utveckling"] += r["total"]
    return result


def _cost_figures(kommun_id, year, totals, figures) -> dict:
    """The cost key figures of one kommun and year; None ("–") where the data is missing.

    A year with no system or initiative cost at all has no IT-kostnad: it is
    missing, not 0 kr (the report's note promises "–" for missing data).
    """
    t = totals.get((kommun_id, year))
    f = figures.get((kommun_id, year))
    result = {
        "has_costs": t is not None,
        "it_cost_total": None,
        "it_cost_per_invanare": None,
        "it_cost_per_anstalld": None,
        "utveckling_share": None,
        "central_share": None,
        "population": f.population if f else None,
        "employees": f.employees if f else None,
    }
    if t is None:
        return result
    total = t["system"] + t["initiative"]
    result.update(
        it_cost_total=total,
        it_cost_per_invanare=_ratio(total, f.population) if f else None,
        it_cost_per_anstalld=_ratio(total, f.employees) if f else None,
        utveckling_share=_percent(t["utveckling"], total),
        central_share=_percent(t["central"], t["system"]),
    )
    return result


# --- Sections ----------------------------------------------------------------


def section_costs(kommun: Kommun, year: int) -> dict:
    costs = SystemCost.objects.filter(system__kommun=kommun, year=year)
    init_costs = InitiativeCost.objects.filter(initiative__kommun=kommun, year=year)
    totals = cost_totals([kommun.pk], [year])
    figures = _year_figures([kommun.pk], [year])
    headline = _cost_figures(kommun.pk, year, totals, figures)

    by_nature = {n.value: ZERO for n in CostNature}
    for r in costs.values("nature").annotate(total=Sum("amount")):
        by_nature[r["nature"]] += r["total"]
    for r in init_costs.values("nature").annotate(total=Sum("amount")):
        by_nature[r["nature"]] += r["total"]

    by_kind = {k.value: ZERO for k in SystemKind}
    for r in costs.values("system__kind").annotate(total=Sum("amount")):
        by_kind[r["system__kind"]] += r["total"]
    initiative_total = _d(init_costs.aggregate(t=Sum("amount"))["t"])

    per_forvaltning: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for r in costs.values("system__forvaltning__name").annotate(total=Sum("amount")):
        per_forvaltning[r["system__forvaltning__name"]] += r["total"]
    for r in init_costs.values("initiative__forvaltning__name").annotate(total=Sum("amount")):
        per_forvaltning[r["initiative__forvaltning__name"]] += r["total"]

    by_payer = {p.value: ZERO for p in Payer}
    for r in costs.values("payer").annotate(total=Sum("amount")):
        by_payer[r["payer"]] += r["total"]
    central = by_payer[Payer.CENTRAL] + by_payer[Payer.FORDELAD]

    top = list(
        costs.values("system_id", "system__name", "system__forvaltning__name", "system__kind")
        .annotate(total=Sum("amount"))
        .order_by("-total", "system__name")[:10]
    )
    if not headline["has_costs"]:
        # No cost at all for the year: every amount is missing, not 0 kr.
        for table in (by_nature, by_kind, by_payer):
            for key in table:
                table[key] = None
        central = initiative_total = None
    return {
        **headline,
        "by_nature": [(CostNature(k).label, v) for k, v in by_nature.items()],
        "drift": by_nature[CostNature.DRIFT],
        "utveckling": by_nature[CostNature.UTVECKLING],
        "by_kind": [(SystemKind(k).label, v) for k, v in by_kind.items()]
        + [(_("Utvecklingsinitiativ"), initiative_total)],
        "kommungemensamt": by_kind[SystemKind.KOMMUNGEMENSAMT],
        "verksamhetssystem": by_kind[SystemKind.VERKSAMHETSSYSTEM],
        "initiative_total": initiative_total,
        "per_forvaltning": sorted(per_forvaltning.items(), key=lambda kv: (-kv[1], kv[0])),
        "by_payer": [(Payer(k).label, v) for k, v in by_payer.items()],
        "central": central,
        "department": by_payer[Payer.FORVALTNING],
        "top_systems": [
            {
                "name": r["system__name"],
                "forvaltning": r["system__forvaltning__name"],
                "kind": SystemKind(r["system__kind"]).label,
                "total": r["total"],
            }
            for r in top
        ],
    }
