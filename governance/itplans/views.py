"""IT-plan views: thin; the policy decides, the services change state."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from governance.choices import ITPlanStatus
from governance.itplans import forms as plan_forms
from governance.itplans import services
from governance.itplans.consolidation import consolidate, cost_sums, deadline, year_sums
from governance.itplans.filters import ITPlanFilter
from governance.itplans.sections import consolidation_sections_for
from governance.itplans.tables import ITPlanTable
from governance.models import ITPlan, ITPlanCost, ITPlanInitiative, ITPlanSystem
from governance.pages import run_form
from portfolio import policy
from portfolio.generic import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    restricted_or_404,
    run_action,
)
from portfolio.models import Initiative, Kommun
from portfolio.navigation import detail_sections_for

PLAN_QS = ITPlan.objects.select_related("kommun", "forvaltning", "contact")


def next_year() -> int:
    return timezone.localdate().year + 1


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return next_year()
    return year if 2000 <= year <= 2100 else next_year()


class ITPlanListView(ObjectListView):
    model = ITPlan
    queryset = PLAN_QS
    table_class = ITPlanTable
    filterset_class = ITPlanFilter
    title = gettext_lazy("IT-planer")
    add_url_name = "governance:itplan_add"
    template_name = "governance/itplans/plan_list.html"

    def can_add(self):
        return policy.can_add(self.request.user, ITPlan)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        consolidating = policy.restrict(Kommun.objects.all(), self.request.user, policy.MANAGE)
        context["consolidating"] = consolidating.order_by("name")
        context["next_year"] = next_year()
        return context


class ITPlanEditView(ObjectEditView):
    model = ITPlan
    queryset = PLAN_QS
    form_class = plan_forms.ITPlanForm

    # check_create: the generic one asks policy.require_add(user, ITPlan).

    def save(self, form):
        data = form.cleaned_data
        if self.object is None:
            return services.start_plan(
                actor=self.request.user,
                forvaltning=data["forvaltning"],
                year=data["year"],
                contact=data["contact"],
                summary=data["summary"],
            )
        return services.update_plan(
            actor=self.request.user,
            plan=self.object,
            contact=data["contact"],
            summary=data["summary"],
        )


class ITPlanDetailView(ObjectDetailView):
    model = ITPlan
    queryset = PLAN_QS.select_related(
        "decision__council", "decision__meeting", "submitted_by", "adopted_by", "treated_by"
    )
    template_name = "governance/itplans/plan_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = self.object
        user = self.request.user
        versions = policy.restrict(
            ITPlan.objects.filter(forvaltning=plan.forvaltning, year=plan.year), user
        ).order_by("-version")
        latest = versions.first()
        can_change = context["can_change"]
        context.update(
            initiative_lines=plan.initiative_lines.select_related("initiative"),
            system_lines=plan.system_lines.select_related("system"),
            cost_lines=plan.cost_lines.all(),
            sums=year_sums(plan.horizon, cost_sums([plan.pk]).get(plan.pk, {})),
            versions=versions,
            deadline=deadline(plan.kommun, plan.year),
            can_submit=policy.can(user, policy.SUBMIT, plan),
            can_manage=policy.can(user, policy.MANAGE, plan),
            can_new_version=plan.is_frozen
            and latest is not None
            and latest.pk == plan.pk
            and policy.can_add(user, ITPlan, forvaltning=plan.forvaltning),
            can_propose=can_change
            and policy.can_add(user, Initiative, forvaltning=plan.forvaltning),
            detail_sections=detail_sections_for(self.request, plan),
        )
        return context


# --- Lines ------------------------------------------------------------------------------

LINE_KINDS = {
    "initiativ": gettext_lazy("Lägg till initiativ ur registret"),
    "nytt-initiativ": gettext_lazy("Föreslå nytt initiativ"),
    "system": gettext_lazy("Lägg till systemförändring"),
    "kostnad": gettext_lazy("Lägg till kostnad"),
}
LINE_MODELS = {"initiativ": ITPlanInitiative, "system": ITPlanSystem, "kostnad": ITPlanCost}


def _line_form(kind, data, user, plan):
    if kind == "initiativ":
        return plan_forms.PlanInitiativeForm(data, user=user, plan=plan)
    if kind == "nytt-initiativ":
        return plan_forms.ProposeInitiativeForm(data, user=user, plan=plan)
    if kind == "system":
        systems = services.system_choices(plan, user)
        return plan_forms.PlanSystemForm(data, user=user, plan=plan, systems=systems)
    return plan_forms.PlanCostForm(data, user=user, plan=plan)


def _save_line(kind, user, plan, form):
    data = form.cleaned_data
    if kind == "initiativ":
        services.add_plan_initiative(
            actor=user,
            plan=plan,
            initiative=data["initiative"],
            start_year=data["start_year"],
            note=data["note"],
        )
    elif kind == "nytt-initiativ":
        services.propose_initiative(
            actor=user,
            plan=plan,
            initiative=form.instance,
            start_year=data["start_year"],
            note=data["note"],
        )
    elif kind == "system":
        services.add_plan_system(actor=user, plan=plan, line=form.instance)
    else:
        services.add_plan_cost(actor=user, plan=plan, cost=form.instance)


@login_required
def plan_line_add(request, pk, kind):
    if kind not in LINE_KINDS:
        raise Http404
    plan = restricted_or_404(PLAN_QS, request.user, pk, policy.CHANGE)
    if kind == "nytt-initiativ":
        policy.require_add(request.user, Initiative, forvaltning=plan.forvaltning)
    form = _line_form(kind, request.POST or None, request.user, plan)
    return run_form(
        request,
        form,
        lambda data: _save_line(kind, request.user, plan, form),
        success=_("Sparat i IT-planen."),
        redirect_to=plan.get_absolute_url(),
        title=f"{LINE_KINDS[kind]}: {plan}",
        back=plan.get_absolute_url(),
    )


@login_required
@require_POST
def plan_line_delete(request, kind, pk):
    if kind not in LINE_MODELS:
        raise Http404
    line = restricted_or_404(
        LINE_MODELS[kind].objects.select_related("plan"), request.user, pk, policy.CHANGE
    )
    return run_action(
        request,
        lambda: services.remove_plan_line(actor=request.user, line=line),
        success=_("Borttaget ur IT-planen."),
        redirect_to=line.plan.get_absolute_url(),
    )


# --- The workflow -----------------------------------------------------------------------


def _new_version_redirect(request, plan):
    new = services.start_new_version(actor=request.user, plan=plan)
    messages.success(request, _("En ny version (utkast) är startad."))
    return HttpResponseRedirect(new.get_absolute_url())


# slug: (label, policy action, service call)
PLAN_ACTIONS = {
    "lamna-in": (
        gettext_lazy("Lämna in"),
        policy.SUBMIT,
        lambda request, plan: services.submit_plan(actor=request.user, plan=plan),
    ),
    "faststall": (
        gettext_lazy("Fastställ"),
        policy.MANAGE,
        lambda request, plan: services.adopt_plan(actor=request.user, plan=plan),
    ),
}


@login_required
@require_POST
def plan_action(request, pk, action):
    if action == "ny-version":
        plan = restricted_or_404(PLAN_QS, request.user, pk)
        policy.require_add(request.user, ITPlan, forvaltning=plan.forvaltning)
        try:
            return _new_version_redirect(request, plan)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(plan.get_absolute_url())
    if action not in PLAN_ACTIONS:
        raise Http404
    label, right, call = PLAN_ACTIONS[action]
    plan = restricted_or_404(PLAN_QS, request.user, pk, right)
    return run_action(
        request,
        lambda: call(request, plan),
        success=_("%(label)s: klart.") % {"label": label},
        redirect_to=plan.get_absolute_url(),
    )


@login_required
def plan_treat(request, pk):
    """Record that the IT-styrgrupp has treated the plan: pick its §."""
    plan = restricted_or_404(PLAN_QS, request.user, pk, policy.MANAGE)
    if plan.status != ITPlanStatus.INLAMNAD:
        messages.error(request, _("Bara en inlämnad IT-plan kan behandlas av IT-styrgruppen."))
        return HttpResponseRedirect(plan.get_absolute_url())
    form = plan_forms.TreatPlanForm(
        request.POST or None, decisions=services.styrgrupp_decisions(plan, request.user)
    )
    return run_form(
        request,
        form,
        lambda data: services.treat_plan(actor=request.user, plan=plan, decision=data["decision"]),
        success=_("IT-styrgruppens behandling är registrerad."),
        redirect_to=plan.get_absolute_url(),
        title=_("Behandlad av IT-styrgruppen: %(plan)s") % {"plan": plan},
        back=plan.get_absolute_url(),
    )


# --- Consolidation -------------------------------------------------------------------------


@login_required
def consolidation(request, pk):
    """All plans of a kommun side by side: sums, missing plans, förändringsträngsel."""
    kommun = restricted_or_404(Kommun.objects.all(), request.user, pk, policy.MANAGE)
    year = _year(request.GET.get("year"))
    result = consolidate(kommun, year)
    return render(
        request,
        "governance/itplans/consolidation.html",
        {
            "kommun": kommun,
            "c": result,
            "years": range(next_year() - 2, next_year() + 3),
            "sections": consolidation_sections_for(request, result),
        },
    )


@login_required
@require_POST
def send_to_prioritisation(request, pk):
    kommun = restricted_or_404(Kommun.objects.all(), request.user, pk, policy.MANAGE)
    year = _year(request.POST.get("year"))
    url = reverse("governance:itplan_consolidation", args=[kommun.pk]) + f"?year={year}"
    try:
        result = services.send_to_prioritisation(actor=request.user, kommun=kommun, year=year)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(url)
    messages.success(
        request,
        _(
            "%(sent)s initiativ skickades till prioriteringen (kvalificering); %(already)s fanns "
            "redan där; %(skipped)s har kommit längre och skickades inte."
        )
        % {
            "sent": len(result.sent),
            "already": len(result.already),
            "skipped": len(result.skipped),
        },
    )
    return HttpResponseRedirect(url)
