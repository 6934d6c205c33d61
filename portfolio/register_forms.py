from django import forms
from django.utils.translation import gettext_lazy as _

from portfolio import policy
from portfolio.choices import INITIATIVE_TRANSITIONS, InitiativeStatus
from portfolio.forms import PortalModelForm, UserChoiceField, active_users
from portfolio.models import (
    BenefitLine,
    Contract,
    FinancingLine,
    Forvaltning,
    Initiative,
    InitiativeCost,
    Risk,
    StatusReport,
    StrategicGoal,
    System,
    SystemCost,
)


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


class InitiativeForm(PortalModelForm):
    contact = UserChoiceField(label=_("Kontaktperson"), queryset=active_users())

    class Meta:
        model = Initiative
        fields = [
            "title",
            "description",
            "need",
            "kind",
            "area",
            "forvaltning",
            "contact",
            "goals",
            "participants",
            "collaboration_type",
            "alternatives",
            "start_date",
            "end_date",
        ]
        widgets = {"goals": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["forvaltning"].queryset = Forvaltning.objects.filter(
            policy.filter_q(user, Forvaltning, policy.VIEW)
        ).select_related("kommun")
        self.fields["goals"].queryset = policy.restrict(
            StrategicGoal.objects.filter(active=True).select_related("kommun"), user
        )
        self.fields["participants"].required = False


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
BenefitLineForm = child_form(
    BenefitLine, ["kind", "description", "yearly_value", "first_year", "last_year"]
)
InitiativeCostForm = child_form(InitiativeCost, ["year", "kind", "nature", "amount", "note"])
FinancingLineForm = child_form(FinancingLine, ["source", "year", "amount", "used", "note"])
RiskForm = child_form(Risk, ["description", "probability", "impact", "mitigation"])
StatusReportForm = child_form(StatusReport, ["date", "rag", "comment"])


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Ny status"))
    comment = forms.CharField(label=_("Kommentar"), widget=forms.Textarea, required=False)

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = INITIATIVE_TRANSITIONS.get(initiative.status, frozenset())
        self.fields["to_status"].choices = [
            (value, label) for value, label in InitiativeStatus.choices if value in allowed
        ]
