"""Forms of the styrdokument. Every choice list is what the policy lets the user pick."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from governance.documents.models import GoverningDocument
from governance.documents.services import check_pdf
from governance.meetings.models import Decision
from portfolio import policy
from portfolio.forms import PortalModelForm, UserChoiceField
from portfolio.models import Initiative, StrategicGoal, System

DECISION_FIELDS = ["decided_by", "decision", "decision_text", "decision_date"]
DATE_FIELDS = ["valid_until", "revision_date"]


class DecisionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.reference} {obj.title}"


class PdfField(forms.FileField):
    widget = forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"})

    def validate(self, value):
        super().validate(value)
        if value:
            try:
                check_pdf(value)
            except forms.ValidationError as exc:
                raise forms.ValidationError(exc.message_dict["file"]) from None


def _decisions(user, kommun_ids):
    return (
        policy.restrict(Decision.objects.all(), user)
        .filter(kommun__in=kommun_ids)
        .select_related("council")
        .order_by("-decision_date", "-number")
    )


class DocumentFormMixin:
    """Choice lists limited to the document's kommun(er) (or, when adding, the user's targets)."""

    def limit_choices(self, user, kommun_ids) -> None:
        self.fields["owner"].queryset = (
            policy.people(samverkan_id=self.instance.samverkan_id)
            if self.instance.samverkan_id
            else policy.people(kommun_ids=kommun_ids)
        )
        self.fields["decision"].queryset = _decisions(user, kommun_ids)
        for name, model, order in (
            ("goals", StrategicGoal, ("kommun__name", "order", "name")),
            ("systems", System, ("name",)),
            ("initiatives", Initiative, ("title",)),
        ):
            if name in self.fields:
                self.fields[name].queryset = (
                    policy.restrict(model.objects.all(), user)
                    .filter(kommun__in=kommun_ids)
                    .order_by(*order)
                )


class DocumentForm(DocumentFormMixin, PortalModelForm):
    """Add a styrdokument (with its PDF) or change the current version's metadata."""

    file = PdfField(label=_("Fil (PDF)"), required=True)

    class Meta:
        model = GoverningDocument
        fields = [
            "kommun",
            "samverkan",
            "kind",
            "title",
            "description",
            "owner",
            *DECISION_FIELDS,
            *DATE_FIELDS,
            "goals",
            "systems",
            "initiatives",
        ]
        field_classes = {"owner": UserChoiceField, "decision": DecisionChoiceField}
        widgets = {
            "goals": forms.SelectMultiple(attrs={"size": 6}),
            "systems": forms.SelectMultiple(attrs={"size": 8}),
            "initiatives": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "samverkan": _("Lämna tomt för en kommuns eget dokument."),
            "goals": _("De mål, system och initiativ som dokumentet styr."),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk:
            for name in ("kommun", "samverkan", "file"):
                del self.fields[name]
            kommun_ids = self.instance.kommun_ids()
        else:
            found = policy.targets(user, GoverningDocument)
            self.fields["kommun"].queryset = found.kommuner().order_by("name")
            self.fields["samverkan"].queryset = found.samverkan().order_by("name")
            self.fields["kommun"].required = False
            if not self.fields["samverkan"].queryset.exists():
                del self.fields["samverkan"]
            kommun_ids = set(found.kommuner().values_list("pk", flat=True))
            for s in found.samverkan().prefetch_related("members"):
                kommun_ids |= {s.host_id, *(m.pk for m in s.members.all())}
            if user is not None:
                self.fields["owner"].initial = user.pk
        self.limit_choices(user, kommun_ids)

    def clean(self):
        data = super().clean()
        if not self.instance.pk and bool(data.get("kommun")) == bool(data.get("samverkan")):
            raise forms.ValidationError(
                _("Välj antingen en kommun eller en samverkansorganisation, inte båda.")
            )
        return data

    def _post_clean(self):
        # The services validate the model (and the file) themselves.
        pass


class VersionForm(DocumentFormMixin, PortalModelForm):
    """A new version: the revised PDF and its decision and dates."""

    file = PdfField(label=_("Ny version (PDF)"), required=True)

    class Meta:
        model = GoverningDocument
        fields = ["owner", *DECISION_FIELDS, *DATE_FIELDS]
        field_classes = {"owner": UserChoiceField, "decision": DecisionChoiceField}

    def __init__(self, *args, user=None, document: GoverningDocument, **kwargs):
        super().__init__(*args, user=user, instance=GoverningDocument(), **kwargs)
        self.instance.kommun_id = document.kommun_id
        self.instance.samverkan_id = document.samverkan_id
        self.fields["owner"].initial = document.owner_id
        self.limit_choices(user, document.kommun_ids())
        self.order_fields(["file"])

    def _post_clean(self):
        pass
