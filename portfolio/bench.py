"""Large synthetic data for benchmarks (``generate_bench_data``, ``bench``).

Bench data lives in its own kommuner ("Bench 01" …) so it never mixes with
the demo municipalities. Rows are made with ``bulk_create`` and a fixed
random seed, so two runs at the same scale give the same data.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from portfolio.choices import (
    BenefitKind,
    CostNature,
    CostType,
    FinancingSource,
    ForvaltningKind,
    Hosting,
    InitiativeCostKind,
    InitiativeKind,
    InitiativeStatus,
    Lifecycle,
    Payer,
    Role,
    SystemCategory,
    SystemKind,
    Verksamhetsomrade,
)
from portfolio.models import (
    BenefitLine,
    Contract,
    FinancingLine,
    Forvaltning,
    Initiative,
    InitiativeCost,
    Kommun,
    KommunYearFigures,
    RoleAssignment,
    Supplier,
    System,
    SystemCost,
)

BENCH_PREFIX = "Bench "
KOMMUNER = 14
FORVALTNINGAR = [
    "Kommunledningskontoret",
    "Socialförvaltningen",
    "Barn- och utbildning",
    "Samhällsbyggnad",
    "Kultur och fritid",
]
SYSTEMS_PER_SCALE = 700
INITIATIVES_PER_SCALE = 1400
BATCH = 2000


def clear_bench_data() -> None:
    """Remove every bench kommun and what hangs off it."""
    kommuner = Kommun.objects.filter(name__startswith=BENCH_PREFIX)
    Initiative.objects.filter(kommun__in=kommuner).delete()
    System.objects.filter(kommun__in=kommuner).delete()
    RoleAssignment.objects.filter(kommun__in=kommuner).delete()
    RoleAssignment.objects.filter(forvaltning__kommun__in=kommuner).delete()
    Forvaltning.objects.filter(kommun__in=kommuner).delete()
    KommunYearFigures.objects.filter(kommun__in=kommuner).delete()
    kommuner.delete()
    get_user_model().objects.filter(username__startswith="bench.").delete()


@transaction.atomic
def generate(scale: int, *, seed: int = 2026) -> dict[str, int]:
    """Build the data set for ``scale``; returns row counts."""
    rnd = random.Random(seed)
    clear_bench_data()
    user_model = get_user_model()
    kommuner = [
        Kommun.objects.create(name=f"{BENCH_PREFIX}{i:02d}", kommunkod=f"{8800 + i:04d}")
        for i in range(1, KOMMUNER + 1)
    ]
    for k in kommuner:
        KommunYearFigures.objects.create(kommun=k, year=2026, population=20_000, employees=1_600)
    forvaltningar = {
        k.pk: [
            Forvaltning.objects.create(kommun=k, name=n, kind=ForvaltningKind.FORVALTNING)
            for n in FORVALTNINGAR
        ]
        for k in kommuner
    }
    owner = user_model.objects.create(username="bench.strateg", first_name="Bench")
    chef = user_model.objects.create(username="bench.chef", first_name="Bench")
    RoleAssignment.objects.create(user=owner, role=Role.IT_STRATEG, kommun=kommuner[0])
    RoleAssignment.objects.create(
        user=chef, role=Role.FORVALTNINGSCHEF, forvaltning=forvaltningar[kommuner[0].pk][1]
    )
    supplier, _ = Supplier.objects.get_or_create(name="Bench Leverantör AB")

    # Kommun 01 is the largest: a quarter of all rows, the rest spread evenly.
    def kommun_for(index: int) -> Kommun:
        return kommuner[0] if index % 4 == 0 else kommuner[1 + index % (KOMMUNER - 1)]

    categories = [c for c in SystemCategory.values if c != SystemCategory.VERKSAMHETSSYSTEM]
    systems = []
    for i in range(SYSTEMS_PER_SCALE * scale):
        k = kommun_for(i)
        common = i % 10 == 0
        systems.append(
            System(
                kommun=k,
                name=f"System {i:05d}",
                description="Syntetiskt testsystem",
                kind=SystemKind.KOMMUNGEMENSAMT if common else SystemKind.VERKSAMHETSSYSTEM,
                category=rnd.choice(categories) if common else SystemCategory.VERKSAMHETSSYSTEM,
                area=rnd.choice(Verksamhetsomrade.values),
                forvaltning=forvaltningar[k.pk][0 if common else 1 + i % 4],
                owner=owner,
                hosting=rnd.choice(Hosting.values),
                lifecycle=Lifecycle.I_DRIFT,
                functional_fit=rnd.randint(1, 4),
                technical_fit=rnd.randint(1, 4),
                confidentiality=rnd.randint(0, 4),
                integrity=rnd.randint(0, 4),
                availability_class=rnd.randint(0, 4),
                personal_data=rnd.random() < 0.5,
                user_count=rnd.randint(5, 2000),
            )
        )
    System.objects.bulk_create(systems, batch_size=BATCH)
    costs, contracts = [], []
    for s in systems:
        for year in (2024, 2025, 2026):
            costs.append(
                SystemCost(
                    system=s,
                    year=year,
                    cost_type=CostType.LICENS,
                    nature=CostNature.DRIFT,
                    amount=Decimal(rnd.randint(10, 900) * 1000),
                    payer=Payer.FORVALTNING,
                    paying_forvaltning_id=s.forvaltning_id,
                )
            )
        contracts.append(
            Contract(
                system=s,
                supplier=supplier,
                number=f"AVT-{s.name[-5:]}",
                start_date=datetime.date(2022, 1, 1),
                end_date=datetime.date(2026 + rnd.randint(0, 3), rnd.randint(1, 12), 28),
                notice_months=rnd.choice([3, 6, 9]),
                annual_cost=Decimal(rnd.randint(50, 900) * 1000),
            )
        )
    SystemCost.objects.bulk_create(costs, batch_size=BATCH)
    Contract.objects.bulk_create(contracts, batch_size=BATCH)

    statuses = InitiativeStatus.values
    initiatives = []
    for i in range(INITIATIVES_PER_SCALE * scale):
        k = kommun_for(i)
        initiatives.append(
            Initiative(
                kommun=k,
                title=f"Initiativ {i:05d}",
                description="Syntetiskt initiativ",
                kind=rnd.choice(InitiativeKind.values),
                area=rnd.choice(Verksamhetsomrade.values),
                forvaltning=forvaltningar[k.pk][i % 5],
                contact=owner,
                status=statuses[i % 8],
                created_by=owner,
            )
        )
    Initiative.objects.bulk_create(initiatives, batch_size=BATCH)
    lines, icosts, financing = [], [], []
    for ini in initiatives:
        lines.append(
            BenefitLine(
                initiative=ini,
                kind=BenefitKind.KRONOR,
                description="Nytta",
                yearly_value=Decimal(rnd.randint(10, 500) * 1000),
                first_year=2026,
                last_year=2029,
            )
        )
        icosts.append(
            InitiativeCost(
                initiative=ini,
                year=2026,
                kind=InitiativeCostKind.INVESTERING,
                nature=CostNature.UTVECKLING,
                amount=Decimal(rnd.randint(50, 2000) * 1000),
            )
        )
        financing.append(
            FinancingLine(
                initiative=ini,
                source=FinancingSource.ORONMARKTA,
                year=2026,
                amount=Decimal(rnd.randint(50, 2000) * 1000),
            )
        )
    BenefitLine.objects.bulk_create(lines, batch_size=BATCH)
    InitiativeCost.objects.bulk_create(icosts, batch_size=BATCH)
    FinancingLine.objects.bulk_create(financing, batch_size=BATCH)
    return {
        "kommuner": len(kommuner),
        "system": len(systems),
        "initiativ": len(initiatives),
        "systemkostnader": len(costs),
        "avtal": len(contracts),
    }
