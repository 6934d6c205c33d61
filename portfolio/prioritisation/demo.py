"""Demo data for prioritisation: criteria, gates, scores, budget and rounds.

Runs after the base seeder (and after any initiative seeder registered
before it). It works on an empty initiative register, because it upserts a
few of its own demo initiatives per kommun. Deterministic: score values come
from a CRC of the initiative title and criterion name, never from random.
"""

from __future__ import annotations

import zlib
from decimal import Decimal

from django.contrib.auth import get_user_model

from portfolio.choices import (
    BenefitKind,
    CostNature,
    FinancingSource,
    InitiativeCostKind,
    InitiativeKind,
    InitiativeStatus,
    Verksamhetsomrade,
)
from portfolio.demo import upsert
from portfolio.models import (
    BenefitLine,
    BudgetLine,
    Criterion,
    FinancingLine,
    Forvaltning,
    Gate,
    GateConfirmation,
    Initiative,
    InitiativeCost,
    Override,
    Risk,
    Round,
    Samverkansorganisation,
    Score,
    StrategicGoal,
)
from portfolio.organisation.demo import kommun
from portfolio.prioritisation.models import BUDGET_ALL, RoundStatus

CURRENT_YEAR = 2026
NEXT_YEAR = 2027

# name, description, weight, higher_is_better
CRITERIA = [
    ("Strategisk passning", "Hur väl initiativet stöder kommunens mål.", "3", True),
    ("Nytta för invånare och företag", "Effekt för dem kommunen finns till för.", "3", True),
    ("Intern effektivitet", "Frigjord tid och lägre kostnader i verksamheten.", "2", True),
    ("Kostnad", "Hög kostnad ger lägre poäng.", "2", False),
    ("Risk", "Hög risk ger lägre poäng.", "1.5", False),
    ("Genomförbarhet", "Kompetens, resurser och mognad att genomföra.", "1.5", True),
    ("Brådska/lagkrav", "Lagkrav, avtal som löper ut eller annan brådska.", "2", True),
    ("Samverkanspotential", "Kan lösningen delas med andra kommuner?", "1", True),
]
# name, kind, code, description
GATES = [
    ("Nyttokalkyl finns", "computed", "nyttokalkyl_finns", "Minst en nyttokalkylrad."),
    ("Finansiering angiven", "computed", "finansiering_angiven", "Minst en finansieringsrad."),
    ("Kopplat till mål", "computed", "mal_kopplat", "Kopplat till minst ett strategiskt mål."),
    (
        "Informationsklassning gjord",
        "computed",
        "informationsklassning_gjord",
        "Alla påverkade system har K/R/T.",
    ),
    (
        "Förankrat i beredningsgruppen",
        "manual",
        "",
        "Förslaget är förankrat i IT-strategiska beredningsgruppen.",
    ),
]
GOALS = [
    "Enklare vardag för privatpersoner och företag",
    "Smartare och öppnare förvaltning",
    "Högre kvalitet och effektivitet",
]
STANDARD = {
    "soc": "Socialförvaltningen",
    "bou": "Barn- och utbildningsförvaltningen",
    "klk": "Kommunledningskontoret",
    "sbf": "Samhällsbyggnadsförvaltningen",
}
SOLLENTUNA = {
    "soc": "Socialförvaltningen",
    "bou": "Utbildnings- och arbetslivsförvaltningen",
    "klk": "Kommunledningskontoret",
    "sbf": "Miljö- och byggnadsförvaltningen",
}
# title, förvaltning key, status, area, kind, goal indexes, dev, ops (per year), benefit, risk
INITIATIVES = [
    (
        "E-tjänst för ansökan om ekonomiskt bistånd",
        "soc",
        InitiativeStatus.PRIORITERING,
        Verksamhetsomrade.SOCIALTJANST,
        InitiativeKind.E_TJANST,
        [0],
        400_000,
        80_000,
        350_000,
        (2, 3),
    ),
    (
        "Digital signering av skoldokument",
        "bou",
        InitiativeStatus.PRIORITERING,
        Verksamhetsomrade.UTBILDNING,
        InitiativeKind.VERKSAMHETSUTVECKLING,
        [2],
        250_000,
        50_000,
        200_000,
        (2, 2),
    ),
    (
        "Gemensam e-arkivlösning",
        "klk",
        InitiativeStatus.PRIORITERING,
        Verksamhetsomrade.ADMINISTRATION,
        InitiativeKind.SYSTEMINKOP,
        [1, 2],
        900_000,
        200_000,
        400_000,
        (4, 4),
    ),
    (
        "Bygglovsrådgivning med AI-chatt",
        "sbf",
        InitiativeStatus.KVALIFICERING,
        Verksamhetsomrade.SAMHALLSBYGGNAD,
        InitiativeKind.AUTOMATISERING,
        [],
        300_000,
        60_000,
        150_000,
        (3, 3),
    ),
    (
        "Digitala trygghetslarm",
        "soc",
        InitiativeStatus.GENOMFORANDE,
        Verksamhetsomrade.SOCIALTJANST,
        InitiativeKind.INFRASTRUKTUR,
        [2],
        500_000,
        150_000,
        300_000,
        (2, 4),
    ),
]
DEMO_KOMMUNER = {
    "Lysekil": "strateg.lysekil",
    "Uddevalla": "strateg.uddevalla",
    "Sollentuna": "strateg.sollentuna",
    "Essunga": "strateg.essunga",
}
SHARED_TITLE = "Gemensam plattform för e-tjänster i SML"


