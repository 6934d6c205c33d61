"""Build a large, synthetic data set for benchmarks (kommuner named "Bench NN").

``--scale N``: about 1.4 N kommuner, 700 N systems and 1 400 N initiatives
(scale 10: 14 kommuner, 7 000 systems, 14 000 initiatives).
``--profile large``: one realistically large kommun ("Bench 01", twelve
förvaltningar) with 1 200 systems, 450 initiatives and five years of costs.

Every bench kommun NN has an IT-strateg ``bench.strateg.NN``, a
förvaltningschef ``bench.fc.NN`` and a läsare (revisor) ``bench.revisor.NN``.
With ``--with-logins`` they log in with ``BENCH_PASSWORD`` (for ``make
bench-http``); otherwise they have no usable password. Rows are written with
``bulk_create`` (no audit history: this is not demo data). Running again
replaces the previous bench data. Each bench kommun also gets criteria, gates,
scores and a budget for next year (``portfolio.prioritisation.bench``), so
``/prioritering/`` ranks a few hundred initiatives.
"""

import datetime
import os
import random
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portfolio.choices import (
    CostType,
    Hosting,
    InitiativeKind,
    Lifecycle,
    Role,
    SystemCategory,
    SystemKind,
)
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
from portfolio.prioritisation.bench import seed_bench_prioritisation

PREFIX = "Bench "
# BENCH ONLY: the password of the synthetic bench users with --with-logins. Never
# run generate_bench_data against a database that real users log in to.
BENCH_PASSWORD = "bench-endast-inte-produktion"
PROFILES = ("large",)
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


def create_kommuner(n_kommuner: int, forvaltningar: list[str]) -> tuple[list, list]:
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
            for name in forvaltningar
        ]
    )
    return kommuner, forvs


def create_users(kommuner: list, forvs: list, *, with_logins: bool) -> list:
    """An IT-strateg, a förvaltningschef (the second förvaltning) and a läsare per kommun.

    Returns the IT-strateger. With ``with_logins`` every bench user gets
    ``BENCH_PASSWORD`` (hashed once), otherwise no usable password.
    """
    user_model = get_user_model()
    password = make_password(BENCH_PASSWORD if with_logins else None)
    n = len(kommuner)
    per_kommun = len(forvs) // n
    users = user_model.objects.bulk_create(
        [
            user_model(username=f"bench.{kind}.{i + 1:02d}", password=password)
            for kind in ("strateg", "fc", "revisor")
            for i in range(n)
        ]
    )
    strateger, chefs, revisorer = users[:n], users[n : 2 * n], users[2 * n :]
    since = datetime.date(2024, 1, 1)
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(user=u, role=Role.IT_STRATEG, kommun=k, valid_from=since)
            for u, k in zip(strateger, kommuner, strict=True)
        ]
        + [
            RoleAssignment(
                user=u,
                role=Role.FORVALTNINGSCHEF,
                forvaltning=forvs[i * per_kommun + 1],
                valid_from=since,
            )
            for i, u in enumerate(chefs)
        ]
        + [
            RoleAssignment(user=u, role=Role.LASARE, kommun=k, valid_from=since)
            for u, k in zip(revisorer, kommuner, strict=True)
        ]
    )
    return strateger


@transaction.atomic
def generate(scale: int, *, with_logins: bool = False) -> dict:
    clear_bench_data()
    rng = random.Random(4242)
    n_kommuner = max(1, round(1.4 * scale))
    n_systems = 700 * scale
    n_initiatives = 1400 * scale
    kommuner, forvs = create_kommuner(n_kommuner, FORVALTNINGAR)
    strateger = create_users(kommuner, forvs, with_logins=with_logins)
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
    seed_bench_prioritisation(kommuner, initiatives, strateger)
    return {"kommuner": n_kommuner, "systems": n_systems, "initiatives": n_initiatives}


LARGE_FORVALTNINGAR = [
    "Kommunledningskontoret",
    "Socialförvaltningen",
    "Barn- och utbildningsförvaltningen",
    "Samhällsbyggnadsförvaltningen",
    "Kultur- och fritidsförvaltningen",
    "Miljöförvaltningen",
    "Tekniska förvaltningen",
    "Arbetsmarknadsförvaltningen",
    "Vård- och omsorgsförvaltningen",
    "Gymnasieförvaltningen",
    "Stadsbyggnadskontoret",
    "Servicekontoret",
]
LARGE_YEARS = range(2022, 2027)  # five years of costs


