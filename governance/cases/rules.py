"""Policy rules for ärenden. See ``portfolio.policy``."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from governance.choices import CaseKind, CaseStatus
from governance.councils.rules import _memberships
from governance.models import (
    Case,
    CaseEvent,
    Council,
    Recusal,
)
from portfolio.choices import Role
from portfolio.models import Kommun
from portfolio.policy import (
    ADD,
    CHANGE,
    DECIDE,
    MANAGE,
    REVIEW,
    STEWARD_ROLES,
    VIEW,
    ParentRule,
    Rule,
    Targets,
    register,
)

#: roles that may register an ärende (anmälan), seed 004: systemägare or verksamhetschef
APPLICANT_ROLES = frozenset(
    {
        Role.SYSTEMAGARE,
        Role.SYSTEMFORVALTARE,
        Role.FORVALTNINGSCHEF,
        Role.IT_STRATEG,
        Role.ADMINISTRATOR,
    }
)


def _recused_cases(scope):
    """Ärenden in which the user has a recorded jäv (at any of their §§)."""
    return Recusal.objects.filter(user_id=scope.user_id, agenda_item__case__isnull=False).values(
        "agenda_item__case"
    )


@register(Case)
class CaseRule(Rule):
    def q(self, scope, action):
        stewards = Q(kommun__in=scope.kommun_ids(STEWARD_ROLES))
        if action == VIEW:
            # Members of a council read the ärenden of the kommuner it serves; this
            # follows memberships (not roles), so it is not a UserScope question.
            council_kommuner = Council.objects.filter(pk__in=_memberships(scope))
            return (
                Q(kommun__in=scope.kommun_ids())
                | Q(forvaltning__in=scope.forvaltning_ids())
                | Q(applicant_id=scope.user_id)
                | Q(kommun__in=council_kommuner.values("kommun"))
                | Q(
                    kommun__in=Kommun.objects.filter(
                        Q(samverkan__in=council_kommuner.values("samverkan"))
                        | Q(hosted_samverkan__in=council_kommuner.values("samverkan"))
                    ).values("pk")
                )
            )
        if action == CHANGE:
            return stewards | Q(applicant_id=scope.user_id, status=CaseStatus.ANMALAN)
        if action == MANAGE:
            return stewards
        if action == REVIEW:
            # Jäv: the applicant, and a member with a recorded jäv in the ärende, give no
            # yttrande in it.
            return Q(status=CaseStatus.BEREDNING, remiss_council__in=_memberships(scope)) & ~(
                Q(applicant_id=scope.user_id) | Q(pk__in=_recused_cases(scope))
            )
        if action == DECIDE:
            return Q(
                kind=CaseKind.KOMMUNGEMENSAMT,
                kommun__in=scope.kommun_ids({Role.KOMMUNDIREKTOR}),
            ) & ~(Q(applicant_id=scope.user_id) | Q(pk__in=_recused_cases(scope)))
        return None

    def targets(self, scope):
        """Applicants file an ärende in every kommun where they hold an applicant role.

        At any scope, as the case form always offered: a förvaltning-scoped
        systemägare files for any förvaltning of their kommun, or kommungemensamt.
        ``forvaltning_ids`` lists their own förvaltningar too, for pickers that
        want to preselect them.
        """
        return Targets(
            kommun_ids=frozenset(scope.member_kommun_ids(APPLICANT_ROLES)),
            forvaltning_ids=frozenset(scope.forvaltning_ids(APPLICANT_ROLES)),
        )

    def denied_message(self, action, obj):
        if action == ADD:
            return _(
                "Bara systemägare, systemförvaltare, förvaltningschefer, IT-strateger och "
                "administratörer får registrera ärenden, och bara i sin egen kommun."
            )
        if action == REVIEW:
            return _(
                "Bara beredningsgruppens ledamöter lämnar yttrande, och bara under beredning. "
                "Anmälaren och den som är jävig i ärendet lämnar inget yttrande."
            )
        if action == DECIDE:
            return _(
                "Bara kommundirektören får fatta delegationsbeslut, och bara om "
                "kommungemensamma system. Anmälaren och den som är jävig i ärendet beslutar inte."
            )
        if action == CHANGE:
            return _("Anmälaren får ändra ärendet bara så länge det är en anmälan.")
        return _("Bara IT-strategen får driva ärendet vidare.")


register(CaseEvent)(
    type("CaseEventRule", (ParentRule,), {"parent_model": Case, "parent_field": "case"})
)
