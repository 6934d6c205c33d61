"""Policy rules for prioritisation. See ``portfolio.policy``.

A prioritisation runs in a context: a kommun or a samverkansorganisation.

Reading: everyone who works in the kommun (any role, any scope) reads its
criteria, gates, budget and rounds; a samverkan context is read by those who
**take part** in it (``UserScope.partner_samverkan_ids``). Running it
(configuring, budgeting, overriding, creating and freezing rounds): the
IT-strateg or administratör (STEWARD_ROLES) of the kommun, kommun-wide, or
those who **act for** the samverkan with such a role
(``UserScope.acting_samverkan_ids``). Where a user may run a prioritisation
is the ``targets`` of the context models (``policy.targets(user, Round)``):
every button, page and service asks the policy.

Scores, gate confirmations and overrides are read by whoever may read the
initiative, and changed by the stewards of the initiative's kommun
(``can_steer_initiative``).

A fastställd (frozen) round locks its result (``portfolio.prioritisation.freezing``):
overrides and budget lines of a frozen year can't be added, changed or
deleted by anyone (their ``q`` leaves them out and ``check`` vetoes a new
row); scores, gate confirmations, criteria and gates are vetoed while a
frozen round locks their context. The denial message says why.
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
from portfolio.policy import STEWARD_ROLES, VIEW, Rule, Targets, UserScope, register, scope_q
from portfolio.prioritisation import freezing

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


def _running(scope: UserScope) -> Targets:
    """The contexts the scope runs: steward kommuner and samverkan it acts for."""
    return Targets(
        kommun_ids=frozenset(scope.kommun_ids(STEWARD_ROLES)),
        samverkan_ids=frozenset(scope.acting_samverkan_ids(STEWARD_ROLES)),
    )


def context_q(scope: UserScope, action: str, prefix: str = "") -> Q:
    """Rows of a kommun-or-samverkan model the scope may take ``action`` on."""
    if action == VIEW:
        kommun_ids, samverkan_ids = scope.member_kommun_ids(), scope.partner_samverkan_ids()
    else:
        running = _running(scope)
        kommun_ids, samverkan_ids = running.kommun_ids, running.samverkan_ids
    return Q(**{f"{prefix}kommun__in": kommun_ids}) | Q(**{f"{prefix}samverkan__in": samverkan_ids})


class ContextRule(Rule):
    def q(self, scope, action):
        return context_q(scope, action)

    def targets(self, scope):
        """Where the scope may add criteria, gates, budget lines, rounds and overrides."""
        return _running(scope)

    def denied_message(self, action, obj):
        if isinstance(obj, Round) and obj.is_frozen:
            return _("Omgången är fryst och kan inte ändras.")
        return STEWARD_MESSAGE


class SharedInputRule(ContextRule):
    """Criteria and gates: not changed while a frozen round locks their context."""

    def check(self, scope, action, obj):
        if action != VIEW and freezing.locking_round(obj) is not None:
            return False
        return None

    def denied_message(self, action, obj):
        locking = freezing.locking_round(obj) if obj is not None and action != VIEW else None
        return freezing.locked_inputs_message(locking) if locking else STEWARD_MESSAGE


class YearInputRule(ContextRule):
    """Overrides and budget lines: never changed once their year's round is frozen."""

    def q(self, scope, action):
        q = context_q(scope, action)
        return q if action == VIEW else q & ~freezing.frozen_year_q()

    def check(self, scope, action, obj):
        if action != VIEW and freezing.frozen_round(obj, obj.year) is not None:
            return False
        return None

    def denied_message(self, action, obj):
        frozen = None
        if obj is not None and action != VIEW:
            frozen = freezing.frozen_round(obj, obj.year)
        return freezing.frozen_year_message(frozen) if frozen else STEWARD_MESSAGE


for _model, _base in (
    (Criterion, SharedInputRule),
    (Gate, SharedInputRule),
    (BudgetLine, YearInputRule),
    (Round, ContextRule),
    (Override, YearInputRule),
):
    register(_model)(type(f"{_model.__name__}Rule", (_base,), {}))


class InitiativeChildRule(Rule):
    """Read with the initiative; change only as a steward of its kommun."""

    def q(self, scope, action):
        if action == VIEW:
            return Q(initiative__in=Initiative.objects.filter(scope_q(scope, Initiative, VIEW)))
        return Q(initiative__kommun__in=scope.kommun_ids(STEWARD_ROLES))

    def _locking(self, action, obj):
        if obj is None or action == VIEW:
            return None
        config = obj.criterion if isinstance(obj, Score) else obj.gate
        return freezing.locking_round(config)

    def check(self, scope, action, obj):
        return False if self._locking(action, obj) is not None else None

    def denied_message(self, action, obj):
        locking = self._locking(action, obj)
        return freezing.locked_inputs_message(locking) if locking else STEWARD_MESSAGE


for _model in (Score, GateConfirmation):
    register(_model)(type(f"{_model.__name__}Rule", (InitiativeChildRule,), {}))


# --- Contexts (kommun or samverkan) the ranking pages can be opened for ------------
# Running a context is ``policy.targets(user, Round)`` (``ContextRule.targets``).


def ranking_kommuner(scope: UserScope):
    """Kommuner whose prioritisation the scope may read."""
    if scope.is_superuser:
        return Kommun.objects.all()
    return Kommun.objects.filter(pk__in=scope.member_kommun_ids())


def ranking_samverkan(scope: UserScope):
    """Samverkan organisations whose prioritisation the scope may read (takes part in)."""
    if scope.is_superuser:
        return Samverkansorganisation.objects.all()
    return Samverkansorganisation.objects.filter(pk__in=scope.partner_samverkan_ids())


def can_steer_initiative(scope: UserScope, initiative) -> bool:
    """May score, confirm gates and override this initiative."""
    return scope.is_superuser or initiative.kommun_id in scope.kommun_ids(STEWARD_ROLES)


def reads_ranking(user) -> bool:
    """The Prioritering menu entry: roles that follow the ranking (READER_ROLES)."""
    from portfolio.policy import get_scope

    return get_scope(user).has_role(*READER_ROLES)
