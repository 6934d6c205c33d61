from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from governance.models import (
    AnnualMilestone,
    Council,
    CouncilMember,
)
from portfolio import policy
from portfolio.forms import PortalModelForm, UserChoiceField


class CouncilForm(PortalModelForm):
    class Meta:
        model = Council
        fields = [
            "kommun",
            "samverkan",
            "kind",
            "custom_kind",
            "name",
            "remit",
            "meetings_per_year",
            "procurement_email",
            "it_unit_email",
            "is_active",
        ]
        help_texts = {"kommun": _("Välj en kommun eller en samverkansorganisation.")}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk:
            del self.fields["kommun"], self.fields["samverkan"]
        else:
            targets = policy.targets(user, Council)
            self.fields["kommun"].queryset = targets.kommuner().order_by("name")
            self.fields["samverkan"].queryset = targets.samverkan().order_by("name")

    def clean(self):
        data = super().clean()
        if not self.instance.pk and bool(data.get("kommun")) == bool(data.get("samverkan")):
            raise forms.ValidationError(
                _("Välj antingen en kommun eller en samverkansorganisation, inte båda.")
            )
        return data


class CouncilMemberForm(PortalModelForm):
    user = UserChoiceField(label=_("Person"), queryset=get_user_model().objects.none())

    class Meta:
        model = CouncilMember
        fields = ["user", "role", "valid_from", "valid_until"]

    def __init__(self, *args, council: Council, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.instance.council = council
        people = policy.people(kommun_id=council.kommun_id, samverkan_id=council.samverkan_id)
        if self.instance.pk:
            # Keep the current person selectable, so that a membership of someone
            # who has left the kommun can still be ended (the service checks changes).
            people = people | get_user_model().objects.filter(pk=self.instance.user_id)
        self.fields["user"].queryset = people.distinct()


class MilestoneForm(PortalModelForm):
    class Meta:
        model = AnnualMilestone
        fields = ["kind", "title", "month", "day"]
