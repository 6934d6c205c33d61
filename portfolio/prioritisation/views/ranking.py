"""Prioritisation pages. Thin: permission via the policy, work via services.

Contexts are chosen with ``?kommun=<id>`` or ``?samverkan=<id>``; without
one, the user's first kommun is used. A context the user may not read is a
404; a change the user may not make is a 403.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _

from portfolio import policy
from portfolio.choices import Verksamhetsomrade
from portfolio.models import (
    BudgetLine,
    Forvaltning,
    Round,
    StrategicGoal,
)
from portfolio.prioritisation import freezing, services
from portfolio.prioritisation.charts import bar_chart, bubble_chart, risk_band, risk_label
from portfolio.prioritisation.forms import (
    BudgetForm,
)
from portfolio.prioritisation.models import BUDGET_ALL, BUDGET_SOURCE_CHOICES, RoundStatus
from portfolio.prioritisation.ranking import ranked_page
from portfolio.prioritisation.views.common import (
    base_context,
    default_year,
    get_context,
    int_param,
    redirect_in_context,
    visible_ids,
)

# --- Ranked list ----


@login_required
def ranking(request):
    context = get_context(request)
    year = int_param(request.GET.get("ar"), default_year())
    source = request.GET.get("kalla") or BUDGET_ALL
    if source not in dict(BUDGET_SOURCE_CHOICES):
        source = BUDGET_ALL
    result = services.build_ranking(context, year, source)
    filters = {
        "forvaltning": int_param(request.GET.get("forvaltning")),
        "area": request.GET.get("omrade") or "",
        "goal": int_param(request.GET.get("mal")),
    }

    def shown(item) -> bool:
        e = item.extra
        if filters["forvaltning"] and e["forvaltning_id"] != filters["forvaltning"]:
            return False
        if filters["area"] and e["area"] != filters["area"]:
            return False
        return not (filters["goal"] and filters["goal"] not in e["goal_ids"])

    # 50 rows a page; the cut line is the whole ranking's (see ranked_page).
    listed = ranked_page(
        [i for i in result.ranked if shown(i)], result.cut.line_after, request.GET.get("page")
    )
    failing = [i for i in result.failing if shown(i)]
    unscored = [i for i in result.unscored if shown(i)]
    visible = visible_ids(request.user, [i.id for i in listed.items + failing + unscored])

    def row(item):
        return {"item": item, "visible": item.id in visible, "e": item.extra}

    rows = [row(i) for i in listed.items]
    if listed.line_before is not None:
        rows.insert(listed.line_before, {"line": True})
    query = request.GET.copy()
    query.pop("page", None)
    ctx = base_context(request, context, year)
    frozen_round = freezing.frozen_round(context, year)
    ctx.update(
        ranking=result,
        frozen_round=frozen_round,
        # A fastställd year's ranking is not changed: no Flytta, no budget link.
        can_change_year=ctx["can_run"] and frozen_round is None,
        rows=rows,
        page=listed.page,
        line_page=listed.line_page,
        query=query.urlencode(),
        failing=[row(i) for i in failing],
        unscored=[row(i) for i in unscored],
        filters=filters,
        source=source,
        source_choices=BUDGET_SOURCE_CHOICES,
        forvaltningar=Forvaltning.objects.filter(kommun__in=context.kommun_ids()).order_by(
            "kommun__name", "name"
        ),
        areas=Verksamhetsomrade.choices,
        goals=StrategicGoal.objects.filter(kommun__in=context.kommun_ids(), active=True),
        open_round=freezing.open_round(context, year),
    )
    return render(request, "portfolio/prioritisation/ranking.html", ctx)


# --- Budget ----


@login_required
def budget(request):
    context = get_context(request)
    services.require_context(request.user, context, policy.MANAGE)
    year = int_param(request.GET.get("ar"), default_year())
    form = BudgetForm(request.POST or None, initial={"year": year, "source": BUDGET_ALL})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.set_budget(
                actor=request.user,
                context=context,
                year=data["year"],
                source=data["source"],
                amount=data["amount"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Budgetramen är sparad."))
            return redirect_in_context(
                "portfolio:prioritisation_ranking",
                context,
                f"&ar={data['year']}&kalla={data['source']}",
            )
    ctx = base_context(request, context, year)
    frozen_years = set(
        Round.objects.filter(**context.lookup, status=RoundStatus.FROZEN).values_list(
            "year", flat=True
        )
    )
    ctx.update(
        form=form,
        lines=BudgetLine.objects.filter(**context.lookup).order_by("-year"),
        frozen_years=frozen_years,
    )
    return render(
        request,
        "portfolio/prioritisation/budget.html",
        ctx,
        status=400 if request.method == "POST" else 200,
    )


# --- Charts ----


@login_required
def charts(request):
    context = get_context(request)
    year = int_param(request.GET.get("ar"), default_year())
    result = services.build_ranking(context, year)
    visible = visible_ids(request.user, [i.id for i in result.ranked])
    points = []
    unestimated = []
    for item in result.ranked:
        if item.id not in visible:
            continue
        e = item.extra
        if not item.has_estimate:
            # No cost for the year: no place on the cost axis (0 kr would say "free").
            unestimated.append({"number": item.position, "label": e["title"]})
            continue
        band = risk_band(e["max_risk"])
        points.append(
            {
                "number": item.position,
                "label": e["title"],
                "x": item.cost,
                "y": e["benefit_kr"],
                "risk_band": band,
                "risk_label": risk_label(band),
                "max_risk": e["max_risk"],
            }
        )
    by_goal: dict[str, Decimal] = {}
    by_forvaltning: dict[str, Decimal] = {}
    for item in result.ranked:
        if item.id not in visible:
            continue
        e = item.extra
        for goal in e["goals"] or [_("Inget mål")]:
            by_goal[goal] = by_goal.get(goal, Decimal(0)) + item.cost
        by_forvaltning[e["forvaltning"]] = by_forvaltning.get(e["forvaltning"], 0) + item.cost
    goal_rows = sorted(by_goal.items(), key=lambda r: (-r[1], r[0]))
    forv_rows = sorted(by_forvaltning.items(), key=lambda r: (-r[1], r[0]))
    ctx = base_context(request, context, year)
    ctx.update(
        points=points,
        unestimated=unestimated,
        goal_rows=goal_rows,
        forv_rows=forv_rows,
        matrix_svg=bubble_chart(
            points,
            "matrix",
            _("Nytta och kostnad %(year)s") % {"year": year},
            _(
                "Bubbeldiagram: x-axeln är kostnad, y-axeln förväntad nytta, bubblans storlek "
                "kostnaden och färgen risken. Numret är placeringen. Samma data finns i "
                "tabellen bredvid."
            ),
        ),
        goal_svg=bar_chart(
            goal_rows,
            "goalbars",
            _("Kostnad per mål %(year)s") % {"year": year},
            _("Stapeldiagram över rangordnade initiativs kostnad per strategiskt mål."),
        ),
        forv_svg=bar_chart(
            forv_rows,
            "forvbars",
            _("Kostnad per förvaltning %(year)s") % {"year": year},
            _("Stapeldiagram över rangordnade initiativs kostnad per ägande förvaltning."),
        ),
    )
    return render(request, "portfolio/prioritisation/charts.html", ctx)
