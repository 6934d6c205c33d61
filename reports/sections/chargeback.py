"""The IT-bokslut chapter "Kostnadsfördelning": the year's distribution of shared IT costs
and hyressystem rent per förvaltning, with the pools and keys it used.

Reads the kommun's latest distribution run of the year (``portfolio.chargeback``); the
figures are the run's stored charges and inputs, so the chapter shows exactly what was
charged, even if pools or keys changed afterwards.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext_lazy

from portfolio.chargeback.distribution import latest_run
from portfolio.chargeback.models import ChargeSource
from portfolio.chargeback.result import run_result

DEFINITION = gettext_lazy(
    "Gemensamma IT-kostnader (kommungemensamma system, IT-plattformen, samverkans kostnader) "
    "fördelas på förvaltningarna med en nyckel per kostnadspool; en samverkans kostnad delas "
    "först mellan kommunerna. Hyressystemet debiterar hyrd utrustning enligt den beslutade "
    "prislistan. Varje fördelning summerar exakt till poolen (största-restmetoden på ören)."
)


def section_chargeback(kommun, year: int) -> dict:
    run = latest_run(kommun.pk, year)
    if run is None:
        return {"run": None, "definition": DEFINITION}
    result = run_result(run)
    per_forvaltning = {}
    for row in (
        run.charges.order_by().values("forvaltning__name", "source").annotate(total=Sum("amount"))
    ):
        entry = per_forvaltning.setdefault(
            row["forvaltning__name"], {"pools": Decimal(0), "rent": Decimal(0)}
        )
        entry["rent" if row["source"] == ChargeSource.RENT else "pools"] += row["total"]
    rows = [
        {"name": name, **values, "total": values["pools"] + values["rent"]}
        for name, values in sorted(per_forvaltning.items())
    ]
    return {
        "run": run,
        "definition": DEFINITION,
        "rows": rows,
        "pools": result["pools"],
        "rent": result["rent"],
        "pool_total": sum((r["pools"] for r in rows), Decimal(0)),
        "rent_total": sum((r["rent"] for r in rows), Decimal(0)),
        "total": run.total,
    }
