"""Prioritisation pages. Thin: permission via the policy, work via services.

Contexts are chosen with ``?kommun=<id>`` or ``?samverkan=<id>``; without
one, the user's first kommun is used. A context the user may not read is a
404; a change the user may not make is a 403.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portfolio import policy
from portfolio import prioritisation_services as services
from portfolio.choices import Role, Verksamhetsomrade
from portfolio.generic import restricted_or_404
from portfolio.models import (
    BudgetLine,
    Criterion,
    Forvaltning,
    Gate,
    GateConfirmation,
    Initiative,
    Override,
    Round,
    Score,
    StrategicGoal,
)
from portfolio.models.prioritisation import BUDGET_ALL, BUDGET_SOURCE_CHOICES, GateKind
from portfolio.prioritisation import compare_rankings
from portfolio.prioritisation_charts import bar_chart, bubble_chart, risk_band, risk_label
from portfolio.prioritisation_forms import (
    BudgetForm,
    CriterionForm,
    GateForm,
    OverrideForm,
    RoundForm,
    ScoreForm,
)
from portfolio.prioritisation_rules import (
    can_steer_initiative,
    ranking_kommuner,
    ranking_samverkan,
)

READER_ROLES = {
    Role.IT_STRATEG,
    Role.ADMINISTRATOR,
    Role.KOMMUNDIREKTOR,
    Role.FORVALTNINGSCHEF,
    Role.STYRGRUPPSLEDAMOT,
    Role.EKONOM,
    Role.LASARE,
}


def default_year() -> int:
    """The ranking looks at next year's budget by default."""
    return timezone.localdate().year + 1


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def get_context(request) -> services.Context:
    """The kommun or samverkan of the request; 404 if the user may not read it."""
    scope = policy.get_scope(request.user)
    params = request.POST if request.method == "POST" else request.GET
    samverkan_id = _int(params.get("samverkan") or request.GET.get("samverkan"))
    kommun_id = _int(params.get("kommun") or request.GET.get("kommun"))
    if samverkan_id:
        samverkan = get_object_or_404(
            ranking_samverkan(scope).select_related("host"), pk=samverkan_id
        )
        return services.Context(samverkan=samverkan)
    kommuner = ranking_kommuner(scope).order_by("name")
    if kommun_id:
        return services.Context(kommun=get_object_or_404(kommuner, pk=kommun_id))
    first = kommuner.first()
    if first is None:
        raise Http404(_("Sidan finns inte."))
    return services.Context(kommun=first)


def _base_context(request, context: services.Context, year: int | None = None) -> dict:
    scope = policy.get_scope(request.user)
    return {
        "ctx": context,
        "ctx_qs": context.query_string,
        "year": year,
        "can_run": services.can_run(request.user, context),
        "kommun_choices": ranking_kommuner(scope).order_by("name"),
        "samverkan_choices": ranking_samverkan(scope).order_by("name"),
    }


def _redirect(name, context: services.Context, extra: str = "", args=None):
    url = reverse(name, args=args or [])
    return HttpResponseRedirect(f"{url}?{context.query_string}{extra}")


def _visible_ids(user, ids) -> set[int]:
    return set(
        policy.restrict(Initiative.objects.filter(pk__in=list(ids)), user).values_list(
            "pk", flat=True
        )
    )


# --- Ranked list ----


