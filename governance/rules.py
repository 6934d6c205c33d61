"""Policy rules shared by the governance packages: bookkeeping rows no one reads.

The rules of councils, ärenden and meetings live in each package's ``rules.py``.
"""

from governance.notifications.models import Notification
from governance.numbering import NumberSequence
from portfolio.policy import Rule, register


class InternalRule(Rule):
    """Bookkeeping rows that no user reads through the portal."""

    def q(self, scope, action):
        return None


register(NumberSequence)(type("NumberSequenceRule", (InternalRule,), {}))
register(Notification)(type("NotificationRule", (InternalRule,), {}))
