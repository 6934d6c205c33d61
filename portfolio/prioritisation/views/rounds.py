"""Prioritisation rounds: list, freeze, snapshot and compare."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from portfolio import policy
from portfolio.generic import restricted_or_404, run_action
from portfolio.models import (
    Round,
)
from portfolio.prioritisation import services
from portfolio.prioritisation.calculation import compare_rankings
from portfolio.prioritisation.forms import (
    RoundForm,
)
from portfolio.prioritisation.models import BUDGET_ALL
from portfolio.prioritisation.views.common import (
    base_context,
    default_year,
    get_context,
    int_param,
    redirect_in_context,
    visible_ids,
)

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
                return redirect_in_context("portfolio:prioritisation_rounds", context)
    ctx = base_context(request, context)
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
    return run_action(
        request,
        lambda: services.freeze_round(
            actor=request.user, round=round_, source=request.POST.get("kalla") or BUDGET_ALL
        ),
        success=_("Omgången är fryst."),
        redirect_to=reverse("portfolio:prioritisation_round", args=[pk]),
    )


def _snapshot_rows(request, rows: list[dict]) -> list[dict]:
    visible = visible_ids(request.user, [r["id"] for r in rows])
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
    ctx = base_context(request, context, round_.year)
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
    a = _round(request, int_param(request.GET.get("a"), 0))
    b = _round(request, int_param(request.GET.get("b"), 0))
    context = services.context_for(a)
    if services.context_for(b) != context:
        raise Http404(_("Omgångarna hör till olika prioriteringar."))
    old = a.snapshot.get("ranking", [])
    new = b.snapshot.get("ranking", [])
    visible = visible_ids(request.user, [r["id"] for r in old + new])
    ctx = base_context(request, context)
    ctx.update(
        a=a,
        b=b,
        rows=[{**r, "visible": r["id"] in visible} for r in compare_rankings(old, new)],
    )
    return render(request, "portfolio/prioritisation/round_compare.html", ctx)
