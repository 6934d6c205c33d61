"""Policy rules for IT-plans. See ``portfolio.policy``.

Who may do what (issue 16, seed 002):

* **VIEW**: the kommun's stewards (IT-strateg, administratör) read every plan
  of the kommun; the förvaltningschef reads the plans of their own förvaltning;
  the plan's kontaktperson reads it. Nobody else sees a plan (404).
* **CHANGE** (write the utkast, add and remove its lines): the same people,
  only while the plan is an utkast. A submitted plan is frozen for everyone.
* **SUBMIT** (lämna in): the förvaltningschef of the plan's förvaltning, while
  it is an utkast.
* **MANAGE** (record the IT-styrgrupp's treatment, fastställ): the stewards.
* **ADD** (start a plan or a new version): the stewards for every förvaltning
  of their kommun, the förvaltningschef for their own förvaltning.

Consolidation (all plans side by side, sending their initiatives into the
prioritisation) is the kommun's MANAGE right (``KommunRule``): its stewards.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from governance.choices import ITPlanStatus
from governance.models import ITPlan, ITPlanCost, ITPlanInitiative, ITPlanSystem
from portfolio.choices import Role
from portfolio.policy import (
    ADD,
    CHANGE,
    MANAGE,
    STEWARD_ROLES,
    SUBMIT,
    VIEW,
    ParentRule,
    Rule,
    Targets,
    UserScope,
    register,
)

#: who writes and submits a förvaltning's plan (seed 002: "nämnderna ansvarar")
CHIEF_ROLES = frozenset({Role.FORVALTNINGSCHEF})
#: who sees the IT-planer menu entry
PLAN_ROLES = STEWARD_ROLES | CHIEF_ROLES


def _writers(scope: UserScope) -> Q:
    return (
        Q(kommun__in=scope.kommun_ids(STEWARD_ROLES))
        | Q(forvaltning__in=scope.forvaltning_ids(CHIEF_ROLES))
        | Q(contact_id=scope.user_id)
    )


@register(ITPlan)
class ITPlanRule(Rule):
    def q(self, scope, action):
        draft = Q(status=ITPlanStatus.UTKAST)
        if action == VIEW:
            return _writers(scope)
        if action == CHANGE:
            return draft & _writers(scope)
        if action == SUBMIT:
            return draft & Q(forvaltning__in=scope.forvaltning_ids(CHIEF_ROLES))
        if action == MANAGE:
            return Q(kommun__in=scope.kommun_ids(STEWARD_ROLES))
        return None

    def targets(self, scope):
        return Targets(
            kommun_ids=frozenset(scope.kommun_ids(STEWARD_ROLES)),
            forvaltning_ids=frozenset(scope.forvaltning_ids(CHIEF_ROLES)),
        )

    def denied_message(self, action, obj):
        if obj is not None and obj.is_frozen and action in (CHANGE, SUBMIT):
            return _(
                "IT-planen är inlämnad och kan inte ändras. Starta en ny version för att "
                "revidera den."
            )
        if action == ADD:
            return _(
                "Bara förvaltningschefen (för sin förvaltning) och kommunens IT-strateg får "
                "starta en IT-plan."
            )
        if action == SUBMIT:
            return _("Bara förvaltningschefen får lämna in förvaltningens IT-plan.")
        if action == MANAGE:
            return _("Bara kommunens IT-strateg för in IT-styrgruppens behandling och fastställer.")
        return _("Bara förvaltningschefen, kontaktpersonen och IT-strategen får skriva planen.")


for _model in (ITPlanInitiative, ITPlanSystem, ITPlanCost):
    register(_model)(
        type(
            f"{_model.__name__}Rule",
            (ParentRule,),
            {"parent_model": ITPlan, "parent_field": "plan"},
        )
    )


def reads_it_plans(user) -> bool:
    """The IT-planer menu entry: stewards and förvaltningschefer."""
    from portfolio.policy import get_scope

    return get_scope(user).has_role(*PLAN_ROLES)
