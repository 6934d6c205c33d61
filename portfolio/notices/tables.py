import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portfolio.notices.kinds import label
from portfolio.notices.models import Notice
from portfolio.tables import PortalTable, iso_date, link, pk_url


class NoticeTable(PortalTable):
    created_at = tables.Column(verbose_name=_("Datum"))
    subject = tables.Column(verbose_name=_("Notis"), orderable=False)
    kind = tables.Column(verbose_name=_("Typ"), orderable=False)
    read_at = tables.Column(verbose_name=_("Status"), empty_values=(), orderable=False)

    class Meta:
        model = Notice
        fields = ["created_at", "subject", "kind", "read_at"]
        order_by = "-created_at"
        empty_text = _("Inga notiser.")

    def prepare_cells(self):
        self._detail_url = pk_url("portfolio:notice_detail")
        self._read_url = pk_url("portfolio:notice_read")
        self._read_label = _("Markera som läst")

    def cell_created_at(self, record):
        return iso_date(record.created_at)

    def cell_subject(self, record):
        return link(self._detail_url(record.pk), record.subject)

    def cell_kind(self, record):
        return label(record.kind)

    def cell_read_at(self, record):
        if record.read_at is not None:
            return format_html('<span class="badge ok">{}</span>', _("Läst"))
        # The buttons submit the one form above the table (it holds the CSRF token).
        return format_html(
            '<span class="badge warn">{}</span> '
            '<button type="submit" class="btn secondary small" form="notice-actions" '
            'formaction="{}">'
            '{}<span class="visually-hidden">: {}</span></button>',
            _("Oläst"),
            self._read_url(record.pk),
            self._read_label,
            record.subject,
        )

    render_created_at = cell_created_at

    def render_subject(self, record):
        return link(reverse("portfolio:notice_detail", args=[record.pk]), record.subject)

    def render_kind(self, record):
        return label(record.kind)

    def render_read_at(self, record):
        self.prepare_cells()
        return self.cell_read_at(record)