def stable_value(*parts: str) -> int:
    """A deterministic 1..5 from text (no random)."""
    return 1 + zlib.crc32("|".join(parts).encode()) % 5


def _context_config(**lookup) -> tuple[list[Criterion], list[Gate]]:
    criteria = []
    for order, (name, description, weight, higher) in enumerate(CRITERIA):
        c, _ = upsert(
            Criterion,
            **lookup,
            name=name,
            defaults={
                "description": description,
                "weight": Decimal(weight),
                "higher_is_better": higher,
                "order": order,
            },
        )
        criteria.append(c)
    gates = []
    for order, (name, kind, code, description) in enumerate(GATES):
        g, _ = upsert(
            Gate,
            **lookup,
            name=name,
            defaults={"kind": kind, "code": code, "description": description, "order": order},
        )
        gates.append(g)
    return criteria, gates


def _demo_initiative(k, names, strateg, spec) -> Initiative:
    title, forv, status, area, kind, goal_idx, dev, ops, benefit, risk = spec
    forvaltning = Forvaltning.objects.get(kommun=k, name=names[forv])
    ini, _ = upsert(
        Initiative,
        kommun=k,
        title=title,
        defaults={
            "description": f"{title} ({k.name}). Demoinitiativ för prioriteringen.",
            "kind": kind,
            "area": area,
            "forvaltning": forvaltning,
            "contact": strateg,
            "status": status,
            "created_by": strateg,
        },
    )
    goals = [upsert(StrategicGoal, kommun=k, name=GOALS[i])[0] for i in goal_idx]
    if {g.pk for g in ini.goals.all()} != {g.pk for g in goals}:
        ini.goals.set(goals)
    for year in (CURRENT_YEAR, NEXT_YEAR):
        upsert(
            InitiativeCost,
            initiative=ini,
            year=year,
            kind=InitiativeCostKind.INVESTERING,
            nature=CostNature.UTVECKLING,
            defaults={"amount": Decimal(dev)},
        )
        upsert(
            InitiativeCost,
            initiative=ini,
            year=year,
            kind=InitiativeCostKind.LOPANDE,
            nature=CostNature.DRIFT,
            defaults={"amount": Decimal(ops)},
        )
        upsert(
            FinancingLine,
            initiative=ini,
            year=year,
            source=FinancingSource.ORONMARKTA if dev > 300_000 else FinancingSource.EGEN_BUDGET,
            defaults={"amount": Decimal(dev + ops)},
        )
    upsert(
        BenefitLine,
        initiative=ini,
        description="Minskad handläggningstid",
        defaults={
            "kind": BenefitKind.KRONOR,
            "yearly_value": Decimal(benefit),
            "first_year": CURRENT_YEAR,
            "last_year": CURRENT_YEAR + 4,
        },
    )
    upsert(
        Risk,
        initiative=ini,
        description="Leverantören hinner inte leverera i tid",
        defaults={"probability": risk[0], "impact": risk[1]},
    )
    return ini


