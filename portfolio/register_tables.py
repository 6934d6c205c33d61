import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portfolio.models import System


class SystemTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("System"))
    kommun = tables.Column(verbose_name=_("Kommun"))
    forvaltning = tables.Column(verbose_name=_("Förvaltning"), accessor="forvaltning__name")
    kind = tables.Column(verbose_name=_("Typ"))
    category = tables.Column(verbose_name=_("Kategori"))
    lifecycle = tables.Column(verbose_name=_("Livscykel"))
    time = tables.Column(verbose_name=_("TIME"), empty_values=(), orderable=False)
    krt = tables.Column(verbose_name=_("K/R/T"), empty_values=(), orderable=False)

    class Meta:
        model = System
        fields = ["name", "kommun", "forvaltning", "kind", "category", "lifecycle"]
        order_by = "name"

    def render_time(self, record):
        return record.get_time_class_display() or "–"

    def render_krt(self, record):
        return record.krt or format_html('<span class="badge warn">{}</span>', _("Ej klassad"))
