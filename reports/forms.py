from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portfolio import policy
from portfolio.models import Samverkansorganisation
from reports.choices import ORDERABLE_KINDS
from reports.models import ReportJob


class OrderReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Rapporttyp"), choices=ORDERABLE_KINDS)
    scope = forms.ChoiceField(
        label=_("Omfattning"),
        help_text=_("En kommun, eller en samverkansorganisation med ett avsnitt per medlem."),
    )
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    comparison = forms.ChoiceField(
        label=_("Jämförelsegrupp (IT-bokslut)"),
        required=False,
        help_text=_(
            "IT-bokslutet jämför kommunen med medlemskommunerna i en samverkan som kommunen "
            "ingår i. Välj när kommunen ingår i flera; en samverkansrapport jämförs inom "
            "samverkan."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Where the user may order (the policy's targets): the only choices offered.
        targets = policy.targets(user, ReportJob)
        self.kommuner = {k.pk: k for k in targets.kommuner().order_by("name")}
        self.samverkan = {s.pk: s for s in targets.samverkan().order_by("name")}
        choices = [(f"k{k.pk}", k.name) for k in self.kommuner.values()]
        if self.samverkan:
            choices.append(
                (
                    _("Samverkansorganisation"),
                    [(f"s{s.pk}", s.name) for s in self.samverkan.values()],
                )
            )
        self.fields["scope"].choices = choices
        self.fields["year"].initial = timezone.localdate().year
        # Peer groups: the samverkan organisations the offered kommuner belong to.
        # The service decides which one fits the chosen kommun.
        kommun_ids = list(self.kommuner)
        self.groups = {
            s.pk: s
            for s in Samverkansorganisation.objects.filter(
                Q(members__in=kommun_ids) | Q(host__in=kommun_ids) | Q(pk__in=list(self.samverkan))
            )
            .distinct()
            .order_by("name")
        }
        self.fields["comparison"].choices = [
            ("", _("Kommunens samverkan (om den bara ingår i en)"))
        ] + [(str(pk), s.name) for pk, s in self.groups.items()]

    def clean_comparison(self):
        value = self.cleaned_data["comparison"]
        return self.groups[int(value)] if value else None

    def clean_scope(self):
        value = self.cleaned_data["scope"]
        kind, pk = value[:1], int(value[1:])
        if kind == "k":
            return {"kommun": self.kommuner[pk]}
        return {"samverkan": self.samverkan[pk]}
