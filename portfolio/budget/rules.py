"""Policy rules for the multi-year IT budget. See ``portfolio.policy``.

Who may do what (issue 16, seed 004):

* **Edit** (start a version, add and change lines, copy, record a decision by
  delegation, enter and import outcome): the **ekonom** and the **IT-strateg**
  (``BUDGET_EDIT_ROLES``), kommun-wide for a kommun's budget; for a
  samverkan's budget those who act for the samverkan with one of those roles.
  Only while the version is a förslag: a beslutad version is frozen.
* **Read** the whole budget, its outcome and the comparison with the IT-plans:
  the editors and the **kommundirektör** and **styrgruppsledamöter**
  (``BUDGET_READ_ROLES``) of the kommun (for a samverkan: who takes part in it
  with one of those roles).
* The **förvaltningschef** reads the lines their förvaltning owns (and the
  versions that hold such lines), nothing else of the budget.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portfolio.budget.models import BudgetOutcome, BudgetVersion, ITBudgetLine
from portfolio.choices import BudgetStatus, Role
from portfolio.policy import (
    ADD,
    CHANGE,
    DECIDE,
    DELETE,
    VIEW,
    Rule,
    Targets,
    UserScope,
    get_scope,
    register,
)

BUDGET_EDIT_ROLES = frozenset({Role.EKONOM, Role.IT_STRATEG})
BUDGET_READ_ROLES = BUDGET_EDIT_ROLES | {Role.KOMMUNDIREKTOR, Role.STYRGRUPPSLEDAMOT}
#: reads the budget lines their förvaltning owns
CHIEF_ROLES = frozenset({Role.FORVALTNINGSCHEF})

EDIT_MESSAGE = gettext_lazy("Bara ekonomen och IT-strategen får ändra IT-budgeten.")


def _readers(scope: UserScope, prefix: str = "") -> Q:
    return Q(**{f"{prefix}kommun__in": scope.kommun_ids(BUDGET_READ_ROLES)}) | Q(
        **{f"{prefix}samverkan__in": scope.partner_samverkan_ids(BUDGET_READ_ROLES)}
    )


def _editors(scope: UserScope, prefix: str = "") -> Q:
    return Q(**{f"{prefix}kommun__in": scope.kommun_ids(BUDGET_EDIT_ROLES)}) | Q(
        **{f"{prefix}samverkan__in": scope.acting_samverkan_ids(BUDGET_EDIT_ROLES)}
    )


def _targets(scope: UserScope) -> Targets:
    return Targets(
        kommun_ids=frozenset(scope.kommun_ids(BUDGET_EDIT_ROLES)),
        samverkan_ids=frozenset(scope.acting_samverkan_ids(BUDGET_EDIT_ROLES)),
    )


@register(BudgetVersion)
class BudgetVersionRule(Rule):
    def q(self, scope, action):
        if action == VIEW:
            chief = scope.forvaltning_ids(CHIEF_ROLES)
            owned = ITBudgetLine.objects.filter(forvaltning__in=chief).values("version")
            return _readers(scope) | (Q(pk__in=owned) if chief else Q(pk__in=[]))
        if action in (CHANGE, DECIDE, DELETE):
            return Q(status=BudgetStatus.FORSLAG) & _editors(scope)
        if action == ADD:  # on a version: copy it to a new version (any status)
            return _editors(scope)
        return None

    def targets(self, scope):
        return _targets(scope)

    def denied_message(self, action, obj):
        if obj is not None and obj.is_frozen and action in (CHANGE, DECIDE, DELETE):
            return _(
                "Budgetversionen är beslutad och kan inte ändras. Kopiera den till en ny "
                "version för att ändra."
            )
        if action == ADD:
            return _("Bara ekonomen och IT-strategen får starta en IT-budget.")
        return str(EDIT_MESSAGE)


@register(ITBudgetLine)
class ITBudgetLineRule(Rule):
    def q(self, scope, action):
        if action == VIEW:
            return _readers(scope, "version__") | Q(
                forvaltning__in=scope.forvaltning_ids(CHIEF_ROLES)
            )
        if action in (CHANGE, DELETE):
            return Q(version__status=BudgetStatus.FORSLAG) & _editors(scope, "version__")
        return None

    def targets(self, scope):
        return _targets(scope)

    def denied_message(self, action, obj):
        if obj is not None and obj.version.is_frozen:
            return BudgetVersionRule().denied_message(CHANGE, obj.version)
        return str(EDIT_MESSAGE)


@register(BudgetOutcome)
class BudgetOutcomeRule(Rule):
    def q(self, scope, action):
        if action == VIEW:
            return _readers(scope)
        if action in (CHANGE, DELETE):
            return _editors(scope)
        return None

    def targets(self, scope):
        return _targets(scope)

    def denied_message(self, action, obj):
        return _("Bara ekonomen och IT-strategen får föra in utfall.")


def reads_budgets(user) -> bool:
    """The IT-budget menu entry: readers of a whole budget, and förvaltningschefer."""
    return get_scope(user).has_role(*BUDGET_READ_ROLES, *CHIEF_ROLES)


def budget_kommuner(scope: UserScope):
    """Kommuner whose whole budget (and its comparison with the IT-plans) the scope reads."""
    from portfolio.models import Kommun

    if scope.is_anonymous:
        return Kommun.objects.none()
    if scope.is_superuser:
        return Kommun.objects.all()
    return Kommun.objects.filter(pk__in=scope.kommun_ids(BUDGET_READ_ROLES))
