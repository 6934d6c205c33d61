"""Report sections that read the governance app: the decisions of the year and approved ärenden.

Registered in ``ReportsConfig.ready`` (reports may read governance, never the reverse).
"""

from __future__ import annotations

from collections import Counter

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.choices import APPROVALS, DecisionType
from governance.meetings.models import FINAL_DECISIONS_Q
from governance.models import Decision
from portfolio.models import Kommun

DECISIONS_DEFINITION = gettext_lazy(
    "Justerade beslut (och delegationsbeslut) under året som gäller kommunen, i kommunens "
    "egna råd och i samverkansorganisationens råd. Beslut under sekretess räknas men visas "
    "utan rubrik."
)


def _final_decisions(kommun: Kommun, year: int):
    return (
        Decision.objects.filter(year=year)
        .filter(FINAL_DECISIONS_Q)  # justerade (also omedelbart) and delegationsbeslut
        .filter(kommun=kommun)
        .select_related("council", "case")
        .order_by("decision_date", "number")
    )


def section_decisions(kommun: Kommun, year: int) -> dict:
    decisions = list(_final_decisions(kommun, year))
    counts = Counter(d.decision_type for d in decisions)
    return {
        "definition": DECISIONS_DEFINITION,
        "total": len(decisions),
        "by_type": [(label, counts.get(value, 0)) for value, label in DecisionType.choices],
        "approved_cost": sum(
            (
                d.case.cost_estimate or 0
                for d in decisions
                if d.case and d.decision_type in APPROVALS
            ),
            0,
        ),
        "rows": [
            {
                "ref": f"{d.paragraph}/{d.year}",
                "body": d.body_name,
                "date": d.decision_date,
                "title": _("(sekretess)") if d.is_secret else d.title,
                "type": d.get_decision_type_display(),
            }
            for d in decisions
        ],
    }


def approved_cases(kommun: Kommun, year: int) -> list[dict]:
    """Ärenden approved in the year, for the handlingsplan."""
    decisions = (
        _final_decisions(kommun, year)
        .filter(case__isnull=False, decision_type__in=list(APPROVALS), is_secret=False)
        .select_related("case__forvaltning", "case__initiative")
    )
    return [
        {
            "case": d.case,
            "decision": f"{d.paragraph}/{d.year} {d.body_name}",
            "conditions": d.conditions,
            "status": d.case.get_status_display(),
        }
        for d in decisions
    ]
