"""Policy rules for prioritisation. See ``portfolio.policy``.

Reading: everyone who works in the kommun (any role, any scope) reads its
criteria, gates, budget and rounds; samverkan contexts are read by the
members. Configuring, scoring, overriding and freezing: the IT-strateg or
administratör (STEWARD_ROLES) of the kommun, or of the samverkan's host /
a samverkan-wide steward grant.

Scores, gate confirmations and overrides are read by whoever may read the
initiative, and changed by the stewards of the initiative's kommun.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from portfolio.choices import Role
from portfolio.models import (
    BudgetLine,
    Criterion,
    Gate,
    GateConfirmation,
    Initiative,
    Kommun,
    Override,
    Round,
    Samverkansorganisation,
    Score,
)
from portfolio.policy import VIEW, Rule, UserScope, register, scope_q

# Who sees the Prioritering menu entry (reading itself is decided by the rules below).
READER_ROLES = {
    Role.IT_STRATEG,
    Role.ADMINISTRATOR,
    Role.KOMMUNDIREKTOR,
    Role.FORVALTNINGSCHEF,
    Role.STYRGRUPPSLEDAMOT,
    Role.EKONOM,
    Role.LASARE,
}

STEWARD_MESSAGE = _("Bara IT-strategen eller administratören får ändra prioriteringen.")


def _visible_samverkan(scope: UserScope):
    own = scope.member_kommun_ids()
    return Samverkansorganisation.objects.filter(Q(members__in=own) | Q(host__in=own)).values("pk")


def _steward_samverkan(scope: UserScope) -> Q:
    from portfolio.policy import STEWARD_ROLES

    stewards = scope.kommun_ids(STEWARD_ROLES)
    granted = {g.samverkan_id for g in scope.grants if g.samverkan_id and g.role in STEWARD_ROLES}
    return Q(host__in=stewards) | Q(pk__in=granted)


def context_q(scope: UserScope, action: str, prefix: str = "") -> Q:
    """Rows of a kommun-or-samverkan model the scope may take ``action`` on."""
    from portfolio.policy import STEWARD_ROLES

    if action == VIEW:
        return Q(**{f"{prefix}kommun__in": scope.member_kommun_ids()}) | Q(
            **{f"{prefix}samverkan__in": _visible_samverkan(scope)}
        )
    return Q(**{f"{prefix}kommun__in": scope.kommun_ids(STEWARD_ROLES)}) | Q(
        **{
            f"{prefix}samverkan__in": Samverkansorganisation.objects.filter(
                _steward_samverkan(scope)
            ).values("pk")
        }
    )


class ContextRule(Rule):
    def q(self, scope, action):
        return context_q(scope, action)

    def denied_message(self, action, obj):
        if isinstance(obj, Round) and obj.is_frozen:
            return _("Omgången är fryst och kan inte ändras.")
        return STEWARD_MESSAGE


for _model in (Criterion, Gate, BudgetLine, Round, Override):
    register(_model)(type(f"{_model.__name__}Rule", (ContextRule,), {}))


class InitiativeChildRule(Rule):
    """Read with the initiative; change only as a steward of its kommun."""

    def q(self, scope, action):
        if action == VIEW:
            return Q(initiative__in=Initiative.objects.filter(scope_q(scope, Initiative, VIEW)))
        from portfolio.policy import STEWARD_ROLES

        return Q(initiative__kommun__in=scope.kommun_ids(STEWARD_ROLES))

    def denied_message(self, action, obj):
        return STEWARD_MESSAGE


for _model in (Score, GateConfirmation):
    register(_model)(type(f"{_model.__name__}Rule", (InitiativeChildRule,), {}))


# --- Contexts (kommun or samverkan) the ranking pages can be opened for ------------


def ranking_kommuner(scope: UserScope, action: str = VIEW):
    """Kommuner whose prioritisation the scope may read (VIEW) or run (any other)."""
    if scope.is_superuser:
        return Kommun.objects.all()
    if action == VIEW:
        return Kommun.objects.filter(pk__in=scope.member_kommun_ids())
    from portfolio.policy import STEWARD_ROLES

    return Kommun.objects.filter(pk__in=scope.kommun_ids(STEWARD_ROLES))


def ranking_samverkan(scope: UserScope, action: str = VIEW):
    if scope.is_superuser:
        return Samverkansorganisation.objects.all()
    if action == VIEW:
        return Samverkansorganisation.objects.filter(pk__in=_visible_samverkan(scope))
    return Samverkansorganisation.objects.filter(_steward_samverkan(scope))


def can_steer_initiative(scope: UserScope, initiative) -> bool:
    """May score, confirm gates and override this initiative."""
    from portfolio.policy import STEWARD_ROLES

    return scope.is_superuser or initiative.kommun_id in scope.kommun_ids(STEWARD_ROLES)


def reads_ranking(user) -> bool:
    """The Prioritering menu entry: roles that follow the ranking (READER_ROLES)."""
    from portfolio.policy import get_scope

    return get_scope(user).has_role(*READER_ROLES)
