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

Samverkan scope comes from ``UserScope``: reading a samverkan's councils uses
"takes part" (``partner_samverkan_ids``), changing and creating them "acts for"
(``acting_samverkan_ids``). Creation is answered by each rule's ``targets``.
Kept on purpose: ``_memberships`` (council membership is governance data, not a
role scope) and the CaseRule's "kommuner served by my councils" subquery,
which follows memberships rather than roles.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.choices import MEETING_EDITOR_ROLES
from governance.councils.models import active_members_q
from governance.models import (
    AnnualMilestone,
    Council,
    CouncilMember,
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
    UserScope,
    register,
)


def partner_council_q(scope: UserScope, prefix: str = "") -> Q:
    """Councils of the kommuner the user works in, and of the samverkan they take part in."""
    return Q(**{f"{prefix}kommun__in": scope.member_kommun_ids()}) | Q(
        **{f"{prefix}samverkan__in": scope.partner_samverkan_ids()}
    )


def _memberships(scope: UserScope, roles=None):
    qs = CouncilMember.objects.filter(active_members_q(), user_id=scope.user_id)
    if roles is not None:
        qs = qs.filter(role__in=roles)
    return qs.values("council_id")


def steward_council_q(scope: UserScope, prefix: str = "") -> Q:
    """Councils of kommuner where the user is a steward, and of samverkan they act for."""
    return Q(**{f"{prefix}kommun__in": scope.kommun_ids(STEWARD_ROLES)}) | Q(
        **{f"{prefix}samverkan__in": scope.acting_samverkan_ids(STEWARD_ROLES)}
    )


@register(Council)
class CouncilRule(Rule):
    def q(self, scope, action):
        if action == VIEW:
            return partner_council_q(scope) | Q(pk__in=_memberships(scope))
        if action in (CHANGE, MANAGE):
            return steward_council_q(scope) | Q(pk__in=_memberships(scope, MEETING_EDITOR_ROLES))
        if action == DELETE:
            return steward_council_q(scope)
        return None

    def check(self, scope, action, obj):
        if obj.pk is None and action in (ADD, CHANGE, MANAGE):
            if not (obj.kommun_id or obj.samverkan_id):
                return False
            return self.targets(scope).allows(
                kommun_id=obj.kommun_id, samverkan_id=obj.samverkan_id
            )
        return None

    def targets(self, scope):
        """Stewards add councils in their kommuner and for the samverkan they act for."""
        return Targets(
            kommun_ids=frozenset(scope.kommun_ids(STEWARD_ROLES)),
            samverkan_ids=frozenset(scope.acting_samverkan_ids(STEWARD_ROLES)),
        )

    def denied_message(self, action, obj):
        if action == ADD or obj is None:
            return _(
                "Bara IT-strategen eller administratören får skapa råd, och bara för sin "
                "kommun eller en samverkansorganisation de företräder."
            )
        return _("Bara IT-strategen eller rådets ordförande eller sekreterare får ändra rådet.")


@register(AnnualMilestone)
class AnnualMilestoneRule(KommunStewardRule):
    """Stewards add points to the årshjul of their kommuner; everyone there reads it."""

    message = gettext_lazy("Bara IT-strategen får ändra årshjulet.")
