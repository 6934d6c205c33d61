"""Forms of the IT-plans. Every choice list is what the policy lets the user pick."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.itplans.models import (
    PLANNING_KINDS,
    ITPlan,
    ITPlanCost,
    ITPlanInitiative,
    ITPlanSystem,
)
from portfolio import policy
from portfolio.forms import PortalModelForm, UserChoiceField
from portfolio.models import Initiative


def _horizon_choices(plan: ITPlan):
    return [(y, str(y)) for y in plan.horizon]


class ITPlanForm(PortalModelForm):
    """Start a plan (förvaltning, first year, kontaktperson) or change an utkast's text."""

    class Meta:
        model = ITPlan
        fields = ["forvaltning", "year", "contact", "summary"]
        field_classes = {"contact": UserChoiceField}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk:
            del self.fields["forvaltning"]
            del self.fields["year"]
            kommun_ids = {self.instance.kommun_id}
        else:
            forvaltningar = (
                policy.targets(user, ITPlan)
                .forvaltningar()
                .filter(kind__in=PLANNING_KINDS)
                .select_related("kommun")
                .order_by("kommun__name", "name")
            )
            self.fields["forvaltning"].queryset = forvaltningar
            kommun_ids = set(forvaltningar.values_list("kommun_id", flat=True))
            self.fields["year"].initial = timezone.localdate().year + 1
        self.fields["contact"].queryset = policy.people(kommun_ids=kommun_ids)
        if not self.instance.pk and user is not None:
            self.fields["contact"].initial = user.pk


class PlanInitiativeForm(PortalModelForm):
    """An initiative of the register that the plan intends to run."""

    class Meta:
        model = ITPlanInitiative
        fields = ["initiative", "start_year", "note"]

    def __init__(self, *args, user=None, plan: ITPlan, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.instance.plan = plan
        taken = plan.initiative_lines.values("initiative")
        self.fields["initiative"].queryset = (
            policy.restrict(Initiative.objects.all(), user)
            .filter(forvaltning=plan.forvaltning)
            .exclude(pk__in=taken)
            .order_by("title")
        )
        self.fields["start_year"] = forms.TypedChoiceField(
            label=_("Planerad start (år)"), choices=_horizon_choices(plan), coerce=int
        )


class ProposeInitiativeForm(PortalModelForm):
    """A new initiative proposed from the plan (it enters the register as an idé)."""

    start_year = forms.IntegerField(label=_("Planerad start (år)"))
    note = forms.CharField(label=_("Kommentar i planen"), max_length=300, required=False)

    class Meta:
        model = Initiative
        fields = ["title", "description", "need", "kind", "area"]

    def __init__(self, *args, user=None, plan: ITPlan, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.plan = plan
        self.fields["start_year"] = forms.TypedChoiceField(
            label=_("Planerad start (år)"), choices=_horizon_choices(plan), coerce=int
        )


class PlanSystemForm(PortalModelForm):
    class Meta:
        model = ITPlanSystem
        fields = ["change", "system", "name", "year", "target_lifecycle", "note"]

    def __init__(self, *args, user=None, plan: ITPlan, systems, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.instance.plan = plan
        self.fields["system"].queryset = systems
        self.fields["year"] = forms.TypedChoiceField(
            label=_("År"), choices=_horizon_choices(plan), coerce=int
        )


class PlanCostForm(PortalModelForm):
    class Meta:
        model = ITPlanCost
        fields = ["year", "nature", "amount", "description"]

    def __init__(self, *args, user=None, plan: ITPlan, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.instance.plan = plan
        self.fields["year"] = forms.IntegerField(
            label=_("År"),
            help_text=_("Ett av planens år, %(period)s.") % {"period": plan.period},
            initial=plan.year,
        )


class TreatPlanForm(forms.Form):
    decision = forms.ModelChoiceField(
        label=_("IT-styrgruppens beslut (§)"),
        queryset=None,
        help_text=_("Paragrafen där IT-styrgruppen behandlade planen."),
    )

    def __init__(self, *args, decisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = decisions
        self.fields["decision"].label_from_instance = lambda d: f"{d.reference} {d.title}"
