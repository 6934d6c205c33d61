"""Global search: the header's search box, across every register the user may read.

Apps register what can be found in their ``AppConfig.ready`` with
``register_source`` (the base layer never imports the apps above it). A search
runs one query per source: the rows the policy lets the user read
(``policy.restrict``) that match every word of the query in one of the source's
fields. On PostgreSQL the hits are ordered by full-text rank with the Swedish
configuration (so "avtalen" ranks "avtal" first); elsewhere by the source's own
ordering. Words match anywhere in a field, so "proca" finds "Procapita".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.http import urlencode

from portfolio import policy

#: hits shown per type; the group says when there are more
PER_SOURCE = 8
MIN_LENGTH = 2
MAX_LENGTH = 100
MAX_WORDS = 6


@dataclass(frozen=True)
class Source:
    label: str  # plural, Swedish: "System", "Ärenden"
    model_label: str  # "portfolio.system"
    fields: tuple[str, ...]
    #: a short line under the hit (supplier, kommun, status …); None: nothing
    describe: Callable | None = None
    select_related: tuple[str, ...] = ()
    order: int = 100
    #: the register's list page, which takes the query as ``?q=`` ("Sök i registret")
    list_url_name: str | None = None

    @property
    def model(self):
        return apps.get_model(self.model_label)


@dataclass
class Hit:
    title: str
    url: str
    detail: str = ""


@dataclass
class Group:
    label: str
    hits: list[Hit] = field(default_factory=list)
    more: bool = False
    list_url: str = ""


_sources: list[Source] = []


def register_source(
    label,
    model_label: str,
    fields: tuple[str, ...],
    *,
    describe: Callable | None = None,
    select_related: tuple[str, ...] = (),
    order: int = 100,
    list_url_name: str | None = None,
) -> None:
    _sources.append(
        Source(label, model_label, fields, describe, select_related, order, list_url_name)
    )


def clean_query(raw: str | None) -> str:
    """The query as searched: whitespace collapsed, at most ``MAX_LENGTH`` characters."""
    return " ".join((raw or "").split())[:MAX_LENGTH]


def words(query: str) -> list[str]:
    return [w for w in query.split() if w][:MAX_WORDS]


def _matching(source: Source, queryset: QuerySet, query: str) -> QuerySet:
    for word in words(query):
        any_field = Q()
        for name in source.fields:
            any_field |= Q(**{f"{name}__icontains": word})
        queryset = queryset.filter(any_field)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector(*source.fields, config="swedish")
        rank = SearchRank(vector, SearchQuery(query, config="swedish", search_type="websearch"))
        queryset = queryset.annotate(search_rank=rank).order_by("-search_rank", "pk")
    return queryset


def search(user, raw: str | None) -> list[Group]:
    """Hits grouped by type, only what ``user`` may read; [] for a too short query."""
    query = clean_query(raw)
    if len(query) < MIN_LENGTH:
        return []
    groups = []
    for source in sorted(_sources, key=lambda s: s.order):
        visible = policy.restrict(source.model._default_manager.all(), user)
        rows = list(
            _matching(source, visible, query).select_related(*source.select_related)[
                : PER_SOURCE + 1
            ]
        )
        if not rows:
            continue
        hits = [
            Hit(str(obj), obj.get_absolute_url(), source.describe(obj) if source.describe else "")
            for obj in rows[:PER_SOURCE]
        ]
        list_url = ""
        if source.list_url_name:
            list_url = f"{reverse(source.list_url_name)}?{urlencode({'q': query})}"
        groups.append(Group(str(source.label), hits, len(rows) > PER_SOURCE, list_url))
    return groups
