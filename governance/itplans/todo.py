"""Att göra in IT-plans: the förvaltningschef's plan to submit, the IT-strateg's to treat."""

from __future__ import annotations

from django.db.models import Count, Min
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from governance.choices import ITPlanStatus, MilestoneKind
from governance.itplans.consolidation import SUBMITTED
from governance.itplans.models import PLANNING_KINDS, ITPlan
from governance.itplans.rules import CHIEF_ROLES
from governance.models import AnnualMilestone
from portfolio import policy
from portfolio.models import Forvaltning
from portfolio.todo.providers import one_or_list, url_with
from portfolio.todo.registry import TodoItem, urgency_for


def itplan_todos(user, scope, today):
    """Next year's plan not yet submitted (two queries); plans to treat (one query)."""
    year = today.year + 1
    items = []
    chief_of = scope.forvaltning_ids(CHIEF_ROLES)
    if chief_of:
        missing = list(
            Forvaltning.objects.filter(pk__in=chief_of, kind__in=PLANNING_KINDS)
            .exclude(it_plans__year=year, it_plans__status__in=SUBMITTED)
            .values_list("pk", "kommun_id")
        )
        if missing:
            deadlines = [
                m.date_in(year - 1)
                for m in AnnualMilestone.objects.filter(
                    kommun__in={k for _f, k in missing}, kind=MilestoneKind.IT_PLAN
                )
            ]
            # The nearest deadline; one already passed makes the plan overdue.
            due = min(deadlines, default=None)
            n = len(missing)
            text = ngettext(
                "IT-planen för %(year)s är inte inlämnad",
                "%(n)s IT-planer för %(year)s är inte inlämnade",
                n,
            ) % {"n": n, "year": year}
            if due and due < today:
                text += " " + _("(sista dag var %(date)s)") % {"date": due.isoformat()}
            elif due:
                text += " " + _("(senast %(date)s)") % {"date": due.isoformat()}
            items.append(
                TodoItem(
                    text,
                    n,
                    url_with("governance:itplan_list", year=year),
                    urgency_for(due, today),
                    due,
                )
            )
    if scope.kommun_ids(policy.STEWARD_ROLES):
        row = (
            policy.restrict(ITPlan.objects.all(), user, policy.MANAGE)
            .filter(status=ITPlanStatus.INLAMNAD)
            .aggregate(n=Count("pk"), first=Min("pk"))
        )
        if row["n"]:
            n = row["n"]
            items.append(
                TodoItem(
                    ngettext(
                        "%(n)s inlämnad IT-plan väntar på behandling",
                        "%(n)s inlämnade IT-planer väntar på behandling",
                        n,
                    )
                    % {"n": n},
                    n,
                    one_or_list(
                        n,
                        row["first"],
                        "governance:itplan_detail",
                        url_with("governance:itplan_list", status=ITPlanStatus.INLAMNAD),
                    ),
                )
            )
    return items
