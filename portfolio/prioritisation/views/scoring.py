"""Scoring an initiative, confirming its gates and moving it in the ranking."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from portfolio import policy
from portfolio.generic import restricted_or_404
from portfolio.models import (
    Criterion,
    Gate,
    GateConfirmation,
    Initiative,
    Override,
    Score,
)
from portfolio.prioritisation import freezing, services
from portfolio.prioritisation.forms import (
    OverrideForm,
    ScoreForm,
)
from portfolio.prioritisation.models import GateKind
from portfolio.prioritisation.rules import can_steer_initiative
from portfolio.prioritisation.views.common import (
    base_context,
    default_year,
    get_context,
    int_param,
    redirect_in_context,
)

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
            return redirect_in_context("portfolio:prioritisation_ranking", context)
    year = default_year()
    result = services.build_ranking(context, year)
    item = next(
        (i for i in result.ranked + result.failing + result.unscored if i.id == initiative.pk),
        None,
    )
    ctx = base_context(request, context, year)
    ctx.update(
        initiative=initiative,
        form=form,
        may_score=may_score,
        locked_round=freezing.locking_round(context) if may_score else None,
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
    year = int_param(request.GET.get("ar") or request.POST.get("ar"), default_year())
    frozen_round = freezing.frozen_round(context, year)
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
            return redirect_in_context("portfolio:prioritisation_ranking", context, f"&ar={year}")
    ctx = base_context(request, context, year)
    ctx.update(
        initiative=initiative,
        form=form,
        frozen_round=frozen_round,
        frozen_message=freezing.frozen_year_message(frozen_round) if frozen_round else "",
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
