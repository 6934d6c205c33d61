"""Policy rules for councils, meetings, ärenden and decisions. See ``portfolio.policy``.

Who may do what (the issue's rules, decided here and nowhere else):

* **Council**: everyone working in the council's kommun (or in a member kommun
  of its samverkan) sees that it exists, its remit and members. Stewards
  (IT-strateg, administratör) and the council's ordförande and sekreterare
  change it and plan its meetings (MANAGE).
* **Meeting** (non-public material: agenda, attendance, unsigned decisions):
  only the council's members and the stewards of its kommun. Once the minutes
  are signed they are a public record for everyone in the kommun. Only the
  ordförande or sekreterare (or the meeting's secretary) edit the agenda and
  record decisions (CHANGE, DECIDE). Only the meeting's justerare signs (SIGN).
* **Decision**: follows its meeting; a signed, non-secret decision (or a
  delegationsbeslut) is readable by everyone in the kommun.
* **Case** (ärende): the applicant follows their own ärende; kommun-wide roles,
  the owning förvaltning and members of the kommun's councils read it. The
  applicant edits it while it is an anmälan; stewards run the process
  (MANAGE: samråd, remiss, brådskande, kvittens); members of the remiss
  council give the yttrande (REVIEW); the kommundirektör takes a
  delegationsbeslut on a kommungemensamt system (DECIDE).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from governance.choices import MEETING_EDITOR_ROLES, CaseKind, CaseStatus
from governance.models import (
    AgendaItem,
    AnnualMilestone,
    Attendance,
    Case,
    CaseEvent,
    Council,
    CouncilMember,
    Decision,
    Meeting,
    Notification,
    NumberSequence,
    active_members_q,
)
from portfolio.choices import Role
from portfolio.models import Kommun, Samverkansorganisation
from portfolio.policy import (
    ADD,
    CHANGE,
    DECIDE,
    DELETE,
    DOWNLOAD,
    MANAGE,
    REVIEW,
    SIGN,
    STEWARD_ROLES,
    VIEW,
    ParentRule,
    Rule,
    UserScope,
    register,
    scope_q,
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


def _samverkan_of(kommun_ids) -> Q:
    """Samverkan organisations with one of ``kommun_ids`` as member or host."""
    return Q(
        pk__in=Samverkansorganisation.objects.filter(
            Q(members__in=kommun_ids) | Q(host__in=kommun_ids)
        ).values("pk")
    )


def _council_of_kommuner(kommun_ids, prefix: str = "") -> Q:
    return Q(**{f"{prefix}kommun__in": kommun_ids}) | Q(
        **{
            f"{prefix}samverkan__in": Samverkansorganisation.objects.filter(
                _samverkan_of(kommun_ids)
            ).values("pk")
        }
    )


def _memberships(scope: UserScope, roles=None):
    qs = CouncilMember.objects.filter(active_members_q(), user_id=scope.user_id)
    if roles is not None:
        qs = qs.filter(role__in=roles)
    return qs.values("council_id")


def steward_council_q(scope: UserScope, prefix: str = "") -> Q:
    """Councils of kommuner (or samverkan organisations) where the user is a steward."""
    stewards = scope.kommun_ids(STEWARD_ROLES)
    samverkan = {g.samverkan_id for g in scope.grants if g.samverkan_id and g.role in STEWARD_ROLES}
    return Q(**{f"{prefix}kommun__in": stewards}) | Q(
        **{f"{prefix}samverkan__in": samverkan | _host_samverkan_ids(stewards)}
    )


def _host_samverkan_ids(kommun_ids) -> set[int]:
    if not kommun_ids:
        return set()
    return set(
        Samverkansorganisation.objects.filter(host__in=kommun_ids).values_list("pk", flat=True)
    )


@register(Council)
class CouncilRule(Rule):
    def q(self, scope, action):
        if action == VIEW:
            return _council_of_kommuner(scope.member_kommun_ids()) | Q(pk__in=_memberships(scope))
        if action in (CHANGE, MANAGE):
            return steward_council_q(scope) | Q(pk__in=_memberships(scope, MEETING_EDITOR_ROLES))
        if action == DELETE:
            return steward_council_q(scope)
        return None

    def check(self, scope, action, obj):
        if obj.pk is None and action in (ADD, CHANGE, MANAGE):
            if obj.kommun_id:
                return obj.kommun_id in scope.kommun_ids(STEWARD_ROLES)
            if obj.samverkan_id:
                return Council.objects.filter(
                    steward_council_q(scope), samverkan_id=obj.samverkan_id
                ).exists() or any(
                    g.samverkan_id == obj.samverkan_id and g.role in STEWARD_ROLES
                    for g in scope.grants
                )
            return False
        return None

    def denied_message(self, action, obj):
        return _("Bara IT-strategen eller rådets ordförande eller sekreterare får ändra rådet.")


@register(Meeting)
class MeetingRule(Rule):
    def q(self, scope, action):
        members = Q(council__in=_memberships(scope))
        if action in (VIEW, DOWNLOAD):
            public = Q(signed_at__isnull=False) & _council_of_kommuner(
                scope.member_kommun_ids(), "council__"
            )
            return members | steward_council_q(scope, "council__") | public
        if action in (CHANGE, DECIDE):
            return Q(signed_at__isnull=True) & (
                Q(council__in=_memberships(scope, MEETING_EDITOR_ROLES))
                | Q(secretary_id=scope.user_id)
            )
        if action == SIGN:
            return Q(signed_at__isnull=True, adjuster_id=scope.user_id)
        if action == MANAGE:  # (re)make the minutes PDF of signed minutes
            return Q(adjuster_id=scope.user_id) | Q(
                council__in=Council.objects.filter(scope_q(scope, Council, MANAGE)).values("pk")
            )
        if action == DELETE:
            return Q(signed_at__isnull=True, decisions__isnull=True) & (
                Q(council__in=_memberships(scope, MEETING_EDITOR_ROLES))
                | steward_council_q(scope, "council__")
            )
        return None

    def denied_message(self, action, obj):
        if obj.signed_at is not None:
            return _("Protokollet är justerat och kan inte ändras.")
        if action == SIGN:
            return _("Bara mötets justerare får justera protokollet.")
        return _("Bara rådets ordförande eller sekreterare får ändra dagordningen och besluten.")


for _model in (AgendaItem, Attendance):
    register(_model)(
        type(
            f"{_model.__name__}Rule",
            (ParentRule,),
            {"parent_model": Meeting, "parent_field": "meeting"},
        )
    )
register(CouncilMember)(
    type("CouncilMemberRule", (ParentRule,), {"parent_model": Council, "parent_field": "council"})
)


@register(Decision)
class DecisionRule(Rule):
    def q(self, scope, action):
        if action == VIEW:
            # Members and stewards see everything of their councils' meetings; everyone
            # in the kommun sees signed decisions that are not under sekretess.
            private = Meeting.objects.filter(
                Q(council__in=_memberships(scope)) | steward_council_q(scope, "council__")
            ).values("pk")
            signed = Q(meeting__signed_at__isnull=False) | Q(is_delegation=True)
            return (
                Q(meeting__in=private)
                | (signed & Q(is_secret=False, kommun__in=scope.member_kommun_ids()))
                | Q(
                    is_delegation=True,
                    kommun__in=scope.kommun_ids(STEWARD_ROLES | {Role.KOMMUNDIREKTOR}),
                )
                | Q(case__applicant_id=scope.user_id)
            )
        if action == CHANGE:
            return Q(
                meeting__in=Meeting.objects.filter(scope_q(scope, Meeting, DECIDE)).values("pk")
            )
        return None

    def denied_message(self, action, obj):
        if obj.is_signed():
            return _("Beslutet är justerat och kan inte ändras.")
        return _("Bara rådets ordförande eller sekreterare får ändra beslut.")


@register(Case)
class CaseRule(Rule):
    def q(self, scope, action):
        stewards = Q(kommun__in=scope.kommun_ids(STEWARD_ROLES))
        if action == VIEW:
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
            return Q(status=CaseStatus.BEREDNING, remiss_council__in=_memberships(scope))
        if action == DECIDE:
            return Q(
                kind=CaseKind.KOMMUNGEMENSAMT,
                kommun__in=scope.kommun_ids({Role.KOMMUNDIREKTOR}),
            )
        return None

    def denied_message(self, action, obj):
        if action == REVIEW:
            return _("Bara beredningsgruppens ledamöter lämnar yttrande, och bara under beredning.")
        if action == DECIDE:
            return _(
                "Bara kommundirektören får fatta delegationsbeslut, och bara om "
                "kommungemensamma system."
            )
        if action == CHANGE:
            return _("Anmälaren får ändra ärendet bara så länge det är en anmälan.")
        return _("Bara IT-strategen får driva ärendet vidare.")


register(CaseEvent)(
    type("CaseEventRule", (ParentRule,), {"parent_model": Case, "parent_field": "case"})
)


@register(AnnualMilestone)
class AnnualMilestoneRule(Rule):
    def q(self, scope, action):
        if action == VIEW:
            return Q(kommun__in=scope.member_kommun_ids())
        return Q(kommun__in=scope.kommun_ids(STEWARD_ROLES))


class InternalRule(Rule):
    """Bookkeeping rows that no user reads through the portal."""

    def q(self, scope, action):
        return None


register(NumberSequence)(type("NumberSequenceRule", (InternalRule,), {}))
register(Notification)(type("NotificationRule", (InternalRule,), {}))
