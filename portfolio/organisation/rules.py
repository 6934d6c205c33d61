"""Policy rules for the organisation models. See ``portfolio.policy``."""

from django.db.models import Q
from django.utils.translation import gettext as _

from portfolio.choices import Role
from portfolio.models import (
    Forvaltning,
    Kommun,
    KommunUserObjectPermission,
    KommunYearFigures,
    RoleAssignment,
    Samverkansorganisation,
)
from portfolio.policy import (
    AUDIT,
    CHANGE,
    MANAGE,
    STEWARD_ROLES,
    VIEW,
    Rule,
    Targets,
    UserScope,
    get_scope,
    register,
)

AUDIT_ROLES = frozenset({Role.ADMINISTRATOR, Role.LASARE})


@register(Kommun)
class KommunRule(Rule):
    user_permission_model = KommunUserObjectPermission

    def q(self, scope: UserScope, action: str):
        if action == VIEW:
            return Q(pk__in=scope.visible_kommun_ids())
        if action in (CHANGE, MANAGE):
            return Q(pk__in=scope.kommun_ids(STEWARD_ROLES))
        if action == AUDIT:
            # Kommun-wide administratör or läsare/revisor reads the kommun's audit trail.
            return Q(pk__in=scope.kommun_ids(AUDIT_ROLES))
        return None

    def denied_message(self, action, obj):
        if action == AUDIT:
            return _("Bara administratör eller läsare (revisor) får läsa granskningsloggen.")
        return _("Bara kommunens IT-strateg eller administratör får ändra detta.")


@register(KommunYearFigures)
class KommunYearFiguresRule(Rule):
    def q(self, scope, action):
        if action == VIEW:
            return Q(kommun__in=scope.member_kommun_ids())
        return Q(kommun__in=scope.kommun_ids(STEWARD_ROLES | {Role.EKONOM}))


@register(Forvaltning)
class ForvaltningRule(Rule):
    def q(self, scope, action):
        if action == VIEW:
            return Q(kommun__in=scope.kommun_ids()) | Q(pk__in=scope.forvaltning_ids())
        if action in (CHANGE, MANAGE):
            return Q(kommun__in=scope.kommun_ids(STEWARD_ROLES))
        return None


@register(Samverkansorganisation)
class SamverkanRule(Rule):
    """Read by those who take part; changed by the stewards who act for it."""

    def q(self, scope, action):
        if action == VIEW:
            return Q(pk__in=scope.partner_samverkan_ids())
        if action in (CHANGE, MANAGE):
            return Q(pk__in=scope.acting_samverkan_ids(STEWARD_ROLES))
        return None


@register(RoleAssignment)
class RoleAssignmentRule(Rule):
    """Stewards see and manage the assignments within their kommuner; users see their own."""

    def q(self, scope, action):
        stewards = scope.kommun_ids(STEWARD_ROLES)
        managed = (
            Q(kommun__in=stewards)
            | Q(forvaltning__kommun__in=stewards)
            | Q(samverkan__in=scope.acting_samverkan_ids(STEWARD_ROLES))
        )
        if action == VIEW:
            return managed | Q(user_id=scope.user_id)
        if action in (CHANGE, MANAGE):
            return managed
        return None

    def targets(self, scope):
        return Targets(
            kommun_ids=frozenset(scope.kommun_ids(STEWARD_ROLES)),
            samverkan_ids=frozenset(scope.acting_samverkan_ids(STEWARD_ROLES)),
        )

    def denied_message(self, action, obj):
        return _("Bara IT-strateg eller administratör får hantera roller.")


def reads_audit_trail(user) -> bool:
    """May read some kommun's audit trail (the AUDIT action): the menu entry and panel."""
    scope = get_scope(user)
    return scope.is_superuser or bool(scope.kommun_ids(AUDIT_ROLES))
