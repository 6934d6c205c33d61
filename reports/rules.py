"""Policy rules for report jobs. See ``portfolio.policy``.

* ADD (order) and CHANGE (retry): IT-strateg, administratör, kommundirektör and
  ekonom of the kommun, kommun-wide; for a samverkan report those who **act
  for** the samverkan with one of these roles (a samverkan-wide grant, the
  role in the host kommun, or in every member kommun).
* VIEW and DOWNLOAD: everyone with a kommun-wide role in the kommun; a
  samverkan report (it has a section per member) is read by those who
  **take part** in the samverkan through a kommun-wide role.
* DECIDE (fastställa a handlingsplan): only the kommundirektör.
* The IT-plan PDFs follow the IT-plans' own rule (``governance.itplans.rules``):
  one förvaltning's plan (``IT_PLAN``) is read, downloaded and ordered by
  whoever may read the plan; the kommun's "IT-planer <år>" (``IT_PLANER``) by
  the kommun's stewards, who consolidate the plans. Nobody else sees them.

Where a user may order is ``targets``: the order button, page, form choices and
service all ask ``policy.targets(user, ReportJob)`` / ``policy.require_add``.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from governance.models import ITPlan
from portfolio.choices import Role
from portfolio.models import Kommun
from portfolio.policy import (
    ADD,
    CHANGE,
    DECIDE,
    DOWNLOAD,
    STEWARD_ROLES,
    VIEW,
    Rule,
    Targets,
    UserScope,
    register,
    scope_q,
)
from reports.choices import PLAN_KINDS, ReportKind
from reports.models import ReportJob

ORDER_ROLES = frozenset({Role.IT_STRATEG, Role.ADMINISTRATOR, Role.KOMMUNDIREKTOR, Role.EKONOM})
ADOPT_ROLES = frozenset({Role.KOMMUNDIREKTOR})


def _reading_samverkan_ids(scope: UserScope) -> set[int]:
    """Samverkan organisations the user takes part in through a kommun-wide role."""
    kommun_wide = scope.kommun_ids()
    return {
        sid
        for sid in scope.partner_samverkan_ids()
        if sid in scope.samverkan and scope.samverkan[sid][1] & kommun_wide
    } | scope.samverkan_ids()


def viewable_kommuner(scope: UserScope):
    if scope.is_superuser:
        return Kommun.objects.all()
    return Kommun.objects.filter(pk__in=scope.kommun_ids())


def reads_reports(scope: UserScope) -> bool:
    """The start-page panel: a kommun-wide role somewhere (or a superuser)."""
    return not scope.is_anonymous and (scope.is_superuser or bool(scope.kommun_ids()))


@register(ReportJob)
class ReportJobRule(Rule):
    def _q_for(self, scope: UserScope, roles) -> Q:
        return Q(kommun__in=scope.kommun_ids(roles)) | Q(
            samverkan__in=scope.acting_samverkan_ids(roles)
        )

    def _plan_q(self, scope: UserScope) -> Q:
        """The IT-plan PDFs the scope reads, orders and retries (the plans' own rule)."""
        plans = ITPlan.objects.filter(scope_q(scope, ITPlan, VIEW)).values("pk")
        return Q(kind=ReportKind.IT_PLAN, it_plan__in=plans) | Q(
            kind=ReportKind.IT_PLANER, kommun__in=scope.kommun_ids(STEWARD_ROLES)
        )

    def q(self, scope, action):
        other = ~Q(kind__in=PLAN_KINDS)
        if action in (VIEW, DOWNLOAD):
            reports = Q(kommun__in=scope.kommun_ids()) | Q(
                samverkan__in=_reading_samverkan_ids(scope)
            )
            return (other & reports) | self._plan_q(scope)
        if action in (ADD, CHANGE):
            return (other & self._q_for(scope, ORDER_ROLES)) | self._plan_q(scope)
        if action == DECIDE:
            return Q(kind=ReportKind.HANDLINGSPLAN) & self._q_for(scope, ADOPT_ROLES)
        return None

    def check(self, scope, action, obj):
        # An unsaved job (an order being placed) is judged on its fields.
        if obj.pk is not None:
            return None
        if obj.kind == ReportKind.IT_PLAN:
            return action in (VIEW, DOWNLOAD, ADD, CHANGE) and (
                obj.it_plan_id is not None
                and ITPlan.objects.filter(scope_q(scope, ITPlan, VIEW), pk=obj.it_plan_id).exists()
            )
        if obj.kind == ReportKind.IT_PLANER:
            return action in (VIEW, DOWNLOAD, ADD, CHANGE) and (
                obj.kommun_id in scope.kommun_ids(STEWARD_ROLES)
            )
        if action in (VIEW, DOWNLOAD):
            if obj.kommun_id:
                return obj.kommun_id in scope.kommun_ids()
            return obj.samverkan_id in _reading_samverkan_ids(scope)
        if action in (ADD, CHANGE):
            return self.targets(scope).allows(
                kommun_id=obj.kommun_id, samverkan_id=obj.samverkan_id
            )
        return False

    def targets(self, scope):
        """Where the user may order a report: kommuner (kommun-wide) and samverkan they act for."""
        return Targets(
            kommun_ids=frozenset(scope.kommun_ids(ORDER_ROLES)),
            samverkan_ids=frozenset(scope.acting_samverkan_ids(ORDER_ROLES)),
        )

    def denied_message(self, action, obj):
        if obj is not None and obj.kind in PLAN_KINDS:
            return _("Bara den som får läsa IT-planen får beställa dess PDF.")
        if action == DECIDE:
            return _("Bara kommundirektören får fastställa handlingsplanen.")
        return _(
            "Bara IT-strateg, administratör, kommundirektör eller ekonom får beställa rapporter."
        )
