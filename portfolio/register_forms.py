from django.utils.translation import gettext_lazy as _

from portfolio.forms import PortalModelForm, UserChoiceField, active_users
from portfolio.models import Contract, Supplier, System, SystemCost


class SystemForm(PortalModelForm):
    owner = UserChoiceField(label=_("Systemägare"), queryset=active_users())
    manager = UserChoiceField(label=_("Systemförvaltare"), queryset=active_users(), required=False)

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
        self.fields["forvaltning"].queryset = self.fields["forvaltning"].queryset.select_related(
            "kommun"
        )


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
