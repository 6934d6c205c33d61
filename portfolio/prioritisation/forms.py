"""Forms for prioritisation. They validate input; services write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portfolio.forms import PortalModelForm
from portfolio.models import Criterion, Gate
from portfolio.prioritisation.models import BUDGET_SOURCE_CHOICES, SCALE_MAX

SCORE_CHOICES = [("", _("Ej bedömd"))] + [(str(v), str(v)) for v in range(SCALE_MAX + 1)]


class CriterionForm(PortalModelForm):
    class Meta:
        model = Criterion
        fields = ["name", "description", "weight", "higher_is_better", "order", "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class GateForm(PortalModelForm):
    class Meta:
        model = Gate
        fields = ["name", "description", "kind", "code", "order", "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ScoreForm(forms.Form):
    """One 0–5 select and a comment per criterion, plus manual gates."""

    def __init__(
        self, *args, criteria=(), scores=None, manual_gates=(), confirmations=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        scores = scores or {}
        confirmations = confirmations or {}
        self.criteria = list(criteria)
        self.manual_gates = list(manual_gates)
        for c in self.criteria:
            existing = scores.get(c.pk)
            direction = _("högt är bra") if c.higher_is_better else _("högt ger lägre poäng")
            self.fields[f"value_{c.pk}"] = forms.TypedChoiceField(
                label=f"{c.name} ({direction})",
                choices=SCORE_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                initial=str(existing.value) if existing else "",
                help_text=c.description,
            )
            self.fields[f"comment_{c.pk}"] = forms.CharField(
                label=_("Kommentar: %(name)s") % {"name": c.name},
                max_length=300,
                required=False,
                initial=existing.comment if existing else "",
            )
        for g in self.manual_gates:
            existing = confirmations.get(g.pk)
            self.fields[f"gate_{g.pk}"] = forms.BooleanField(
                label=_("Ska-krav uppfyllt: %(name)s") % {"name": g.name},
                required=False,
                initial=existing is not None,
                help_text=g.description,
            )
            self.fields[f"gatecomment_{g.pk}"] = forms.CharField(
                label=_("Kommentar till ska-krav: %(name)s") % {"name": g.name},
                required=False,
                initial=existing.comment if existing else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean(self):
        data = super().clean()
        for g in self.manual_gates:
            if data.get(f"gate_{g.pk}") and not (data.get(f"gatecomment_{g.pk}") or "").strip():
                self.add_error(
                    f"gatecomment_{g.pk}", _("Skriv en kommentar när du bekräftar ska-kravet.")
                )
        return data

    def values(self):
        return {c: self.cleaned_data.get(f"value_{c.pk}") for c in self.criteria}

    def comments(self):
        return {c: self.cleaned_data.get(f"comment_{c.pk}", "") for c in self.criteria}


class OverrideForm(forms.Form):
    DIRECTIONS = [("up", _("Upp")), ("down", _("Ned"))]
    direction = forms.ChoiceField(label=_("Riktning"), choices=DIRECTIONS)
    places = forms.IntegerField(label=_("Antal placeringar"), min_value=0, max_value=500)
    justification = forms.CharField(
        label=_("Motivering"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Krävs. Visas vid initiativet och sparas i loggen."),
        error_messages={"required": _("En motivering krävs.")},
    )

    def clean_justification(self):
        text = self.cleaned_data["justification"].strip()
        if not text:
            raise forms.ValidationError(_("En motivering krävs."))
        return text

    def positions(self) -> int:
        places = self.cleaned_data["places"]
        return places if self.cleaned_data["direction"] == "up" else -places


class BudgetForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    source = forms.ChoiceField(label=_("Finansieringskälla"), choices=BUDGET_SOURCE_CHOICES)
    amount = forms.DecimalField(
        label=_("Tillgängligt belopp (kr)"), min_value=0, max_digits=14, decimal_places=2
    )


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=150)
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
