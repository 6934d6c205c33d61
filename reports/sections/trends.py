"""IT-bokslut chapters: trends over the years and comparison with other kommuner."""

from __future__ import annotations

from django.db.models import Q

from portfolio.models import (
    Kommun,
    Samverkansorganisation,
)
from reports.sections.common import TREND_YEARS
from reports.sections.costs import _cost_figures, _year_figures, cost_totals


def section_trends(kommun: Kommun, year: int) -> dict:
    years = list(range(year - TREND_YEARS + 1, year + 1))
    totals = cost_totals([kommun.pk], years)
    figures = _year_figures([kommun.pk], years)
    rows = [{"year": y, **_cost_figures(kommun.pk, y, totals, figures)} for y in years]
    return {"years": years, "rows": rows}


def comparison_kommuner(kommun: Kommun):
    """The kommuner of the same samverkansorganisation(s), or all when there is none."""
    groups = Samverkansorganisation.objects.filter(Q(members=kommun) | Q(host=kommun))
    if groups.exists():
        ids = set(groups.values_list("members", flat=True)) | set(
            groups.values_list("host", flat=True)
        )
        return Kommun.objects.filter(pk__in=ids).order_by("name")
    return Kommun.objects.order_by("name")


def section_comparison(kommun: Kommun, year: int) -> dict:
    kommuner = list(comparison_kommuner(kommun))
    ids = [k.pk for k in kommuner]
    totals = cost_totals(ids, [year])
    figures = _year_figures(ids, [year])
    return {
        "rows": [
            {
                "kommun": k,
                "is_self": k.pk == kommun.pk,
                **_cost_figures(k.pk, year, totals, figures),
            }
            for k in kommuner
        ]
    }
