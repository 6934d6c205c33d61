"""Policy rules for login events (the audit trail). See ``portfolio.policy``."""

from django.db.models import Q

from portfolio.models import (
    LoginEvent,
    RoleAssignment,
)
from portfolio.organisation.rules import AUDIT_ROLES
from portfolio.policy import (
    VIEW,
    Rule,
    register,
)


@register(LoginEvent)
class LoginEventRule(Rule):
    """Administrators and auditors read the login events of users in their kommuner."""

    def q(self, scope, action):
        if action != VIEW:
            return None
        kommuner = scope.kommun_ids(AUDIT_ROLES)
        if not kommuner:
            return None
        users = RoleAssignment.objects.filter(
            Q(kommun__in=kommuner) | Q(forvaltning__kommun__in=kommuner)
        ).values("user_id")
        return Q(user_id__in=users)
