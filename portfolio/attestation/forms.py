import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portfolio import policy
from portfolio.attestation.models import AttestationCampaign
from portfolio.forms import DateInput, FastSelect, PortalModelForm, UserChoiceField
from portfolio.models import Kommun, System


class CampaignForm(forms.Form):
    kommun = forms.ModelChoiceField(
        label=_("Kommun"), queryset=Kommun.objects.none(), widget=FastSelect
    )
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    deadline = forms.DateField(label=_("Sista dag att bekräfta"), widget=DateInput)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        kommuner = policy.targets(user, AttestationCampaign).kommuner().order_by("name")
        self.fields["kommun"].queryset = kommuner
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["deadline"].initial = today + datetime.timedelta(days=30)
        if len(kommuner) == 1:
            self.fields["kommun"].initial = kommuner[0].pk


class CorrectionForm(PortalModelForm):
    """What the systemägare confirms each year: owner, supplier, lifecycle, K/R/T, PUB-avtal."""

    owner = UserChoiceField(label=_("Systemägare"), queryset=get_user_model().objects.none())

    class Meta:
        model = System
        fields = [
            "owner",
            "supplier",
            "lifecycle",
            "lifecycle_since",
            "planned_retirement",
            "confidentiality",
            "integrity",
            "availability_class",
            "classified_on",
            "personal_data",
            "pub_agreement",
            "pub_signed_on",
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["owner"].queryset = policy.people(kommun_id=self.instance.kommun_id)
