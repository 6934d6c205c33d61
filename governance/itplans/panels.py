"""The start page's IT-plan panel: the förvaltningschef's own plan, the IT-strateg's count."""

from __future__ import annotations

from django.utils import timezone

from governance.itplans.consolidation import SUBMITTED, current_plans, deadline
from governance.itplans.models import PLANNING_KINDS
from governance.itplans.rules import CHIEF_ROLES
from portfolio.models import Forvaltning, Kommun
from portfolio.policy import STEWARD_ROLES

MAX_ROWS = 5


def it_plan_panel(request, scope):
    """Next year's plans: per own förvaltning its status, per steered kommun how many are in."""
    if scope.is_anonymous or scope.is_superuser:
        return None
    year = timezone.localdate().year + 1
    kommuner = list(Kommun.objects.filter(pk__in=scope.kommun_ids(STEWARD_ROLES))[:MAX_ROWS])
    forvaltningar = list(
        Forvaltning.objects.filter(
            pk__in=scope.forvaltning_ids(CHIEF_ROLES), kind__in=PLANNING_KINDS
        ).select_related("kommun")[:MAX_ROWS]
    )
    if not (kommuner or forvaltningar):
        return None
    own = []
    for f in forvaltningar:
        plan = current_plans(f.kommun, year).filter(forvaltning=f).first()
        own.append({"forvaltning": f, "plan": plan, "deadline": deadline(f.kommun, year)})
    steered = []
    for k in kommuner:
        expected = Forvaltning.objects.filter(kommun=k, kind__in=PLANNING_KINDS).count()
        submitted = current_plans(k, year).filter(status__in=SUBMITTED).count()
        steered.append({"kommun": k, "submitted": submitted, "expected": expected})
    return {"year": year, "own": own, "steered": steered}
