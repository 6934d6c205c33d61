"""Att göra: handlingsplaner ready to fastställas (the kommundirektör)."""

from __future__ import annotations

from django.db.models import Count, Min
from django.utils.translation import ngettext

from portfolio import policy
from portfolio.jobs import JobStatus
from portfolio.todo.providers import one_or_list, url_with
from portfolio.todo.registry import TodoItem
from reports.choices import ReportKind
from reports.models import ReportJob


def report_todos(user, scope, today):
    """One query: finished, not adopted handlingsplaner the user may fastställa."""
    row = (
        policy.restrict(ReportJob.objects.all(), user, policy.DECIDE)
        .filter(kind=ReportKind.HANDLINGSPLAN, status=JobStatus.DONE, adopted=False)
        .aggregate(n=Count("pk"), first=Min("pk"))
    )
    n = row["n"]
    if not n:
        return []
    return [
        TodoItem(
            ngettext(
                "%(n)s handlingsplan väntar på att fastställas",
                "%(n)s handlingsplaner väntar på att fastställas",
                n,
            )
            % {"n": n},
            n,
            one_or_list(n, row["first"], "reports:job_detail", url_with("reports:archive")),
        )
    ]
