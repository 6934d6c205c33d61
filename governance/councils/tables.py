import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from governance.models import Council


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
