"""Policy rules of the hyressystem and the debiteringsmodell. See ``portfolio.policy``.

* **Edit** (price lists while utkast, rental counts, cost pools, key values;
  run a distribution): the kommun's **ekonom** and **IT-strateg**
  (``EDITOR_ROLES``); for a samverkan's price list or pool, those who act for
  the samverkan (``UserScope.acting_samverkan_ids``). A decided price list is
  frozen for everyone; a run is never changed (a new run replaces it).
* **Read the kommun** (every pool, key, run and charge): the editors, the
  kommundirektör and the läsare (revisor) of the kommun (``READER_ROLES``).
* **Förvaltningschef**: only their own förvaltning's counts, key values and
  charges (``CHIEF_ROLES``), and the kommun's price lists.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portfolio.chargeback.models import (
    Charge,
    CostPool,
    DistributionRun,
    KeyValue,
    PriceItem,
    PriceList,
    PriceListStatus,
    RentalCount,
)
from portfolio.choices import Role
from portfolio.policy import (
    ADD,
    CHANGE,
    DECIDE,
    VIEW,
    ParentRule,
    Rule,
    Targets,
    UserScope,
    get_scope,
    register,
)

#: who edits price lists, counts, pools and keys and runs the distribution
EDITOR_ROLES = frozenset({Role.EKONOM, Role.IT_STRATEG})
#: who reads everything of the kommun's chargeback
READER_ROLES = EDITOR_ROLES | frozenset({Role.KOMMUNDIREKTOR, Role.LASARE})
#: who reads their own förvaltning's charges
CHIEF_ROLES = frozenset({Role.FORVALTNINGSCHEF})

EDIT_MESSAGE = gettext_lazy("Bara kommunens ekonom eller IT-strateg får ändra debiteringsmodellen.")


def _readers(scope: UserScope) -> Q:
    return Q(kommun__in=scope.kommun_ids(READER_ROLES))


def _chief(scope: UserScope) -> Q:
    return Q(forvaltning__in=scope.forvaltning_ids(CHIEF_ROLES))


def _editor_targets(scope: UserScope) -> Targets:
    return Targets(
        kommun_ids=frozenset(scope.kommun_ids(EDITOR_ROLES)),
        samverkan_ids=frozenset(scope.acting_samverkan_ids(EDITOR_ROLES)),
    )


class OwnedRule(Rule):
    """Rows owned by a kommun or a samverkan (price lists, pools)."""

    def editors(self, scope: UserScope) -> Q:
        return Q(kommun__in=scope.kommun_ids(EDITOR_ROLES)) | Q(
            samverkan__in=scope.acting_samverkan_ids(EDITOR_ROLES)
        )

    def readers(self, scope: UserScope) -> Q:
        return _readers(scope) | Q(samverkan__in=scope.partner_samverkan_ids(READER_ROLES))

    def targets(self, scope):
        return _editor_targets(scope)

    def denied_message(self, action, obj):
        return EDIT_MESSAGE


@register(PriceList)
class PriceListRule(OwnedRule):
    def q(self, scope, action):
        if action == VIEW:
            chiefs = scope.member_kommun_ids(CHIEF_ROLES)
            return (
                self.readers(scope)
                | Q(kommun__in=chiefs)
                | Q(samverkan__in=scope.partner_samverkan_ids(CHIEF_ROLES))
            )
        if action in (CHANGE, DECIDE):
            return Q(status=PriceListStatus.UTKAST) & self.editors(scope)
        return None

    def denied_message(self, action, obj):
        if obj is not None and obj.is_frozen:
            return _("Prislistan är beslutad och kan inte ändras.")
        return EDIT_MESSAGE


register(PriceItem)(
    type("PriceItemRule", (ParentRule,), {"parent_model": PriceList, "parent_field": "price_list"})
)


@register(CostPool)
class CostPoolRule(OwnedRule):
    def q(self, scope, action):
        if action == VIEW:
            return self.readers(scope)
        if action == CHANGE:
            return self.editors(scope)
        return None


class ForvaltningRowRule(Rule):
    """Rows of one förvaltning: the kommun's readers and the förvaltning's chief see them."""

    def q(self, scope, action):
        if action == VIEW:
            return _readers(scope) | _chief(scope)
        if action == CHANGE:
            return Q(kommun__in=scope.kommun_ids(EDITOR_ROLES))
        return None

    def targets(self, scope):
        return Targets(kommun_ids=frozenset(scope.kommun_ids(EDITOR_ROLES)))

    def denied_message(self, action, obj):
        return EDIT_MESSAGE


register(RentalCount)(type("RentalCountRule", (ForvaltningRowRule,), {}))


@register(KeyValue)
class KeyValueRule(ForvaltningRowRule):
    def q(self, scope, action):
        samverkan_pool = Q(pool__samverkan__in=scope.acting_samverkan_ids(EDITOR_ROLES))
        if action == VIEW:
            return super().q(scope, action) | samverkan_pool
        if action == CHANGE:
            return super().q(scope, action) | samverkan_pool
        return None


@register(DistributionRun)
class DistributionRunRule(Rule):
    def q(self, scope, action):
        if action == VIEW:
            return _readers(scope)
        return None  # a run is frozen: nobody changes it

    def targets(self, scope):
        return Targets(kommun_ids=frozenset(scope.kommun_ids(EDITOR_ROLES)))

    def denied_message(self, action, obj):
        if action == ADD:
            return _("Bara kommunens ekonom eller IT-strateg får köra fördelningen.")
        return _("En fördelningskörning kan inte ändras. Gör en ny körning.")


@register(Charge)
class ChargeRule(Rule):
    def q(self, scope, action):
        if action == VIEW:
            return _readers(scope) | _chief(scope)
        return None


def reads_chargeback(user) -> bool:
    """The Debitering menu entry: the kommun's readers and the förvaltningschefer."""
    return get_scope(user).has_role(*(READER_ROLES | CHIEF_ROLES))


def reads_forvaltning_charges(user, forvaltning) -> bool:
    """May ``user`` read ``forvaltning``'s charges (its page and charge sheet)?"""
    scope = get_scope(user)
    if scope.is_anonymous:
        return False
    if scope.is_superuser:
        return True
    return forvaltning.kommun_id in scope.kommun_ids(READER_ROLES) or (
        forvaltning.pk in scope.forvaltning_ids(CHIEF_ROLES)
    )


def edits_chargeback(user) -> bool:
    return get_scope(user).has_role(*EDITOR_ROLES)
