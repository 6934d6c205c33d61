"""Forms of the maturity follow-up. Every choice list comes from the policy."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.maturity.choices import QuestionKind
from governance.maturity.models import Campaign, Questionnaire
from governance.maturity.services import MAX_TEXT
from portfolio import policy
from portfolio.choices import InitiativeKind, Role
from portfolio.forms import DateInput, PortalModelForm, UserChoiceField, UserMultipleChoiceField
from portfolio.models import Forvaltning, Initiative


class CampaignForm(forms.Form):
    questionnaire = forms.ModelChoiceField(
        label=_("Enkät"),
        queryset=Questionnaire.objects.none(),
        error_messages={"required": _("Välj en enkät.")},
    )
    scope = forms.ChoiceField(
        label=_("Omfattning"),
        help_text=_("Din kommun, eller ett nätverk där varje medlemskommun deltar."),
        error_messages={"required": _("Välj kommun eller nätverk.")},
    )
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    answer_by = forms.DateField(label=_("Svara senast"), required=False, widget=DateInput())
    message = forms.CharField(
        label=_("Meddelande till de svarande"), required=False, widget=forms.Textarea
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        targets = policy.targets(user, Campaign)
        self.kommuner = {k.pk: k for k in targets.kommuner().order_by("name")}
        self.samverkan = {s.pk: s for s in targets.samverkan().order_by("name")}
        choices = [(f"k{pk}", k.name) for pk, k in self.kommuner.items()]
        choices += [(f"s{pk}", s.name) for pk, s in self.samverkan.items()]
        self.fields["scope"].choices = choices
        self.fields["questionnaire"].queryset = policy.restrict(
            Questionnaire.objects.all(), user
        ).order_by("-year", "name")
        self.fields["year"].initial = timezone.localdate().year

    def clean_scope(self):
        value = self.cleaned_data["scope"]
        pk = int(value[1:])
        if value.startswith("k"):
            return {"kommun": self.kommuner[pk]}
        return {"samverkan": self.samverkan[pk]}


class RespondentForm(forms.Form):
    users = UserMultipleChoiceField(
        label=_("Personer"),
        queryset=None,
        required=False,
        help_text=_("Håll ned Ctrl (Cmd på Mac) för att välja flera."),
    )
    forvaltning = forms.ModelChoiceField(
        label=_("Svarar för förvaltning"),
        queryset=None,
        required=False,
        empty_label=_("Kommunen som helhet"),
        help_text=_("Gäller personerna ovan. Roller svarar för förvaltningen där rollen finns."),
    )
    roles = forms.MultipleChoiceField(
        label=_("Alla med rollen"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, participation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["users"].queryset = policy.people(kommun_id=participation.kommun_id)
        self.fields["forvaltning"].queryset = Forvaltning.objects.filter(
            kommun_id=participation.kommun_id
        ).order_by("name")


def _option_choices(question):
    return [(str(o.pk), o.label) for o in question.options.all()]


class SectionAnswerForm(forms.Form):
    """One page of the form: a field per question of the section, prefilled with the answers."""

    def __init__(self, *args, section, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(section.questions.all())
        for question in self.questions:
            name = f"q{question.pk}"
            current = answers.get(question.pk, [])
            invalid = _("Välj ett av frågans alternativ. Inget sparades.")
            if question.kind == QuestionKind.TEXT:
                field = forms.CharField(
                    max_length=MAX_TEXT, required=False, widget=forms.Textarea(attrs={"rows": 4})
                )
                field.initial = current[0].text if current else ""
            elif question.kind == QuestionKind.MULTIPLE:
                field = forms.MultipleChoiceField(
                    choices=_option_choices(question),
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                    error_messages={"invalid_choice": invalid},
                )
                field.initial = [str(a.option_id) for a in current]
            else:
                field = forms.ChoiceField(
                    choices=_option_choices(question),
                    required=False,
                    widget=forms.RadioSelect,
                    error_messages={"invalid_choice": invalid},
                )
                field.initial = str(current[0].option_id) if current else None
            field.label = question.text
            field.question = question
            self.fields[name] = field

    def answers(self) -> dict:
        """question id → value, in the service's terms."""
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}

    def rows(self):
        """(question, bound field) per question, for the page template."""
        return [(q, self[f"q{q.pk}"]) for q in self.questions]


class GapInitiativeForm(PortalModelForm):
    """A new initiative for a maturity gap, prefilled from the result."""

    contact = UserChoiceField(label=_("Kontaktperson"), queryset=get_user_model().objects.none())

    class Meta:
        model = Initiative
        fields = ["title", "description", "need", "kind", "area", "forvaltning", "contact"]
        error_messages = {
            "title": {"required": _("Ange en titel.")},
            "description": {"required": _("Beskriv initiativet.")},
            "forvaltning": {"required": _("Välj ägande förvaltning.")},
            "area": {"required": _("Välj verksamhetsområde.")},
        }

    def __init__(self, *args, user, participation, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        targets = policy.targets(user, Initiative)
        self.fields["forvaltning"].queryset = (
            Forvaltning.objects.filter(kommun_id=participation.kommun_id)
            .filter(
                Q(pk__in=targets.forvaltningar().values("pk")) | Q(kommun__in=targets.kommun_ids)
            )
            .order_by("name")
        )
        self.fields["contact"].queryset = policy.people(kommun_id=participation.kommun_id)
        self.fields["contact"].error_messages["required"] = _("Ange en kontaktperson.")
        self.fields["kind"].initial = InitiativeKind.VERKSAMHETSUTVECKLING
        self.instance.kommun_id = participation.kommun_id


class LinkInitiativeForm(forms.Form):
    initiative = forms.ModelChoiceField(
        label=_("Befintligt initiativ"),
        queryset=None,
        error_messages={"required": _("Välj ett initiativ.")},
    )

    def __init__(self, *args, user, participation, **kwargs):
        super().__init__(*args, **kwargs)
        kommun_id = participation.kommun_id
        self.fields["initiative"].queryset = (
            policy.restrict(Initiative.objects.all(), user)
            .filter(Q(kommun_id=kommun_id) | Q(participants=kommun_id))
            .distinct()
            .order_by("title")
        )
