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

from governance.choices import MEETING_EDITOR_ROLES
from governance.councils.models import active_members_q
from governance.models import (
    AnnualMilestone,
    Council,
    CouncilMember,
)
from portfolio.models import Samverkansorganisation
from portfolio.policy import (
    ADD,
    CHANGE,
    DELETE,
    MANAGE,
    STEWARD_ROLES,
    VIEW,
    Rule,
    UserScope,
    register,
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


@register(AnnualMilestone)
class AnnualMilestoneRule(Rule):
    def q(self, scope, action):
        if action == VIEW:
            return Q(kommun__in=scope.member_kommun_ids())
        return Q(kommun__in=scope.kommun_ids(STEWARD_ROLES))
