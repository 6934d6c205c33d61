"""Policy rules for report jobs. See ``portfolio.policy``.

* ADD (order) and CHANGE (retry): IT-strateg, administratör, kommundirektör and
  ekonom of the kommun (for a samverkan: of every member kommun, or a
  samverkan-wide grant).
* VIEW and DOWNLOAD: everyone with a kommun-wide role in the kommun (for a
  samverkan report: in any member kommun, since it has a section for each).
* DECIDE (fastställa a handlingsplan): only the kommundirektör.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from portfolio.choices import Role
from portfolio.models import Kommun, Samverkansorganisation
from portfolio.policy import (
    ADD,
    CHANGE,
    DECIDE,
    DOWNLOAD,
    VIEW,
    Rule,
    Targets,
    UserScope,
    register,
)
from reports.choices import ReportKind
from reports.models import ReportJob

ORDER_ROLES = frozenset({Role.IT_STRATEG, Role.ADMINISTRATOR, Role.KOMMUNDIREKTOR, Role.EKONOM})
ADOPT_ROLES = frozenset({Role.KOMMUNDIREKTOR})


def _samverkan_ids(scope: UserScope, roles) -> set[int]:
    """Samverkan organisations the user acts for with ``roles`` (see ``portfolio.policy``)."""
    return scope.acting_samverkan_ids(roles)


def _member_samverkan_ids(scope: UserScope) -> set[int]:
    """Samverkan organisations with a member where the user has a kommun-wide role."""
    kommun_ids = scope.kommun_ids()
    direct = {g.samverkan_id for g in scope.grants if g.samverkan_id}
    if not kommun_ids:
        return direct
    return direct | set(
        Samverkansorganisation.objects.filter(
            Q(members__in=kommun_ids) | Q(host__in=kommun_ids)
        ).values_list("pk", flat=True)
    )


def orderable_kommuner(scope: UserScope):
    if scope.is_superuser:
        return Kommun.objects.all()
    return Kommun.objects.filter(pk__in=scope.kommun_ids(ORDER_ROLES))


def orderable_samverkan(scope: UserScope):
    if scope.is_superuser:
        return Samverkansorganisation.objects.all()
    return Samverkansorganisation.objects.filter(pk__in=_samverkan_ids(scope, ORDER_ROLES))


def viewable_kommuner(scope: UserScope):
    if scope.is_superuser:
        return Kommun.objects.all()
    return Kommun.objects.filter(pk__in=scope.kommun_ids())


@register(ReportJob)
class ReportJobRule(Rule):
    def _q_for(self, scope: UserScope, roles) -> Q:
        return Q(kommun__in=scope.kommun_ids(roles)) | Q(samverkan__in=_samverkan_ids(scope, roles))

    def q(self, scope, action):
        if action in (VIEW, DOWNLOAD):
            # A samverkan report has a section per member: every member may read it.
            return Q(kommun__in=scope.kommun_ids()) | Q(samverkan__in=_member_samverkan_ids(scope))
        if action in (ADD, CHANGE):
            return self._q_for(scope, ORDER_ROLES)
        if action == DECIDE:
            return Q(kind=ReportKind.HANDLINGSPLAN) & self._q_for(scope, ADOPT_ROLES)
        return None

    def check(self, scope, action, obj):
        # An unsaved job (an order being placed) is judged on its fields.
        if obj.pk is not None:
            return None
        if action in (VIEW, DOWNLOAD):
            if obj.kommun_id:
                return obj.kommun_id in scope.kommun_ids()
            return obj.samverkan_id in _member_samverkan_ids(scope)
        roles = ORDER_ROLES
        if obj.kommun_id:
            return obj.kommun_id in scope.kommun_ids(roles)
        if obj.samverkan_id:
            return obj.samverkan_id in _samverkan_ids(scope, roles)
        return False

    def targets(self, scope):
        return Targets(
            kommun_ids=frozenset(scope.kommun_ids(ORDER_ROLES)),
            samverkan_ids=frozenset(_samverkan_ids(scope, ORDER_ROLES)),
        )

    def denied_message(self, action, obj):
        if action == DECIDE:
            return _("Bara kommundirektören får fastställa handlingsplanen.")
        return _(
            "Bara IT-strateg, administratör, kommundirektör eller ekonom får beställa rapporter."
        )
