import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portfolio.choices import InitiativeKind, InitiativeStatus, Rag, Verksamhetsomrade
from portfolio.models import Initiative, StrategicGoal
from portfolio.tables import EMPTY, PortalTable, choice_label, iso_date, link, pk_url


def rag_badge(rag) -> str:
    """A RAG status as text inside a badge: never colour alone."""
    if not rag:
        return format_html('<span class="muted">{}</span>', _("Ingen rapport"))
    return format_html('<span class="badge rag-{}">{}</span>', rag, choice_label(Rag, rag))


class InitiativeTable(PortalTable):
    title = tables.Column(linkify=True, verbose_name=_("Titel"))
    kommun = tables.Column(accessor="kommun__name", verbose_name=_("Kommun"))
    forvaltning = tables.Column(accessor="forvaltning__name", verbose_name=_("Förvaltning"))
    kind = tables.Column(verbose_name=_("Typ"))
    area = tables.Column(verbose_name=_("Verksamhetsområde"))
    status = tables.Column(verbose_name=_("Status"))
    latest_rag = tables.Column(verbose_name=_("Senaste statusrapport"), orderable=True)
    updated_at = tables.DateColumn(format="Y-m-d", verbose_name=_("Uppdaterad"))

    class Meta:
        model = Initiative
        fields = [
            "title",
            "kommun",
            "forvaltning",
            "kind",
            "area",
            "status",
            "latest_rag",
            "updated_at",
        ]
        attrs = {"class": "table"}
        empty_text = _("Inga initiativ.")

    def render_latest_rag(self, value):
        return rag_badge(value)

    # The body, built in Python (portfolio.tables.PortalTable).
    def prepare_cells(self):
        self._detail_url = pk_url("portfolio:initiative_detail")

    def cell_title(self, record):
        return link(self._detail_url(record.pk), record.title)

    def cell_kommun(self, record):
        return record.kommun.name

    def cell_forvaltning(self, record):
        return record.forvaltning.name

    def cell_kind(self, record):
        return choice_label(InitiativeKind, record.kind)

    def cell_area(self, record):
        return choice_label(Verksamhetsomrade, record.area)

    def cell_status(self, record):
        return choice_label(InitiativeStatus, record.status)

    def cell_latest_rag(self, record):
        # Like django-tables2 before: an empty value is a dash, not the "Ingen rapport" badge.
        return rag_badge(record.latest_rag) if record.latest_rag else EMPTY

    def cell_updated_at(self, record):
        return iso_date(record.updated_at)


class StrategicGoalTable(tables.Table):
    name = tables.LinkColumn("portfolio:goal_edit", args=[tables.A("pk")], verbose_name=_("Mål"))
    kommun = tables.Column(accessor="kommun__name", verbose_name=_("Kommun"))
    order = tables.Column(verbose_name=_("Ordning"))
    active = tables.BooleanColumn(verbose_name=_("Aktivt"))

    class Meta:
        model = StrategicGoal
        fields = ["name", "kommun", "order", "active"]
