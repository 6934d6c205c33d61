"""Att göra for a council's officers: agendas to publish, minutes to justera."""

from __future__ import annotations

import datetime

from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.translation import ngettext

from governance.models import Meeting
from portfolio import policy
from portfolio.todo.providers import one_or_list, url_with
from portfolio.todo.registry import HIGH, TodoItem, urgency_for

#: an agenda is due for meetings within this many days
AGENDA_DAYS = 30


def meeting_todos(user, scope, today):
    """Two queries: the meetings the user edits (ordförande, sekreterare) and justerar."""
    now = timezone.now()
    horizon = now + datetime.timedelta(days=AGENDA_DAYS)
    agenda_q = Q(agenda_published_at__isnull=True, starts_at__gte=now, starts_at__lte=horizon)
    unsigned_q = Q(starts_at__lt=now)
    arshjul = url_with("governance:arshjul")
    items = []
    row = policy.restrict(Meeting.objects.all(), user, policy.CHANGE).aggregate(
        agenda=Count("pk", filter=agenda_q),
        agenda_first=Min("pk", filter=agenda_q),
        agenda_date=Min("starts_at", filter=agenda_q),
        unsigned=Count("pk", filter=unsigned_q),
        unsigned_first=Min("pk", filter=unsigned_q),
    )
    if row["agenda"]:
        n = row["agenda"]
        first = timezone.localtime(row["agenda_date"]).date()
        items.append(
            TodoItem(
                ngettext(
                    "%(n)s sammanträde behöver en publicerad föredragningslista (först %(date)s)",
                    "%(n)s sammanträden behöver en publicerad föredragningslista (först %(date)s)",
                    n,
                )
                % {"n": n, "date": first.isoformat()},
                n,
                one_or_list(n, row["agenda_first"], "governance:meeting_detail", arshjul),
                urgency_for(first, today),
                first,
            )
        )
    if row["unsigned"]:
        n = row["unsigned"]
        items.append(
            TodoItem(
                ngettext(
                    "%(n)s protokoll väntar på justering",
                    "%(n)s protokoll väntar på justering",
                    n,
                )
                % {"n": n},
                n,
                one_or_list(n, row["unsigned_first"], "governance:meeting_detail", arshjul),
            )
        )
    row = (
        policy.restrict(Meeting.objects.all(), user, policy.SIGN)
        .filter(unsigned_q)
        .aggregate(n=Count("pk"), first=Min("pk"))
    )
    if row["n"]:
        n = row["n"]
        items.append(
            TodoItem(
                ngettext(
                    "%(n)s protokoll att justera",
                    "%(n)s protokoll att justera",
                    n,
                )
                % {"n": n},
                n,
                one_or_list(n, row["first"], "governance:meeting_detail", arshjul),
                HIGH,
            )
        )
    return items
