"""Import resource for contracts (avtal), attached to systems by name."""

from __future__ import annotations

from portfolio.choices import RenewalType
from portfolio.imports.resources.base import BATCH_SIZE, SystemChildResource, _choice, _field
from portfolio.imports.resources.widgets import (
    DateWidget,
    DecimalWidget,
    IntegerWidget,
    TextWidget,
    as_text,
)
from portfolio.models import Contract


class ContractResource(SystemChildResource):
    system = _field("system", "System")
    supplier = _field("supplier", "Leverantör")
    number = _field("number", "Avtalsnummer", TextWidget())
    start_date = _field("start_date", "Startdatum", DateWidget())
    end_date = _field("end_date", "Slutdatum", DateWidget())
    notice_months = _field("notice_months", "Uppsägningstid (månader)", IntegerWidget(), default=3)
    renewal_type = _choice(
        "renewal_type", "Förlängning", RenewalType.choices, default=RenewalType.AUTOMATISK
    )
    extension_options = _field("extension_options", "Förlängningsoptioner", TextWidget())
    annual_cost = _field("annual_cost", "Årskostnad", DecimalWidget())

    required_columns = ("System", "Leverantör", "Avtalsnummer", "Startdatum", "Slutdatum")
    lookup_fields = ("system", "supplier")
    key_field = "number"
    key_columns = ("System", "Avtalsnummer")
    export_related = ("system", "supplier")
    export_order = ("system__name", "number", "pk")

    class Meta:
        model = Contract
        fields = (
            "system",
            "supplier",
            "number",
            "start_date",
            "end_date",
            "notice_months",
            "renewal_type",
            "extension_options",
            "annual_cost",
        )
        import_id_fields = ()
        use_bulk = True
        batch_size = BATCH_SIZE
        skip_diff = True

    #: field -> the ImportContext lookup that resolves it by natural key
    lookups = {"system": "system", "supplier": "supplier"}

    def natural_key(self, row):
        name, number = as_text(row.get("System")), as_text(row.get("Avtalsnummer"))
        if not name or not number:
            return None
        return (self.context.system(name).pk, number.lower())

    def instance_key(self, instance):
        return (instance.system_id, instance.number.lower()) if instance.number else None
