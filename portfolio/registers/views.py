"""The system register: thin views over generic views and services."""

from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from portfolio import policy
from portfolio.attestation.services import attestation_text, with_attestation
from portfolio.audit.trail import object_history
from portfolio.choices import ImportKind
from portfolio.generic import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    restricted_or_404,
)
from portfolio.imports.register_export import RegisterExportMixin
from portfolio.models import (
    Contract,
    Integration,
    Supplier,
    System,
    SystemAvailability,
    SystemCost,
)
from portfolio.navigation import detail_sections_for
from portfolio.registers import services as register_services
from portfolio.registers.filters import ContractFilter, SupplierFilter, SystemFilter
from portfolio.registers.forms import (
    ContractForm,
    IntegrationForm,
    SupplierForm,
    SystemAvailabilityForm,
    SystemCostForm,
    SystemForm,
)
from portfolio.registers.similar import find_similar
from portfolio.registers.tables import ContractTable, SupplierTable, SystemTable

# --- Systems -------------------------------------------------------------------


class SystemListView(RegisterExportMixin, ObjectListView):
    export_filename = "system"
    register_kinds = (ImportKind.SYSTEM, ImportKind.SYSTEM_COST)
    export_columns = [
        (_("Namn"), lambda s: s.name),
        (_("Beskrivning"), lambda s: s.description),
        (_("Kommun"), lambda s: s.kommun.name),
        (_("Förvaltning"), lambda s: s.forvaltning.name),
        (_("Typ"), lambda s: s.get_kind_display()),
        (_("Kategori"), lambda s: s.get_category_display()),
        (_("Livscykelfas"), lambda s: s.get_lifecycle_display()),
        (_("TIME"), lambda s: s.get_time_class_display()),
        (_("K/R/T"), lambda s: s.krt),
        (_("Årlig bekräftelse"), lambda s: attestation_text(s)),
    ]
    model = System
    queryset = System.objects.select_related("kommun", "forvaltning")
    table_class = SystemTable
    filterset_class = SystemFilter
    title = _("Systemregister")
    add_url_name = "portfolio:system_add"

    def can_add(self):
        return policy.can_add(self.request.user, System)

    def get_queryset(self):
        # "Ej bekräftad <år>" per row, from two subqueries of the one list query
        return with_attestation(super().get_queryset())

    def register_objects(self, kind, queryset):
        if kind == ImportKind.SYSTEM_COST:
            return SystemCost.objects.filter(system__in=queryset)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_import"] = self.can_add()
        return context


class ContractListView(RegisterExportMixin, ObjectListView):
    register_kinds = (ImportKind.CONTRACT,)
    model = Contract
    queryset = Contract.objects.select_related("system", "supplier")
    table_class = ContractTable
    filterset_class = ContractFilter
    title = _("Avtal")
    export_filename = "avtal"
    export_columns = [
        (_("Avtalsnummer"), lambda c: c.number),
        (_("System"), lambda c: c.system.name),
        (_("Leverantör"), lambda c: c.supplier.name),
        (_("Startdatum"), lambda c: c.start_date),
        (_("Slutdatum"), lambda c: c.end_date),
        (_("Sista uppsägningsdag"), lambda c: c.last_cancel_date),
        (_("Status"), lambda c: c.get_status_display()),
        (_("Årskostnad"), lambda c: c.annual_cost),
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            can_import=policy.can_add(self.request.user, System), import_kind=ImportKind.CONTRACT
        )
        return context


class SystemDetailView(ObjectDetailView):
    model = System
    queryset = System.objects.select_related(
        "kommun", "forvaltning", "owner", "manager", "supplier", "samverkan"
    )
    template_name = "portfolio/registers/system_detail.html"

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
            history=object_history(system),
            detail_sections=detail_sections_for(self.request, system),
            duplicates=register_services.duplicate_common_systems(system),
        )
        return context


class SystemEditView(ObjectEditView):
    model = System
    form_class = SystemForm

    def check_create(self):
        policy.require_add(self.request.user, System)

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


# --- Suppliers (leverantörer) ----------------------------------------------------------


class SupplierListView(ObjectListView):
    model = Supplier
    table_class = SupplierTable
    filterset_class = SupplierFilter
    title = _("Leverantörer")
    add_url_name = "portfolio:supplier_add"

    def can_add(self):
        return policy.can_add(self.request.user, Supplier)


class SupplierDetailView(ObjectDetailView):
    """The supplier and its contracts and systems, as far as the user may see them."""

    model = Supplier
    template_name = "portfolio/registers/supplier_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            contracts=policy.restrict(
                self.object.contracts.select_related("system__kommun"), user
            ).order_by("end_date", "pk"),
            systems=policy.restrict(
                self.object.systems.select_related("kommun", "forvaltning"), user
            ).order_by("name", "pk"),
        )
        return context


class SupplierEditView(ObjectEditView):
    model = Supplier
    form_class = SupplierForm

    def check_create(self):
        policy.require_add(self.request.user, Supplier)

    def save(self, form):
        return register_services.save_supplier(
            actor=self.request.user, supplier=form.save(commit=False)
        )


# --- Rows under a system or an initiative ------------------------------------------


class ChildCreateView(ObjectEditView):
    """Add one row (a contract or a yearly cost) to a system the user may change."""

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

    def get_form(self, data=None, files=None):
        form = super().get_form(data, files)
        # The parent is known before validation, so the model's clean() can use it.
        setattr(form.instance, self.parent_field, self.parent)
        return form

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

integration_add = child_view(Integration, IntegrationForm, System, "source", _("integration"))
availability_add = child_view(
    SystemAvailability, SystemAvailabilityForm, System, "system", _("tillgänglighet")
)


class ChildEditView(ObjectEditView):
    """Change one row under a system; the policy asks whether the parent may be changed."""

    parent_field = ""

    def save(self, form):
        return register_services.update_child(
            actor=self.request.user, child=form.save(commit=False)
        )

    def get_success_url(self, obj):
        return getattr(obj, self.parent_field).get_absolute_url() + f"#{self.anchor}"


class IntegrationEditView(ChildEditView):
    model = Integration
    queryset = Integration.objects.select_related("source", "target")
    form_class = IntegrationForm
    parent_field = "source"
    anchor = "integration"


class SystemAvailabilityEditView(ChildEditView):
    model = SystemAvailability
    queryset = SystemAvailability.objects.select_related("system")
    form_class = SystemAvailabilityForm
    parent_field = "system"
    anchor = "systemavailability"


def _child_delete(model, parent_field, anchor):
    @login_required
    @require_POST
    def view(request, pk):
        child = restricted_or_404(model.objects.all(), request.user, pk, policy.DELETE)
        parent = getattr(child, parent_field)
        register_services.delete_child(actor=request.user, child=child)
        messages.success(request, _("Borttaget."))
        return redirect(parent.get_absolute_url() + f"#{anchor}")

    return view


integration_delete = _child_delete(Integration, "source", "integration")
availability_delete = _child_delete(SystemAvailability, "system", "systemavailability")


def similar(request):
    """HTML fragment for "Finns det redan?" (``?q=&area=``), for htmx or plain GET."""
    if not request.user.is_authenticated:
        return HttpResponseRedirect(f"{reverse('login')}?next={request.path}")
    text = request.GET.get("q", "") or " ".join(
        request.GET.get(k, "") for k in ("title", "name", "description")
    )
    result = find_similar(request.user, text, request.GET.get("area", ""))
    return render(request, "portfolio/registers/_similar.html", {"similar": result})