def _score_all(initiatives, criteria, manual_gates, strateg) -> None:
    for ini in initiatives:
        if ini.status not in (InitiativeStatus.KVALIFICERING, InitiativeStatus.PRIORITERING):
            continue
        for c in criteria:
            upsert(
                Score,
                initiative=ini,
                criterion=c,
                defaults={"value": stable_value(ini.title, c.name), "scored_by": strateg},
            )
        for gate in manual_gates:
            upsert(
                GateConfirmation,
                gate=gate,
                initiative=ini,
                defaults={
                    "comment": "Förankrat vid beredningsgruppens möte.",
                    "confirmed_by": strateg,
                },
            )


def _rounds(context_lookup, label: str, strateg, budgets) -> None:
    from portfolio.prioritisation import services

    for year, amount in budgets.items():
        upsert(
            BudgetLine,
            **context_lookup,
            year=year,
            source=BUDGET_ALL,
            defaults={"amount": Decimal(amount)},
        )
    name = f"Prioritering {CURRENT_YEAR}"
    frozen = Round.objects.filter(**context_lookup, year=CURRENT_YEAR, name=name).first()
    if frozen is None:
        frozen = Round(**context_lookup, year=CURRENT_YEAR, name=name)
        frozen._history_user = strateg
        frozen.save()
    if not frozen.is_frozen:
        context = services.Context(**context_lookup)
        ranking = services.build_ranking(context, CURRENT_YEAR)
        frozen.snapshot = services.ranking_snapshot(ranking)
        frozen.status = RoundStatus.FROZEN
        frozen.frozen_by = strateg
        from django.utils import timezone

        frozen.frozen_at = timezone.now()
        frozen._history_user = strateg
        frozen.save()
    upsert(Round, **context_lookup, year=NEXT_YEAR, name=f"Prioritering {NEXT_YEAR}")


def seed_prioritisation() -> None:
    users = get_user_model().objects
    # SML-IT: one shared initiative hosted by Lysekil, with a shared round.
    sml = Samverkansorganisation.objects.get(name="SML-IT")
    sml_strateg = users.get(username="strateg.sml")
    lysekil = kommun("Lysekil")
    shared = _demo_initiative(
        lysekil,
        STANDARD,
        sml_strateg,
        (
            SHARED_TITLE,
            "klk",
            InitiativeStatus.PRIORITERING,
            Verksamhetsomrade.IT,
            InitiativeKind.INFRASTRUKTUR,
            [0, 1],
            600_000,
            120_000,
            500_000,
            (2, 3),
        ),
    )
    partners = list(sml.members.exclude(pk=lysekil.pk).order_by("pk"))
    if {p.pk for p in shared.participants.all()} != {p.pk for p in partners}:
        shared.participants.set(partners)
    for kommun_name, username in DEMO_KOMMUNER.items():
        k = kommun(kommun_name)
        strateg = users.get(username=username)
        names = SOLLENTUNA if kommun_name == "Sollentuna" else STANDARD
        criteria, gates = _context_config(kommun=k)
        for spec in INITIATIVES:
            _demo_initiative(k, names, strateg, spec)
        scorable = Initiative.objects.filter(
            kommun=k,
            status__in=(InitiativeStatus.KVALIFICERING, InitiativeStatus.PRIORITERING),
        ).order_by("pk")
        manual = [g for g in gates if g.kind == "manual"]
        _score_all(scorable, criteria, manual, strateg)
        if kommun_name == "Lysekil":
            first = Initiative.objects.get(kommun=k, title=INITIATIVES[1][0])
            for year in (CURRENT_YEAR, NEXT_YEAR):
                upsert(
                    Override,
                    kommun=k,
                    initiative=first,
                    year=year,
                    justification="Skolans avtal för pappersblanketter löper ut; "
                    "styrgruppen vill prioritera.",
                    defaults={"positions": 1, "created_by": strateg},
                )
        _rounds(
            {"kommun": k}, kommun_name, strateg, {CURRENT_YEAR: 1_200_000, NEXT_YEAR: 1_500_000}
        )
    criteria, gates = _context_config(samverkan=sml)
    manual = [g for g in gates if g.kind == "manual"]
    shared_scorable = (
        Initiative.objects.filter(
            kommun__in=[lysekil, *partners],
            participants__isnull=False,
            status__in=(InitiativeStatus.KVALIFICERING, InitiativeStatus.PRIORITERING),
        )
        .distinct()
        .order_by("pk")
    )
    _score_all(shared_scorable, criteria, manual, sml_strateg)
    _rounds({"samverkan": sml}, "SML-IT", sml_strateg, {CURRENT_YEAR: 800_000, NEXT_YEAR: 800_000})
