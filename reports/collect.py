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
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from portfolio.choices import (
    BenefitKind,
    CostNature,
    FinancingSource,
    InitiativeStatus,
    Lifecycle,
    Payer,
    SystemKind,
    TechDebt,
    TimeClass,
)
from portfolio.models import (
    BenefitLine,
    BenefitRealisation,
    Contract,
    FinancingLine,
    Initiative,
    InitiativeCost,
    InitiativeStatusChange,
    Kommun,
    KommunYearFigures,
    Samverkansorganisation,
    StrategicGoal,
    System,
    SystemAvailability,
    SystemCost,
)

ZERO = Decimal(0)
TREND_YEARS = 5


@dataclass(frozen=True)
class KeyFigure:
    key: str
    label: str
    unit: str  # "kr", "%", "st"
    definition: str


KEY_FIGURES = [
    KeyFigure(
        "it_cost_total",
        _("IT-kostnad totalt"),
        "kr",
        _(
            "Summan av årets systemkostnader (licens, drift och support, intern personal, "
            "övrigt) för kommunens system och årets kostnader för kommunens initiativ."
        ),
    ),
    KeyFigure(
        "it_cost_per_invanare",
        _("IT-kostnad per invånare"),
        "kr",
        _("IT-kostnad totalt delad med antalet invånare i kommunen det året."),
    ),
    KeyFigure(
        "it_cost_per_anstalld",
        _("IT-kostnad per anställd"),
        "kr",
        _("IT-kostnad totalt delad med antalet anställda i kommunen det året."),
    ),
    KeyFigure(
        "utveckling_share",
        _("Andel utveckling"),
        "%",
        _(
            "Kostnader märkta utveckling som andel av IT-kostnad totalt. Resten är drift "
            "(förvaltning av befintliga system)."
        ),
    ),
    KeyFigure(
        "central_share",
        _("Andel centralt finansierat"),
        "%",
        _(
            "Systemkostnader som betalas av centrala medel eller fördelas på förvaltningarna, "
            "som andel av alla systemkostnader."
        ),
    ),
    KeyFigure(
        "systems_in_use",
        _("System i drift"),
        "st",
        _("Kommunens system i livscykelfas planerad, införande, i drift eller under avveckling."),
    ),
    KeyFigure(
        "systems_without_pub",
        _("System med personuppgifter utan PUB-avtal"),
        "st",
        _("System som innehåller personuppgifter men saknar personuppgiftsbiträdesavtal."),
    ),
    KeyFigure(
        "systems_unclassified",
        _("System utan K/R/T-klassning"),
        "st",
        _("System där konfidentialitet, riktighet eller tillgänglighet inte är klassad."),
    ),
    KeyFigure(
        "availability_met_share",
        _("Andel system som nått tillgänglighetsmålet"),
        "%",
        _(
            "System med uppmätt tillgänglighet minst lika med målet, som andel av system "
            "med både mål och mätvärde för året."
        ),
    ),
    KeyFigure(
        "initiatives_finished",
        _("Avslutade initiativ"),
        "st",
        _("Initiativ som gick över till status avslutad under året."),
    ),
    KeyFigure(
        "benefit_kronor_realised",
        _("Realiserad nytta i kronor"),
        "kr",
        _("Summan av årets registrerade nyttorealisering för nyttor i kronor."),
    ),
    KeyFigure(
        "benefit_hours_realised",
        _("Realiserad nytta i timmar"),
        "h",
        _("Summan av årets registrerade nyttorealisering för frigjord tid i timmar."),
    ),
    KeyFigure(
        "earmarked_used",
        _("Förbrukade öronmärkta medel"),
        "kr",
        _("Förbrukat belopp av årets finansiering från öronmärkta centrala medel."),
    ),
]
KEY_FIGURE_BY_KEY = {k.key: k for k in KEY_FIGURES}

