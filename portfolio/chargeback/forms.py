from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portfolio import policy
from portfolio.chargeback.models import (
    ENTERED_KEYS,
    CostPool,
    DistributionRun,
    KeyKind,
    KeyValue,
    PriceItem,
    PriceList,
    RentalCount,
)
from portfolio.forms import PortalModelForm
from portfolio.models import Forvaltning, System


def next_year() -> int:
    return timezone.localdate().year + 1


class OwnerFormMixin:
    """Kommun and samverkan choices: where the user may add the model."""

    def limit_owner(self, model):
        found = policy.targets(self.user, model)
        self.fields["kommun"].queryset = found.kommuner().order_by("name")
        self.fields["samverkan"].queryset = found.samverkan().order_by("name")
        self.fields["kommun"].required = False
        self.fields["samverkan"].required = False
        if self.instance.pk:
            del self.fields["kommun"]
            del self.fields["samverkan"]


class PriceListForm(OwnerFormMixin, PortalModelForm):
    class Meta:
        model = PriceList
        fields = ["kommun", "samverkan", "year", "decision_reference"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_owner(PriceList)
        self.fields["year"].initial = next_year()


class PriceItemForm(PortalModelForm):
    class Meta:
        model = PriceItem
        fields = ["item_kind", "price", "period"]


class DecideForm(forms.Form):
    decision_reference = forms.CharField(
        label=_("Finansieringsgruppens beslut"),
        max_length=200,
        help_text=_("T.ex. protokoll och datum. En beslutad prislista kan inte ändras."),
    )


class RentalCountForm(PortalModelForm):
    class Meta:
        model = RentalCount
        fields = ["forvaltning", "year", "item_kind", "count"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        found = policy.targets(self.user, RentalCount)
        self.fields["forvaltning"].queryset = (
            found.forvaltningar().select_related("kommun").order_by("kommun__name", "name")
        )
        self.fields["year"].initial = timezone.localdate().year


class CostPoolForm(OwnerFormMixin, PortalModelForm):
    class Meta:
        model = CostPool
        fields = [
            "kommun",
            "samverkan",
            "year",
            "name",
            "kind",
            "amount",
            "systems",
            "key_kind",
            "inner_key_kind",
            "direct_forvaltning",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_owner(CostPool)
        found = policy.targets(self.user, CostPool)
        kommuner = found.kommuner()
        self.fields["systems"].queryset = (
            policy.restrict(System.objects.filter(kommun__in=kommuner), self.user)
            .select_related("kommun")
            .order_by("kommun__name", "name")
        )
        self.fields["direct_forvaltning"].queryset = Forvaltning.objects.filter(
            kommun__in=kommuner
        ).select_related("kommun")
        self.fields["year"].initial = timezone.localdate().year

    def clean(self):
        data = super().clean()
        if self.instance.pk is None and not data.get("kommun") and not data.get("samverkan"):
            self.add_error("kommun", _("Ange antingen en kommun eller en samverkan."))
        if data.get("amount") is None and not data.get("systems"):
            self.add_error(
                "amount", _("Ange ett belopp eller välj system vars kostnader summeras.")
            )
        return data


class KeyValueForm(PortalModelForm):
    key_kind = forms.ChoiceField(
        label=_("Nyckel"),
        choices=[(k.value, k.label) for k in KeyKind if k in ENTERED_KEYS],
    )

    class Meta:
        model = KeyValue
        fields = ["forvaltning", "kommun", "year", "key_kind", "pool", "value"]
        labels = {"kommun": _("Kommun (bara fast andel mellan kommuner i en samverkan)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        found = policy.targets(self.user, KeyValue)
        self.fields["forvaltning"].queryset = (
            found.forvaltningar().select_related("kommun").order_by("kommun__name", "name")
        )
        self.fields["forvaltning"].required = False
        self.fields["kommun"].required = False
        self.fields["pool"].queryset = policy.restrict(
            CostPool.objects.all(), self.user, policy.CHANGE
        ).order_by("-year", "name")
        self.fields["year"].initial = timezone.localdate().year

    def clean(self):
        data = super().clean()
        forvaltning, kommun = data.get("forvaltning"), data.get("kommun")
        if forvaltning is not None:
            self.instance.kommun_id = forvaltning.kommun_id
        elif kommun is not None:
            self.instance.kommun_id = kommun.pk
        else:
            self.add_error("forvaltning", _("Ange förvaltningen."))
        return data

    def _post_clean(self):
        # kommun is set from the förvaltning above; let the model validate the rest.
        if self.cleaned_data.get("kommun") is None and self.instance.kommun_id:
            self.cleaned_data["kommun"] = self.instance.kommun
        super()._post_clean()


class RunForm(forms.Form):
    kommun = forms.ModelChoiceField(label=_("Kommun"), queryset=None)
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kommun"].queryset = (
            policy.targets(user, DistributionRun).kommuner().order_by("name")
        )
        self.fields["year"].initial = timezone.localdate().year
