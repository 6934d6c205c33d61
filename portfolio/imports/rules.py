"""Policy rules for import jobs. See ``portfolio.policy``."""

from django.db.models import Q
from django.utils.translation import gettext as _

from portfolio.models import (
    ImportJob,
)
from portfolio.policy import (
    CHANGE,
    VIEW,
    Rule,
    register,
)


@register(ImportJob)
class ImportJobRule(Rule):
    """An import job, its file and its preview belong to the user who uploaded it."""

    def q(self, scope, action):
        if action in (VIEW, CHANGE):
            return Q(created_by_id=scope.user_id)
        return None

    def denied_message(self, action, obj):
        return _("Bara den som laddade upp filen får hantera importen.")