ACTIVE_LIFECYCLES = (
    Lifecycle.PLANERAD,
    Lifecycle.INFORANDE,
    Lifecycle.I_DRIFT,
    Lifecycle.UNDER_AVVECKLING,
)
PLANNED_STATUSES = (
    InitiativeStatus.PRIORITERING,
    InitiativeStatus.BESLUTAD,
    InitiativeStatus.GENOMFORANDE,
)


def _d(value) -> Decimal:
    return value if value is not None else ZERO


def _ratio(numerator, denominator) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.01"))


def _percent(numerator, denominator) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(100) * Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.1"))


def _year_figures(kommun_ids, years) -> dict[tuple[int, int], KommunYearFigures]:
    return {
        (f.kommun_id, f.year): f
        for f in KommunYearFigures.objects.filter(kommun__in=kommun_ids, year__in=years)
    }


def cost_totals(kommun_ids, years) -> dict[tuple[int, int], dict]:
    """Total, utveckling and central costs per (kommun, year), in four grouped queries."""
    result: dict[tuple[int, int], dict] = defaultdict(
        lambda: {"system": ZERO, "initiative": ZERO, "utveckling": ZERO, "central": ZERO}
    )
    rows = (
        SystemCost.objects.filter(system__kommun__in=kommun_ids, year__in=years)
        .values("system__kommun", "year", "nature", "payer")
        .annotate(total=Sum("amount"))
    )
    for r in rows:
        bucket = result[(r["system__kommun"], r["year"])]
        bucket["system"] += r["total"]
        if r["nature"] == CostNature.UTVECKLING:
            bucket["utveckling"] += r["total"]
        if r["payer"] != Payer.FORVALTNING:
            bucket["central"] += r["total"]
    rows = (
        InitiativeCost.objects.filter(initiative__kommun__in=kommun_ids, year__in=years)
        .values("initiative__kommun", "year", "nature")
        .annotate(total=Sum("amount"))
    )
    for r in rows:
        bucket = result[(r["initiative__kommun"], r["year"])]
        bucket["initiative"] += r["total"]
        if r["nature"] == CostNature.UTVECKLING:
            bucket["utveckling"] += r["total"]
    return result


def _cost_figures(kommun_id, year, totals, figures) -> dict:
    t = totals.get((kommun_id, year)) or {
        "system": ZERO,
        "initiative": ZERO,
        "utveckling": ZERO,
        "central": ZERO,
    }
    total = t["system"] + t["initiative"]
    f = figures.get((kommun_id, year))
    return {
        "it_cost_total": total,
        "it_cost_per_invanare": _ratio(total, f.population) if f else None,
        "it_cost_per_anstalld": _ratio(total, f.employees) if f else None,
        "utveckling_share": _percent(t["utveckling"], total),
        "central_share": _percent(t["central"], t["system"]),
        "population": f.population if f else None,
        "employees": f.employees if f else None,
    }


# --- Sections ----------------------------------------------------------------


