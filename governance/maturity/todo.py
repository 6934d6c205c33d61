"""Att göra: the respondent's maturity forms not yet sent in."""

from __future__ import annotations

from django.db.models import Count, Min
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from governance.maturity.choices import CampaignStatus
from governance.maturity.models import Respondent
from portfolio.todo.providers import one_or_list, url_with
from portfolio.todo.registry import TodoItem, urgency_for


def maturity_todos(user, scope, today):
    """One query: the user's own open, unsent forms and the earliest answer-by date."""
    row = Respondent.objects.filter(
        user=user,
        participation__campaign__status=CampaignStatus.OPEN,
        completed_at__isnull=True,
    ).aggregate(n=Count("pk"), first=Min("pk"), due=Min("participation__campaign__answer_by"))
    n = row["n"]
    if not n:
        return []
    due = row["due"]
    text = ngettext("%(n)s mognadsenkät att besvara", "%(n)s mognadsenkäter att besvara", n) % {
        "n": n
    }
    if due:
        text += " " + _("(svara senast %(date)s)") % {"date": due.isoformat()}
    return [
        TodoItem(
            text,
            n,
            one_or_list(
                n, row["first"], "governance:maturity_form", url_with("governance:maturity_home")
            ),
            urgency_for(due, today),
            due,
        )
    ]