@login_required
def ranking(request):
    context = get_context(request)
    year = _int(request.GET.get("ar"), default_year())
    source = request.GET.get("kalla") or BUDGET_ALL
    if source not in dict(BUDGET_SOURCE_CHOICES):
        source = BUDGET_ALL
    result = services.build_ranking(context, year, source)
    all_items = result.ranked + result.failing + result.unscored
    visible = _visible_ids(request.user, [i.id for i in all_items])
    filters = {
        "forvaltning": _int(request.GET.get("forvaltning")),
        "area": request.GET.get("omrade") or "",
        "goal": _int(request.GET.get("mal")),
    }

    def shown(item) -> bool:
        e = item.extra
        if filters["forvaltning"] and e["forvaltning_id"] != filters["forvaltning"]:
            return False
        if filters["area"] and e["area"] != filters["area"]:
            return False
        return not (filters["goal"] and filters["goal"] not in e["goal_ids"])

    def row(item):
        return {"item": item, "visible": item.id in visible, "e": item.extra}

    rows = []
    line_drawn = False
    for item in result.ranked:
        if result.cut.line_after is not None and not line_drawn:
            if item.position > result.cut.line_after:
                rows.append({"line": True})
                line_drawn = True
        if shown(item):
            rows.append(row(item))
    if result.cut.line_after is not None and not line_drawn:
        rows.append({"line": True})
    ctx = _base_context(request, context, year)
    ctx.update(
        ranking=result,
        rows=rows,
        failing=[row(i) for i in result.failing if shown(i)],
        unscored=[row(i) for i in result.unscored if shown(i)],
        filters=filters,
        source=source,
        source_choices=BUDGET_SOURCE_CHOICES,
        forvaltningar=Forvaltning.objects.filter(kommun__in=context.kommun_ids()).order_by(
            "kommun__name", "name"
        ),
        areas=Verksamhetsomrade.choices,
        goals=StrategicGoal.objects.filter(kommun__in=context.kommun_ids(), active=True),
        open_round=Round.objects.filter(**context.lookup, year=year, status="open").first(),
    )
    return render(request, "portfolio/prioritisation/ranking.html", ctx)


# --- Criteria and gates ----


@login_required
def config(request):
    context = get_context(request)
    services.require_context(request.user, context, policy.MANAGE)
    ctx = _base_context(request, context)
    ctx.update(
        criteria=Criterion.objects.filter(**context.lookup),
        gates=Gate.objects.filter(**context.lookup),
    )
    return render(request, "portfolio/prioritisation/config.html", ctx)


