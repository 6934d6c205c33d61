"""The base layer's Att göra: initiatives, scoring, contracts and system records."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils.translation import ngettext

from portfolio import policy
from portfolio.choices import InitiativeStatus, Role
from portfolio.models import Contract, Initiative, Round, System
from portfolio.todo.registry import HIGH, NORMAL, TodoItem, urgency_for

#: contracts whose sista uppsägningsdag falls within this many days
CONTRACT_DAYS = 90
MAX_NOTICE_MONTHS = 60  # Contract.notice_months is validated to at most 60


def url_with(url_name: str, **params) -> str:
    url = reverse(url_name)
    return f"{url}?{urlencode(params)}" if params else url


def one_or_list(count: int, first_pk, detail_name: str, list_url: str) -> str:
    """One thing links straight to it; several link to the filtered list."""
    if count == 1 and first_pk is not None:
        return reverse(detail_name, args=[first_pk])
    return list_url


def initiative_todos(user, scope, today):
    """New idéer to take a stand on, and initiatives in kvalificering (one query).

    For the kommuner the user steers (IT-strateg, administratör).
    """
    kommuner = scope.kommun_ids(policy.STEWARD_ROLES)
    if not kommuner:
        return []
    ide = Q(status=InitiativeStatus.IDE)
    kval = Q(status=InitiativeStatus.KVALIFICERING)
    row = policy.restrict(
        Initiative.objects.filter(kommun__in=kommuner), user, policy.CHANGE
    ).aggregate(
        ide=Count("pk", filter=ide),
        ide_first=Min("pk", filter=ide),
        kval=Count("pk", filter=kval),
        kval_first=Min("pk", filter=kval),
    )
    items = []
    if row["ide"]:
        n = row["ide"]
        items.append(
            TodoItem(
                ngettext(
                    "%(n)s ny idé att ta ställning till",
                    "%(n)s nya idéer att ta ställning till",
                    n,
                )
                % {"n": n},
                n,
                one_or_list(
                    n,
                    row["ide_first"],
                    "portfolio:initiative_detail",
                    url_with("portfolio:initiative_list", status=InitiativeStatus.IDE),
                ),
            )
        )
    if row["kval"]:
        n = row["kval"]
        items.append(
            TodoItem(
                ngettext(
                    "%(n)s initiativ väntar på kvalificering",
                    "%(n)s initiativ väntar på kvalificering",
                    n,
                )
                % {"n": n},
                n,
                one_or_list(
                    n,
                    row["kval_first"],
                    "portfolio:initiative_detail",
                    url_with("portfolio:initiative_list", status=InitiativeStatus.KVALIFICERING),
                ),
            )
        )
    return items


def scoring_todos(user, scope, today):
    """Initiatives in kvalificering or prioritering without any score (one query)."""
    from portfolio.prioritisation.services import SCORABLE_STATUSES

    targets = policy.targets(user, Round)
    if not targets:
        return []
    kommuner = targets.kommuner()
    row = (
        Initiative.objects.filter(kommun__in=kommuner.values("pk"), status__in=SCORABLE_STATUSES)
        .annotate(n_scores=Count("scores", filter=Q(scores__criterion__active=True)))
        .filter(n_scores=0)
        .aggregate(n=Count("pk"), kommun=Min("kommun_id"))
    )
    n = row["n"]
    if not n:
        return []
    return [
        TodoItem(
            ngettext(
                "%(n)s initiativ väntar på poängsättning",
                "%(n)s initiativ väntar på poängsättning",
                n,
            )
            % {"n": n},
            n,
            url_with("portfolio:prioritisation_ranking", kommun=row["kommun"]),
        )
    ]


def contract_todos(user, scope, today):
    """Contracts the user may change whose sista uppsägningsdag is within 90 days (one query).

    The date is the end date minus the notice period in months: the end date is
    bounded in SQL, the exact date decided in Python on two columns.
    """
    horizon = today + datetime.timedelta(days=CONTRACT_DAYS)
    latest_end = horizon + relativedelta(months=MAX_NOTICE_MONTHS)
    rows = policy.restrict(
        Contract.objects.filter(end_date__gte=today, end_date__lte=latest_end),
        user,
        policy.CHANGE,
    ).values_list("pk", "end_date", "notice_months")
    due = []
    for pk, end, months in rows:
        cancel = end - relativedelta(months=months)
        if today <= cancel <= horizon:
            due.append((cancel, pk))
    if not due:
        return []
    due.sort()
    first = due[0][0]
    n = len(due)
    return [
        TodoItem(
            ngettext(
                "%(n)s avtal har sista uppsägningsdag inom %(days)s dagar (först %(date)s)",
                "%(n)s avtal har sista uppsägningsdag inom %(days)s dagar (först %(date)s)",
                n,
            )
            % {"n": n, "days": CONTRACT_DAYS, "date": first.isoformat()},
            n,
            url_with("portfolio:contract_list", status="aktivt", cancel_before=horizon.isoformat()),
            urgency_for(first, today),
            first,
        )
    ]


def system_todos(user, scope, today):
    """Systems without K/R/T or PUB-avtal: the systemägare's own, the IT-strateg's kommun's.

    One query with two counts.
    """
    from portfolio.registers.filters import GAP_Q

    strateg_kommuner = scope.kommun_ids({Role.IT_STRATEG})
    mine = Q(owner=user)
    if strateg_kommuner:
        mine |= Q(kommun__in=strateg_kommuner)
    row = policy.restrict(System.objects.filter(mine), user, policy.CHANGE).aggregate(
        krt=Count("pk", filter=GAP_Q["krt"]),
        pub=Count("pk", filter=GAP_Q["pub"]),
        krt_first=Min("pk", filter=GAP_Q["krt"]),
        pub_first=Min("pk", filter=GAP_Q["pub"]),
    )
    only_own = {} if strateg_kommuner else {"mine": "true"}
    items = []
    if row["krt"]:
        n = row["krt"]
        items.append(
            TodoItem(
                ngettext(
                    "%(n)s system saknar K/R/T-klassning",
                    "%(n)s system saknar K/R/T-klassning",
                    n,
                )
                % {"n": n},
                n,
                one_or_list(
                    n,
                    row["krt_first"],
                    "portfolio:system_detail",
                    url_with("portfolio:system_list", saknar="krt", **only_own),
                ),
                NORMAL,
            )
        )
    if row["pub"]:
        n = row["pub"]
        items.append(
            TodoItem(
                ngettext(
                    "%(n)s system med personuppgifter saknar PUB-avtal",
                    "%(n)s system med personuppgifter saknar PUB-avtal",
                    n,
                )
                % {"n": n},
                n,
                one_or_list(
                    n,
                    row["pub_first"],
                    "portfolio:system_detail",
                    url_with("portfolio:system_list", saknar="pub", **only_own),
                ),
                HIGH,
            )
        )
    return items
