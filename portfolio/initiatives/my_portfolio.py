"""Min portfölj: one förvaltning's systems, initiatives, costs, benefits and risks.

A förvaltning-scoped user (förvaltningschef, systemägare …) sees their own
förvaltning. A kommun-wide user (IT-strateg, kommundirektör) picks one of the
kommun's förvaltningar with ``?forvaltning=``. Nothing of other förvaltningar
is shown; the querysets are also narrowed by the policy.

Key figures cover the current year and the next two (``KEY_FIGURE_YEARS``),
each in a fixed number of queries. Higher apps add sections to the page as
detail sections of the förvaltning (``register_detail_section("portfolio.forvaltning",
...)``): governance adds the decisions and ärenden that concern it.
"""

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Q, Sum
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext as _

from portfolio import policy
from portfolio.choices import BenefitKind, CostNature, InitiativeStatus
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
from portfolio.navigation import detail_sections_for


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


KEY_FIGURE_YEARS = 3  # this year and the next two
ZERO = Decimal(0)


def _sum_by_year(qs, field, value="amount") -> dict[tuple[int, str], Decimal]:
    """{(year, field value): total} in one query.

    ``order_by()`` drops the model's default ordering, so the database sorts
    nothing it does not need (it scanned and sorted the whole table before).
    """
    rows = qs.order_by().values("year", field).annotate(total=Sum(value))
    return {(row["year"], row[field]): row["total"] or ZERO for row in rows}


def key_figures(system_ids, initiative_ids, years: list[int], this_year: int) -> dict:
    """Costs (drift/utveckling, systems and initiatives) and benefits per year, in four queries.

    Returns ``years``, ``rows`` (label, unit "kr" or "h", one value per year;
    realised benefit is None for years not yet begun) and ``by_year`` (the
    same figures keyed per year, for the current-year facts).
    """
    system_costs = _sum_by_year(
        SystemCost.objects.filter(system__in=system_ids, year__in=years), "nature"
    )
    initiative_costs = _sum_by_year(
        InitiativeCost.objects.filter(initiative__in=initiative_ids, year__in=years), "nature"
    )
    measurable = (BenefitKind.KRONOR, BenefitKind.TIMMAR)
    planned = BenefitLine.objects.filter(
        initiative__in=initiative_ids, first_year__lte=years[-1], last_year__gte=years[0]
    ).aggregate(
        **{
            f"p{year}_{kind}": Sum(
                "yearly_value", filter=Q(kind=kind, first_year__lte=year, last_year__gte=year)
            )
            for year in years
            for kind in measurable
        }
    )
    realised = _sum_by_year(
        BenefitRealisation.objects.filter(
            benefit__initiative__in=initiative_ids, year__in=years, benefit__kind__in=measurable
        ),
        "benefit__kind",
        "value",
    )
    by_year = {}
    for year in years:
        sys_ops = system_costs.get((year, CostNature.DRIFT), ZERO)
        sys_dev = system_costs.get((year, CostNature.UTVECKLING), ZERO)
        ini_ops = initiative_costs.get((year, CostNature.DRIFT), ZERO)
        ini_dev = initiative_costs.get((year, CostNature.UTVECKLING), ZERO)
        begun = year <= this_year
        by_year[year] = {
            "drift": sys_ops + ini_ops,
            "utveckling": sys_dev + ini_dev,
            "total": sys_ops + sys_dev + ini_ops + ini_dev,
            "systems": sys_ops + sys_dev,
            "initiatives": ini_ops + ini_dev,
            "planned_kr": planned[f"p{year}_{BenefitKind.KRONOR}"] or ZERO,
            "realised_kr": realised.get((year, BenefitKind.KRONOR), ZERO) if begun else None,
            "planned_h": planned[f"p{year}_{BenefitKind.TIMMAR}"] or ZERO,
            "realised_h": realised.get((year, BenefitKind.TIMMAR), ZERO) if begun else None,
        }
    labels = [
        ("drift", _("Kostnader drift"), "kr"),
        ("utveckling", _("Kostnader utveckling"), "kr"),
        ("total", _("Kostnader totalt"), "kr"),
        ("systems", _("varav system"), "kr"),
        ("initiatives", _("varav initiativ"), "kr"),
        ("planned_kr", _("Planerad nytta, kronor"), "kr"),
        ("realised_kr", _("Realiserad nytta, kronor"), "kr"),
        ("planned_h", _("Planerad nytta, timmar"), "h"),
        ("realised_h", _("Realiserad nytta, timmar"), "h"),
    ]
    rows = [
        {"key": key, "label": label, "unit": unit, "values": [by_year[y][key] for y in years]}
        for key, label, unit in labels
    ]
    return {"years": years, "rows": rows, "by_year": by_year}


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
    figures = key_figures(
        [s.pk for s in systems],
        [i.pk for i in initiatives],
        list(range(year, year + KEY_FIGURE_YEARS)),
        today.year,
    )
    current = figures["by_year"][year]
    costs = {"drift": current["drift"], "utveckling": current["utveckling"]}
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
        "cost_total": current["total"],
        "key_figures": figures,
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
            context["sections"] = detail_sections_for(request, chosen)
        return render(request, "portfolio/initiatives/my_portfolio.html", context)
