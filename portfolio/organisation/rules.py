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
    UserScope,
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
    def q(self, scope, action):
        own = scope.member_kommun_ids()
        if action == VIEW:
            return Q(
                pk__in=Samverkansorganisation.objects.filter(
                    Q(members__in=own) | Q(host__in=own)
                ).values("pk")
            )
        if action in (CHANGE, MANAGE):
            stewards = scope.kommun_ids(STEWARD_ROLES)
            return Q(host__in=stewards) | Q(
                pk__in={
                    g.samverkan_id
                    for g in scope.grants
                    if g.samverkan_id and g.role in STEWARD_ROLES
                }
            )
        return None


@register(RoleAssignment)
class RoleAssignmentRule(Rule):
    """Stewards see and manage the assignments within their kommuner; users see their own."""

    def q(self, scope, action):
        stewards = scope.kommun_ids(STEWARD_ROLES)
        managed = (
            Q(kommun__in=stewards)
            | Q(forvaltning__kommun__in=stewards)
            | Q(samverkan__host__in=stewards)
        )
        if action == VIEW:
            return managed | Q(user_id=scope.user_id)
        if action in (CHANGE, MANAGE):
            return managed
        return None

    def denied_message(self, action, obj):
        return _("Bara IT-strateg eller administratör får hantera roller.")
