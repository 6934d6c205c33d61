"""System and initiative registers: thin views over generic views and services."""

from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portfolio import policy, register_services, services
from portfolio.generic import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    restricted_or_404,
)
from portfolio.models import (
    BenefitLine,
    Contract,
    FinancingLine,
    Initiative,
    InitiativeCost,
    Risk,
    StatusReport,
    System,
    SystemCost,
)
from portfolio.navigation import detail_sections_for
from portfolio.register_filters import InitiativeFilter, SystemFilter
from portfolio.register_forms import (
    BenefitLineForm,
    ContractForm,
    FinancingLineForm,
    InitiativeCostForm,
    InitiativeForm,
    RiskForm,
    StatusReportForm,
    SystemCostForm,
    SystemForm,
    TransitionForm,
)
from portfolio.register_tables import InitiativeTable, SystemTable


def _history(obj, limit=15):
    """Audit rows with the changed fields, newest first."""
    records = list(obj.history.select_related("history_user")[: limit + 1])
    rows = []
    for newer, older in zip(records, records[1:] + [None], strict=False):
        changes = []
        if older is not None:
            delta = newer.diff_against(older)
            changes = [c.field for c in delta.changes]
        rows.append({"record": newer, "changes": changes})
    return rows[:limit]


# --- Systems -------------------------------------------------------------------


class SystemListView(ObjectListView):
    model = System
    queryset = System.objects.select_related("kommun", "forvaltning")
    table_class = SystemTable
    filterset_class = SystemFilter
    title = _("Systemregister")
    add_url_name = "portfolio:system_add"

    def can_add(self):
        return policy.get_scope(self.request.user).has_role(*register_services.SYSTEM_CREATORS)


class SystemDetailView(ObjectDetailView):
    model = System
    queryset = System.objects.select_related(
        "kommun", "forvaltning", "owner", "manager", "supplier", "samverkan"
    )
    template_name = "portfolio/system_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        system = self.object
        costs = list(system.costs.select_related("paying_forvaltning").order_by("-year"))
        by_year = defaultdict(lambda: {"drift": Decimal(0), "utveckling": Decimal(0)})
        for cost in costs:
            by_year[cost.year][cost.nature] += cost.amount
        context.update(
            contracts=system.contracts.select_related("supplier"),
            costs=costs,
            cost_years=sorted(
                (
                    (y, v["drift"], v["utveckling"], v["drift"] + v["utveckling"])
                    for y, v in by_year.items()
                ),
                reverse=True,
            ),
            availability=system.availability.all(),
            integrations_out=system.integrations_out.select_related("target"),
            integrations_in=system.integrations_in.select_related("source"),
            initiative_links=policy.restrict(
                system.initiative_links.select_related("initiative"), self.request.user
            ),
            history=_history(system),
            detail_sections=detail_sections_for(self.request, system),
            duplicates=register_services.duplicate_common_systems(system),
        )
        return context


class SystemEditView(ObjectEditView):
    model = System
    form_class = SystemForm

    def check_create(self):
        policy.require_role(self.request.user, *register_services.SYSTEM_CREATORS)

    def save(self, form):
        system = register_services.save_system(
            actor=self.request.user, system=form.save(commit=False)
        )
        duplicates = register_services.duplicate_common_systems(system)
        if duplicates.exists():
            messages.warning(
                self.request,
                _(
                    "Det finns redan ett kommungemensamt system av samma kategori: %(names)s. "
                    "Kommungemensamma system ska finnas en gång per kommun."
                )
                % {"names": ", ".join(s.name for s in duplicates)},
            )
        return system


# --- Initiatives -----------------------------------------------------------------


class InitiativeListView(ObjectListView):
    model = Initiative
    queryset = Initiative.objects.select_related("kommun", "forvaltning")
    table_class = InitiativeTable
    filterset_class = InitiativeFilter
    title = _("Initiativ")
    add_url_name = "portfolio:initiative_add"

    def can_add(self):
        return policy.get_scope(self.request.user).has_role(*register_services.INITIATIVE_CREATORS)


