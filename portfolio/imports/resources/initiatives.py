"""Import resource for initiatives."""

from __future__ import annotations

from django.utils.translation import gettext as _

from portfolio import policy
from portfolio.choices import (
    CollaborationType,
    InitiativeKind,
    Verksamhetsomrade,
)
from portfolio.imports.resources.base import BATCH_SIZE, KommunNamedResource, _choice, _field
from portfolio.imports.resources.widgets import DateWidget, TextWidget
from portfolio.models import Initiative


class InitiativeResource(KommunNamedResource):
    title = _field("title", "Titel", TextWidget())
    description = _field("description", "Beskrivning", TextWidget())
    need = _field("need", "Behov", TextWidget())
    kind = _choice("kind", "Typ", InitiativeKind.choices)
    area = _choice("area", "Verksamhetsområde", Verksamhetsomrade.choices)
    forvaltning = _field("forvaltning", "Förvaltning")
    contact = _field("contact", "Kontaktperson")
    collaboration_type = _choice("collaboration_type", "Samverkansform", CollaborationType.choices)
    alternatives = _field("alternatives", "Alternativ", TextWidget())
    start_date = _field("start_date", "Planerad start", DateWidget())
    end_date = _field("end_date", "Planerat slut", DateWidget())

    required_columns = ("Titel", "Förvaltning", "Kontaktperson")
    lookup_fields = ("kommun", "forvaltning", "contact", "created_by")
    key_field = "title"
    key_columns = ("Titel",)
    export_related = ("forvaltning", "contact")
    export_order = ("title", "pk")

    class Meta:
        model = Initiative
        fields = (
            "title",
            "description",
            "need",
            "kind",
            "area",
            "forvaltning",
            "contact",
            "collaboration_type",
            "alternatives",
            "start_date",
            "end_date",
        )
        import_id_fields = ()
        use_bulk = True
        batch_size = BATCH_SIZE
        skip_diff = True

    #: field -> the ImportContext lookup that resolves it by natural key
    lookups = {"forvaltning": "forvaltning", "contact": "user"}

    name_field, name_column = "title", "Titel"

    def derive(self, instance):
        if instance.forvaltning_id:
            instance.kommun_id = instance.forvaltning.kommun_id
        if instance.pk is None:
            instance.created_by = self.context.actor

    def check_row(self, instance, new):
        if not new and instance.pk not in self._changeable:
            return {
                "title": _("Du får inte ändra initiativet ”%(name)s”.") % {"name": instance.title}
            }
        if instance.forvaltning_id and not policy.can_add(
            self.context.actor, Initiative, forvaltning=instance.forvaltning
        ):
            return {
                "forvaltning": _("Du får inte registrera initiativ i förvaltningen ”%(name)s”.")
                % {"name": instance.forvaltning.name}
            }
        return {}

    def get_bulk_update_fields(self):
        return [f for f in super().get_bulk_update_fields() if f != "created_by"]
