"""Policy rule of the open-data setting. See ``portfolio.policy``.

Whoever sees the kommun sees what it publishes (it is public anyway); only the
kommun's IT-strateg or administratör turns publication on or off.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from governance.opendata.models import OpenDataPublication
from portfolio.policy import VIEW, KommunStewardRule, register


@register(OpenDataPublication)
class OpenDataPublicationRule(KommunStewardRule):
    message = _("Bara kommunens IT-strateg eller administratör får ändra vad kommunen publicerar.")

    def q(self, scope, action):
        if action == VIEW:
            return Q(kommun__in=scope.visible_kommun_ids())
        return super().q(scope, action)
