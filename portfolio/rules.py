"""Policy rules for the organisation models. See ``portfolio.policy``."""

from django.db.models import Q
from django.utils.translation import gettext as _

from portfolio.choices import Role, SystemKind
from portfolio.models import (
    BenefitLine,
    BenefitRealisation,
    Contract,
    ContractReminder,
    FinancingLine,
    Forvaltning,
    ImportJob,
    Initiative,
    InitiativeCost,
    InitiativeStatusChange,
    InitiativeSystem,
    InitiativeUserObjectPermission,
    Integration,
    Kommun,
    KommunUserObjectPermission,
    KommunYearFigures,
    LoginEvent,
    Risk,
    RoleAssignment,
    Samverkansorganisation,
    StatusReport,
    StrategicGoal,
    Supplier,
    System,
    SystemAvailability,
    SystemCost,
    SystemUserObjectPermission,
)
from portfolio.policy import (
    AUDIT,
    CHANGE,
    DELETE,
    MANAGE,
    STEWARD_ROLES,
    VIEW,
    ParentRule,
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


# --- Registers -----------------------------------------------------------------

# Roles that may register initiatives for their own scope.
PROPOSER_ROLES = frozenset(
    {
        Role.IT_STRATEG,
        Role.ADMINISTRATOR,
        Role.FORVALTNINGSCHEF,
        Role.SYSTEMAGARE,
        Role.KOMMUNDIREKTOR,
    }
)


def _shared_samverkan_ids(scope: UserScope) -> Q:
    own = scope.member_kommun_ids()
    return Samverkansorganisation.objects.filter(Q(members__in=own) | Q(host__in=own)).values("pk")


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

    def denied_message(self, action, obj):
        return _("Bara systemets systemägare, systemförvaltare eller IT-strategen får ändra.")


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

    def denied_message(self, action, obj):
        return _("Bara IT-strategen, förvaltningschefen eller kontaktpersonen får ändra.")


@register(StrategicGoal)
class StrategicGoalRule(Rule):
    def q(self, scope, action):
        if action == VIEW:
            return Q(kommun__in=scope.member_kommun_ids())
        return Q(kommun__in=scope.kommun_ids(STEWARD_ROLES))


@register(Supplier)
class SupplierRule(Rule):
    """Suppliers are a shared catalogue: readable by any user with a role."""

    def q(self, scope, action):
        if action == VIEW:
            return Q() if scope.grants else None
        return Q() if scope.kommun_ids(STEWARD_ROLES) else None

    def denied_message(self, action, obj):
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


@register(ImportJob)
class ImportJobRule(Rule):
    """An import job, its file and its preview belong to the user who uploaded it."""

    def q(self, scope, action):
        if action in (VIEW, CHANGE):
            return Q(created_by_id=scope.user_id)
        return None

    def denied_message(self, action, obj):
        return _("Bara den som laddade upp filen får hantera importen.")