def section_costs(kommun: Kommun, year: int) -> dict:
    costs = SystemCost.objects.filter(system__kommun=kommun, year=year)
    init_costs = InitiativeCost.objects.filter(initiative__kommun=kommun, year=year)
    totals = cost_totals([kommun.pk], [year])
    figures = _year_figures([kommun.pk], [year])
    headline = _cost_figures(kommun.pk, year, totals, figures)

    by_nature = {n.value: ZERO for n in CostNature}
    for r in costs.values("nature").annotate(total=Sum("amount")):
        by_nature[r["nature"]] += r["total"]
    for r in init_costs.values("nature").annotate(total=Sum("amount")):
        by_nature[r["nature"]] += r["total"]

    by_kind = {k.value: ZERO for k in SystemKind}
    for r in costs.values("system__kind").annotate(total=Sum("amount")):
        by_kind[r["system__kind"]] += r["total"]
    initiative_total = _d(init_costs.aggregate(t=Sum("amount"))["t"])

    per_forvaltning: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for r in costs.values("system__forvaltning__name").annotate(total=Sum("amount")):
        per_forvaltning[r["system__forvaltning__name"]] += r["total"]
    for r in init_costs.values("initiative__forvaltning__name").annotate(total=Sum("amount")):
        per_forvaltning[r["initiative__forvaltning__name"]] += r["total"]

    by_payer = {p.value: ZERO for p in Payer}
    for r in costs.values("payer").annotate(total=Sum("amount")):
        by_payer[r["payer"]] += r["total"]
    central = by_payer[Payer.CENTRAL] + by_payer[Payer.FORDELAD]

    top = list(
        costs.values("system_id", "system__name", "system__forvaltning__name", "system__kind")
        .annotate(total=Sum("amount"))
        .order_by("-total", "system__name")[:10]
    )
    return {
        **headline,
        "by_nature": [(CostNature(k).label, v) for k, v in by_nature.items()],
        "drift": by_nature[CostNature.DRIFT],
        "utveckling": by_nature[CostNature.UTVECKLING],
        "by_kind": [(SystemKind(k).label, v) for k, v in by_kind.items()]
        + [(_("Utvecklingsinitiativ"), initiative_total)],
        "kommungemensamt": by_kind[SystemKind.KOMMUNGEMENSAMT],
        "verksamhetssystem": by_kind[SystemKind.VERKSAMHETSSYSTEM],
        "initiative_total": initiative_total,
        "per_forvaltning": sorted(per_forvaltning.items(), key=lambda kv: (-kv[1], kv[0])),
        "by_payer": [(Payer(k).label, v) for k, v in by_payer.items()],
        "central": central,
        "department": by_payer[Payer.FORVALTNING],
        "top_systems": [
            {
                "name": r["system__name"],
                "forvaltning": r["system__forvaltning__name"],
                "kind": SystemKind(r["system__kind"]).label,
                "total": r["total"],
            }
            for r in top
        ],
    }


def section_landscape(kommun: Kommun, year: int) -> dict:
    systems = list(
        System.objects.filter(kommun=kommun)
        .select_related("forvaltning")
        .only(
            "name",
            "lifecycle",
            "functional_fit",
            "technical_fit",
            "tech_debt",
            "confidentiality",
            "integrity",
            "availability_class",
            "personal_data",
            "pub_agreement",
            "forvaltning__name",
        )
    )
    lifecycle = Counter(s.lifecycle for s in systems)
    time = Counter(s.time_class or "" for s in systems)
    debt = Counter(s.tech_debt or "" for s in systems)
    krt = {
        letter: Counter(getattr(s, field) for s in systems if getattr(s, field) is not None)
        for letter, field in (
            ("K", "confidentiality"),
            ("R", "integrity"),
            ("T", "availability_class"),
        )
    }
    next_year = year + 1
    contracts = [
        c
        for c in Contract.objects.filter(
            system__kommun=kommun,
            end_date__gte=datetime.date(next_year, 1, 1),
            end_date__lte=datetime.date(next_year + 6, 1, 1),
        ).select_related("system", "supplier")
        if c.last_cancel_date.year == next_year
    ]
    contracts.sort(key=lambda c: (c.last_cancel_date, c.number))
    return {
        "total": len(systems),
        "in_use": sum(1 for s in systems if s.lifecycle in ACTIVE_LIFECYCLES),
        "per_lifecycle": [(lc.label, lifecycle.get(lc.value, 0)) for lc in Lifecycle],
        "per_time": [(tc.label, time.get(tc.value, 0)) for tc in TimeClass]
        + [(_("Ej bedömd"), time.get("", 0))],
        "without_pub": sorted(
            (s for s in systems if s.personal_data and not s.pub_agreement),
            key=lambda s: s.name,
        ),
        "unclassified": sorted((s for s in systems if not s.is_classified), key=lambda s: s.name),
        "krt": [(letter, [krt[letter].get(level, 0) for level in range(5)]) for letter in krt],
        "contracts_next_year": contracts,
        "next_year": next_year,
        "tech_debt": [(td.label, debt.get(td.value, 0)) for td in TechDebt]
        + [(_("Ej bedömd"), debt.get("", 0))],
        "tech_debt_high": debt.get(TechDebt.HOG, 0) + debt.get(TechDebt.EXTREMT_HOG, 0),
    }


