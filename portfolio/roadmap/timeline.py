"""The roadmap's data: initiatives as rows on a timeline, grouped by förvaltning or goal.

``build_roadmap(queryset, group)`` takes the filtered, policy-restricted
initiatives and returns a ``Roadmap``: groups of rows, each row an
initiative with its start and end dates, status and milestones (status
reports, and the decision date read from the beslutsreferens when it names
one, e.g. "IT-styrgruppen 2026-03-04 § 12"). Three queries whatever the
number of rows: the count, the capped rows, the status report dates (plus
the goal links when grouped by goal).

At most ``MAX_ROWS`` initiatives are drawn; the page says how many were left
out and asks the user to filter.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from portfolio.choices import InitiativeStatus
from portfolio.models import Initiative, StatusReport

GROUP_FORVALTNING = "forvaltning"
GROUP_GOAL = "mal"
GROUPINGS = (GROUP_FORVALTNING, GROUP_GOAL)
MAX_ROWS = 150
DATE_IN_TEXT = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


@dataclass(frozen=True)
class Milestone:
    date: datetime.date
    kind: str  # "report" or "decision"
    label: str


@dataclass
class Row:
    initiative: Initiative
    start: datetime.date | None
    end: datetime.date | None
    milestones: list[Milestone] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.initiative.status

    @property
    def status_label(self) -> str:
        return InitiativeStatus(self.initiative.status).label

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None


@dataclass
class Group:
    name: str
    rows: list[Row] = field(default_factory=list)


@dataclass
class Roadmap:
    group_by: str
    groups: list[Group]
    total: int  # initiatives matching the filter
    shown: int  # initiatives drawn (at most MAX_ROWS)
    first_year: int | None
    last_year: int | None

    @property
    def capped(self) -> bool:
        return self.shown < self.total

    @property
    def rows(self) -> list[Row]:
        return [row for group in self.groups for row in group.rows]

    @property
    def undated(self) -> int:
        return sum(1 for row in self.rows if not row.dated)

    def status_counts(self) -> list[tuple[str, int]]:
        counts: dict[str, int] = defaultdict(int)
        seen = set()
        for row in self.rows:
            if row.initiative.pk not in seen:
                seen.add(row.initiative.pk)
                counts[row.status] += 1
        return [(s.label, counts[s.value]) for s in InitiativeStatus if counts[s.value]]


def decision_date(reference: str) -> datetime.date | None:
    """The first ISO date in a beslutsreferens, if it names one."""
    match = DATE_IN_TEXT.search(reference or "")
    if match is None:
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _milestones(initiatives: list[Initiative]) -> dict[int, list[Milestone]]:
    found: dict[int, list[Milestone]] = defaultdict(list)
    reports = (
        StatusReport.objects.filter(initiative__in=[i.pk for i in initiatives])
        .order_by("date", "pk")
        .values_list("initiative_id", "date", "rag")
    )
    from portfolio.choices import Rag

    labels = dict(Rag.choices)
    for initiative_id, date, rag in reports:
        label = _("Statusrapport %(date)s: %(rag)s") % {
            "date": date.isoformat(),
            "rag": labels.get(rag, rag),
        }
        found[initiative_id].append(Milestone(date, "report", label))
    for initiative in initiatives:
        date = decision_date(initiative.decision_reference)
        if date is not None:
            label = _("Beslut %(date)s: %(ref)s") % {
                "date": date.isoformat(),
                "ref": initiative.decision_reference,
            }
            found[initiative.pk].append(Milestone(date, "decision", label))
            found[initiative.pk].sort(key=lambda m: m.date)
    return found


def _row(initiative: Initiative, milestones) -> Row:
    return Row(initiative, initiative.start_date, initiative.end_date, milestones)


def build_roadmap(queryset, group_by: str = GROUP_FORVALTNING) -> Roadmap:
    """The roadmap of ``queryset`` (already restricted and filtered)."""
    if group_by not in GROUPINGS:
        group_by = GROUP_FORVALTNING
    total = queryset.count()
    initiatives = list(
        queryset.select_related("kommun", "forvaltning").order_by(
            "forvaltning__name", "start_date", "title", "pk"
        )[:MAX_ROWS]
    )
    milestones = _milestones(initiatives)
    groups: dict[str, Group] = {}
    if group_by == GROUP_GOAL:
        through = Initiative.goals.through.objects.filter(
            initiative_id__in=[i.pk for i in initiatives]
        ).select_related("strategicgoal__kommun")
        goals_of: dict[int, list] = defaultdict(list)
        for link in through:
            goals_of[link.initiative_id].append(link.strategicgoal)
        no_goal = _("Utan strategiskt mål")
        ordered = sorted(
            {g.pk: g for links in goals_of.values() for g in links}.values(),
            key=lambda g: (g.kommun_id, g.order, g.name),
        )
        several = len({g.kommun_id for g in ordered}) > 1
        for goal in ordered:
            name = f"{goal.name} ({goal.kommun.name})" if several else goal.name
            groups[f"goal-{goal.pk}"] = Group(name)
        for initiative in initiatives:
            keys = [f"goal-{g.pk}" for g in goals_of.get(initiative.pk, [])] or ["none"]
            for key in keys:
                if key == "none" and key not in groups:
                    groups[key] = Group(no_goal)
                groups[key].rows.append(_row(initiative, milestones.get(initiative.pk, [])))
    else:
        several = len({i.kommun_id for i in initiatives}) > 1
        for initiative in initiatives:
            name = initiative.forvaltning.name
            if several:
                name = f"{name} ({initiative.kommun.name})"
            key = f"f-{initiative.forvaltning_id}"
            groups.setdefault(key, Group(name)).rows.append(
                _row(initiative, milestones.get(initiative.pk, []))
            )
    result = [g for g in groups.values() if g.rows]
    for group in result:
        group.rows.sort(key=lambda r: (r.start or r.end or datetime.date.max, r.initiative.title))
    years = [
        d.year
        for group in result
        for row in group.rows
        for d in (row.start, row.end, *(m.date for m in row.milestones))
        if d is not None
    ]
    return Roadmap(
        group_by=group_by,
        groups=result,
        total=total,
        shown=len(initiatives),
        first_year=min(years) if years else None,
        last_year=max(years) if years else None,
    )
