"""Att göra for the budget's editors (ekonom, IT-strateg): förslag waiting for a decision."""

from __future__ import annotations

from django.db.models import Count, Min
from django.urls import reverse
from django.utils.translation import ngettext

from portfolio import policy
from portfolio.budget.models import BudgetStatus, BudgetVersion
from portfolio.todo.registry import TodoItem


def budget_todos(user, scope, today):
    """Budget förslag the user may still change: to be decided by the finansieringsgrupp.

    One aggregate query through the policy (CHANGE: only förslag, only editors).
    """
    row = policy.restrict(
        BudgetVersion.objects.filter(status=BudgetStatus.FORSLAG), user, policy.CHANGE
    ).aggregate(n=Count("pk"), first=Min("pk"))
    n = row["n"]
    if not n:
        return []
    text = ngettext(
        "%(n)s budgetförslag väntar på beslut",
        "%(n)s budgetförslag väntar på beslut",
        n,
    ) % {"n": n}
    url = (
        reverse("portfolio:budget_detail", args=[row["first"]])
        if n == 1
        else reverse("portfolio:budget_list") + f"?status={BudgetStatus.FORSLAG}"
    )
    return [TodoItem(text, n, url)]
