from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from portfolio import policy
from portfolio.forms import PortalModelForm, UserChoiceField
from portfolio.models import (
    Contract,
    Forvaltning,
    Integration,
    Supplier,
    System,
    SystemAvailability,
    SystemCost,
)


class SystemForm(PortalModelForm):
    """Förvaltningar where the user may register (or the current one) and the kommun's people."""

    owner = UserChoiceField(label=_("Systemägare"), queryset=get_user_model().objects.none())
    manager = UserChoiceField(
        label=_("Systemförvaltare"), queryset=get_user_model().objects.none(), required=False
    )

    class Meta:
        model = System
        fields = [
            "name",
            "description",
            "kind",
            "category",
            "area",
            "forvaltning",
            "owner",
            "manager",
            "samverkan",
            "supplier",
            "hosting",
            "lifecycle",
            "lifecycle_since",
            "planned_retirement",
            "functional_fit",
            "technical_fit",
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
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        targets = policy.targets(user, System)
        current = self.instance.forvaltning_id if self.instance.pk else None
        self.fields["forvaltning"].queryset = (
            Forvaltning.objects.filter(
                Q(pk__in=targets.forvaltningar().values("pk")) | Q(pk=current)
            )
            .select_related("kommun")
            .order_by("kommun__name", "name")
        )
        if self.instance.pk:
            people = policy.people(kommun_id=self.instance.kommun_id)
        else:
            people = policy.people(kommun_ids=targets.kommuner().values_list("pk", flat=True))
        for name in ("owner", "manager"):
            self.fields[name].queryset = people


class ChildForm(PortalModelForm):
    """A small form for one row under a system or initiative."""


def child_form(model, field_names, widgets=None):
    meta = type("Meta", (), {"model": model, "fields": field_names, "widgets": widgets or {}})
    return type(f"{model.__name__}Form", (ChildForm,), {"Meta": meta})


ContractForm = child_form(
    Contract,
    [
        "supplier",
        "number",
        "start_date",
        "end_date",
        "notice_months",
        "renewal_type",
        "extension_options",
        "annual_cost",
    ],
)
SystemCostForm = child_form(
    SystemCost, ["year", "cost_type", "nature", "amount", "payer", "paying_forvaltning"]
)


class SupplierForm(PortalModelForm):
    class Meta:
        model = Supplier
        fields = ["name", "org_number", "contact"]


class SystemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.kommun.name})"


class IntegrationForm(PortalModelForm):
    """An integration from this system; the target must be a system the user can see."""

    target = SystemChoiceField(label=_("Målsystem"), queryset=System.objects.all())

    class Meta:
        model = Integration
        fields = ["target", "direction", "information"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["target"].queryset = (
            self.fields["target"].queryset.select_related("kommun").order_by("name", "pk")
        )


class SystemAvailabilityForm(PortalModelForm):
    class Meta:
        model = SystemAvailability
        fields = ["year", "target", "measured", "satisfaction"]

    def clean(self):
        data = super().clean()
        system_id, year = self.instance.system_id, data.get("year")
        if system_id and year:
            taken = SystemAvailability.objects.filter(system_id=system_id, year=year).exclude(
                pk=self.instance.pk
            )
            if taken.exists():
                self.add_error(
                    "year", gettext_now("Det finns redan en mätning för %(year)s.") % {"year": year}
                )
        return data
