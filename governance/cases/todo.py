"""Att göra in ärenden: samråd and remiss for the IT-strateg, yttrande for the remissinstans."""

from __future__ import annotations

from django.db.models import Count, Min, Q
from django.utils.translation import ngettext

from governance.choices import CaseStatus
from governance.models import Case
from portfolio import policy
from portfolio.todo.providers import one_or_list, url_with
from portfolio.todo.registry import HIGH, TodoItem

WAITING_SAMRAD = Q(status=CaseStatus.ANMALAN, consulted_at__isnull=True)
WAITING_REMISS = Q(status=CaseStatus.ANMALAN, consulted_at__isnull=False)


def case_todos(user, scope, today):
    """Two queries: the ärenden the user runs (MANAGE), and those they give a yttrande in."""
    items = []
    if scope.kommun_ids(policy.STEWARD_ROLES):
        row = policy.restrict(Case.objects.all(), user, policy.MANAGE).aggregate(
            samrad=Count("pk", filter=WAITING_SAMRAD),
            samrad_first=Min("pk", filter=WAITING_SAMRAD),
            remiss=Count("pk", filter=WAITING_REMISS),
            remiss_first=Min("pk", filter=WAITING_REMISS),
        )
        listed = url_with("governance:case_list", status=CaseStatus.ANMALAN)
        if row["samrad"]:
            n = row["samrad"]
            items.append(
                TodoItem(
                    ngettext(
                        "%(n)s ärende väntar på samråd",
                        "%(n)s ärenden väntar på samråd",
                        n,
                    )
                    % {"n": n},
                    n,
                    one_or_list(n, row["samrad_first"], "governance:case_detail", listed),
                    HIGH,
                )
            )
        if row["remiss"]:
            n = row["remiss"]
            items.append(
                TodoItem(
                    ngettext(
                        "%(n)s ärende väntar på att skickas på remiss",
                        "%(n)s ärenden väntar på att skickas på remiss",
                        n,
                    )
                    % {"n": n},
                    n,
                    one_or_list(n, row["remiss_first"], "governance:case_detail", listed),
                )
            )
    row = policy.restrict(Case.objects.all(), user, policy.REVIEW).aggregate(
        n=Count("pk"), first=Min("pk")
    )
    if row["n"]:
        n = row["n"]
        items.append(
            TodoItem(
                ngettext(
                    "%(n)s ärende väntar på yttrande från er beredningsgrupp",
                    "%(n)s ärenden väntar på yttrande från er beredningsgrupp",
                    n,
                )
                % {"n": n},
                n,
                one_or_list(
                    n,
                    row["first"],
                    "governance:case_detail",
                    url_with("governance:case_list", status=CaseStatus.BEREDNING),
                ),
                HIGH,
            )
        )
    return items
