import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from portfolio.models import Kommun, RoleAssignment


class KommunTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("Kommun"))
    kommunkod = tables.Column(verbose_name=_("Kommunkod"))
    lan = tables.Column(verbose_name=_("Län"))

    class Meta:
        model = Kommun
        fields = ["name", "kommunkod", "lan"]
        order_by = "name"


class RoleAssignmentTable(tables.Table):
    user = tables.Column(verbose_name=_("Användare"), accessor="user__username")
    role = tables.Column(verbose_name=_("Roll"))
    scope = tables.Column(verbose_name=_("Omfattning"), empty_values=(), orderable=False)
    valid_from = tables.DateColumn(format="Y-m-d", verbose_name=_("Från"))
    valid_until = tables.DateColumn(format="Y-m-d", verbose_name=_("Till"))
    actions = tables.TemplateColumn(
        template_name="portfolio/organisation/_role_actions.html",
        verbose_name=_("Åtgärd"),
        orderable=False,
    )

    class Meta:
        model = RoleAssignment
        fields = ["user", "role", "scope", "valid_from", "valid_until"]

    def render_scope(self, record):
        return str(record.scope)
