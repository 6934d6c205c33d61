"""Policy rules for meetings and decisions. See ``portfolio.policy``."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from governance.choices import MEETING_EDITOR_ROLES
from governance.councils.rules import _memberships, partner_council_q, steward_council_q
from governance.models import (
    AgendaItem,
    Attendance,
    Council,
    CouncilMember,
    Decision,
    Meeting,
)
from portfolio.choices import Role
from portfolio.policy import (
    CHANGE,
    DECIDE,
    DELETE,
    DOWNLOAD,
    MANAGE,
    SIGN,
    STEWARD_ROLES,
    VIEW,
    ParentRule,
    Rule,
    register,
    scope_q,
)


@register(Meeting)
class MeetingRule(Rule):
    def q(self, scope, action):
        members = Q(council__in=_memberships(scope))
        if action in (VIEW, DOWNLOAD):
            public = Q(signed_at__isnull=False) & partner_council_q(scope, "council__")
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
        if obj is not None and obj.signed_at is not None:
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
        if obj is not None and obj.is_signed():
            return _("Beslutet är justerat och kan inte ändras.")
        return _("Bara rådets ordförande eller sekreterare får ändra beslut.")
