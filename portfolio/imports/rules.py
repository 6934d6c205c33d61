"""Policy rules for import jobs. See ``portfolio.policy``."""

from django.db.models import Q
from django.utils.translation import gettext as _

from portfolio.models import BudgetOutcome, ImportJob, Initiative, System
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
        """Wherever the user may add systems, initiatives or budget outcome (rows re-checked)."""
        system, initiative = rule_for(System).targets(scope), rule_for(Initiative).targets(scope)
        outcome = rule_for(BudgetOutcome).targets(scope)
        return Targets(
            kommun_ids=system.kommun_ids | initiative.kommun_ids | outcome.kommun_ids,
            forvaltning_ids=system.forvaltning_ids | initiative.forvaltning_ids,
        )

    def denied_message(self, action, obj):
        if action == ADD:
            return _("Din roll ger inte behörighet att importera.")
        return _("Bara den som laddade upp filen får hantera importen.")
