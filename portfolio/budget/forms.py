"""Forms of the IT budget. Every choice list is what the policy lets the user pick."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portfolio import policy
from portfolio.budget.models import HORIZON_CHOICES, BudgetOutcome, BudgetVersion, ITBudgetLine
from portfolio.forms import PortalModelForm
from portfolio.models import Forvaltning, Kommun, Samverkansorganisation


class BudgetVersionForm(forms.Form):
    """Start a förslag: for a kommun or a samverkan, first year and 3 or 4 years."""

    kommun = forms.ModelChoiceField(label=_("Kommun"), queryset=None, required=False)
    samverkan = forms.ModelChoiceField(
        label=_("eller samverkansorganisation"), queryset=None, required=False
    )
    first_year = forms.IntegerField(label=_("Första år"), min_value=2000, max_value=2100)
    years = forms.TypedChoiceField(
        label=_("Antal år"), choices=HORIZON_CHOICES, coerce=int, initial=3
    )
    title = forms.CharField(label=_("Benämning"), max_length=200, required=False)

    def __init__(self, *args, user=None, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        found = policy.targets(user, BudgetVersion)
        self.fields["kommun"].queryset = found.kommuner().order_by("name")
        self.fields["samverkan"].queryset = found.samverkan().order_by("name")
        self.fields["first_year"].initial = timezone.localdate().year + 1

    def clean(self):
        data = super().clean()
        if bool(data.get("kommun")) == bool(data.get("samverkan")):
            raise forms.ValidationError(
                _("Välj antingen en kommun eller en samverkansorganisation.")
            )
        return data


class BudgetLineForm(PortalModelForm):
    class Meta:
        model = ITBudgetLine
        fields = [
            "key",
            "description",
            "year",
            "kind",
            "source",
            "owner",
            "forvaltning",
            "owner_samverkan",
            "amount",
        ]

    def __init__(self, *args, user=None, version: BudgetVersion, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.instance.version = version
        self.fields["year"] = forms.TypedChoiceField(
            label=_("År"),
            choices=[(y, str(y)) for y in version.horizon],
            coerce=int,
            help_text=_("Ett av budgetens år, %(period)s.") % {"period": version.period},
        )
        kommun_ids = version.kommun_ids()
        self.fields["forvaltning"].queryset = (
            Forvaltning.objects.filter(kommun__in=kommun_ids)
            .select_related("kommun")
            .order_by("kommun__name", "name")
        )
        self.fields["owner_samverkan"].queryset = Samverkansorganisation.objects.filter(
            Q(members__in=kommun_ids) | Q(host__in=kommun_ids)
        ).distinct()
        self.fields["forvaltning"].help_text = _("När ägaren är en förvaltning.")
        self.fields["owner_samverkan"].help_text = _("När ägaren är en samverkan.")


class DecideForm(forms.Form):
    reference = forms.CharField(
        label=_("Beslut"),
        max_length=200,
        help_text=_(
            "Paragrafen eller delegationsbeslutet, t.ex. ”Kommunstyrelsen 2026-06-10 § 87”."
        ),
    )


class OutcomeForm(PortalModelForm):
    kommun = forms.ModelChoiceField(
        label=_("Kommun"), queryset=Kommun.objects.none(), required=False
    )
    samverkan = forms.ModelChoiceField(
        label=_("eller samverkansorganisation"),
        queryset=Samverkansorganisation.objects.none(),
        required=False,
    )

    class Meta:
        model = BudgetOutcome
        fields = ["year", "key", "amount", "note"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        found = policy.targets(user, BudgetOutcome)
        self.fields["kommun"].queryset = found.kommuner().order_by("name")
        self.fields["samverkan"].queryset = found.samverkan().order_by("name")
        self.fields["year"].initial = timezone.localdate().year
        self.order_fields(["kommun", "samverkan", "year", "key", "amount", "note"])

    def clean(self):
        data = super().clean()
        if bool(data.get("kommun")) == bool(data.get("samverkan")):
            raise forms.ValidationError(
                _("Välj antingen en kommun eller en samverkansorganisation.")
            )
        return data

    def _post_clean(self):
        # The service upserts by kommun, year and key; nothing to validate on the blank instance.
        pass