def _edit_config_object(request, model, form_class, save, pk=None):
    if pk is not None:
        obj = restricted_or_404(model.objects.all(), request.user, pk, policy.CHANGE)
        context = services.context_for(obj)
    else:
        context = get_context(request)
        services.require_context(request.user, context, policy.MANAGE)
        obj = model(**context.lookup)
    form = form_class(request.POST or None, instance=obj, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            save(actor=request.user, **{model._meta.model_name: form.save(commit=False)})
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Sparat."))
            return _redirect("portfolio:prioritisation_config", context)
    ctx = _base_context(request, context)
    ctx.update(form=form, object=obj if pk else None, model_name=model._meta.verbose_name)
    return render(
        request,
        "portfolio/prioritisation/config_edit.html",
        ctx,
        status=400 if request.method == "POST" else 200,
    )


@login_required
def criterion_edit(request, pk=None):
    return _edit_config_object(request, Criterion, CriterionForm, services.save_criterion, pk)


@login_required
def gate_edit(request, pk=None):
    return _edit_config_object(request, Gate, GateForm, services.save_gate, pk)


# --- Scoring ----


def _initiative_in_context(request, pk, context):
    initiative = restricted_or_404(
        Initiative.objects.select_related("forvaltning", "kommun"), request.user, pk
    )
    if not context.initiatives().filter(pk=initiative.pk).exists():
        raise Http404(_("Sidan finns inte."))
    return initiative


@login_required
def score(request, pk):
    context = get_context(request)
    initiative = _initiative_in_context(request, pk, context)
    may_score = can_steer_initiative(policy.get_scope(request.user), initiative)
    if request.method == "POST" and not may_score:
        raise PermissionDenied(_("Bara IT-strategen eller administratören får poängsätta."))
    criteria = list(Criterion.objects.filter(**context.lookup, active=True))
    manual_gates = list(Gate.objects.filter(**context.lookup, active=True, kind=GateKind.MANUAL))
    scores = {s.criterion_id: s for s in Score.objects.filter(initiative=initiative)}
    confirmations = {c.gate_id: c for c in GateConfirmation.objects.filter(initiative=initiative)}
    form = ScoreForm(
        request.POST or None,
        criteria=criteria,
        scores=scores,
        manual_gates=manual_gates,
        confirmations=confirmations,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.score_initiative(
                actor=request.user,
                initiative=initiative,
                values=form.values(),
                comments=form.comments(),
            )
            for gate in manual_gates:
                if form.cleaned_data.get(f"gate_{gate.pk}"):
                    services.confirm_gate(
                        actor=request.user,
                        initiative=initiative,
                        gate=gate,
                        comment=form.cleaned_data[f"gatecomment_{gate.pk}"],
                    )
                elif gate.pk in confirmations:
                    services.withdraw_gate_confirmation(
                        actor=request.user, initiative=initiative, gate=gate
                    )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Poängen är sparade för %(t)s.") % {"t": initiative})
            return _redirect("portfolio:prioritisation_ranking", context)
    year = default_year()
    result = services.build_ranking(context, year)
    item = next(
        (i for i in result.ranked + result.failing + result.unscored if i.id == initiative.pk),
        None,
    )
    ctx = _base_context(request, context, year)
    ctx.update(
        initiative=initiative,
        form=form,
        may_score=may_score,
        item=item,
        scorable=initiative.status in services.SCORABLE_STATUSES,
        field_pairs=[
            (form[f"value_{c.pk}"], form[f"comment_{c.pk}"], scores.get(c.pk)) for c in criteria
        ],
        gate_pairs=[(form[f"gate_{g.pk}"], form[f"gatecomment_{g.pk}"]) for g in manual_gates],
    )
    return render(
        request,
        "portfolio/prioritisation/score.html",
        ctx,
        status=400 if request.method == "POST" else 200,
    )


# --- Override ----


@login_required
def override(request, pk):
    context = get_context(request)
    # Visibility first: an initiative the user cannot see is a 404, not a 403.
    initiative = _initiative_in_context(request, pk, context)
    services.require_context(request.user, context, policy.MANAGE)
    year = _int(request.GET.get("ar") or request.POST.get("ar"), default_year())
    form = OverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.override_position(
                actor=request.user,
                context=context,
                initiative=initiative,
                year=year,
                positions=form.positions(),
                justification=form.cleaned_data["justification"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Placeringen är ändrad och motiveringen loggad."))
            return _redirect("portfolio:prioritisation_ranking", context, f"&ar={year}")
    ctx = _base_context(request, context, year)
    ctx.update(
        initiative=initiative,
        form=form,
        log=Override.objects.filter(**context.lookup, initiative=initiative).select_related(
            "created_by"
        ),
    )
    return render(
        request,
        "portfolio/prioritisation/override.html",
        ctx,
        status=400 if request.method == "POST" else 200,
    )


# --- Budget ----


@login_required
def budget(request):
    context = get_context(request)
    services.require_context(request.user, context, policy.MANAGE)
    year = _int(request.GET.get("ar"), default_year())
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
            return _redirect(
                "portfolio:prioritisation_ranking",
                context,
                f"&ar={data['year']}&kalla={data['source']}",
            )
    ctx = _base_context(request, context, year)
    ctx.update(form=form, lines=BudgetLine.objects.filter(**context.lookup).order_by("-year"))
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
    year = _int(request.GET.get("ar"), default_year())
    result = services.build_ranking(context, year)
    visible = _visible_ids(request.user, [i.id for i in result.ranked])
    points = []
    for item in result.ranked:
        if item.id not in visible:
            continue
        e = item.extra
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
    ctx = _base_context(request, context, year)
    ctx.update(
        points=points,
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


# --- Rounds ----


@login_required
def round_list(request):
    context = get_context(request)
    form = RoundForm(
        request.POST or None,
        initial={"year": default_year(), "name": _("Prioritering %(y)s") % {"y": default_year()}},
    )
    if request.method == "POST":
        services.require_context(request.user, context, policy.MANAGE)
        if form.is_valid():
            try:
                services.create_round(
                    actor=request.user,
                    context=context,
                    name=form.cleaned_data["name"],
                    year=form.cleaned_data["year"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Omgången är skapad."))
                return _redirect("portfolio:prioritisation_rounds", context)
    ctx = _base_context(request, context)
    ctx.update(
        rounds=Round.objects.filter(**context.lookup).select_related("frozen_by"),
        form=form,
    )
    return render(
        request,
        "portfolio/prioritisation/round_list.html",
        ctx,
        status=400 if request.method == "POST" else 200,
    )


def _round(request, pk, action=policy.VIEW) -> Round:
    return restricted_or_404(
        Round.objects.select_related("kommun", "samverkan", "frozen_by"), request.user, pk, action
    )


@login_required
def round_freeze(request, pk):
    if request.method != "POST":
        return HttpResponseRedirect(reverse("portfolio:prioritisation_round", args=[pk]))
    round_ = _round(request, pk)
    context = services.context_for(round_)
    services.require_context(request.user, context, policy.MANAGE)
    if round_.is_frozen:
        raise PermissionDenied(_("Omgången är fryst och kan inte ändras."))
    try:
        services.freeze_round(
            actor=request.user, round=round_, source=request.POST.get("kalla") or BUDGET_ALL
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Omgången är fryst."))
    return HttpResponseRedirect(reverse("portfolio:prioritisation_round", args=[pk]))


def _snapshot_rows(request, rows: list[dict]) -> list[dict]:
    visible = _visible_ids(request.user, [r["id"] for r in rows])
    return [{**r, "visible": r["id"] in visible} for r in rows]


@login_required
def round_detail(request, pk):
    round_ = _round(request, pk)
    context = services.context_for(round_)
    if request.method == "POST":
        # No edit view exists; any change attempt on a frozen round is refused.
        services.require_context(request.user, context, policy.MANAGE)
        if round_.is_frozen:
            raise PermissionDenied(_("Omgången är fryst och kan inte ändras."))
        raise PermissionDenied(_("En omgång ändras genom att frysas."))
    snap = round_.snapshot or {}
    ctx = _base_context(request, context, round_.year)
    rows = []
    ranked = _snapshot_rows(request, snap.get("ranking", []))
    line_after = snap.get("line_after")
    for r in ranked:
        if line_after is not None and r["position"] == line_after + 1:
            rows.append({"line": True})
        rows.append(r)
    if line_after is not None and line_after >= len(ranked):
        rows.append({"line": True})
    ctx.update(
        round=round_,
        snap=snap,
        rows=rows,
        failing=_snapshot_rows(request, snap.get("failing", [])),
        other_rounds=Round.objects.filter(**context.lookup, status="frozen").exclude(pk=pk),
    )
    return render(request, "portfolio/prioritisation/round_detail.html", ctx)


@login_required
def round_compare(request):
    if not (request.GET.get("a") and request.GET.get("b")):
        # Nothing chosen yet: the round list has the comparison form.
        return redirect("portfolio:prioritisation_rounds")
    a = _round(request, _int(request.GET.get("a"), 0))
    b = _round(request, _int(request.GET.get("b"), 0))
    context = services.context_for(a)
    if services.context_for(b) != context:
        raise Http404(_("Omgångarna hör till olika prioriteringar."))
    old = a.snapshot.get("ranking", [])
    new = b.snapshot.get("ranking", [])
    visible = _visible_ids(request.user, [r["id"] for r in old + new])
    ctx = _base_context(request, context)
    ctx.update(
        a=a,
        b=b,
        rows=[{**r, "visible": r["id"] in visible} for r in compare_rankings(old, new)],
    )
    return render(request, "portfolio/prioritisation/round_compare.html", ctx)


# --- Navigation, start-page panel, demo seeder ----


def it_strateg_panel(request, scope):
    """Open rounds and unscored initiatives in the kommuner the user runs."""
    if not scope.has_role(*policy.STEWARD_ROLES) or scope.is_superuser:
        return None
    kommuner = list(ranking_kommuner(scope, policy.MANAGE).order_by("name")[:5])
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


def register_prioritisation_nav() -> None:
    """Menu entry, start-page panel and demo seeder (called from PortfolioConfig.ready)."""
    from portfolio import demo_prioritisation
    from portfolio.navigation import register_nav, register_panel

    register_nav(gettext_lazy("Prioritering"), "portfolio:prioritisation_ranking", READER_ROLES, 40)
    register_panel("portfolio/prioritisation/_panel.html", it_strateg_panel, order=50)
    demo_prioritisation.register()
