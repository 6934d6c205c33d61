"""Forms for the initiative register. Every choice list is policy-restricted."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portfolio import policy
from portfolio.choices import INITIATIVE_TRANSITIONS, InitiativeStatus
from portfolio.forms import PortalModelForm, UserChoiceField
from portfolio.models import (
    BenefitLine,
    FinancingLine,
    Forvaltning,
    Initiative,
    InitiativeCost,
    Kommun,
    Risk,
    StatusReport,
    StrategicGoal,
)


class InitiativeForm(PortalModelForm):
    """Förvaltningar where the user may register (or the current one) and the kommun's people."""

    contact = UserChoiceField(label=_("Kontaktperson"), queryset=get_user_model().objects.none())

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
        error_messages = {
            "title": {"required": _("Ange en titel.")},
            "description": {"required": _("Beskriv initiativet.")},
            "forvaltning": {"required": _("Välj ägande förvaltning.")},
            "kind": {"required": _("Välj typ.")},
            "area": {"required": _("Välj verksamhetsområde.")},
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["contact"].error_messages["required"] = _("Ange en kontaktperson.")
        targets = policy.targets(user, Initiative)
        current = self.instance.forvaltning_id if self.instance.pk else None
        self.fields["forvaltning"].queryset = Forvaltning.objects.filter(
            Q(pk__in=targets.forvaltningar().values("pk")) | Q(pk=current)
        ).select_related("kommun")
        if self.instance.pk:
            people = policy.people(kommun_id=self.instance.kommun_id)
        else:
            people = policy.people(kommun_ids=targets.kommuner().values_list("pk", flat=True))
        self.fields["contact"].queryset = people
        self.fields["goals"].queryset = policy.restrict(
            StrategicGoal.objects.filter(active=True), user, policy.VIEW
        )
        self.fields["goals"].required = False
        self.fields["participants"].queryset = Kommun.objects.order_by("name")
        self.fields["participants"].required = False

    def clean(self):
        data = super().clean()
        forvaltning = data.get("forvaltning")
        if forvaltning is not None:
            self.instance.kommun_id = forvaltning.kommun_id
            goals = data.get("goals") or []
            if any(g.kommun_id != forvaltning.kommun_id for g in goals):
                self.add_error("goals", _("Målen måste höra till förvaltningens kommun."))
            participants = data.get("participants") or []
            if any(k.pk == forvaltning.kommun_id for k in participants):
                self.add_error(
                    "participants", _("Värdkommunen kan inte också vara deltagande kommun.")
                )
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Slutdatum kan inte ligga före startdatum."))
        return data


def _non_negative(form, *names):
    for name in names:
        value = form.cleaned_data.get(name)
        if value is not None and value < 0:
            form.add_error(name, _("Beloppet kan inte vara negativt."))


class BenefitLineForm(PortalModelForm):
    owner = UserChoiceField(
        label=_("Nyttoägare"), queryset=get_user_model().objects.none(), required=False
    )

    def __init__(self, *args, user=None, initiative=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        kommun_id = initiative.kommun_id if initiative else self.instance.initiative.kommun_id
        self.fields["owner"].queryset = policy.people(kommun_id=kommun_id)

    class Meta:
        model = BenefitLine
        fields = ["kind", "description", "owner", "yearly_value", "first_year", "last_year"]

    def clean(self):
        data = super().clean()
        _non_negative(self, "yearly_value")
        first, last = data.get("first_year"), data.get("last_year")
        if first and last and last < first:
            self.add_error("last_year", _("Slutåret kan inte ligga före startåret."))
        return data


class InitiativeCostForm(PortalModelForm):
    class Meta:
        model = InitiativeCost
        fields = ["year", "kind", "nature", "amount", "note"]

    def clean(self):
        data = super().clean()
        _non_negative(self, "amount")
        return data


class FinancingLineForm(PortalModelForm):
    class Meta:
        model = FinancingLine
        fields = ["source", "year", "amount", "used", "note"]

    def clean(self):
        data = super().clean()
        _non_negative(self, "amount", "used")
        amount, used = data.get("amount"), data.get("used")
        if amount is not None and used is not None and used > amount:
            self.add_error("used", _("Förbrukat belopp kan inte vara större än beloppet."))
        return data


class RiskForm(PortalModelForm):
    class Meta:
        model = Risk
        fields = ["description", "probability", "impact", "mitigation"]

    def clean(self):
        data = super().clean()
        for name in ("probability", "impact"):
            value = data.get(name)
            if value is not None and not 1 <= value <= 5:
                self.add_error(name, _("Ange ett värde från 1 till 5."))
        return data


class StatusReportForm(PortalModelForm):
    class Meta:
        model = StatusReport
        fields = ["date", "rag", "comment"]


class StatusChangeForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Ny status"))
    comment = forms.CharField(
        label=_("Kommentar"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    decision_reference = forms.CharField(
        label=_("Beslutsreferens"),
        max_length=200,
        required=False,
        help_text=_('Krävs för Beslutad, t.ex. "Kommunstyrelsen 2026-03-04 § 45".'),
    )

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = INITIATIVE_TRANSITIONS.get(initiative.status, frozenset())
        self.fields["to_status"].choices = [
            (value, label) for value, label in InitiativeStatus.choices if value in allowed
        ]


class StrategicGoalForm(PortalModelForm):
    class Meta:
        model = StrategicGoal
        fields = ["kommun", "name", "description", "order", "active"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["kommun"].queryset = policy.targets(user, StrategicGoal).kommuner()


class RealisationForm(forms.Form):
    """Record the realised value of one benefit line for one year (nyttorealisering)."""

    benefit = forms.ModelChoiceField(label=_("Nyttokalkylrad"), queryset=BenefitLine.objects.none())
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    value = forms.DecimalField(label=_("Realiserat värde"), max_digits=14, decimal_places=2)
    comment = forms.CharField(label=_("Kommentar"), max_length=300, required=False)

    def __init__(self, *args, initiative, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["benefit"].queryset = initiative.benefits.exclude(kind="kvalitativ")

    def clean_value(self):
        value = self.cleaned_data["value"]
        if value < 0:
            raise forms.ValidationError(_("Värdet kan inte vara negativt."))
        return value
