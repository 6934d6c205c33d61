"""Policy rules for initiatives and strategic goals. See ``portfolio.policy``."""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portfolio.choices import Role
from portfolio.models import (
    Initiative,
    InitiativeUserObjectPermission,
    StrategicGoal,
)
from portfolio.policy import (
    ADD,
    CHANGE,
    DELETE,
    MANAGE,
    STEWARD_ROLES,
    VIEW,
    KommunStewardRule,
    Rule,
    Targets,
    register,
)

#: roles that may register initiatives (in their kommun, or their förvaltning when scoped there)
PROPOSER_ROLES = frozenset(
    {
        Role.IT_STRATEG,
        Role.ADMINISTRATOR,
        Role.FORVALTNINGSCHEF,
        Role.SYSTEMAGARE,
        Role.KOMMUNDIREKTOR,
    }
)


@register(Initiative)
class InitiativeRule(Rule):
    """Readable in the kommun, in the owning förvaltning and by every participant."""

    user_permission_model = InitiativeUserObjectPermission

    def q(self, scope, action):
        if action == VIEW:
            return (
                Q(kommun__in=scope.kommun_ids())
                | Q(forvaltning__in=scope.forvaltning_ids())
                | Q(
                    pk__in=Initiative.participants.through.objects.filter(
                        kommun__in=scope.member_kommun_ids()
                    ).values("initiative_id")
                )
                | Q(contact_id=scope.user_id)
                | Q(created_by_id=scope.user_id)
            )
        if action == CHANGE:
            return (
                Q(kommun__in=scope.kommun_ids(STEWARD_ROLES))
                | Q(forvaltning__in=scope.forvaltning_ids({Role.FORVALTNINGSCHEF}))
                | Q(contact_id=scope.user_id)
            )
        if action in (DELETE, MANAGE):
            return Q(kommun__in=scope.kommun_ids(STEWARD_ROLES))
        return None

    def targets(self, scope):
        return Targets(
            kommun_ids=frozenset(scope.kommun_ids(PROPOSER_ROLES)),
            forvaltning_ids=frozenset(scope.forvaltning_ids(PROPOSER_ROLES)),
        )

    def denied_message(self, action, obj):
        if action == ADD:
            return _("Du får inte registrera initiativ i den här förvaltningen.")
        return _("Bara IT-strategen, förvaltningschefen eller kontaktpersonen får ändra.")


@register(StrategicGoal)
class StrategicGoalRule(KommunStewardRule):
    message = gettext_lazy("Bara kommunens IT-strateg eller administratör får ändra målen.")


def steered_kommun_ids(scope) -> set[int]:
    """Kommuner whose initiatives the scope steers (DELETE, MANAGE): the status panel."""
    return scope.kommun_ids(STEWARD_ROLES)
