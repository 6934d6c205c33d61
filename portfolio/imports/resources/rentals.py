"""Import resource for the hyressystem's rented items per förvaltning and year (issue 16)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from portfolio import policy
from portfolio.chargeback.models import ItemKind, RentalCount
from portfolio.imports.resources.base import BATCH_SIZE, PortalResource, _choice, _field
from portfolio.imports.resources.widgets import ChoiceWidget, IntegerWidget, as_text


class RentalCountResource(PortalResource):
    forvaltning = _field("forvaltning", "Förvaltning")
    year = _field("year", "År", IntegerWidget())
    item_kind = _choice("item_kind", "Utrustning", ItemKind.choices)
    count = _field("count", "Antal", IntegerWidget())

    required_columns = ("Förvaltning", "År", "Utrustning", "Antal")
    lookup_fields = ("kommun", "forvaltning")
    key_field = "item_kind"
    key_columns = ("Förvaltning", "År", "Utrustning")
    export_related = ("forvaltning",)
    export_order = ("forvaltning__name", "year", "item_kind", "pk")

    class Meta:
        model = RentalCount
        fields = ("forvaltning", "year", "item_kind", "count")
        import_id_fields = ()
        use_bulk = True
        batch_size = BATCH_SIZE
        skip_diff = True

    #: field -> the ImportContext lookup that resolves it by natural key
    lookups = {"forvaltning": "forvaltning"}

    def __init__(self, *, context):
        super().__init__(context=context)
        self.kinds = ChoiceWidget(ItemKind.choices)
        self.may_add = policy.can_add(context.actor, RentalCount, kommun_id=context.kommun.pk)

    def natural_key(self, row):
        name = as_text(row.get("Förvaltning"))
        if not name:
            return None
        return (
            self.context.forvaltning(name).pk,
            IntegerWidget().clean(row.get("År")),
            self.kinds.clean(row.get("Utrustning")),
        )

    def instance_key(self, instance):
        return (instance.forvaltning_id, instance.year, instance.item_kind)

    def derive(self, instance):
        if instance.forvaltning_id:
            instance.kommun_id = instance.forvaltning.kommun_id

    def check_row(self, instance, new):
        if not self.may_add:
            return {
                "forvaltning": _(
                    "Bara kommunens ekonom eller IT-strateg får lägga in hyrd utrustning."
                )
            }
        return {}