@transaction.atomic
def generate_large(*, with_logins: bool = False) -> dict:
    """One large kommun: 1 200 systems, 450 initiatives, five years of costs.

    Systems spread over all kinds, categories, lifecycles and hostings, most of
    them classified and with TIME fits; each has two to four cost lines a year
    for the years it existed. Initiatives run through every status with costs,
    benefits and one to four status reports.
    """
    clear_bench_data()
    rng = random.Random(1200)
    kommuner, forvs = create_kommuner(1, LARGE_FORVALTNINGAR)
    (strateg,) = create_users(kommuner, forvs, with_logins=with_logins)
    kommun = kommuner[0]
    kinds, categories = SystemKind.values, SystemCategory.values
    lifecycles = [Lifecycle.I_DRIFT] * 6 + [
        Lifecycle.PLANERAD,
        Lifecycle.INFORANDE,
        Lifecycle.UNDER_AVVECKLING,
        Lifecycle.AVVECKLAD,
    ]

    def system(n: int) -> System:
        forv = forvs[rng.randrange(len(forvs))]
        classified = rng.random() < 0.8
        return System(
            kommun=kommun,
            forvaltning=forv,
            name=f"{rng.choice(categories).replace('_', ' ').capitalize()} {n:04d}",
            description=f"Verksamhetsstöd för {forv.name.lower()}.",
            kind=rng.choice(kinds),
            category=rng.choice(categories),
            area=AREAS[forvs.index(forv) % len(AREAS)],
            owner=strateg,
            hosting=rng.choice(Hosting.values),
            lifecycle=rng.choice(lifecycles),
            personal_data=rng.random() < 0.6,
            pub_agreement=rng.random() < 0.4,
            confidentiality=rng.randint(1, 3) if classified else None,
            integrity=rng.randint(1, 3) if classified else None,
            availability_class=rng.randint(1, 3) if classified else None,
            functional_fit=rng.randint(1, 4) if rng.random() < 0.7 else None,
            technical_fit=rng.randint(1, 4) if rng.random() < 0.7 else None,
        )

    systems = System.objects.bulk_create([system(n) for n in range(1200)], batch_size=2000)
    costs = []
    for s in systems:
        # Most systems have all five years of costs; the rest came in later.
        since = rng.choice([LARGE_YEARS.start] * 4 + list(LARGE_YEARS))
        for year in range(since, LARGE_YEARS.stop):
            for cost_type in rng.sample(CostType.values, rng.randint(2, 4)):
                costs.append(
                    SystemCost(
                        system=s,
                        year=year,
                        cost_type=cost_type,
                        nature="drift" if rng.random() < 0.85 else "utveckling",
                        amount=Decimal(rng.randrange(5_000, 900_000, 500)),
                        payer="forvaltning",
                        paying_forvaltning=s.forvaltning,
                    )
                )
    SystemCost.objects.bulk_create(costs, batch_size=5000)
    initiatives = Initiative.objects.bulk_create(
        [
            Initiative(
                kommun=kommun,
                forvaltning=(forv := forvs[rng.randrange(len(forvs))]),
                title=f"{rng.choice(InitiativeKind.labels)} {n:03d}",
                description="Bench",
                need="Behovet beskrivs av förvaltningen.",
                kind=rng.choice(InitiativeKind.values),
                area=AREAS[forvs.index(forv) % len(AREAS)],
                contact=strateg,
                status=STATUSES[n % len(STATUSES)],
            )
            for n in range(450)
        ]
    )
    InitiativeCost.objects.bulk_create(
        [
            InitiativeCost(
                initiative=i,
                year=year,
                kind=kind,
                nature="utveckling" if kind == "investering" else "drift",
                amount=Decimal(rng.randrange(20_000, 2_000_000, 1000)),
            )
            for i in initiatives
            for year in range(rng.choice(LARGE_YEARS), LARGE_YEARS.stop)
            for kind in ("investering", "lopande")
        ],
        batch_size=5000,
    )
    BenefitLine.objects.bulk_create(
        [
            BenefitLine(
                initiative=i,
                kind="kronor",
                description="Minskad manuell hantering",
                yearly_value=Decimal(rng.randrange(10_000, 500_000, 1000)),
                first_year=2025,
                last_year=2029,
            )
            for i in initiatives
        ]
    )
    StatusReport.objects.bulk_create(
        [
            StatusReport(
                initiative=i,
                date=datetime.date(2026, 1, 15) + datetime.timedelta(days=45 * k),
                rag=rng.choice(["gron", "gron", "gul", "rod"]),
                comment="Bench",
            )
            for i in initiatives
            if i.status != "ide"
            for k in range(rng.randint(1, 4))
        ]
    )
    seed_bench_prioritisation(kommuner, initiatives, [strateg])
    return {"kommuner": 1, "systems": len(systems), "initiatives": len(initiatives)}


class Command(BaseCommand):
    help = "Bygg ett stort syntetiskt dataset för prestandamätning (kommuner 'Bench NN')."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1)
        parser.add_argument(
            "--profile",
            choices=PROFILES,
            help="large: en stor kommun (1 200 system, 450 initiativ, fem års kostnader).",
        )
        parser.add_argument(
            "--with-logins",
            action="store_true",
            help="Bench-användarna loggar in med BENCH_PASSWORD (bara för mätning).",
        )
        parser.add_argument("--clear", action="store_true", help="Ta bara bort bench-data.")

    def handle(self, *args, scale, profile, with_logins, clear, **options):
        module = os.environ.get("DJANGO_SETTINGS_MODULE", "")
        if with_logins and not (settings.DEBUG or module.endswith((".bench", ".dev", ".test"))):
            raise CommandError(
                "--with-logins ger bench-användarna ett känt lösenord och körs bara med "
                "bench-, dev- eller testinställningarna."
            )
        if clear:
            clear_bench_data()
            return
        if profile == "large":
            counts = generate_large(with_logins=with_logins)
            label = "profil large"
        else:
            counts = generate(scale, with_logins=with_logins)
            label = f"skala {scale}"
        self.stdout.write(
            f"Bench-data {label}: {counts['kommuner']} kommuner, "
            f"{counts['systems']} system, {counts['initiatives']} initiativ."
        )
