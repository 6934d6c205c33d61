from django import forms
from django.utils.translation import gettext_lazy as _

from portfolio.imports import services as import_services
from portfolio.uploads import validate_import_file


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Vad vill du importera?"))
    kommun = forms.ModelChoiceField(label=_("Kommun"), queryset=None)
    file = forms.FileField(
        label=_("Fil (CSV eller Excel)"),
        validators=[validate_import_file],
        help_text=_(
            "CSV med semikolon eller komma (UTF-8 eller Windows-1252), eller .xlsx. "
            "Första raden ska innehålla kolumnrubrikerna från mallen."
        ),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["kind"].choices = import_services.importable_kinds(user)
        self.fields["kommun"].queryset = import_services.importable_kommuner(user).order_by("name")
        self.fields["file"].widget.attrs["accept"] = ".csv,.xlsx"

    def clean(self):
        data = super().clean()
        kind, kommun = data.get("kind"), data.get("kommun")
        if kind and kommun:
            allowed = import_services.importable_kommuner(self.user, kind)
            if not allowed.filter(pk=kommun.pk).exists():
                self.add_error("kommun", _("Du får inte importera detta till den kommunen."))
        return data
