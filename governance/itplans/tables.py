import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from governance.models import ITPlan


class ITPlanTable(tables.Table):
    plan = tables.Column(
        linkify=lambda record: record.get_absolute_url(),
        accessor="pk",
        verbose_name=_("IT-plan"),
        order_by=("-year", "forvaltning__name"),
    )
    kommun = tables.Column(verbose_name=_("Kommun"), accessor="kommun__name")
    version = tables.Column(verbose_name=_("Version"))
    status = tables.Column(verbose_name=_("Status"))
    contact = tables.Column(verbose_name=_("Kontaktperson"), order_by=("contact__last_name",))
    submitted_at = tables.DateColumn(verbose_name=_("Inlämnad"), format="Y-m-d")

    class Meta:
        model = ITPlan
        fields = ["plan", "kommun", "version", "status", "contact", "submitted_at"]

    def render_plan(self, record):
        return f"{record.forvaltning.name} {record.period}"

    def render_contact(self, value):
        return value.get_full_name() or value.username
