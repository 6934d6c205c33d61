import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from governance.models import Decision


class DecisionTable(tables.Table):
    paragraph = tables.Column(linkify=True, verbose_name=_("§"), order_by=("year", "number"))
    year = tables.Column(verbose_name=_("År"))
    body = tables.Column(verbose_name=_("Beslutande"), accessor="body_name", orderable=False)
    title = tables.Column(verbose_name=_("Rubrik"))
    decision_type = tables.Column(verbose_name=_("Beslut"))
    decision_date = tables.DateColumn(format="Y-m-d", verbose_name=_("Beslutsdatum"))
    final = tables.BooleanColumn(
        verbose_name=_("Justerat"), accessor="is_final", orderable=False, yesno=(_("Ja"), _("Nej"))
    )

    class Meta:
        model = Decision
        fields = ["paragraph", "year", "body", "title", "decision_type", "decision_date"]
        order_by = ("-decision_date", "-paragraph")
