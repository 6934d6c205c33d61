"""IT budget views: thin; the policy decides, the services change state."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portfolio import policy
from portfolio.budget import services
from portfolio.budget.filters import BudgetOutcomeFilter, BudgetVersionFilter
from portfolio.budget.forms import BudgetLineForm, BudgetVersionForm, DecideForm, OutcomeForm
from portfolio.budget.models import BudgetOutcome, BudgetVersion, ITBudgetLine
from portfolio.budget.rules import budget_kommuner
from portfolio.budget.tables import BudgetOutcomeTable, BudgetVersionTable
from portfolio.choices import BudgetKind, ImportKind
from portfolio.generic import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    restricted_or_404,
    run_action,
)
from portfolio.imports.services import may_import

VERSION_QS = BudgetVersion.objects.select_related("kommun", "samverkan")
LINE_QS = ITBudgetLine.objects.select_related(
    "version__kommun", "version__samverkan", "forvaltning", "owner_samverkan"
)


def _form_page(request, form, action, *, success, redirect_to, title, back):
    """Validate ``form``, run ``action(form)`` (a service) and redirect; else show errors."""
    if request.method == "POST" and form.is_valid():
        try:
            action(form)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, success)
            return HttpResponseRedirect(redirect_to)
    return render(
        request,
        "portfolio/budget/form.html",
        {"form": form, "title": title, "back": back},
        status=400 if request.method == "POST" else 200,
    )


class BudgetListView(ObjectListView):
    model = BudgetVersion
    queryset = VERSION_QS
    table_class = BudgetVersionTable
    filterset_class = BudgetVersionFilter
    title = gettext_lazy("IT-budget")
    add_url_name = "portfolio:budget_add"
    template_name = "portfolio/budget/budget_list.html"

    def can_add(self):
        return policy.can_add(self.request.user, BudgetVersion)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        scope = policy.get_scope(self.request.user)
        context["comparing"] = budget_kommuner(scope).order_by("name")
        return context


class BudgetAddView(ObjectEditView):
    model = BudgetVersion
    form_class = BudgetVersionForm

    def get_form(self, data=None, files=None):
        return BudgetVersionForm(data=data, user=self.request.user)

    def save(self, form):
        data = form.cleaned_data
        return services.start_version(
            actor=self.request.user,
            kommun=data["kommun"],
            samverkan=data["samverkan"],
            first_year=data["first_year"],
            years=data["years"],
            title=data["title"],
        )


class BudgetDetailView(ObjectDetailView):
    model = BudgetVersion
    queryset = VERSION_QS.select_related("decided_by", "copied_from")
    template_name = "portfolio/budget/budget_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        version = self.object
        user = self.request.user
        lines = policy.restrict(LINE_QS.filter(version=version), user).order_by("key", "year", "pk")
        sums = services.line_sums(version, lines)
        years = [
            {
                "year": y,
                "inv": sums.get(y, {}).get(BudgetKind.INVESTERING, 0),
                "ops": sums.get(y, {}).get(BudgetKind.DRIFT, 0),
            }
            for y in version.horizon
        ]
        for row in years:
            row["total"] = row["inv"] + row["ops"]
        where = {"kommun": version.kommun, "samverkan": version.samverkan}
        context.update(
            lines=lines,
            years=years,
            can_decide=policy.can(user, policy.DECIDE, version),
            can_copy=policy.can_add(
                user,
                BudgetVersion,
                kommun_id=version.kommun_id,
                samverkan_id=version.samverkan_id,
            ),
            versions=policy.restrict(
                BudgetVersion.objects.filter(**where, first_year=version.first_year), user
            ).order_by("-number"),
            can_compare=version.kommun_id is not None
            and budget_kommuner(policy.get_scope(user)).filter(pk=version.kommun_id).exists(),
        )
        return context


@login_required
def line_add(request, pk):
    version = restricted_or_404(VERSION_QS, request.user, pk, policy.CHANGE)
    form = BudgetLineForm(request.POST or None, user=request.user, version=version)
    return _form_page(
        request,
        form,
        lambda f: services.save_line(actor=request.user, line=f.instance),
        success=_("Budgetraden är sparad."),
        redirect_to=version.get_absolute_url(),
        title=_("Ny budgetrad: %(v)s") % {"v": version},
        back=version.get_absolute_url(),
    )


@login_required
def line_edit(request, pk):
    line = restricted_or_404(LINE_QS, request.user, pk, policy.CHANGE)
    version = line.version
    form = BudgetLineForm(request.POST or None, instance=line, user=request.user, version=version)
    return _form_page(
        request,
        form,
        lambda f: services.save_line(actor=request.user, line=f.instance),
        success=_("Budgetraden är sparad."),
        redirect_to=version.get_absolute_url(),
        title=_("Ändra budgetrad: %(line)s") % {"line": line},
        back=version.get_absolute_url(),
    )


@login_required
@require_POST
def line_delete(request, pk):
    line = restricted_or_404(LINE_QS, request.user, pk, policy.DELETE)
    return run_action(
        request,
        lambda: services.remove_line(actor=request.user, line=line),
        success=_("Budgetraden är borttagen."),
        redirect_to=line.version.get_absolute_url(),
    )


@login_required
def decide(request, pk):
    version = restricted_or_404(VERSION_QS, request.user, pk, policy.DECIDE)
    form = DecideForm(request.POST or None)
    return _form_page(
        request,
        form,
        lambda f: services.decide_version(
            actor=request.user, version=version, reference=f.cleaned_data["reference"]
        ),
        success=_("Budgetversionen är beslutad."),
        redirect_to=version.get_absolute_url(),
        title=_("För in beslut: %(v)s") % {"v": version},
        back=version.get_absolute_url(),
    )


@login_required
@require_POST
def copy(request, pk):
    version = restricted_or_404(VERSION_QS, request.user, pk, policy.ADD)
    try:
        new = services.copy_version(actor=request.user, version=version)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(version.get_absolute_url())
    messages.success(request, _("En ny version är startad som förslag."))
    return HttpResponseRedirect(new.get_absolute_url())


# --- Outcome -----------------------------------------------------------------------------


class OutcomeListView(ObjectListView):
    model = BudgetOutcome
    queryset = BudgetOutcome.objects.select_related("kommun", "samverkan")
    table_class = BudgetOutcomeTable
    filterset_class = BudgetOutcomeFilter
    title = gettext_lazy("Budgetutfall")
    add_url_name = "portfolio:budget_outcome_add"
    template_name = "portfolio/budget/outcome_list.html"

    def can_add(self):
        return policy.can_add(self.request.user, BudgetOutcome)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_import"] = self.can_add() and may_import(self.request.user)
        context["import_kind"] = ImportKind.BUDGET_OUTCOME
        return context


@login_required
def outcome_add(request):
    policy.require_add(request.user, BudgetOutcome)
    form = OutcomeForm(request.POST or None, user=request.user)
    back = reverse("portfolio:budget_outcome_list")

    def save(f):
        data = f.cleaned_data
        services.set_outcome(
            actor=request.user,
            kommun=data["kommun"],
            samverkan=data["samverkan"],
            year=data["year"],
            key=data["key"],
            amount=data["amount"],
            note=data["note"],
        )

    return _form_page(
        request,
        form,
        save,
        success=_("Utfallet är sparat."),
        redirect_to=back,
        title=_("Nytt utfall"),
        back=back,
    )
