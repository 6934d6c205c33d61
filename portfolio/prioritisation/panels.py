"""Start-page panel of the prioritisation."""

from __future__ import annotations

from django.db.models import Count, Q

from portfolio import policy
from portfolio.models import (
    Initiative,
    Round,
)
from portfolio.prioritisation import services


def it_strateg_panel(request, scope):
    """Open rounds and unscored initiatives in the kommuner the user runs."""
    if scope.is_superuser:
        return None
    # The kommuner where the user runs the prioritisation: the policy's targets for rounds.
    kommuner = list(policy.targets(request.user, Round).kommuner().order_by("name")[:5])
    if not kommuner:
        return None
    open_rounds = Round.objects.filter(kommun__in=kommuner, status="open").select_related("kommun")
    unscored = (
        Initiative.objects.filter(kommun__in=kommuner, status__in=services.SCORABLE_STATUSES)
        .annotate(n=Count("scores", filter=Q(scores__criterion__active=True)))
        .filter(n=0)
        .count()
    )
    return {"open_rounds": open_rounds, "unscored": unscored, "kommun": kommuner[0]}
