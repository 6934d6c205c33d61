import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from portfolio.chargeback.models import (
    CostPool,
    DistributionRun,
    ItemKind,
    KeyKind,
    KeyValue,
    PoolKind,
    PriceList,
    PriceListStatus,
    RentalCount,
)
from portfolio.tables import PortalTable, choice_label, iso_date, link, pk_url
from portfolio.templatetags.portal import format_kr

NUM = {"td": {"class": "num"}, "th": {"class": "num"}}


def _owner(record) -> str:
    return record.samverkan.name if record.samverkan_id else record.kommun.name


class PriceListTable(PortalTable):
    name = tables.Column(verbose_name=_("Prislista"), accessor="pk", order_by=("-year", "pk"))
    owner = tables.Column(
        verbose_name=_("Kommun eller samverkan"), empty_values=(), orderable=False
    )
    status = tables.Column(verbose_name=_("Status"))
    decision_reference = tables.Column(verbose_name=_("Beslut"))

    class Meta:
        model = PriceList
        fields = ["name", "owner", "status", "decision_reference"]

    def prepare_cells(self):
        self._url = pk_url("portfolio:chargeback_pricelist_detail")

    def cell_name(self, record):
        return link(self._url(record.pk), _("Prislista %(year)s") % {"year": record.year})

    cell_owner = staticmethod(_owner)

    def cell_status(self, record):
        return choice_label(PriceListStatus, record.status)

    def cell_decision_reference(self, record):
        return record.decision_reference or "–"


class RentalCountTable(PortalTable):
    forvaltning = tables.Column(verbose_name=_("Förvaltning"), accessor="forvaltning__name")
    kommun = tables.Column(verbose_name=_("Kommun"), accessor="kommun__name")
    year = tables.Column(verbose_name=_("År"))
    item_kind = tables.Column(verbose_name=_("Utrustning"))
    count = tables.Column(verbose_name=_("Antal"), attrs=NUM)

    class Meta:
        model = RentalCount
        fields = ["forvaltning", "kommun", "year", "item_kind", "count"]

    def prepare_cells(self):
        self._url = pk_url("portfolio:chargeback_count_edit")

    def cell_forvaltning(self, record):
        return link(self._url(record.pk), record.forvaltning.name)

    def cell_kommun(self, record):
        return record.kommun.name

    def cell_year(self, record):
        return record.year

    def cell_item_kind(self, record):
        return choice_label(ItemKind, record.item_kind)

    def cell_count(self, record):
        return record.count


class CostPoolTable(PortalTable):
    name = tables.Column(verbose_name=_("Kostnadspool"))
    owner = tables.Column(
        verbose_name=_("Kommun eller samverkan"), empty_values=(), orderable=False
    )
    year = tables.Column(verbose_name=_("År"))
    kind = tables.Column(verbose_name=_("Typ"))
    key_kind = tables.Column(verbose_name=_("Fördelningsnyckel"))
    amount = tables.Column(verbose_name=_("Belopp"), attrs=NUM)

    class Meta:
        model = CostPool
        fields = ["name", "owner", "year", "kind", "key_kind", "amount"]

    def prepare_cells(self):
        self._url = pk_url("portfolio:chargeback_pool_detail")

    def cell_name(self, record):
        return link(self._url(record.pk), record.name)

    cell_owner = staticmethod(_owner)

    def cell_year(self, record):
        return record.year

    def cell_kind(self, record):
        return choice_label(PoolKind, record.kind)

    def cell_key_kind(self, record):
        return choice_label(KeyKind, record.key_kind)

    def cell_amount(self, record):
        return _("systemens kostnader") if record.amount is None else format_kr(record.amount)


class KeyValueTable(PortalTable):
    who = tables.Column(
        verbose_name=_("Förvaltning eller kommun"),
        accessor="forvaltning__name",
        order_by=("forvaltning__name", "kommun__name"),
    )
    year = tables.Column(verbose_name=_("År"))
    key_kind = tables.Column(verbose_name=_("Nyckel"))
    pool = tables.Column(verbose_name=_("Kostnadspool"), accessor="pool__name")
    value = tables.Column(verbose_name=_("Värde"), attrs=NUM)

    class Meta:
        model = KeyValue
        fields = ["who", "year", "key_kind", "pool", "value"]

    def prepare_cells(self):
        self._url = pk_url("portfolio:chargeback_key_edit")

    def cell_who(self, record):
        name = record.forvaltning.name if record.forvaltning_id else record.kommun.name
        return link(self._url(record.pk), name)

    def cell_year(self, record):
        return record.year

    def cell_key_kind(self, record):
        return choice_label(KeyKind, record.key_kind)

    def cell_pool(self, record):
        return record.pool.name if record.pool_id else "–"

    def cell_value(self, record):
        return str(record.value).replace(".", ",")


class RunTable(PortalTable):
    run = tables.Column(verbose_name=_("Körning"), accessor="pk", order_by=("-year", "-number"))
    kommun = tables.Column(verbose_name=_("Kommun"), accessor="kommun__name")
    created_at = tables.Column(verbose_name=_("Körd"))
    created_by = tables.Column(verbose_name=_("Av"), accessor="created_by__last_name")
    total = tables.Column(verbose_name=_("Summa"), attrs=NUM)

    class Meta:
        model = DistributionRun
        fields = ["run", "kommun", "created_at", "created_by", "total"]

    def prepare_cells(self):
        self._url = pk_url("portfolio:chargeback_run_detail")

    def cell_run(self, record):
        return link(
            self._url(record.pk),
            _("%(year)s nr %(number)s") % {"year": record.year, "number": record.number},
        )

    def cell_kommun(self, record):
        return record.kommun.name

    def cell_created_at(self, record):
        return iso_date(record.created_at)

    def cell_created_by(self, record):
        return record.created_by.get_full_name() or record.created_by.username

    def cell_total(self, record):
        return format_kr(record.total)
