import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from governance.models import Case


class CaseTable(tables.Table):
    reference = tables.Column(linkify=True, verbose_name=_("Ärende"), order_by=("-year", "-number"))
    title = tables.Column(verbose_name=_("Rubrik"))
    kind = tables.Column(verbose_name=_("Typ"))
    kommun = tables.Column(verbose_name=_("Kommun"), accessor="kommun__name")
    applicant = tables.Column(verbose_name=_("Anmälare"), order_by=("applicant__last_name",))
    status = tables.Column(verbose_name=_("Steg"))

    class Meta:
        model = Case
        fields = ["reference", "title", "kind", "kommun", "applicant", "status"]

    def render_applicant(self, value):
        return value.get_full_name() or value.username
