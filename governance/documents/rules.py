"""Policy rules for styrdokument. See ``portfolio.policy``.

Who may do what (issue 17):

* **VIEW** and **DOWNLOAD**: everyone working in the document's kommun; for a
  samverkan's document everyone who takes part in the samverkan
  (``partner_samverkan_ids``); the owner always. Superseded versions stay
  readable for the same people.
* **CHANGE** (edit, upload a new version): the kommun's stewards (IT-strateg,
  administratör), for a samverkan those who act for it, and the document's
  owner. Only the current version: a superseded version is never changed.
* **ADD**: the stewards, in their kommuner and for the samverkan they act for.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from governance.documents.models import GoverningDocument
from portfolio.policy import (
    ADD,
    CHANGE,
    DOWNLOAD,
    STEWARD_ROLES,
    VIEW,
    Rule,
    Targets,
    register,
)


@register(GoverningDocument)
class GoverningDocumentRule(Rule):
    def q(self, scope, action):
        if action in (VIEW, DOWNLOAD):
            return (
                Q(kommun__in=scope.member_kommun_ids())
                | Q(samverkan__in=scope.partner_samverkan_ids())
                | Q(owner_id=scope.user_id)
            )
        if action == CHANGE:
            return Q(superseded_by__isnull=True) & (
                Q(kommun__in=scope.kommun_ids(STEWARD_ROLES))
                | Q(samverkan__in=scope.acting_samverkan_ids(STEWARD_ROLES))
                | Q(owner_id=scope.user_id)
            )
        return None

    def targets(self, scope):
        return Targets(
            kommun_ids=frozenset(scope.kommun_ids(STEWARD_ROLES)),
            samverkan_ids=frozenset(scope.acting_samverkan_ids(STEWARD_ROLES)),
        )

    def denied_message(self, action, obj):
        if action == ADD or obj is None:
            return _(
                "Bara IT-strategen eller administratören får lägga till styrdokument, och bara "
                "för sin kommun eller en samverkansorganisation de företräder."
            )
        if obj.superseded_by_id is not None:
            return _("Versionen är ersatt av en nyare och kan inte ändras.")
        return _("Bara dokumentägaren, IT-strategen eller administratören får ändra dokumentet.")