def section_quality(kommun: Kommun, year: int) -> dict:
    rows = []
    met = measured = 0
    for a in (
        SystemAvailability.objects.filter(system__kommun=kommun, year=year)
        .select_related("system")
        .order_by("system__name")
    ):
        ok = a.measured is not None and a.measured >= a.target
        if a.measured is not None:
            measured += 1
            met += ok
        rows.append(
            {
                "system": a.system.name,
                "target": a.target,
                "measured": a.measured,
                "met": ok,
                "satisfaction": a.satisfaction,
                "user_count": a.system.user_count,
            }
        )
    users = (
        System.objects.filter(kommun=kommun, lifecycle__in=ACTIVE_LIFECYCLES)
        .exclude(user_count=None)
        .order_by("-user_count", "name")
        .values_list("name", "user_count")
    )
    return {
        "availability": rows,
        "measured_count": measured,
        "met_count": met,
        "availability_met_share": _percent(met, measured),
        "user_counts": list(users),
        "user_total": sum(u for _, u in users),
    }


def section_development(kommun: Kommun, year: int) -> dict:
    initiatives = Initiative.objects.filter(kommun=kommun)
    finished_ids = InitiativeStatusChange.objects.filter(
        initiative__kommun=kommun, to_status=InitiativeStatus.AVSLUTAD, at__year=year
    ).values("initiative_id")
    finished = list(
        initiatives.filter(status=InitiativeStatus.AVSLUTAD, pk__in=finished_ids)
        .select_related("forvaltning")
        .order_by("title")
    )
    in_progress = list(
        initiatives.filter(status=InitiativeStatus.GENOMFORANDE)
        .select_related("forvaltning")
        .order_by("title")
    )
    benefits = {}
    lines = BenefitLine.objects.filter(
        initiative__kommun=kommun, kind__in=[BenefitKind.KRONOR, BenefitKind.TIMMAR]
    )
    for kind in (BenefitKind.KRONOR, BenefitKind.TIMMAR):
        planned = sum(
            (b.planned_for(year) for b in lines if b.kind == kind),
            ZERO,
        )
        realised = _d(
            BenefitRealisation.objects.filter(
                benefit__initiative__kommun=kommun, benefit__kind=kind, year=year
            ).aggregate(t=Sum("value"))["t"]
        )
        benefits[kind.value] = {
            "label": kind.label,
            "planned": planned,
            "realised": realised,
            "share": _percent(realised, planned),
        }
    earmarked = FinancingLine.objects.filter(
        initiative__kommun=kommun, source=FinancingSource.ORONMARKTA, year=year
    )
    agg = earmarked.aggregate(allocated=Sum("amount"), used=Sum("used"))
    earmarked_rows = list(
        earmarked.values("initiative__title")
        .annotate(allocated=Sum("amount"), used=Sum("used"))
        .order_by("initiative__title")
    )
    return {
        "finished": finished,
        "in_progress": in_progress,
        "benefits": benefits,
        "benefit_kronor_realised": benefits["kronor"]["realised"],
        "benefit_hours_realised": benefits["timmar"]["realised"],
        "earmarked_allocated": _d(agg["allocated"]),
        "earmarked_used": _d(agg["used"]),
        "earmarked_rows": earmarked_rows,
    }


def section_trends(kommun: Kommun, year: int) -> dict:
    years = list(range(year - TREND_YEARS + 1, year + 1))
    totals = cost_totals([kommun.pk], years)
    figures = _year_figures([kommun.pk], years)
    rows = [{"year": y, **_cost_figures(kommun.pk, y, totals, figures)} for y in years]
    return {"years": years, "rows": rows}


def comparison_kommuner(kommun: Kommun):
    """The kommuner of the same samverkansorganisation(s), or all when there is none."""
    groups = Samverkansorganisation.objects.filter(Q(members=kommun) | Q(host=kommun))
    if groups.exists():
        ids = set(groups.values_list("members", flat=True)) | set(
            groups.values_list("host", flat=True)
        )
        return Kommun.objects.filter(pk__in=ids).order_by("name")
    return Kommun.objects.order_by("name")


