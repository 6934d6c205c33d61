"""Min portfölj: the decisions and ärenden that concern one förvaltning.

Registered on the förvaltning (``register_detail_section("portfolio.forvaltning")``,
which the Min portfölj page renders), so the portfolio layer shows governance
material without importing governance. A decision or ärende concerns the
förvaltning when it is about one of its systems or initiatives, or was filed
for it. Only what the policy lets the user see is listed; a decision or
ärende under sekretess is listed without its title.

Dates are the decision date (``Decision.decision_date``: the meeting's date
for a §, the decision day for a delegationsbeslut), never the day the data
was entered; a § not yet justerad is marked as such.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from governance.models import Case, Decision
from portfolio import policy
from portfolio.models import Initiative, System
from portfolio.navigation import register_detail_section

LIMIT = 50


def forvaltning_decisions(request, forvaltning) -> dict:
    """The decisions and ärenden concerning ``forvaltning``, as far as the user may see them.

    A fixed number of queries, however many rows.
    """
    user = request.user
    systems = System.objects.filter(forvaltning=forvaltning).values("pk")
    initiatives = Initiative.objects.filter(forvaltning=forvaltning).values("pk")
    concerning = Decision.objects.filter(
        Q(systems__in=systems)
        | Q(case__initiative__in=initiatives)
        | Q(initiative__in=initiatives)
        | Q(case__forvaltning=forvaltning)
    ).values("pk")
    decisions = (
        policy.restrict(Decision.objects.filter(pk__in=concerning), user)
        .select_related("council", "meeting", "case__initiative", "initiative")
        .prefetch_related(
            Prefetch(
                "systems",
                queryset=System.objects.filter(forvaltning=forvaltning).order_by("name"),
                to_attr="forvaltning_systems",
            )
        )
        .order_by("-decision_date", "-pk")[:LIMIT]
    )
    rows = []
    for d in decisions:
        initiative = d.initiative or (d.case.initiative if d.case_id else None)
        if initiative is not None and initiative.forvaltning_id != forvaltning.pk:
            initiative = None
        rows.append(
            {
                "decision": d,
                "date": d.decision_date,
                "title": None if d.is_secret else d.title,
                "systems": [] if d.is_secret else d.forvaltning_systems,
                "initiative": None if d.is_secret else initiative,
            }
        )
    concerning_cases = Case.objects.filter(
        Q(forvaltning=forvaltning) | Q(initiative__in=initiatives) | Q(systems__in=systems)
    ).values("pk")
    cases = (
        policy.restrict(Case.objects.filter(pk__in=concerning_cases), user)
        .select_related("initiative")
        .order_by("-year", "-number")[:LIMIT]
    )
    return {
        "decisions": rows,
        "cases": [{"case": c, "title": None if c.is_secret else c.title} for c in cases],
        "limit": LIMIT,
    }


register_detail_section(
    "portfolio.forvaltning",
    _("Beslut och ärenden"),
    "governance/_my_portfolio_decisions.html",
    forvaltning_decisions,
    order=50,
)
