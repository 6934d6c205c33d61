import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portfolio.attestation.services import attestation_text
from portfolio.choices import Lifecycle, SystemCategory, SystemKind
from portfolio.models import Contract, Supplier, System
from portfolio.tables import PortalTable, choice_label, link, pk_url


class SystemTable(PortalTable):
    name = tables.Column(linkify=True, verbose_name=_("System"))
    kommun = tables.Column(verbose_name=_("Kommun"))
    forvaltning = tables.Column(verbose_name=_("Förvaltning"), accessor="forvaltning__name")
    kind = tables.Column(verbose_name=_("Typ"))
    category = tables.Column(verbose_name=_("Kategori"))
    lifecycle = tables.Column(verbose_name=_("Livscykel"))
    time = tables.Column(verbose_name=_("TIME"), empty_values=(), orderable=False)
    krt = tables.Column(verbose_name=_("K/R/T"), empty_values=(), orderable=False)
    attestation = tables.Column(verbose_name=_("Bekräftad"), empty_values=(), orderable=False)

    class Meta:
        model = System
        fields = ["name", "kommun", "forvaltning", "kind", "category", "lifecycle"]
        order_by = "name"

    def render_time(self, record):
        return record.get_time_class_display() or "–"

    def render_krt(self, record):
        return record.krt or format_html('<span class="badge warn">{}</span>', _("Ej klassad"))

    def render_attestation(self, record):
        """From ``attestation.services.with_attestation`` (no query per row)."""
        text = attestation_text(record)
        if not text:
            return "–"
        if getattr(record, "attestation_confirmed_at", None) is None:
            return format_html('<span class="badge warn">{}</span>', text)
        return text

    # The body, built in Python (portfolio.tables.PortalTable).
    def prepare_cells(self):
        self._detail_url = pk_url("portfolio:system_detail")
        self._unclassified = self.render_krt(System())

    def cell_name(self, record):
        return link(self._detail_url(record.pk), record.name)

    def cell_kommun(self, record):
        return record.kommun.name

    def cell_forvaltning(self, record):
        return record.forvaltning.name

    def cell_kind(self, record):
        return choice_label(SystemKind, record.kind)

    def cell_category(self, record):
        return choice_label(SystemCategory, record.category)

    def cell_lifecycle(self, record):
        return choice_label(Lifecycle, record.lifecycle)

    cell_time = render_time

    def cell_krt(self, record):
        return record.krt or self._unclassified

    cell_attestation = render_attestation


class ContractTable(tables.Table):
    number = tables.Column(
        linkify=lambda record: record.system.get_absolute_url(), verbose_name=_("Avtalsnummer")
    )
    system = tables.Column(verbose_name=_("System"), accessor="system__name")
    supplier = tables.Column(verbose_name=_("Leverantör"), accessor="supplier__name")
    end_date = tables.DateColumn(format="Y-m-d", verbose_name=_("Slutdatum"))
    last_cancel_date = tables.DateColumn(
        format="Y-m-d", verbose_name=_("Sista uppsägningsdag"), orderable=False
    )
    status = tables.Column(verbose_name=_("Status"), accessor="get_status_display", orderable=False)
    annual_cost = tables.Column(verbose_name=_("Årskostnad"), attrs={"td": {"class": "num"}})

    class Meta:
        model = Contract
        fields = ["number", "system", "supplier", "end_date"]
        order_by = "end_date"

    def render_annual_cost(self, value):
        from portfolio.templatetags.portal import format_kr

        return format_kr(value)


class SupplierTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("Leverantör"))
    org_number = tables.Column(verbose_name=_("Organisationsnummer"))
    contact = tables.Column(verbose_name=_("Kontakt"))

    class Meta:
        model = Supplier
        fields = ["name", "org_number", "contact"]
        order_by = "name"
