"""Min portfölj: one förvaltning's systems, initiatives, costs, benefits and risks.

A förvaltning-scoped user (förvaltningschef, systemägare …) sees their own
förvaltning. A kommun-wide user (IT-strateg, kommundirektör) picks one of the
kommun's förvaltningar with ``?forvaltning=``. Nothing of other förvaltningar
is shown; the querysets are also narrowed by the policy.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.db.models import Q, Sum
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch
from django.utils import timezone

from portfolio import policy
from portfolio.choices import BenefitKind, InitiativeStatus
from portfolio.generic import PortalView
from portfolio.models import (
    BenefitLine,
    BenefitRealisation,
    Contract,
    Forvaltning,
    Initiative,
    InitiativeCost,
    System,
    SystemCost,
)


def object_url(obj) -> str | None:
    """The object's URL, or None while its detail page is not installed."""
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return None


def selectable_forvaltningar(user):
    """Förvaltningar whose portfolio ``user`` may open."""
    scope = policy.get_scope(user)
    qs = Forvaltning.objects.select_related("kommun").order_by("kommun__name", "name")
    if scope.is_superuser:
        return qs
    return qs.filter(Q(pk__in=scope.forvaltning_ids()) | Q(kommun__in=scope.kommun_ids()))


def _sum_by(qs, field):
    return {row[field]: row["total"] or 0 for row in qs.values(field).annotate(total=Sum("amount"))}


def build_portfolio(user, forvaltning, year: int, today: datetime.date) -> dict:
    systems = list(
        policy.restrict(System.objects.filter(forvaltning=forvaltning), user, policy.VIEW)
        .select_related("supplier")
        .order_by("name")
    )
    for system in systems:
        system.url = object_url(system)
    initiatives = list(
        policy.restrict(
            Initiative.objects.filter(forvaltning=forvaltning), user, policy.VIEW
        ).order_by("status", "title")
    )
    system_costs = _sum_by(
        SystemCost.objects.filter(system__in=[s.pk for s in systems], year=year), "nature"
    )
    initiative_costs = _sum_by(
        InitiativeCost.objects.filter(initiative__in=[i.pk for i in initiatives], year=year),
        "nature",
    )
    costs = {
        nature: system_costs.get(nature, 0) + initiative_costs.get(nature, 0)
        for nature in ("drift", "utveckling")
    }
    benefit_lines = BenefitLine.objects.filter(
        initiative__in=[i.pk for i in initiatives], first_year__lte=year, last_year__gte=year
    ).exclude(kind=BenefitKind.KVALITATIV)
    planned = {
        row["kind"]: row["total"] or 0
        for row in benefit_lines.values("kind").annotate(total=Sum("yearly_value"))
    }
    realised = {
        row["benefit__kind"]: row["total"] or 0
        for row in BenefitRealisation.objects.filter(
            benefit__initiative__in=[i.pk for i in initiatives], year=year
        )
        .values("benefit__kind")
        .annotate(total=Sum("value"))
    }
    horizon = today + relativedelta(months=12)
    contracts = [
        c
        for c in Contract.objects.filter(
            system__in=[s.pk for s in systems], end_date__gte=today
        ).select_related("system", "supplier")
        if today <= c.last_cancel_date <= horizon
    ]
    contracts.sort(key=lambda c: c.last_cancel_date)
    in_progress = sum(1 for i in initiatives if i.status == InitiativeStatus.GENOMFORANDE)
    return {
        "forvaltning": forvaltning,
        "year": year,
        "systems": systems,
        "initiatives": initiatives,
        "costs": costs,
        "cost_total": sum(costs.values()),
        "benefits": [
            {
                "kind": kind,
                "label": BenefitKind(kind).label,
                "planned": planned.get(kind, 0),
                "realised": realised.get(kind, 0),
            }
            for kind in (BenefitKind.KRONOR, BenefitKind.TIMMAR)
        ],
        "contracts": contracts,
        "lacking_pub": [s for s in systems if s.lacks_pub_agreement],
        "lacking_krt": [s for s in systems if not s.is_classified],
        "in_progress": in_progress,
        "capacity": forvaltning.change_capacity,
        "overloaded": in_progress > forvaltning.change_capacity,
    }


class MyPortfolioView(PortalView):
    def get(self, request):
        choices = list(selectable_forvaltningar(request.user))
        chosen = None
        wanted = request.GET.get("forvaltning")
        if wanted:
            chosen = next((f for f in choices if str(f.pk) == wanted), None)
            if chosen is None:
                raise Http404
        else:
            own = policy.get_scope(request.user).forvaltning_ids()
            chosen = next((f for f in choices if f.pk in own), None)
            if chosen is None and len(choices) == 1:
                chosen = choices[0]
        context = {"choices": choices, "chosen": chosen}
        if chosen is not None:
            today = timezone.localdate()
            context["portfolio"] = build_portfolio(request.user, chosen, today.year, today)
        return render(request, "portfolio/initiatives/my_portfolio.html", context)
