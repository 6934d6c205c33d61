"""API: the system register (systems, contracts, costs, suppliers).

Systems, contracts and costs are written through the portal's forms and
``portfolio.registers.services`` (``save_system``, ``add_child``,
``update_child``): the same checks, messages and audit history as the pages.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, serializers

from portfolio import policy
from portfolio.api.base import FormWriteMixin, PersonSerializer, PolicyViewSet, form_serializer
from portfolio.choices import ContractStatus, CostNature, CostType
from portfolio.models import Contract, Integration, Supplier, System, SystemCost
from portfolio.registers import services
from portfolio.registers.filters import ContractFilter, SupplierFilter, SystemFilter
from portfolio.registers.forms import ContractForm, SystemCostForm, SystemForm

TAG = _("Systemregister")


class ContractSerializer(serializers.ModelSerializer):
    supplier_name = serializers.CharField(source="supplier.name", read_only=True)
    last_cancel_date = serializers.DateField(read_only=True, label=_("sista uppsägningsdag"))
    status = serializers.SerializerMethodField(label=_("status"))

    class Meta:
        model = Contract
        fields = [
            "id",
            "system",
            "supplier",
            "supplier_name",
            "number",
            "start_date",
            "end_date",
            "notice_months",
            "renewal_type",
            "extension_options",
            "annual_cost",
            "last_cancel_date",
            "status",
        ]

    def get_status(self, contract) -> str:
        return ContractStatus(contract.status()).value


class SystemCostSerializer(serializers.ModelSerializer):
    class Meta:
        model = SystemCost
        fields = [
            "id",
            "system",
            "year",
            "cost_type",
            "nature",
            "amount",
            "payer",
            "paying_forvaltning",
        ]


class IntegrationSerializer(serializers.ModelSerializer):
    source_name = serializers.CharField(source="source.name", read_only=True)
    target_name = serializers.CharField(source="target.name", read_only=True)

    class Meta:
        model = Integration
        fields = [
            "id",
            "source",
            "source_name",
            "target",
            "target_name",
            "direction",
            "information",
        ]


class SystemSerializer(serializers.ModelSerializer):
    owner = PersonSerializer(read_only=True, label=_("systemägare"))
    manager = PersonSerializer(read_only=True, allow_null=True, label=_("systemförvaltare"))
    time_class = serializers.CharField(read_only=True, allow_null=True, label=_("TIME"))
    contracts = ContractSerializer(many=True, read_only=True, label=_("avtal"))
    costs = SystemCostSerializer(many=True, read_only=True, label=_("kostnader"))
    integrations_out = IntegrationSerializer(
        many=True, read_only=True, label=_("integrationer från systemet")
    )
    integrations_in = IntegrationSerializer(
        many=True, read_only=True, label=_("integrationer till systemet (som du ser)")
    )

    class Meta:
        model = System
        fields = [
            "id",
            "name",
            "description",
            "kommun",
            "forvaltning",
            "samverkan",
            "kind",
            "category",
            "area",
            "owner",
            "manager",
            "supplier",
            "used_by",
            "hosting",
            "lifecycle",
            "lifecycle_since",
            "planned_retirement",
            "functional_fit",
            "technical_fit",
            "time_class",
            "tech_debt",
            "documentation",
            "vendor_dependency",
            "confidentiality",
            "integrity",
            "availability_class",
            "classified_on",
            "personal_data",
            "pub_agreement",
            "pub_signed_on",
            "user_count",
            "availability_target",
            "created_at",
            "updated_at",
            "contracts",
            "costs",
            "integrations_out",
            "integrations_in",
        ]


class SupplierSerializer(serializers.ModelSerializer):
    class Meta:
        model = Supplier
        fields = ["id", "name", "org_number", "contact"]


SystemWrite = form_serializer(SystemForm, "SystemWrite")
PARENT_HELP = _("Systemet raden hör till. Anges när raden skapas och kan inte ändras.")
ContractWrite = form_serializer(
    ContractForm,
    "ContractWrite",
    system=serializers.IntegerField(label=_("system"), help_text=PARENT_HELP),
)
SystemCostWrite = form_serializer(
    SystemCostForm,
    "SystemCostWrite",
    system=serializers.IntegerField(label=_("system"), help_text=PARENT_HELP),
)


def _write_schema(summary, description, request, response):
    return extend_schema(
        tags=[TAG], summary=summary, description=description, request=request, responses=response
    )


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary=_("System"),
        description=_(
            "Systemen du ser, med avtal, kostnader, informationsklassning (K/R/T) och "
            "integrationer. Filtrera som i systemregistret."
        ),
    ),
    retrieve=extend_schema(tags=[TAG], summary=_("Ett system")),
    create=_write_schema(
        _("Registrera ett system"),
        _(
            "Samma fält, kontroller och felmeddelanden som formuläret Nytt system. "
            "Förvaltningen avgör kommunen; systemägare och systemförvaltare måste ha en roll "
            "i kommunen."
        ),
        SystemWrite,
        SystemSerializer,
    ),
    partial_update=_write_schema(
        _("Ändra ett system"),
        _("Ange bara fälten som ändras. Kräver att du får ändra systemet."),
        SystemWrite,
        SystemSerializer,
    ),
)
class SystemViewSet(FormWriteMixin, PolicyViewSet):
    queryset = System.objects.select_related("owner", "manager").order_by("name", "pk")
    serializer_class = SystemSerializer
    filterset_class = SystemFilter
    form_class = SystemForm

    def base_queryset(self):
        integrations_in = policy.restrict(
            Integration.objects.select_related("source", "target"), self.request.user
        )
        return self.queryset.prefetch_related(
            "used_by",
            Prefetch(
                "contracts", Contract.objects.select_related("supplier").order_by("end_date", "pk")
            ),
            Prefetch("costs", SystemCost.objects.order_by("-year", "cost_type", "pk")),
            Prefetch("integrations_out", Integration.objects.select_related("source", "target")),
            Prefetch("integrations_in", integrations_in),
        )

    def save_form(self, form):
        return services.save_system(actor=self.request.user, system=form.save(commit=False))


class ChildWriteMixin(FormWriteMixin):
    """A row under a system: created with ``system``, changed like the page's child rows."""

    def check_create(self) -> None:
        field = forms.ModelChoiceField(
            queryset=policy.restrict(System.objects.all(), self.request.user, policy.VIEW)
        )
        payload = self.request.data if isinstance(self.request.data, dict) else {}
        try:
            self.parent = field.clean(payload.get("system"))
        except DjangoValidationError as exc:
            raise exceptions.ValidationError({"system": exc.messages}) from None
        policy.require(self.request.user, policy.CHANGE, self.parent)

    def get_form(self, data, instance):
        form = super().get_form(data, instance)
        if instance is None:
            # The parent is known before validation, so the model's clean() can use it.
            form.instance.system = self.parent
        return form

    def save_form(self, form):
        child = form.save(commit=False)
        if child.pk is None:
            return services.add_child(actor=self.request.user, parent=self.parent, child=child)
        return services.update_child(actor=self.request.user, child=child)


