from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portfolio import policy
from reports.choices import ReportKind
from reports.models import ReportJob


class OrderReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Rapporttyp"), choices=ReportKind.choices)
    scope = forms.ChoiceField(
        label=_("Omfattning"),
        help_text=_("En kommun, eller en samverkansorganisation med ett avsnitt per medlem."),
    )
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)

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

    def clean_scope(self):
        value = self.cleaned_data["scope"]
        kind, pk = value[:1], int(value[1:])
        if kind == "k":
            return {"kommun": self.kommuner[pk]}
        return {"samverkan": self.samverkan[pk]}
