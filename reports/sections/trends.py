"""IT-bokslut chapters: trends over the years and comparison with other kommuner.

The comparison's peer group (jämförelsegrupp) is exactly the member kommuner
of one samverkansorganisation the kommun belongs to, chosen when the report is
ordered and stored on the job (``ReportJob.comparison_samverkan``; for a
samverkan report, the samverkan itself). A kommun in no samverkan is compared
with every kommun in the portal. Missing figures stay None and print "–".
"""

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


def comparison_groups(kommun: Kommun):
    """The samverkan organisations the kommun belongs to (member or host): its peer groups."""
    ids = Samverkansorganisation.objects.filter(Q(members=kommun) | Q(host=kommun)).values("pk")
    return Samverkansorganisation.objects.filter(pk__in=ids).order_by("name")


def comparison_kommuner(kommun: Kommun, group: Samverkansorganisation | None):
    """The peer group: the members of ``group`` (and the kommun itself), or every kommun."""
    if group is None:
        return Kommun.objects.order_by("name")
    # A subquery, not a join on the members table: a join shared with another
    # filter on "members" would narrow the group (the earlier bug).
    members = Samverkansorganisation.members.through.objects.filter(
        samverkansorganisation=group
    ).values("kommun")
    return Kommun.objects.filter(Q(pk__in=members) | Q(pk=kommun.pk)).order_by("name")


def section_comparison(kommun: Kommun, year: int, group: Samverkansorganisation | None = None):
    kommuner = list(comparison_kommuner(kommun, group))
    ids = [k.pk for k in kommuner]
    totals = cost_totals(ids, [year])
    figures = _year_figures(ids, [year])
    return {
        "group": group,
        "rows": [
            {
                "kommun": k,
                "is_self": k.pk == kommun.pk,
                **_cost_figures(k.pk, year, totals, figures),
            }
            for k in kommuner
        ],
    }
