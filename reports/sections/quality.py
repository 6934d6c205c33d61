"""IT-bokslut chapter: quality (fit, technical debt, documentation)."""

from __future__ import annotations

from portfolio.models import (
    Kommun,
    System,
    SystemAvailability,
)
from reports.sections.common import ACTIVE_LIFECYCLES, _percent


def section_quality(kommun: Kommun, year: int) -> dict:
    rows = []
    met = measured = 0
    for a in (
        SystemAvailability.objects.filter(system__kommun=kommun, year=year)
        .select_related("system")
        .order_by("system__name")
    ):
        ok = a.measured is not None and a.measured >= a.target
        if a.measured is not None:
            measured += 1
            met += ok
        rows.append(
            {
                "system": a.system.name,
                "target": a.target,
                "measured": a.measured,
                "met": ok,
                "satisfaction": a.satisfaction,
                "user_count": a.system.user_count,
            }
        )
    users = (
        System.objects.filter(kommun=kommun, lifecycle__in=ACTIVE_LIFECYCLES)
        .exclude(user_count=None)
        .order_by("-user_count", "name")
        .values_list("name", "user_count")
    )
    return {
        "availability": rows,
        "measured_count": measured,
        "met_count": met,
        "availability_met_share": _percent(met, measured),
        "user_counts": list(users),
        "user_total": sum(u for _, u in users),
    }
