"""Build a large, synthetic data set for benchmarks (kommuner named "Bench NN").

Scale 10 is about 14 kommuner, 7 000 systems and 14 000 initiatives. Rows are
written with ``bulk_create`` (no audit history: this is not demo data).
Running again replaces the previous bench data.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from portfolio.choices import Role
from portfolio.models import (
    BenefitLine,
    Forvaltning,
    Initiative,
    InitiativeCost,
    Kommun,
    RoleAssignment,
    StatusReport,
    System,
    SystemCost,
)

PREFIX = "Bench "
FORVALTNINGAR = [
    "Kommunledningskontoret",
    "Socialförvaltningen",
    "Barn- och utbildning",
    "Samhällsbyggnad",
    "Kultur och fritid",
]
STATUSES = ["ide", "kvalificering", "prioritering", "beslutad", "genomforande", "avslutad"]
AREAS = ["administration", "socialtjanst", "utbildning", "samhallsbyggnad", "kultur_fritid"]


def clear_bench_data() -> None:
    kommuner = Kommun.objects.filter(name__startswith=PREFIX)
    Initiative.objects.filter(kommun__in=kommuner).delete()
    System.objects.filter(kommun__in=kommuner).delete()
    RoleAssignment.objects.filter(user__username__startswith="bench.").delete()
    Forvaltning.objects.filter(kommun__in=kommuner).delete()
    kommuner.delete()
    get_user_model().objects.filter(username__startswith="bench.").delete()


@transaction.atomic
def generate(scale: int) -> dict:
    clear_bench_data()
    rng = random.Random(4242)
    n_kommuner = max(1, round(1.4 * scale))
    n_systems = 700 * scale
    n_initiatives = 1400 * scale
    user_model = get_user_model()
    kommuner = Kommun.objects.bulk_create(
        [
            Kommun(name=f"{PREFIX}{i + 1:02d}", kommunkod=f"9{i + 1:03d}", lan="Bench")
            for i in range(n_kommuner)
        ]
    )
    forvs = Forvaltning.objects.bulk_create(
        [
            Forvaltning(kommun=k, name=name, change_capacity=5)
            for k in kommuner
            for name in FORVALTNINGAR
        ]
    )
    users = user_model.objects.bulk_create(
        [user_model(username=f"bench.strateg.{i + 1:02d}") for i in range(n_kommuner)]
        + [user_model(username=f"bench.fc.{i + 1:02d}") for i in range(n_kommuner)]
    )
    strateger, chefs = users[:n_kommuner], users[n_kommuner:]
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(
                user=u, role=Role.IT_STRATEG, kommun=k, valid_from=datetime.date(2024, 1, 1)
            )
            for u, k in zip(strateger, kommuner, strict=True)
        ]
        + [
            RoleAssignment(
                user=u,
                role=Role.FORVALTNINGSCHEF,
                forvaltning=forvs[i * 5 + 1],
                valid_from=datetime.date(2024, 1, 1),
            )
            for i, u in enumerate(chefs)
        ]
    )
    systems = System.objects.bulk_create(
        [
            System(
                kommun=forvs[f].kommun,
                forvaltning=forvs[f],
                name=f"System {n}",
                kind="verksamhetssystem",
                category="verksamhetssystem",
                area=AREAS[f % 5],
                owner=strateger[f // 5],
                hosting="saas",
                lifecycle="i_drift",
                personal_data=n % 3 == 0,
                pub_agreement=n % 6 == 0,
                confidentiality=None if n % 4 == 0 else 2,
                integrity=2,
                availability_class=2,
            )
            for n, f in ((n, rng.randrange(len(forvs))) for n in range(n_systems))
        ],
        batch_size=2000,
    )
    SystemCost.objects.bulk_create(
        [
            SystemCost(
                system=s,
                year=y,
                cost_type="licens",
                nature="drift",
                amount=Decimal(10000 + s.pk % 1000),
                payer="forvaltning",
            )
            for s in systems
            for y in (2025, 2026)
        ],
        batch_size=5000,
    )
    initiatives = Initiative.objects.bulk_create(
        [
            Initiative(
                kommun=forvs[f].kommun,
                forvaltning=forvs[f],
                title=f"Initiativ {n}",
                description="Bench",
                kind="e_tjanst",
                area=AREAS[f % 5],
                contact=strateger[f // 5],
                status=STATUSES[n % len(STATUSES)],
            )
            for n, f in ((n, rng.randrange(len(forvs))) for n in range(n_initiatives))
        ],
        batch_size=2000,
    )
    InitiativeCost.objects.bulk_create(
        [
            InitiativeCost(
                initiative=i,
                year=2026,
                kind="investering",
                nature="utveckling",
                amount=Decimal(50000),
            )
            for i in initiatives
        ],
        batch_size=5000,
    )
    BenefitLine.objects.bulk_create(
        [
            BenefitLine(
                initiative=i,
                kind="kronor",
                description="Nytta",
                yearly_value=Decimal(20000),
                first_year=2026,
                last_year=2028,
            )
            for i in initiatives
        ],
        batch_size=5000,
    )
    StatusReport.objects.bulk_create(
        [
            StatusReport(initiative=i, date=datetime.date(2026, 10, 1), rag="gul", comment="x")
            for i in initiatives[::2]
        ],
        batch_size=5000,
    )
    return {"kommuner": n_kommuner, "systems": n_systems, "initiatives": n_initiatives}


class Command(BaseCommand):
    help = "Bygg ett stort syntetiskt dataset för prestandamätning (kommuner 'Bench NN')."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1)
        parser.add_argument("--clear", action="store_true", help="Ta bara bort bench-data.")

    def handle(self, *args, scale, clear, **options):
        if clear:
            clear_bench_data()
            return
        counts = generate(scale)
        self.stdout.write(
            f"Bench-data skala {scale}: {counts['kommuner']} kommuner, "
            f"{counts['systems']} system, {counts['initiatives']} initiativ."
        )