class ApiContractFilter(ContractFilter):
    system = django_filters.NumberFilter(field_name="system", label=_("System (id)"))

    class Meta(ContractFilter.Meta):
        fields = [*ContractFilter.Meta.fields, "system"]


class SystemCostFilter(django_filters.FilterSet):
    system = django_filters.NumberFilter(field_name="system", label=_("System (id)"))
    year = django_filters.NumberFilter(label=_("År"))
    cost_type = django_filters.ChoiceFilter(choices=CostType.choices, label=_("Kostnadsslag"))
    nature = django_filters.ChoiceFilter(choices=CostNature.choices, label=_("Drift/utveckling"))

    class Meta:
        model = SystemCost
        fields = ["system", "year", "cost_type", "nature"]


@extend_schema_view(
    list=extend_schema(
        tags=[TAG], summary=_("Avtal"), description=_("Avtalen för systemen du ser.")
    ),
    retrieve=extend_schema(tags=[TAG], summary=_("Ett avtal")),
    create=_write_schema(
        _("Lägg till ett avtal"),
        _(
            "Samma fält och kontroller som formuläret Lägg till avtal. "
            "Kräver att du får ändra systemet."
        ),
        ContractWrite,
        ContractSerializer,
    ),
    partial_update=_write_schema(
        _("Ändra ett avtal"), _("Ange bara fälten som ändras."), ContractWrite, ContractSerializer
    ),
)
class ContractViewSet(ChildWriteMixin, PolicyViewSet):
    queryset = Contract.objects.select_related("supplier").order_by("end_date", "pk")
    serializer_class = ContractSerializer
    filterset_class = ApiContractFilter
    form_class = ContractForm


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary=_("Systemkostnader"),
        description=_("Årskostnaderna för systemen du ser."),
    ),
    retrieve=extend_schema(tags=[TAG], summary=_("En systemkostnad")),
    create=_write_schema(
        _("Lägg till en systemkostnad"),
        _(
            "Samma fält och kontroller som formuläret Lägg till kostnad. "
            "Kräver att du får ändra systemet."
        ),
        SystemCostWrite,
        SystemCostSerializer,
    ),
    partial_update=_write_schema(
        _("Ändra en systemkostnad"),
        _("Ange bara fälten som ändras."),
        SystemCostWrite,
        SystemCostSerializer,
    ),
)
class SystemCostViewSet(ChildWriteMixin, PolicyViewSet):
    queryset = SystemCost.objects.order_by("system", "-year", "cost_type", "pk")
    serializer_class = SystemCostSerializer
    filterset_class = SystemCostFilter
    form_class = SystemCostForm


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary=_("Leverantörer"),
        description=_("Leverantörskatalogen, gemensam för alla kommuner."),
    ),
    retrieve=extend_schema(tags=[TAG], summary=_("En leverantör")),
)
class SupplierViewSet(PolicyViewSet):
    queryset = Supplier.objects.order_by("name", "pk")
    serializer_class = SupplierSerializer
    filterset_class = SupplierFilter


ROUTES = [
    ("system", SystemViewSet, "system"),
    ("avtal", ContractViewSet, "contract"),
    ("systemkostnader", SystemCostViewSet, "systemcost"),
    ("leverantorer", SupplierViewSet, "supplier"),
]
