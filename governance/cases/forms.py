from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from governance.choices import (
    AckParty,
    CaseKind,
    CouncilKind,
)
from governance.models import (
    Case,
    Council,
)
from portfolio import policy
from portfolio.forms import PortalModelForm
from portfolio.models import (
    Forvaltning,
    Initiative,
    System,
)


class CaseForm(PortalModelForm):
    class Meta:
        model = Case
        fields = [
            "kommun",
            "kind",
            "title",
            "description",
            "forvaltning",
            "initiative",
            "systems",
            "cost_estimate",
            "financing",
            "is_secret",
        ]
        widgets = {"systems": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk:
            del self.fields["kommun"]
            kommun_ids = {self.instance.kommun_id}
            forvaltningar = Forvaltning.objects.filter(kommun=self.instance.kommun_id)
        else:
            targets = policy.targets(user, Case)
            kommuner = targets.kommuner().order_by("name")
            kommun_ids = set(kommuner.values_list("pk", flat=True))
            self.fields["kommun"].queryset = kommuner
            if len(kommun_ids) == 1:
                self.fields["kommun"].initial = next(iter(kommun_ids))
            forvaltningar = targets.forvaltningar()
        self.fields["forvaltning"].queryset = (
            policy.restrict(forvaltningar, user)
            .filter(kommun__in=kommun_ids)
            .select_related("kommun")
        )
        # A decision moves the linked initiative: offer only those the applicant may change.
        self.fields["initiative"].queryset = (
            policy.restrict(Initiative.objects.all(), user, policy.CHANGE)
            .filter(kommun__in=kommun_ids)
            .order_by("title")
        )
        self.fields["systems"].queryset = (
            policy.restrict(System.objects.all(), user)
            .filter(Q(kommun__in=kommun_ids) | Q(used_by__in=kommun_ids))
            .distinct()
            .order_by("name")
        )

    def clean(self):
        data = super().clean()
        kommun = data.get("kommun") or getattr(self.instance, "kommun", None)
        forvaltning = data.get("forvaltning")
        if kommun and forvaltning and forvaltning.kommun_id != kommun.pk:
            self.add_error("forvaltning", _("Förvaltningen måste höra till ärendets kommun."))
        initiative = data.get("initiative")
        if kommun and initiative and initiative.kommun_id != kommun.pk:
            self.add_error("initiative", _("Initiativet måste höra till ärendets kommun."))
        if data.get("kind") in (CaseKind.KOMMUNGEMENSAMT, CaseKind.VERKSAMHETSSYSTEM) and not (
            data.get("systems") or (data.get("description") or "").strip()
        ):
            self.add_error("description", _("Beskriv behovet."))
        return data


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Kommentar"), widget=forms.Textarea(attrs={"rows": 3}))


class RemissForm(forms.Form):
    council = forms.ModelChoiceField(label=_("Remissinstans"), queryset=Council.objects.none())
    comment = forms.CharField(
        label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = Council.objects.filter(
            Q(kommun=case.kommun_id)
            | Q(samverkan__members=case.kommun_id)
            | Q(samverkan__host=case.kommun_id),
            is_active=True,
        ).distinct()
        beredning = self.fields["council"].queryset.filter(kind=CouncilKind.BEREDNINGSGRUPP)
        if beredning.exists():
            self.fields["council"].initial = beredning.first().pk


class OpinionForm(forms.Form):
    opinion = forms.CharField(label=_("Yttrande"), widget=forms.Textarea(attrs={"rows": 4}))
    anchored = forms.BooleanField(label=_("Förankrat i ledningsgruppen"), required=False)


class UrgentForm(forms.Form):
    reason = forms.CharField(
        label=_("Skäl till att ärendet är brådskande"), widget=forms.Textarea(attrs={"rows": 3})
    )


class AckForm(forms.Form):
    party = forms.ChoiceField(label=_("Part"), choices=AckParty.choices)
    comment = forms.CharField(
        label=_("Vem kvitterade, och hur"), widget=forms.Textarea(attrs={"rows": 2})
    )
