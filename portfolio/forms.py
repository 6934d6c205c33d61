from django import forms
from django.contrib.auth import get_user_model
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from portfolio import policy


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _attrs_html(attrs: dict) -> SafeString:
    """Attributes in order, as django/forms/widgets/attrs.html writes them."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


class FastSelect(forms.Select):
    """A ``<select>`` built in Python, with the same HTML as Django's template.

    Django renders a template per option; for the filter forms above every list
    page that cost more than the list's queries. Grouped choices (optgroups) are
    left to Django.
    """

    def render(self, name, value, attrs=None, renderer=None):
        wanted = set(self.format_value(value))
        options = []
        # A plain loop, not list(): list() asks a ModelChoiceIterator for len(), a COUNT query.
        for option_value, label in self.choices:
            if isinstance(label, list | tuple):
                return super().render(name, value, attrs, renderer)
            text = "" if option_value is None else str(option_value)
            selected = text in wanted
            if selected:
                wanted = set()  # one selected option, as Django's optgroups()
            options.append((text, " selected" if selected else "", label))
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            _attrs_html(self.build_attrs(self.attrs, attrs)),
            format_html_join("", '<option value="{}"{}>{}</option>', options),
        )


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


class PersonChoiceIterator(forms.models.ModelChoiceIterator):
    """The people of the queryset, each labelled with their roles in one extra query."""

    def __iter__(self):
        from portfolio.people import role_labels

        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        users = list(self.queryset.all())  # a fresh query per rendering, as Django does
        kommun_ids = getattr(self.queryset, "people_kommun_ids", None)
        roles = role_labels([u.pk for u in users], kommun_ids) if kommun_ids else {}
        for user in users:
            yield (
                forms.models.ModelChoiceIteratorValue(self.field.prepare_value(user), user),
                self.field.label_from_instance(user, roles.get(user.pk)),
            )


class UserChoiceField(forms.ModelChoiceField):
    """A person picker, filterable in the browser (``static/js/person-picker.js``).

    Offer ``policy.people(...)`` of the object's kommun; each person is shown
    with their roles there, "Anna Berg (Systemägare, Socialförvaltningen)"
    (a queryset from elsewhere: "Anna Berg (anna.berg)"). The service refuses
    anyone else with ``policy.require_person``.
    """

    iterator = PersonChoiceIterator

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.widget.attrs["data-person-picker"] = ""

    def label_from_instance(self, obj, roles=None):
        from portfolio.people import person_label

        return person_label(obj, roles)


class UserMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several people at once, labelled and filterable like ``UserChoiceField``."""

    iterator = PersonChoiceIterator

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.widget.attrs["data-person-picker"] = ""

    def label_from_instance(self, obj, roles=None):
        from portfolio.people import person_label

        return person_label(obj, roles)
