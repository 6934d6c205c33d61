"""Policy rules of the maturity follow-up. See ``portfolio.policy``.

Who may do what (issue 15, decided here and nowhere else):

* **Questionnaire**: the shipped content; everyone signed in reads it. Versions
  are added in the admin.
* **Campaign** (mognadsomgång): the kommun's IT-strateg opens a round for the
  kommun (ADD) and runs it (MANAGE: close, follow progress). A network round
  is opened and run by its **coordinator**: an IT-strateg with a role for the
  samverkan itself, or in its host kommun. The kommun's IT-strateg and
  kommundirektör read the rounds their kommun takes part in.
* **Participation** (a kommun's part of a round): its results are read by the
  kommun's IT-strateg and kommundirektör. Peers in the same round and the
  coordinator read them (levels per area and question) only when the kommun
  shares them by name; otherwise they see the network aggregate only. The
  detailed answers (per förvaltning, free text) stay with the kommun's own
  IT-strateg and kommundirektör (DOWNLOAD). The kommun's IT-strateg chooses
  the respondents, sets the sharing and turns gaps into initiatives (CHANGE).
* **Respondent** (one person's form, personal data of a public official): the
  respondent reads and answers it (CHANGE); the kommun's IT-strateg sees who
  answers (VIEW) and removes a respondent (DELETE). Nobody else sees names.
* **GapAction**: follows its participation.

"The kommun's" roles are kommun-wide roles held in the kommun itself or
through a shared IT organisation (SML-IT's IT-strateg serves its members).
A role for a *network* (SamverkanKind.NATVERK) does not make anyone the
kommun's IT-strateg (``UserScope.network_grants`` holds it apart from the
kommun grants, for every rule of the portal): the network coordinator sees
what the kommuner share.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from governance.maturity.models import (
    Campaign,
    GapAction,
    Participation,
    Questionnaire,
    Respondent,
)
from portfolio.choices import Role
from portfolio.policy import (
    ADD,
    CHANGE,
    DELETE,
    DOWNLOAD,
    MANAGE,
    VIEW,
    ParentRule,
    Rule,
    Targets,
    UserScope,
    register,
)

MANAGER_ROLES = frozenset({Role.IT_STRATEG})
READER_ROLES = frozenset({Role.IT_STRATEG, Role.KOMMUNDIREKTOR})


def own_kommun_ids(scope: UserScope, roles) -> set[int]:
    """Kommuner where the user holds one of ``roles`` kommun-wide.

    A network role never counts here: ``UserScope`` keeps it apart from the
    member kommuner (``network_grants``).
    """
    return scope.kommun_ids(roles)


def coordinated_samverkan_ids(scope: UserScope) -> set[int]:
    """Samverkan/networks the user coordinates: IT-strateg for it, or in its host kommun."""
    hosts = own_kommun_ids(scope, MANAGER_ROLES)
    return scope.samverkan_ids(MANAGER_ROLES) | {
        sid for sid, (host, _members) in scope.samverkan.items() if host in hosts
    }


def _campaigns_of(kommun_ids) -> Q:
    """Campaigns in which one of the kommuner takes part."""
    return Q(pk__in=Participation.objects.filter(kommun__in=kommun_ids).values("campaign"))


def _campaign_in(kommun_ids) -> Q:
    """Participations of campaigns in which one of the kommuner takes part."""
    return Q(campaign__in=Participation.objects.filter(kommun__in=kommun_ids).values("campaign"))


@register(Questionnaire)
class QuestionnaireRule(Rule):
    def q(self, scope, action):
        return Q() if action == VIEW else None


@register(Campaign)
class CampaignRule(Rule):
    def q(self, scope, action):
        if action == VIEW:
            return (
                Q(kommun__in=own_kommun_ids(scope, READER_ROLES))
                | _campaigns_of(own_kommun_ids(scope, READER_ROLES))
                | Q(samverkan__in=coordinated_samverkan_ids(scope))
            )
        if action == MANAGE:
            return Q(kommun__in=own_kommun_ids(scope, MANAGER_ROLES)) | Q(
                samverkan__in=coordinated_samverkan_ids(scope)
            )
        return None

    def check(self, scope, action, obj):
        if obj.pk is None and action in (ADD, MANAGE):
            return self.targets(scope).allows(
                kommun_id=obj.kommun_id, samverkan_id=obj.samverkan_id
            )
        return None

    def targets(self, scope):
        return Targets(
            kommun_ids=frozenset(own_kommun_ids(scope, MANAGER_ROLES)),
            samverkan_ids=frozenset(coordinated_samverkan_ids(scope)),
        )

    def denied_message(self, action, obj):
        return _(
            "Bara kommunens IT-strateg, eller nätverkets samordnare för en nätverksomgång, "
            "får öppna och stänga en mognadsomgång."
        )


@register(Participation)
class ParticipationRule(Rule):
    def q(self, scope, action):
        if action == VIEW:
            readers = own_kommun_ids(scope, READER_ROLES)
            peers = Q(shares_by_name=True) & (
                _campaign_in(readers) | Q(campaign__samverkan__in=coordinated_samverkan_ids(scope))
            )
            return Q(kommun__in=readers) | peers
        if action == DOWNLOAD:
            return Q(kommun__in=own_kommun_ids(scope, READER_ROLES))
        if action == CHANGE:
            return Q(kommun__in=own_kommun_ids(scope, MANAGER_ROLES))
        return None

    def denied_message(self, action, obj):
        return _("Bara kommunens IT-strateg får välja svarande och ändra delningen.")


@register(Respondent)
class RespondentRule(Rule):
    def q(self, scope, action):
        own = Q(user_id=scope.user_id)
        managed = Q(participation__kommun__in=own_kommun_ids(scope, MANAGER_ROLES))
        if action == VIEW:
            return own | managed
        if action == CHANGE:
            return own
        if action == DELETE:
            return managed
        return None

    def targets(self, scope):
        return Targets(kommun_ids=frozenset(own_kommun_ids(scope, MANAGER_ROLES)))

    def denied_message(self, action, obj):
        if action == CHANGE:
            return _("Du kan bara besvara ditt eget formulär.")
        return _("Bara kommunens IT-strateg får välja svarande.")


@register(GapAction)
class GapActionRule(ParentRule):
    parent_model = Participation
    parent_field = "participation"
