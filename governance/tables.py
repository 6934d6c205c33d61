import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from governance.models import Case, Council, Decision


class CouncilTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("Namn"))
    kind = tables.Column(verbose_name=_("Typ"), accessor="kind_label", order_by="kind")
    owner = tables.Column(
        verbose_name=_("Kommun/samverkan"), accessor="owner_name", order_by=("kommun__name",)
    )
    meetings_per_year = tables.Column(
        verbose_name=_("Möten per år"), attrs={"td": {"class": "num"}}
    )

    class Meta:
        model = Council
        fields = ["name", "kind", "owner", "meetings_per_year"]
        order_by = "name"


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


class DecisionTable(tables.Table):
    paragraph = tables.Column(linkify=True, verbose_name=_("§"), order_by=("year", "number"))
    year = tables.Column(verbose_name=_("År"))
    body = tables.Column(verbose_name=_("Beslutande"), accessor="body_name", orderable=False)
    title = tables.Column(verbose_name=_("Rubrik"))
    decision_type = tables.Column(verbose_name=_("Beslut"))
    decided_at = tables.DateColumn(format="Y-m-d", verbose_name=_("Datum"))
    final = tables.BooleanColumn(
        verbose_name=_("Justerat"), accessor="is_final", orderable=False, yesno=(_("Ja"), _("Nej"))
    )

    class Meta:
        model = Decision
        fields = ["paragraph", "year", "body", "title", "decision_type", "decided_at"]
        order_by = ("-decided_at",)
