"""The budget lists, rendered in Python (``portfolio.tables.PortalTable``)."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from portfolio.budget.models import BudgetOutcome, BudgetVersion
from portfolio.choices import BudgetStatus
from portfolio.tables import PortalTable, choice_label, iso_date, link, pk_url
from portfolio.templatetags.portal import format_kr


class BudgetVersionTable(PortalTable):
    budget = tables.Column(
        verbose_name=_("IT-budget"), accessor="pk", order_by=("-first_year", "-number")
    )
    owner = tables.Column(verbose_name=_("Kommun eller samverkan"), accessor="kommun__name")
    number = tables.Column(verbose_name=_("Version"))
    status = tables.Column(verbose_name=_("Status"))
    decision_reference = tables.Column(verbose_name=_("Beslut"))
    decided_at = tables.Column(verbose_name=_("Beslutad"))

    class Meta:
        model = BudgetVersion
        fields = ["budget", "owner", "number", "status", "decision_reference", "decided_at"]

    def prepare_cells(self):
        self._url = pk_url("portfolio:budget_detail")

    def cell_budget(self, record):
        return link(self._url(record.pk), f"{record.title or _('IT-budget')} {record.period}")

    def cell_owner(self, record):
        return str(record.kommun or record.samverkan)

    def cell_number(self, record):
        return str(record.number)

    def cell_status(self, record):
        return choice_label(BudgetStatus, record.status)

    def cell_decision_reference(self, record):
        return record.decision_reference or "–"

    def cell_decided_at(self, record):
        return iso_date(record.decided_at)


class BudgetOutcomeTable(PortalTable):
    owner = tables.Column(verbose_name=_("Kommun eller samverkan"), accessor="kommun__name")
    year = tables.Column(verbose_name=_("År"))
    key = tables.Column(verbose_name=_("Radnyckel"))
    amount = tables.Column(verbose_name=_("Utfall"), attrs={"td": {"class": "num"}})
    note = tables.Column(verbose_name=_("Kommentar"))

    class Meta:
        model = BudgetOutcome
        fields = ["owner", "year", "key", "amount", "note"]
        order_by = ("-year", "key")

    def cell_owner(self, record):
        return str(record.kommun or record.samverkan)

    def cell_year(self, record):
        return str(record.year)

    def cell_key(self, record):
        return record.key

    def cell_amount(self, record):
        return format_kr(record.amount)

    def cell_note(self, record):
        return record.note or "–"
