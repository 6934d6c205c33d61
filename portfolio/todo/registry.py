"""Att göra: what needs the signed-in person's action, for the start page.

Each app registers providers in its ``apps.py`` ``ready()`` with
``register_todo(provider)``. A provider is ``provider(user, scope, today)``
returning an iterable of ``TodoItem``; it reads through ``policy.restrict``
(or the user's own rows) and runs one or two queries whatever the data
volume, so the start page's query count does not grow with the data.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import timezone

from portfolio.policy import get_scope

HIGH = "high"
NORMAL = "normal"
URGENCY_ORDER = {HIGH: 0, NORMAL: 1}

#: due within this many days is urgent
URGENT_DAYS = 14


@dataclass(frozen=True)
class TodoItem:
    text: str
    count: int
    url: str
    urgency: str = NORMAL
    due: datetime.date | None = None

    @property
    def is_urgent(self) -> bool:
        return self.urgency == HIGH


@dataclass(frozen=True)
class Provider:
    build: Callable[..., Iterable[TodoItem]]
    order: int = 100


_providers: list[Provider] = []


def register_todo(provider: Callable[..., Iterable[TodoItem]], order: int = 100) -> None:
    """Add a provider ``provider(user, scope, today) -> iterable of TodoItem``."""
    _providers.append(Provider(provider, order))


def urgency_for(due: datetime.date | None, today: datetime.date) -> str:
    if due is not None and due <= today + datetime.timedelta(days=URGENT_DAYS):
        return HIGH
    return NORMAL


def todos_for(user, today: datetime.date | None = None) -> list[TodoItem]:
    """Every provider's items with a count, the urgent ones first.

    A superuser (the installation's admin) has no personal to-do list: the
    lists are about a person's duties in a kommun.
    """
    scope = get_scope(user)
    if scope.is_anonymous or scope.is_superuser:
        return []
    today = today or timezone.localdate()
    items: list[tuple[int, int, TodoItem]] = []
    for provider in sorted(_providers, key=lambda p: p.order):
        for item in provider.build(user, scope, today) or ():
            if item.count > 0:
                items.append((URGENCY_ORDER.get(item.urgency, 1), provider.order, item))
    items.sort(key=lambda row: (row[0], row[1], row[2].due or datetime.date.max))
    return [item for _u, _o, item in items]
