"""IT-bokslut chapter: development (initiatives, benefits)."""

from __future__ import annotations

from django.db.models import Sum

from portfolio.choices import (
    BenefitKind,
    FinancingSource,
    InitiativeStatus,
)
from portfolio.models import (
    BenefitLine,
    BenefitRealisation,
    FinancingLine,
    Initiative,
    InitiativeStatusChange,
    Kommun,
)
from reports.sections.common import ZERO, _d, _percent


def section_development(kommun: Kommun, year: int) -> dict:
    initiatives = Initiative.objects.filter(kommun=kommun)
    finished_ids = InitiativeStatusChange.objects.filter(
        initiative__kommun=kommun, to_status=InitiativeStatus.AVSLUTAD, at__year=year
    ).values("initiative_id")
    finished = list(
        initiatives.filter(status=InitiativeStatus.AVSLUTAD, pk__in=finished_ids)
        .select_related("forvaltning")
        .order_by("title")
    )
    in_progress = list(
        initiatives.filter(status=InitiativeStatus.GENOMFORANDE)
        .select_related("forvaltning")
        .order_by("title")
    )
    benefits = {}
    lines = BenefitLine.objects.filter(
        initiative__kommun=kommun, kind__in=[BenefitKind.KRONOR, BenefitKind.TIMMAR]
    )
    for kind in (BenefitKind.KRONOR, BenefitKind.TIMMAR):
        planned = sum(
            (b.planned_for(year) for b in lines if b.kind == kind),
            ZERO,
        )
        realised = _d(
            BenefitRealisation.objects.filter(
                benefit__initiative__kommun=kommun, benefit__kind=kind, year=year
            ).aggregate(t=Sum("value"))["t"]
        )
        benefits[kind.value] = {
            "label": kind.label,
            "planned": planned,
            "realised": realised,
            "share": _percent(realised, planned),
        }
    earmarked = FinancingLine.objects.filter(
        initiative__kommun=kommun, source=FinancingSource.ORONMARKTA, year=year
    )
    agg = earmarked.aggregate(allocated=Sum("amount"), used=Sum("used"))
    earmarked_rows = list(
        earmarked.values("initiative__title")
        .annotate(allocated=Sum("amount"), used=Sum("used"))
        .order_by("initiative__title")
    )
    return {
        "finished": finished,
        "in_progress": in_progress,
        "benefits": benefits,
        "benefit_kronor_realised": benefits["kronor"]["realised"],
        "benefit_hours_realised": benefits["timmar"]["realised"],
        "earmarked_allocated": _d(agg["allocated"]),
        "earmarked_used": _d(agg["used"]),
        "earmarked_rows": earmarked_rows,
    }
