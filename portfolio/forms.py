from django import forms
from django.contrib.auth import get_user_model

from portfolio import policy


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
    """Every active user: only for giving someone their first role (the role form)."""
    return get_user_model().objects.filter(is_active=True).order_by("username")


class UserChoiceField(forms.ModelChoiceField):
    """A person picker: "Förnamn Efternamn (användarnamn)", filterable in the browser.

    Offer ``policy.people(...)`` of the object's kommun; the service refuses
    anyone else with ``policy.require_person``.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.widget.attrs["data-person-picker"] = ""

    def label_from_instance(self, obj):
        full = obj.get_full_name()
        return f"{full} ({obj.username})" if full else obj.username
