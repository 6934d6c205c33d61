"""Prioritisation settings: criteria and gates (ska-krav)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _

from portfolio import policy
from portfolio.generic import new_title, restricted_or_404
from portfolio.models import (
    Criterion,
    Gate,
)
from portfolio.prioritisation import freezing, services
from portfolio.prioritisation.forms import (
    CriterionForm,
    GateForm,
)
from portfolio.prioritisation.views.common import base_context, get_context, redirect_in_context

# --- Criteria and gates ----


@login_required
def config(request):
    context = get_context(request)
    services.require_context(request.user, context, policy.MANAGE)
    ctx = base_context(request, context)
    ctx.update(
        criteria=Criterion.objects.filter(**context.lookup),
        gates=Gate.objects.filter(**context.lookup),
        locked_round=freezing.locking_round(context),
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
            return redirect_in_context("portfolio:prioritisation_config", context)
    ctx = base_context(request, context)
    ctx.update(
        form=form,
        object=obj if pk else None,
        model_name=model._meta.verbose_name,
        new_title=new_title(model),
        locked_round=freezing.locking_round(context),
    )
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
