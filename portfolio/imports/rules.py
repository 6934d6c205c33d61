"""Policy rules for import jobs. See ``portfolio.policy``."""

from django.db.models import Q
from django.utils.translation import gettext as _

from portfolio.models import BudgetOutcome, ImportJob, Initiative, RentalCount, System
from portfolio.policy import (
    ADD,
    CHANGE,
    VIEW,
    Rule,
    Targets,
    register,
    rule_for,
)


@register(ImportJob)
class ImportJobRule(Rule):
    """An import job, its file and its preview belong to the user who uploaded it."""

    def q(self, scope, action):
        if action in (VIEW, CHANGE):
            return Q(created_by_id=scope.user_id)
        return None

    def targets(self, scope):
        """Wherever the user may add systems, initiatives, budget outcome or rented items

        (each row is checked again)."""
        found = [
            rule_for(m).targets(scope) for m in (System, Initiative, BudgetOutcome, RentalCount)
        ]
        return Targets(
            kommun_ids=frozenset().union(*(t.kommun_ids for t in found)),
            forvaltning_ids=frozenset().union(*(t.forvaltning_ids for t in found)),
        )

    def denied_message(self, action, obj):
        if action == ADD:
            return _("Din roll ger inte behörighet att importera.")
        return _("Bara den som laddade upp filen får hantera importen.")