class InitiativeDetailView(ObjectDetailView):
    model = Initiative
    queryset = Initiative.objects.select_related("kommun", "forvaltning", "contact")
    template_name = "portfolio/initiative_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ini = self.object
        benefits = ini.benefits.prefetch_related("realisations")
        costs = list(ini.costs.all())
        context.update(
            goals=ini.goals.all(),
            participants=ini.participants.all(),
            benefits=benefits,
            costs=costs,
            cost_total=sum((c.amount for c in costs), Decimal(0)),
            financing=ini.financing.all(),
            risks=ini.risks.all(),
            status_reports=ini.status_reports.select_related("author")[:10],
            status_changes=ini.status_changes.select_related("actor"),
            affected_systems=ini.affected_systems.select_related("system"),
            transition_form=TransitionForm(initiative=ini) if context["can_change"] else None,
            history=_history(ini),
            detail_sections=detail_sections_for(self.request, ini),
        )
        return context


class InitiativeEditView(ObjectEditView):
    model = Initiative
    form_class = InitiativeForm

    def check_create(self):
        policy.require_role(self.request.user, *register_services.INITIATIVE_CREATORS)

    def save(self, form):
        return register_services.save_initiative(
            actor=self.request.user,
            initiative=form.save(commit=False),
            goals=list(form.cleaned_data.get("goals") or []),
            participants=list(form.cleaned_data.get("participants") or []),
        )


@require_POST
def initiative_transition(request, pk):
    if not request.user.is_authenticated:
        return HttpResponseRedirect(reverse("login"))
    initiative = restricted_or_404(Initiative.objects.all(), request.user, pk, policy.CHANGE)
    form = TransitionForm(request.POST, initiative=initiative)
    if not form.is_valid():
        messages.error(request, _("Den statusövergången är inte tillåten."))
    else:
        try:
            services.transition_initiative(
                actor=request.user,
                initiative=initiative,
                to_status=form.cleaned_data["to_status"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Status ändrad."))
    return HttpResponseRedirect(initiative.get_absolute_url())


# --- Rows under a system or an initiative ------------------------------------------


class ChildCreateView(ObjectEditView):
    """Add one row (contract, cost, benefit, …) to a parent the user may change."""

    parent_model = None
    parent_field = ""
    title = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.parent = restricted_or_404(
            self.parent_model.objects.all(), request.user, kwargs["parent_pk"], policy.CHANGE
        )
        self.object = None
        return super(ObjectEditView, self).dispatch(request, *args, **kwargs)

    def save(self, form):
        child = form.save(commit=False)
        setattr(child, self.parent_field, self.parent)
        return register_services.add_child(actor=self.request.user, parent=self.parent, child=child)

    def get_success_url(self, obj):
        return self.parent.get_absolute_url() + f"#{self.model._meta.model_name}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(parent=self.parent, model_name=f"{self.title} – {self.parent}")
        return context


def child_view(model, form_class, parent_model, parent_field, title):
    return type(
        f"{model.__name__}CreateView",
        (ChildCreateView,),
        {
            "model": model,
            "form_class": form_class,
            "parent_model": parent_model,
            "parent_field": parent_field,
            "title": title,
        },
    ).as_view()


contract_add = child_view(Contract, ContractForm, System, "system", _("avtal"))
system_cost_add = child_view(SystemCost, SystemCostForm, System, "system", _("kostnad"))
benefit_add = child_view(
    BenefitLine, BenefitLineForm, Initiative, "initiative", _("nyttokalkylrad")
)
initiative_cost_add = child_view(
    InitiativeCost, InitiativeCostForm, Initiative, "initiative", _("kostnad")
)
financing_add = child_view(
    FinancingLine, FinancingLineForm, Initiative, "initiative", _("finansiering")
)
risk_add = child_view(Risk, RiskForm, Initiative, "initiative", _("risk"))
status_report_add = child_view(
    StatusReport, StatusReportForm, Initiative, "initiative", _("statusrapport")
)
