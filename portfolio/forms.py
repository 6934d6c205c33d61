from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from portfolio import policy
from portfolio.choices import Role
from portfolio.models import (
    Forvaltning,
    Kommun,
    KommunYearFigures,
    RoleAssignment,
    Samverkansorganisation,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class PortalModelForm(forms.ModelForm):
    """A model form that knows the acting user.

    Every choice list that points at a policy-governed model is narrowed to
    what the user may see, so a tampered id is just an invalid choice.
    """

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                model = field.queryset.model
                try:
                    policy.rule_for(model)
                except LookupError:
                    continue
                field.queryset = policy.restrict(field.queryset, user, policy.VIEW)
            if isinstance(field, forms.DateField):
                field.widget = DateInput()


def active_users():
    return get_user_model().objects.filter(is_active=True).order_by("username")


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        full = obj.get_full_name()
        return f"{full} ({obj.username})" if full else obj.username


class RoleAssignmentForm(PortalModelForm):
    user = UserChoiceField(label=_("Användare"), queryset=active_users())

    class Meta:
        model = RoleAssignment
        fields = ["user", "role", "kommun", "forvaltning", "samverkan", "valid_from", "valid_until"]
        labels = {"role": _("Roll"), "kommun": _("Kommun")}
        help_texts = {"kommun": _("Fyll i exakt en av kommun, förvaltning och samverkan.")}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        # Only scopes the actor may manage.
        self.fields["kommun"].queryset = policy.restrict(Kommun.objects.all(), user, policy.MANAGE)
        self.fields["forvaltning"].queryset = Forvaltning.objects.filter(
            kommun__in=policy.restrict(Kommun.objects.all(), user, policy.MANAGE)
        ).select_related("kommun")
        self.fields["samverkan"].queryset = policy.restrict(
            Samverkansorganisation.objects.all(), user, policy.MANAGE
        )
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
