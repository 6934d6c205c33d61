"""Policy rules for systems and suppliers. See ``portfolio.policy``."""

from django.db.models import Q
from django.utils.translation import gettext as _

from portfolio.choices import Role, SystemKind
from portfolio.models import (
    BenefitLine,
    BenefitRealisation,
    Contract,
    ContractReminder,
    FinancingLine,
    Initiative,
    InitiativeCost,
    InitiativeStatusChange,
    InitiativeSystem,
    Integration,
    Risk,
    StatusReport,
    Supplier,
    System,
    SystemAvailability,
    SystemCost,
    SystemUserObjectPermission,
)
from portfolio.policy import (
    ADD,
    CHANGE,
    DELETE,
    STEWARD_ROLES,
    VIEW,
    ParentRule,
    Rule,
    Targets,
    UserScope,
    register,
)

# --- Registers -----------------------------------------------------------------

#: roles that may register a system (in their kommun, or their förvaltning when scoped there)
SYSTEM_CREATORS = STEWARD_ROLES | {Role.SYSTEMAGARE}


def _shared_samverkan_ids(scope: UserScope) -> set[int]:
    return scope.partner_samverkan_ids()


@register(System)
class SystemRule(Rule):
    """Everyone in scope reads; the system's owner and manager and stewards edit.

    A förvaltning-scoped user sees the förvaltning's systems plus the
    kommun's kommungemensamma systems and systems shared through a samverkan.
    """

    user_permission_model = SystemUserObjectPermission

    def q(self, scope, action):
        if action == VIEW:
            return (
                Q(kommun__in=scope.kommun_ids())
                | Q(forvaltning__in=scope.forvaltning_ids())
                | Q(kind=SystemKind.KOMMUNGEMENSAMT, kommun__in=scope.member_kommun_ids())
                | Q(samverkan__in=_shared_samverkan_ids(scope))
                | Q(owner_id=scope.user_id)
                | Q(manager_id=scope.user_id)
            )
        if action == CHANGE:
            return (
                Q(kommun__in=scope.kommun_ids(STEWARD_ROLES))
                | Q(owner_id=scope.user_id)
                | Q(manager_id=scope.user_id)
            )
        if action == DELETE:
            return Q(kommun__in=scope.kommun_ids(STEWARD_ROLES))
        return None

    def targets(self, scope):
        return Targets(
            kommun_ids=frozenset(scope.kommun_ids(SYSTEM_CREATORS)),
            forvaltning_ids=frozenset(scope.forvaltning_ids(SYSTEM_CREATORS)),
        )

    def denied_message(self, action, obj):
        if action == ADD:
            return _("Du får inte registrera system i den här förvaltningen.")
        return _("Bara systemets systemägare, systemförvaltare eller IT-strategen får ändra.")


@register(Supplier)
class SupplierRule(Rule):
    """Suppliers are a shared catalogue: readable by any user with a role."""

    def q(self, scope, action):
        if action == VIEW:
            return Q() if scope.grants else None
        return Q() if scope.kommun_ids(STEWARD_ROLES) else None

    def targets(self, scope):
        # A shared catalogue: the kommuner only say that the user is a steward somewhere.
        return Targets(kommun_ids=frozenset(scope.kommun_ids(STEWARD_ROLES)))

    def denied_message(self, action, obj):
        if action == ADD:
            return _("Bara IT-strateg eller administratör får lägga till leverantörer.")
        return _("Bara IT-strateg eller administratör får ändra leverantörer.")


for _model in (Contract, SystemCost, SystemAvailability):
    register(_model)(
        type(
            f"{_model.__name__}Rule",
            (ParentRule,),
            {"parent_model": System, "parent_field": "system"},
        )
    )
register(Integration)(
    type("IntegrationRule", (ParentRule,), {"parent_model": System, "parent_field": "source"})
)
register(ContractReminder)(
    type(
        "ContractReminderRule",
        (ParentRule,),
        {"parent_model": Contract, "parent_field": "contract"},
    )
)
for _model in (
    InitiativeStatusChange,
    BenefitLine,
    InitiativeCost,
    FinancingLine,
    Risk,
    InitiativeSystem,
    StatusReport,
):
    register(_model)(
        type(
            f"{_model.__name__}Rule",
            (ParentRule,),
            {"parent_model": Initiative, "parent_field": "initiative"},
        )
    )
register(BenefitRealisation)(
    type(
        "BenefitRealisationRule",
        (ParentRule,),
        {"parent_model": BenefitLine, "parent_field": "benefit"},
    )
)
