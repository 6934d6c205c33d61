"""IT-bokslut chapter: the summary, built from the other sections."""

from __future__ import annotations

from decimal import Decimal

from portfolio.models import (
    Kommun,
)
from reports.sections.common import KEY_FIGURES, _percent
from reports.sections.costs import _cost_figures, _year_figures, cost_totals


def section_summary(kommun: Kommun, year: int, sections: dict) -> dict:
    """The key figures with change against the previous year."""
    totals = cost_totals([kommun.pk], [year - 1, year])
    figures = _year_figures([kommun.pk], [year - 1, year])
    previous = _cost_figures(kommun.pk, year - 1, totals, figures)
    current = {
        **_cost_figures(kommun.pk, year, totals, figures),
        "systems_in_use": sections["landscape"]["in_use"],
        "systems_without_pub": len(sections["landscape"]["without_pub"]),
        "systems_unclassified": len(sections["landscape"]["unclassified"]),
        "availability_met_share": sections["quality"]["availability_met_share"],
        "initiatives_finished": len(sections["development"]["finished"]),
        "benefit_kronor_realised": sections["development"]["benefit_kronor_realised"],
        "benefit_hours_realised": sections["development"]["benefit_hours_realised"],
        "earmarked_used": sections["development"]["earmarked_used"],
    }
    rows = []
    for kf in KEY_FIGURES:
        value = current.get(kf.key)
        prev = previous.get(kf.key)
        change = None
        if kf.unit == "%":
            # A share changes in procentenheter, not in percent of itself.
            if value is not None and prev is not None:
                change = Decimal(value) - Decimal(prev)
        elif value is not None and prev is not None and prev != 0:
            change = _percent(Decimal(value) - Decimal(prev), prev)
        rows.append({"figure": kf, "value": value, "previous": prev, "change": change})
    return {"rows": rows, "values": current}
