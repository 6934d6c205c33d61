"""Min portfölj: the förvaltning's charges of the year (latest run), in one query.

Registered on the förvaltning as a detail section, which the Min portfölj page renders.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portfolio import policy
from portfolio.chargeback.models import Charge, ChargeSource, DistributionRun
from portfolio.chargeback.rules import reads_forvaltning_charges
from portfolio.navigation import register_detail_section


def forvaltning_charges(request, forvaltning) -> dict | None:
    if not reads_forvaltning_charges(request.user, forvaltning):
        return None
    year = timezone.localdate().year
    latest = (
        DistributionRun.objects.filter(kommun_id=forvaltning.kommun_id, year=year)
        .order_by("-number")
        .values("pk")[:1]
    )
    rows = list(
        policy.restrict(
            Charge.objects.filter(run=Subquery(latest), forvaltning=forvaltning), request.user
        )
        .order_by()
        .values("source", "pool_name", "run__number")
        .annotate(total=Sum("amount"))
        .order_by("source", "pool_name")
    )
    for row in rows:
        row["is_rent"] = row["source"] == ChargeSource.RENT
    return {
        "forvaltning": forvaltning,
        "year": year,
        "run_number": rows[0]["run__number"] if rows else None,
        "rows": rows,
        "total": sum((r["total"] for r in rows), Decimal(0)),
    }


register_detail_section(
    "portfolio.forvaltning",
    _("Debitering av IT-kostnader"),
    "portfolio/chargeback/_my_portfolio.html",
    forvaltning_charges,
    order=40,
)
