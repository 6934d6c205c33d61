"""Policy rules for notices: a notice and a preference belong to one user, who alone sees them."""

from django.db.models import Q
from django.utils.translation import gettext as _

from portfolio.notices.models import Notice, NoticePreference
from portfolio.policy import Rule, register


@register(Notice)
class NoticeRule(Rule):
    def q(self, scope, action):
        return Q(user_id=scope.user_id)

    def denied_message(self, action, obj):
        return _("Du kan bara se dina egna notiser.")


@register(NoticePreference)
class NoticePreferenceRule(NoticeRule):
    pass
