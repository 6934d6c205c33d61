from django import forms
from django.utils.translation import gettext_lazy as _

from portfolio import policy
from portfolio.choices import Role
from portfolio.forms import PortalModelForm, UserChoiceField, active_users
from portfolio.models import (
    KommunYearFigures,
    RoleAssignment,
)


class RoleAssignmentForm(PortalModelForm):
    user = UserChoiceField(label=_("Användare"), queryset=active_users())

    class Meta:
        model = RoleAssignment
        fields = ["user", "role", "kommun", "forvaltning", "samverkan", "valid_from", "valid_until"]
        labels = {"role": _("Roll"), "kommun": _("Kommun")}
        help_texts = {"kommun": _("Fyll i exakt en av kommun, förvaltning och samverkan.")}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        # Only scopes where the policy lets the actor give roles.
        targets = policy.targets(user, RoleAssignment)
        self.fields["kommun"].queryset = targets.kommuner()
        self.fields["forvaltning"].queryset = targets.forvaltningar().select_related("kommun")
        self.fields["samverkan"].queryset = targets.samverkan()
        self.fields["role"].choices = Role.choices

    def clean(self):
        data = super().clean()
        scopes = [data.get(k) for k in ("kommun", "forvaltning", "samverkan") if data.get(k)]
        if len(scopes) != 1:
            raise forms.ValidationError(
                _("Välj exakt en omfattning: en kommun, en förvaltning eller en samverkan.")
            )
        return data


class KommunYearFiguresForm(PortalModelForm):
    class Meta:
        model = KommunYearFigures
        fields = ["year", "population", "employees"]
