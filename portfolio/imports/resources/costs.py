"""Import resource for system costs, attached to systems by name."""

from __future__ import annotations

from portfolio.choices import (
    CostNature,
    CostType,
    Payer,
)
from portfolio.imports.resources.base import BATCH_SIZE, SystemChildResource, _choice, _field
from portfolio.imports.resources.widgets import ChoiceWidget, DecimalWidget, IntegerWidget, as_text
from portfolio.models import SystemCost


class SystemCostResource(SystemChildResource):
    system = _field("system", "System")
    year = _field("year", "År", IntegerWidget())
    cost_type = _choice("cost_type", "Kostnadsslag", CostType.choices)
    nature = _choice("nature", "Drift/utveckling", CostNature.choices)
    amount = _field("amount", "Belopp", DecimalWidget())
    payer = _choice("payer", "Betalas av", Payer.choices)
    paying_forvaltning = _field("paying_forvaltning", "Betalande förvaltning")

    required_columns = ("System", "År", "Kostnadsslag", "Drift/utveckling", "Belopp")
    lookup_fields = ("system", "paying_forvaltning")
    key_field = "year"
    #: two costs of one kind and year are allowed (two licences): the ID tells them apart
    unique_key = False
    export_related = ("system", "paying_forvaltning")
    export_order = ("system__name", "year", "cost_type", "nature", "pk")

    class Meta:
        model = SystemCost
        fields = (
            "system",
            "year",
            "cost_type",
            "nature",
            "amount",
            "payer",
            "paying_forvaltning",
        )
        import_id_fields = ()
        use_bulk = True
        batch_size = BATCH_SIZE
        skip_diff = True

    #: field -> the ImportContext lookup that resolves it by natural key
    lookups = {"system": "system", "paying_forvaltning": "forvaltning"}

    def __init__(self, *, context):
        super().__init__(context=context)
        self.cost_types = ChoiceWidget(CostType.choices)
        self.natures = ChoiceWidget(CostNature.choices)

    def natural_key(self, row):
        name = as_text(row.get("System"))
        if not name:
            return None
        return (
            self.context.system(name).pk,
            IntegerWidget().clean(row.get("År")),
            self.cost_types.clean(row.get("Kostnadsslag")),
            self.natures.clean(row.get("Drift/utveckling")),
        )

    def instance_key(self, instance):
        return (instance.system_id, instance.year, instance.cost_type, instance.nature)

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        if not as_text(row.get("Betalas av")):
            has_payer = as_text(row.get("Betalande förvaltning"))
            row["Betalas av"] = Payer.FORVALTNING if has_payer else Payer.CENTRAL
