import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portfolio.choices import Rag
from portfolio.models import Initiative, StrategicGoal


def rag_badge(rag) -> str:
    """A RAG status as text inside a badge: never colour alone."""
    if not rag:
        return format_html('<span class="muted">{}</span>', _("Ingen rapport"))
    return format_html('<span class="badge rag-{}">{}</span>', rag, Rag(rag).label)


class InitiativeTable(tables.Table):
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


class StrategicGoalTable(tables.Table):
    name = tables.LinkColumn("portfolio:goal_edit", args=[tables.A("pk")], verbose_name=_("Mål"))
    kommun = tables.Column(accessor="kommun__name", verbose_name=_("Kommun"))
    order = tables.Column(verbose_name=_("Ordning"))
    active = tables.BooleanColumn(verbose_name=_("Aktivt"))

    class Meta:
        model = StrategicGoal
        fields = ["name", "kommun", "order", "active"]
