import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from governance.documents.models import DocumentKind, GoverningDocument
from portfolio.tables import EMPTY, PortalTable, choice_label, iso_date, link, pk_url


def person_name(user) -> str:
    return user.get_full_name() or user.username


class GoverningDocumentTable(PortalTable):
    title = tables.Column(verbose_name=_("Titel"))
    kind = tables.Column(verbose_name=_("Dokumenttyp"))
    scope = tables.Column(
        verbose_name=_("Gäller för"), accessor="kommun__name", order_by=("kommun__name",)
    )
    owner = tables.Column(verbose_name=_("Dokumentägare"), order_by=("owner__last_name",))
    decision_date = tables.Column(verbose_name=_("Beslutad"))
    revision_date = tables.Column(verbose_name=_("Nästa revision"))
    version = tables.Column(verbose_name=_("Version"))

    class Meta:
        model = GoverningDocument
        fields = [
            "title",
            "kind",
            "scope",
            "owner",
            "decision_date",
            "revision_date",
            "version",
        ]
        attrs = {"class": "table"}
        empty_text = _("Inga styrdokument.")

    def prepare_cells(self):
        self._detail_url = pk_url("governance:document_detail")

    def cell_title(self, record):
        return link(self._detail_url(record.pk), record.title)

    def cell_kind(self, record):
        return choice_label(DocumentKind, record.kind)

    def cell_scope(self, record):
        return record.kommun.name if record.kommun_id else record.samverkan.name

    def cell_owner(self, record):
        return person_name(record.owner)

    def cell_decision_date(self, record):
        return iso_date(record.decision_date)

    def cell_revision_date(self, record):
        return iso_date(record.revision_date)

    def cell_version(self, record):
        if record.superseded_by_id:
            return format_html('{} <span class="badge">{}</span>', record.version, _("Ersatt"))
        return str(record.version) if record.version else EMPTY
