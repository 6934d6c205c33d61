"""Import resource for the IT budget's outcome (utfall) from the ekonomisystem.

One row per line key and year: ``År``, ``Radnyckel``, ``Utfall``, optionally
``Kommentar``. A row whose year and key already have an outcome in the
importing kommun updates it (the ekonomisystem's figure as of today), so the
same export can be imported again each month. The ekonom and the IT-strateg
may import (``portfolio.budget.rules``); every row is checked again.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from portfolio import policy
from portfolio.budget.models import BudgetOutcome, normalise_key
from portfolio.imports.resources.base import BATCH_SIZE, PortalResource, _field
from portfolio.imports.resources.widgets import DecimalWidget, IntegerWidget, TextWidget, as_text


class BudgetOutcomeResource(PortalResource):
    year = _field("year", "År", IntegerWidget())
    key = _field("key", "Radnyckel", TextWidget())
    amount = _field("amount", "Utfall", DecimalWidget())
    note = _field("note", "Kommentar", TextWidget())

    required_columns = ("År", "Radnyckel", "Utfall")
    key_field = "key"
    key_columns = ("År", "Radnyckel")
    export_order = ("-year", "key", "pk")

    class Meta:
        model = BudgetOutcome
        fields = ("year", "key", "amount", "note")
        import_id_fields = ()
        use_bulk = True
        batch_size = BATCH_SIZE
        skip_diff = True

    def natural_key(self, row):
        key = normalise_key(as_text(row.get("Radnyckel")))
        if not key:
            return None
        return (IntegerWidget().clean(row.get("År")), key)

    def instance_key(self, instance):
        return (instance.year, normalise_key(instance.key)) if instance.key else None

    def derive(self, instance) -> None:
        instance.kommun = self.context.kommun
        instance.samverkan = None
        instance.key = normalise_key(instance.key or "")

    def check_row(self, instance, new):
        if not policy.can_add(self.context.actor, BudgetOutcome, kommun_id=self.context.kommun.pk):
            return {
                "key": _("Du får inte föra in utfall för %(kommun)s.")
                % {"kommun": self.context.kommun.name}
            }
        return {}
