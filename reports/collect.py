"""Data collection for the reports: one function per section.

Each section function takes ``(kommun, year)`` and returns a plain dict that the
PDF template, the XLSX export and the tests read. ``IT_BOKSLUT_SECTIONS`` lists
them in document order; another app (e.g. governance's "decisions of the
year") adds a section with ``register_section`` without touching this module.

Every key figure is defined in ``KEY_FIGURES``; the definitions are printed in
the report beside the summary and in an appendix (seed 002).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable

from django.db.models import F, Q, Sum
from django.utils.translation import gettext_lazy as _

from portfolio.choices import (
    FinancingSource,
)
from portfolio.models import (
    BenefitLine,
    FinancingLine,
    Initiative,
    InitiativeCost,
    Kommun,
    StrategicGoal,
)
from reports.sections.common import PLANNED_STATUSES, ZERO, _d
from reports.sections.costs import section_costs
from reports.sections.development import section_development
from reports.sections.landscape import section_landscape
from reports.sections.quality import section_quality
from reports.sections.summary import section_summary
from reports.sections.trends import section_comparison, section_trends

# --- Registry ----------------------------------------------------------------

Section = Callable[[Kommun, int], dict]
IT_BOKSLUT_SECTIONS: list[tuple[str, Section]] = [
    ("costs", section_costs),
    ("landscape", section_landscape),
    ("quality", section_quality),
    ("development", section_development),
    ("trends", section_trends),
]
# Templates for sections added by other apps: key -> (title, template).
EXTRA_SECTION_TEMPLATES: dict[str, tuple[str, str]] = {}


def register_section(key: str, func: Section, *, title=None, template=None, after=None) -> None:
    """Add a section (e.g. governance's decisions of the year) to the IT-bokslut."""
    index = len(IT_BOKSLUT_SECTIONS)
    if after is not None:
        index = [k for k, _f in IT_BOKSLUT_SECTIONS].index(after) + 1
    IT_BOKSLUT_SECTIONS.insert(index, (key, func))
    if template:
        EXTRA_SECTION_TEMPLATES[key] = (title or key, template)


def collect_it_bokslut(kommun: Kommun, year: int, comparison_group=None) -> dict:
    """Every chapter for one kommun; the comparison is with ``comparison_group``'s members."""
    sections = {key: func(kommun, year) for key, func in IT_BOKSLUT_SECTIONS}
    sections["comparison"] = section_comparison(kommun, year, comparison_group)
    sections["summary"] = section_summary(kommun, year, sections)
    sections["extra"] = [
        (title, template, sections[key])
        for key, (title, template) in EXTRA_SECTION_TEMPLATES.items()
        if key in sections
    ]
    return {"kommun": kommun, "year": year, **sections}


# --- Handlingsplan -------------------------------------------------------------

#: extra data for the handlingsplan from apps above, e.g. governance's approved ärenden
PLAN_EXTRAS: dict[str, Section] = {}


def register_plan_extra(key: str, func: Section) -> None:
    PLAN_EXTRAS[key] = func


def _quarters(initiative, year: int) -> list[bool]:
    if initiative.start_date is None:
        return [False] * 4  # no tidplan
    cells = []
    for q in range(4):
        q_start = datetime.date(year, 3 * q + 1, 1)
        q_end = (
            datetime.date(year, 3 * q + 4, 1) - datetime.timedelta(days=1)
            if q < 3
            else datetime.date(year, 12, 31)
        )
        end = initiative.end_date or datetime.date(year, 12, 31)
        cells.append(initiative.start_date <= q_end and end >= q_start)
    return cells


def plan_initiatives(kommun: Kommun, year: int):
    """The initiatives of the handlingsplan: planned ones with activities or costs in the year.

    Activities: planned dates that overlap the year. An initiative in a planned
    status without a start date has no tidplan; it is included (and listed
    under "Saknar tidplan") rather than silently dropped.
    """
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    in_year = Q(start_date__lte=end) & (Q(end_date__isnull=True) | Q(end_date__gte=start))
    with_costs = Q(pk__in=InitiativeCost.objects.filter(year=year).values("initiative"))
    return (
        Initiative.objects.filter(kommun=kommun, status__in=PLANNED_STATUSES)
        .filter(in_year | with_costs | Q(start_date__isnull=True))
        .select_related("forvaltning", "contact")
        .prefetch_related("goals")
        .order_by(F("start_date").asc(nulls_last=True), "title")
    )


def collect_handlingsplan(kommun: Kommun, year: int) -> dict:
    initiatives = list(plan_initiatives(kommun, year))
    ids = [i.pk for i in initiatives]
    budget = dict(
        InitiativeCost.objects.filter(initiative__in=ids, year=year)
        .values_list("initiative")
        .annotate(t=Sum("amount"))
    )
    financing: dict[int, list] = defaultdict(list)
    by_source = {s.value: ZERO for s in FinancingSource}
    for f in FinancingLine.objects.filter(initiative__in=ids, year=year).order_by("source"):
        financing[f.initiative_id].append((f.get_source_display(), f.amount))
        by_source[f.source] += f.amount
    benefits: dict[int, list] = defaultdict(list)
    for b in BenefitLine.objects.filter(initiative__in=ids).order_by("pk"):
        benefits[b.initiative_id].append(b)
    items = []
    for i in initiatives:
        items.append(
            {
                "initiative": i,
                "contact": i.contact.get_full_name() or i.contact.username,
                "scheduled": i.start_date is not None,
                "quarters": _quarters(i, year),
                "budget": _d(budget.get(i.pk)),
                "financing": financing.get(i.pk, []),
                "benefits": benefits.get(i.pk, []),
                "goals": [g.name for g in i.goals.all()],
            }
        )
    by_goal: dict[str, list] = defaultdict(list)
    goal_order = {g.name: (g.order, g.name) for g in StrategicGoal.objects.filter(kommun=kommun)}
    no_goal = str(_("Utan kopplat strategiskt mål"))
    for item in items:
        for goal in item["goals"] or [no_goal]:
            by_goal[goal].append(item)
    by_forvaltning: dict[str, list] = defaultdict(list)
    for item in items:
        by_forvaltning[item["initiative"].forvaltning.name].append(item)
    unscheduled = [item for item in items if not item["scheduled"]]
    return {
        "kommun": kommun,
        "year": year,
        "items": items,
        "unscheduled": unscheduled,
        "unscheduled_budget": sum((item["budget"] for item in unscheduled), ZERO),
        "by_goal": sorted(by_goal.items(), key=lambda kv: goal_order.get(kv[0], (9999, kv[0]))),
        "by_forvaltning": sorted(by_forvaltning.items()),
        "by_source": [(FinancingSource(k).label, v) for k, v in by_source.items()],
        "budget_total": sum((item["budget"] for item in items), ZERO),
        "financing_total": sum(by_source.values(), ZERO),
        **{key: func(kommun, year) for key, func in PLAN_EXTRAS.items()},
    }


def collect(job) -> dict:
    """All data for a job: one section per member kommun for a samverkan."""
    from reports.choices import ReportKind

    if job.kind == ReportKind.IT_PLAN:
        from reports.sections.itplans import collect_it_plan

        return {"job": job, **collect_it_plan(job.it_plan)}
    if job.kind == ReportKind.IT_PLANER:
        from reports.sections.itplans import collect_it_planer

        return {"job": job, **collect_it_planer(job.kommun, job.year)}
    if job.kommun_id:
        kommuner = [job.kommun]
        group = job.comparison_samverkan
    else:
        kommuner = list(job.samverkan.members.order_by("name"))
        group = job.samverkan  # every part is compared within the samverkan itself
    if job.kind == ReportKind.MOGNADSRAPPORT:
        from reports.sections.maturity import collect_mognadsrapport

        return collect_mognadsrapport(job)
    if job.kind == ReportKind.IT_BOKSLUT:
        parts = [collect_it_bokslut(k, job.year, group) for k in kommuner]
    else:
        parts = [collect_handlingsplan(k, job.year) for k in kommuner]
    return {"job": job, "parts": parts}