def section_comparison(kommun: Kommun, year: int) -> dict:
    kommuner = list(comparison_kommuner(kommun))
    ids = [k.pk for k in kommuner]
    totals = cost_totals(ids, [year])
    figures = _year_figures(ids, [year])
    return {
        "rows": [
            {
                "kommun": k,
                "is_self": k.pk == kommun.pk,
                **_cost_figures(k.pk, year, totals, figures),
            }
            for k in kommuner
        ]
    }


def section_summary(kommun: Kommun, year: int, sections: dict) -> dict:
    """The key figures with change against the previous year."""
    totals = cost_totals([kommun.pk], [year - 1, year])
    figures = _year_figures([kommun.pk], [year - 1, year])
    previous = _cost_figures(kommun.pk, year - 1, totals, figures)
    current = {
        **_cost_figures(kommun.pk, year, totals, figures),
        "systems_in_use": sections["landscape"]["in_use"],
        "systems_without_pub": len(sections["landscape"]["without_pub"]),
        "systems_unclassified": len(sections["landscape"]["unclassified"]),
        "availability_met_share": sections["quality"]["availability_met_share"],
        "initiatives_finished": len(sections["development"]["finished"]),
        "benefit_kronor_realised": sections["development"]["benefit_kronor_realised"],
        "benefit_hours_realised": sections["development"]["benefit_hours_realised"],
        "earmarked_used": sections["development"]["earmarked_used"],
    }
    rows = []
    for kf in KEY_FIGURES:
        value = current.get(kf.key)
        prev = previous.get(kf.key)
        change = None
        if kf.unit == "%":
            # A share changes in procentenheter, not in percent of itself.
            if value is not None and prev is not None:
                change = Decimal(value) - Decimal(prev)
        elif value is not None and prev is not None and prev != 0:
            change = _percent(Decimal(value) - Decimal(prev), prev)
        rows.append({"figure": kf, "value": value, "previous": prev, "change": change})
    return {"rows": rows, "values": current}


# --- Registry ----------------------------------------------------------------

Section = Callable[[Kommun, int], dict]
IT_BOKSLUT_SECTIONS: list[tuple[str, Section]] = [
    ("costs", section_costs),
    ("landscape", section_landscape),
    ("quality", section_quality),
    ("development", section_development),
    ("trends", section_trends),
    ("comparison", section_comparison),
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


def collect_it_bokslut(kommun: Kommun, year: int) -> dict:
    sections = {key: func(kommun, year) for key, func in IT_BOKSLUT_SECTIONS}
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


def collect_handlingsplan(kommun: Kommun, year: int) -> dict:
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    initiatives = list(
        Initiative.objects.filter(kommun=kommun, status__in=PLANNED_STATUSES, start_date__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .select_related("forvaltning", "contact")
        .prefetch_related("goals")
        .order_by("start_date", "title")
    )
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
    return {
        "kommun": kommun,
        "year": year,
        "items": items,
        "by_goal": sorted(by_goal.items(), key=lambda kv: goal_order.get(kv[0], (9999, kv[0]))),
        "by_forvaltning": sorted(by_forvaltning.items()),
        "by_source": [(FinancingSource(k).label, v) for k, v in by_source.items() if v or True],
        "budget_total": sum((item["budget"] for item in items), ZERO),
        "financing_total": sum(by_source.values(), ZERO),
        **{key: func(kommun, year) for key, func in PLAN_EXTRAS.items()},
    }


def collect(job) -> dict:
    """All data for a job: one section per member kommun for a samverkan."""
    from reports.choices import ReportKind

    if job.kommun_id:
        kommuner = [job.kommun]
    else:
        kommuner = list(job.samverkan.members.order_by("name"))
    func = collect_it_bokslut if job.kind == ReportKind.IT_BOKSLUT else collect_handlingsplan
    return {"job": job, "parts": [func(k, job.year) for k in kommuner]}
