"""Policy rules of the yearly attestation. See ``portfolio.policy``.

* **AttestationCampaign**: the kommun's IT-strateg opens one (ADD), follows
  and closes it (MANAGE); so does an IT-strateg who acts for a shared IT
  organisation (samverkan of kind IT-organisation or bolag, see
  ``UserScope.acting_samverkan_ids``) for its member kommuner. A network
  (nätverk) role manages nothing here. Everyone with a role in the kommun sees
  that the campaign exists (VIEW), so a systemägare reaches their list.
* **Attestation** (one system in one campaign): the system's systemägare sees
  and confirms or corrects it (CHANGE); the campaign's managers see every
  row. Nobody confirms someone else's system.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from portfolio.attestation.models import Attestation, AttestationCampaign
from portfolio.choices import Role, SamverkanKind
from portfolio.policy import ADD, VIEW, Rule, Targets, UserScope, register

MANAGER_ROLES = frozenset({Role.IT_STRATEG})


def manager_kommun_ids(scope: UserScope) -> set[int]:
    """Kommuner whose campaigns the user opens and follows (computed once per scope)."""
    cached = getattr(scope, "_attestation_kommun_ids", None)
    if cached is None:
        from portfolio.models import Samverkansorganisation

        cached = set(scope.kommun_ids(MANAGER_ROLES))
        acting = scope.acting_samverkan_ids(MANAGER_ROLES)
        if acting:
            shared = Samverkansorganisation.objects.filter(pk__in=acting).exclude(
                kind=SamverkanKind.NATVERK
            )
            for pk in shared.values_list("pk", flat=True):
                cached |= set(scope.samverkan.get(pk, (None, frozenset()))[1])
        scope._attestation_kommun_ids = cached
    return cached


@register(AttestationCampaign)
class AttestationCampaignRule(Rule):
    def q(self, scope, action):
        managed = Q(kommun__in=manager_kommun_ids(scope))
        if action == VIEW:
            return managed | Q(kommun__in=scope.member_kommun_ids())
        return managed

    def targets(self, scope):
        return Targets(kommun_ids=frozenset(manager_kommun_ids(scope)))

    def denied_message(self, action, obj):
        if action == ADD:
            return _("Bara kommunens IT-strateg får starta en bekräftelseomgång.")
        return _("Bara kommunens IT-strateg får följa upp och stänga bekräftelseomgången.")


@register(Attestation)
class AttestationRule(Rule):
    def q(self, scope, action):
        own = Q(system__owner_id=scope.user_id)
        if action == VIEW:
            return own | Q(campaign__kommun__in=manager_kommun_ids(scope))
        return own

    def denied_message(self, action, obj):
        return _("Bara systemets systemägare kan bekräfta eller rätta uppgifterna.")


def manages_campaigns(user) -> bool:
    """Menu entry and "Starta" button: may the user open a campaign somewhere?"""
    from portfolio import policy

    return policy.can_add(user, AttestationCampaign)


def takes_part(user) -> bool:
    """The menu entry: IT-strateg and systemägare (no query: the scope is already loaded)."""
    from portfolio import policy

    return policy.get_scope(user).has_role(Role.IT_STRATEG, Role.SYSTEMAGARE)
