"""Policy rules for meetings and decisions. See ``portfolio.policy``."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from governance.choices import MEETING_EDITOR_ROLES, AgendaItemKind
from governance.councils.rules import _memberships, partner_council_q, steward_council_q
from governance.meetings.models import FINAL_DECISIONS_Q
from governance.models import (
    AgendaItem,
    Attendance,
    Council,
    CouncilMember,
    Decision,
    DecisionSystem,
    Meeting,
    Recusal,
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


def disqualified_items(scope) -> Q:
    """Agenda items where the user is jävig: a recorded jäv, or the applicant of the ärende.

    A jävig member neither records the § nor justerar it (KL 6 kap. 28 §, FL 16 §).
    """
    return Q(recusals__user_id=scope.user_id) | Q(case__applicant_id=scope.user_id)


def _jav_items(scope):
    return AgendaItem.objects.filter(disqualified_items(scope)).values("pk")


def _jav_meetings(scope):
    """Meetings with a § not yet justerad in which the user is jävig (they can't justera)."""
    return (
        AgendaItem.objects.filter(disqualified_items(scope))
        .exclude(kind=AgendaItemKind.INFORMATION)
        .exclude(decision__adjusted_at__isnull=False)
        .values("meeting")
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
            return Q(signed_at__isnull=True, adjuster_id=scope.user_id) & ~Q(
                pk__in=_jav_meetings(scope)
            )
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
            return _(
                "Bara mötets justerare får justera protokollet, och inte den som är jävig i "
                "någon av paragraferna. Välj i så fall en annan justerare."
            )
        return _("Bara rådets ordförande eller sekreterare får ändra dagordningen och besluten.")


@register(AgendaItem)
class AgendaItemRule(ParentRule):
    """Follows the meeting; DECIDE (record the § decision) also needs the user not jävig."""

    parent_model = Meeting
    parent_field = "meeting"

    def q(self, scope, action):
        if action == DECIDE:
            meetings = Meeting.objects.filter(scope_q(scope, Meeting, DECIDE)).values("pk")
            return Q(meeting__in=meetings) & ~Q(pk__in=_jav_items(scope))
        return super().q(scope, action)

    def denied_message(self, action, obj):
        if obj is not None and obj.meeting.is_signed():
            return _("Protokollet är justerat och kan inte ändras.")
        if obj is not None and obj.is_signed():
            return _("Paragrafen är omedelbart justerad och kan inte ändras.")
        if action == DECIDE:
            return _(
                "Bara rådets ordförande eller sekreterare registrerar beslut, och inte den som "
                "är jävig i paragrafen eller anmälare i ärendet."
            )
        return _("Bara rådets ordförande eller sekreterare får ändra dagordningen och besluten.")


register(Recusal)(
    type("RecusalRule", (ParentRule,), {"parent_model": AgendaItem, "parent_field": "agenda_item"})
)
register(DecisionSystem)(
    type(
        "DecisionSystemRule", (ParentRule,), {"parent_model": Decision, "parent_field": "decision"}
    )
)
register(Attendance)(
    type("AttendanceRule", (ParentRule,), {"parent_model": Meeting, "parent_field": "meeting"})
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
            signed = FINAL_DECISIONS_Q
            return (
                Q(meeting__in=private)
                | (signed & Q(is_secret=False, kommun__in=scope.member_kommun_ids()))
                | Q(
                    is_delegation=True,
                    kommun__in=scope.kommun_ids(STEWARD_ROLES | {Role.KOMMUNDIREKTOR}),
                )
                # The applicant learns of the decision when it is justerad, not before.
                | (signed & Q(case__applicant_id=scope.user_id))
            )
        if action == CHANGE:
            return Q(
                adjusted_at__isnull=True,
                meeting__in=Meeting.objects.filter(scope_q(scope, Meeting, DECIDE)).values("pk"),
            )
        if action == SIGN:  # omedelbar justering of this § alone, by the meeting's justerare
            return Q(
                adjusted_at__isnull=True,
                is_delegation=False,
                meeting__signed_at__isnull=True,
                meeting__adjuster_id=scope.user_id,
            ) & ~Q(agenda_item__in=_jav_items(scope))
        return None

    def denied_message(self, action, obj):
        if obj is not None and obj.is_signed():
            return _("Beslutet är justerat och kan inte ändras.")
        if action == SIGN:
            return _(
                "Bara mötets justerare får justera en paragraf omedelbart, och inte om hen är "
                "jävig i den."
            )
        return _("Bara rådets ordförande eller sekreterare får ändra beslut.")
