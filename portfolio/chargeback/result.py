"""What a run shows: the sums per förvaltning and pool, and one förvaltning's charges with
the pool, key and key values behind every figure (the page, the charge sheet and Min
portfölj read these)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from portfolio import policy
from portfolio.chargeback.models import ChargeSource, ItemKind, KeyKind, PricePeriod

ZERO = Decimal(0)
MONTHS = list(range(1, 13))


def key_label(kind: str) -> str:
    return str(KeyKind(kind).label) if kind else ""


def run_result(run) -> dict:
    """Columns (the pools, then the rent) and a row per förvaltning, in one query."""
    rows = (
        run.charges.order_by()
        .values("forvaltning_id", "forvaltning__name", "source", "pool_name")
        .annotate(total=Sum("amount"))
    )
    columns: list[str] = [p["name"] for p in run.inputs.get("pools", [])]
    rent = _("Hyressystemet")
    table: dict[int, dict] = {}
    for row in rows:
        name = rent if row["source"] == ChargeSource.RENT else row["pool_name"]
        if name not in columns:
            columns.append(name)
        entry = table.setdefault(
            row["forvaltning_id"],
            {"id": row["forvaltning_id"], "name": row["forvaltning__name"], "cells": {}},
        )
        entry["cells"][name] = entry["cells"].get(name, ZERO) + row["total"]
    result_rows = []
    for entry in sorted(table.values(), key=lambda e: e["name"]):
        entry["values"] = [entry["cells"].get(c) for c in columns]
        entry["total"] = sum(entry["cells"].values(), ZERO)
        result_rows.append(entry)
    totals = [sum((r["cells"].get(c, ZERO) for r in result_rows), ZERO) for c in columns]
    pools = []
    for p in run.inputs.get("pools", []):
        pools.append(
            {
                **p,
                "key_label": key_label(p["key"]),
                "inner_key_label": key_label(p.get("inner_key", "")),
                "amount": Decimal(p["amount"]),
                "kommun_amount": Decimal(p["kommun_amount"]) if "kommun_amount" in p else None,
                "kommun_split": [
                    {**s, "amount": Decimal(s["amount"]), "weight": Decimal(s["weight"])}
                    for s in p.get("kommun_split", [])
                ],
                "values": [(name, Decimal(v)) for name, v in sorted(p.get("values", {}).items())],
            }
        )
    return {
        "columns": columns,
        "rows": result_rows,
        "totals": totals,
        "total": sum(totals, ZERO),
        "pools": pools,
        "rent": run.inputs.get("rent"),
    }


@dataclass
class ForvaltningResult:
    pool_rows: list = field(default_factory=list)
    rent_rows: list = field(default_factory=list)
    months: list = field(default_factory=list)
    pool_total: Decimal = ZERO
    rent_total: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.pool_total + self.rent_total


def forvaltning_result(user, run, forvaltning) -> ForvaltningResult:
    """One förvaltning's charges in ``run``, as far as ``user`` may see them."""
    charges = policy.restrict(run.charges.filter(forvaltning=forvaltning), user).order_by(
        "source", "pool_name", "item_kind", "month"
    )
    splits = {p["id"]: p for p in run.inputs.get("pools", [])}
    result = ForvaltningResult()
    rent = defaultdict(lambda: {"months": {}, "total": ZERO})
    prices = (run.inputs.get("rent") or {}).get("prices", {})
    for c in charges:
        if c.source == ChargeSource.POOL:
            pool = splits.get(c.pool_id, {})
            result.pool_rows.append(
                {
                    "charge": c,
                    "name": c.pool_name,
                    "owner": pool.get("owner", ""),
                    "pool_amount": Decimal(pool["amount"]) if pool else c.base_amount,
                    "kommun_amount": c.base_amount if pool.get("kommun_split") else None,
                    "kommun_key": key_label(pool.get("key", ""))
                    if pool.get("kommun_split")
                    else "",
                    "key": key_label(c.key_kind),
                    "key_value": c.key_value,
                    "key_total": c.key_total,
                    "share": (c.key_value / c.key_total * 100) if c.key_total else None,
                    "amount": c.amount,
                }
            )
            result.pool_total += c.amount
        else:
            entry = rent[c.item_kind]
            entry["months"][c.month] = c.amount
            entry["total"] += c.amount
            entry["count"] = c.key_value
            entry["yearly"] = c.base_amount
            result.rent_total += c.amount
    month_totals = dict.fromkeys(MONTHS, ZERO)
    for kind, entry in sorted(rent.items()):
        price, period = prices.get(kind, [None, None])
        result.rent_rows.append(
            {
                "kind": str(ItemKind(kind).label),
                "count": int(entry["count"]),
                "price": Decimal(price) if price else None,
                "period": str(PricePeriod(period).label) if period else "",
                "total": entry["total"],
                "months": [entry["months"].get(m, ZERO) for m in MONTHS],
            }
        )
        for m in MONTHS:
            month_totals[m] += entry["months"].get(m, ZERO)
    result.months = [month_totals[m] for m in MONTHS]
    return result
