"""Initiative register views: configuration around the generic views and services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portfolio import policy
from portfolio.audit.trail import object_history
from portfolio.choices import ImportKind
from portfolio.generic import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    restricted_or_404,
    run_action,
)
from portfolio.imports.register_export import RegisterExportMixin
from portfolio.initiatives import forms
from portfolio.initiatives import services as svc
from portfolio.initiatives.filters import InitiativeFilter
from portfolio.initiatives.tables import InitiativeTable
from portfolio.models import Initiative, StatusReport, StrategicGoal
from portfolio.navigation import detail_sections_for


def latest_rag_subquery():
    return Subquery(
        StatusReport.objects.filter(initiative=OuterRef("pk"))
        .order_by("-date", "-pk")
        .values("rag")[:1]
    )


class InitiativeListView(RegisterExportMixin, ObjectListView):
    export_filename = "initiativ"
    register_kinds = (ImportKind.INITIATIVE,)
    export_columns = [
        (_("Titel"), lambda i: i.title),
        (_("Kommun"), lambda i: i.kommun.name),
        (_("Förvaltning"), lambda i: i.forvaltning.name),
        (_("Typ"), lambda i: i.get_kind_display()),
        (_("Verksamhetsområde"), lambda i: i.get_area_display()),
        (_("Status"), lambda i: i.get_status_display()),
        (_("Beskrivning"), lambda i: i.description),
    ]
    model = Initiative
    table_class = InitiativeTable
    filterset_class = InitiativeFilter
    title = _("Initiativ")
    add_url_name = "portfolio:initiative_add"

    def get_queryset(self):
        return (
            Initiative.objects.select_related("kommun", "forvaltning")
            .annotate(latest_rag=latest_rag_subquery())
            .order_by("-updated_at", "pk")
        )

    def can_add(self) -> bool:
        return policy.can_add(self.request.user, Initiative)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(can_import=self.can_add(), import_kind="initiative")
        return context


class InitiativeDetailView(ObjectDetailView):
    model = Initiative
    template_name = "portfolio/initiatives/initiative_detail.html"

    def get_queryset(self):
        return Initiative.objects.select_related("kommun", "forvaltning", "contact")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.object
        benefits = list(obj.benefits.select_related("owner").prefetch_related("realisations"))
        for line in benefits:
            realised = {r.year: r.value for r in line.realisations.all()}
            line.years = [
                {"year": y, "planned": line.planned_for(y), "realised": realised.get(y)}
                for y in range(line.first_year, line.last_year + 1)
            ]
        costs = list(obj.costs.all())
        years = sorted({c.year for c in costs})
        cost_rows = []
        for year in years:
            row = {"year": year, "investering": 0, "lopande": 0, "utveckling": 0, "drift": 0}
            for c in costs:
                if c.year == year:
                    row[c.kind] = row.get(c.kind, 0) + c.amount
                    row[c.nature] = row.get(c.nature, 0) + c.amount
            row["total"] = row["investering"] + row["lopande"]
            cost_rows.append(row)
        context.update(
            goals=obj.goals.all(),
            participants=obj.participants.all(),
            dependencies=obj.dependencies.all(),
            affected_systems=obj.affected_systems.select_related("system"),
            benefits=benefits,
            costs=costs,
            cost_rows=cost_rows,
            cost_total=sum(c.amount for c in costs),
            financing=obj.financing.all(),
            risks=obj.risks.all(),
            status_reports=obj.status_reports.select_related("author"),
            status_changes=obj.status_changes.select_related("actor"),
            history=object_history(obj, limit=50),
            detail_sections=detail_sections_for(self.request, obj),
            status_form=forms.StatusChangeForm(initiative=obj) if context["can_change"] else None,
            child_forms=[
                ("benefit", _("Lägg till nyttokalkylrad")),
                ("cost", _("Lägg till kostnad")),
                ("financing", _("Lägg till finansiering")),
                ("risk", _("Lägg till risk")),
                ("status_report", _("Lägg till statusrapport")),
                ("realisation", _("Registrera realiserad nytta")),
            ],
        )
        return context


class InitiativeCreateView(ObjectEditView):
    model = Initiative
    form_class = forms.InitiativeForm
    template_name = "portfolio/initiatives/initiative_edit.html"
    success_message = _("Initiativet är registrerat.")

    def get_form(self, data=None, files=None):
        form = super().get_form(data, files)
        if data is None:
            form.initial.setdefault("contact", self.request.user.pk)
        return form

    def post(self, request, *args, **kwargs):
        if "search_similar" in request.POST:
            form = self.get_form(request.POST)
            return self.render_to_response(self.get_context_data(form=form))
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        from portfolio.registers.similar import find_similar

        context = super().get_context_data(**kwargs)
        data = self.request.POST
        text = " ".join(data.get(k, "") for k in ("title", "description"))
        context["similar"] = find_similar(self.request.user, text, data.get("area", ""))
        return context

    def save(self, form):
        obj = form.save(commit=False)
        return svc.register_initiative(
            actor=self.request.user,
            initiative=obj,
            goals=form.cleaned_data.get("goals") or [],
            participants=form.cleaned_data.get("participants") or [],
        )


class InitiativeUpdateView(ObjectEditView):
    model = Initiative
    form_class = forms.InitiativeForm
    template_name = "portfolio/initiatives/initiative_edit.html"

    def save(self, form):
        obj = form.save(commit=False)
        return svc.update_initiative(
            actor=self.request.user,
            initiative=obj,
            goals=form.cleaned_data.get("goals") or [],
            participants=form.cleaned_data.get("participants") or [],
        )


@require_POST
def initiative_transition(request, pk):
    if not request.user.is_authenticated:
        return HttpResponseRedirect(f"{reverse('login')}?next={request.path}")
    initiative = restricted_or_404(Initiative.objects.all(), request.user, pk, policy.CHANGE)
    form = forms.StatusChangeForm(request.POST, initiative=initiative)
    if not form.is_valid():
        messages.error(request, _("Den statusövergången är inte tillåten."))
        return HttpResponseRedirect(initiative.get_absolute_url())
    return run_action(
        request,
        lambda: svc.transition_initiative(
            actor=request.user,
            initiative=initiative,
            to_status=form.cleaned_data["to_status"],
            comment=form.cleaned_data["comment"],
            decision_reference=form.cleaned_data["decision_reference"],
        ),
        success=lambda: _("Status ändrad till %s.") % initiative.get_status_display(),
        redirect_to=initiative.get_absolute_url(),
    )


CHILD_FORMS = {
    "benefit": (forms.BenefitLineForm, svc.add_benefit_line, "benefit", _("nyttokalkylrad")),
    "cost": (forms.InitiativeCostForm, svc.add_cost, "cost", _("kostnad")),
    "financing": (forms.FinancingLineForm, svc.add_financing, "financing", _("finansiering")),
    "risk": (forms.RiskForm, svc.add_risk, "risk", _("risk")),
    "status_report": (
        forms.StatusReportForm,
        svc.add_status_report,
        "report",
        _("statusrapport"),
    ),
}


def initiative_add_child(request, pk, kind):
    """Add one benefit line, cost, financing line, risk or status report."""
    if not request.user.is_authenticated:
        return HttpResponseRedirect(f"{reverse('login')}?next={request.path}")
    if kind not in CHILD_FORMS and kind != "realisation":
        raise Http404
    initiative = restricted_or_404(Initiative.objects.all(), request.user, pk, policy.CHANGE)
    if kind == "realisation":
        return _realisation(request, initiative)
    form_class, service, arg, label = CHILD_FORMS[kind]
    year = timezone.localdate().year
    initial = {"year": year, "first_year": year, "last_year": year + 2}
    extra = {"initiative": initiative} if kind == "benefit" else {}
    form = form_class(request.POST or None, user=request.user, initial=initial, **extra)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            obj = form.save(commit=False)
            obj.initiative = initiative
            try:
                service(actor=request.user, initiative=initiative, **{arg: obj})
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Sparat."))
                return HttpResponseRedirect(initiative.get_absolute_url())
        status = 400
    return render(
        request,
        "portfolio/initiatives/initiative_child_edit.html",
        {"form": form, "object": initiative, "label": label},
        status=status,
    )


def _realisation(request, initiative):
    form = forms.RealisationForm(
        request.POST or None,
        initiative=initiative,
        initial={"year": timezone.localdate().year},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                svc.record_realisation(
                    actor=request.user,
                    benefit=data["benefit"],
                    year=data["year"],
                    value=data["value"],
                    comment=data["comment"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Sparat."))
                return HttpResponseRedirect(initiative.get_absolute_url())
        status = 400
    return render(
        request,
        "portfolio/initiatives/initiative_child_edit.html",
        {"form": form, "object": initiative, "label": _("realiserad nytta")},
        status=status,
    )


# --- Strategic goals -------------------------------------------------------------


class StrategicGoalListView(ObjectListView):
    model = StrategicGoal
    title = _("Strategiska mål")
    add_url_name = "portfolio:goal_add"

    @property
    def table_class(self):
        from portfolio.initiatives.tables import StrategicGoalTable

        return StrategicGoalTable

    def get_queryset(self):
        return StrategicGoal.objects.select_related("kommun")

    def can_add(self):
        return policy.can_add(self.request.user, StrategicGoal)


class StrategicGoalEditView(ObjectEditView):
    model = StrategicGoal
    form_class = forms.StrategicGoalForm

    def save(self, form):
        obj = form.save(commit=False)
        if obj.pk:
            policy.require(self.request.user, policy.CHANGE, obj)
        else:
            policy.require_add(self.request.user, StrategicGoal, kommun_id=obj.kommun_id)
        obj._history_user = self.request.user
        obj.full_clean()
        obj.save()
        return obj

    def get_success_url(self, obj):
        return reverse("portfolio:goal_list")
