"""Policy rule for API tokens. See ``portfolio.policy``.

A token belongs to one user, who alone sees and revokes it. Anyone with a
role somewhere may create tokens for themselves: the API shows them exactly
what the portal shows them, and nothing to a user without a role.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from portfolio.api.models import ApiToken
from portfolio.policy import ADD, Rule, Targets, register


@register(ApiToken)
class ApiTokenRule(Rule):
    def q(self, scope, action):
        return Q(user_id=scope.user_id)

    def targets(self, scope):
        return Targets(kommun_ids=frozenset(scope.member_kommun_ids()))

    def denied_message(self, action, obj):
        if action == ADD:
            return _("Du behöver en roll i portalen för att skapa API-nycklar.")
        return _("Bara den som skapade API-nyckeln kan återkalla den.")


def may_create_tokens(user) -> bool:
    """The API-nycklar link in the user menu."""
    from portfolio import policy

    return policy.can_add(user, ApiToken)
