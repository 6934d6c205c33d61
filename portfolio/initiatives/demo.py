"""Demo portfolio: suppliers, systems, contracts, costs and initiatives per demo kommun.

Deterministic (``random.Random`` with a fixed seed per kommun) and idempotent
(every row goes through ``upsert`` by a natural key). Six kommuner get the
full set; the rest a lighter one, to keep ``seed_demo`` fast.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model

from portfolio.choices import Role, SystemKind
from portfolio.demo import upsert
from portfolio.models import (
    BenefitLine,
    BenefitRealisation,
    FinancingLine,
    Forvaltning,
    Initiative,
    InitiativeCost,
    InitiativeStatusChange,
    Integration,
    Kommun,
    Risk,
    RoleAssignment,
    StatusReport,
    StrategicGoal,
)
from portfolio.organisation.demo import KOMMUNER
from portfolio.registers.demo import (
    COMMON_SYSTEMS,
    money,
    seed_suppliers,
    seed_system,
    seed_system_details,
)

FULL = {"Lysekil", "Sotenäs", "Munkedal", "Uddevalla", "Essunga", "Sollentuna"}
GOALS = [
    "Enklare vardag för privatpersoner och företag",
    "Smartare och öppnare förvaltning",
    "Högre kvalitet och effektivitet",
]
# keyword in förvaltning name -> (system name, area, supplier, personal data)
VERKSAMHET = {
    "Social": [
        ("Treserva", "socialtjanst", "CGI", True),
        ("Lifecare utförare", "socialtjanst", "Lifecare/Sensum", True),
    ],
    "Vård": [("Procapita vård och omsorg", "socialtjanst", "Tietoevry", True)],
    "utbildning": [
        ("Tieto Edu", "utbildning", "Tietoevry", True),
        ("IST Administration", "utbildning", "IST", True),
        ("Unikum", "utbildning", "Unikum", True),
    ],
    "byggnad": [("ByggR", "samhallsbyggnad", "Sokigo", True)],
    "Kultur": [("Quria bibliotekssystem", "kultur_fritid", "Axiell", True)],
}
INITIATIVES = [
    ("E-tjänst för ansökan om försörjningsstöd", "e_tjanst", "socialtjanst", "Social"),
    ("Robotiserad handläggning av försörjningsstöd", "automatisering", "socialtjanst", "Social"),
    ("Digital signering av beslut", "verksamhetsutveckling", "administration", "Kommunled"),
    ("Nytt ärende- och dokumenthanteringssystem", "systeminkop", "administration", "Kommunled"),
    ("Uppgradering av lärplattform", "systemuppgradering", "utbildning", "utbildning"),
    ("Digital frånvaroanmälan i skolan", "e_tjanst", "utbildning", "utbildning"),
    ("E-tjänst för bygglov", "e_tjanst", "samhallsbyggnad", "byggnad"),
    ("Trådlöst nätverk i äldreboenden", "infrastruktur", "it", "Kommunled"),
    ("Meröppet bibliotek", "verksamhetsutveckling", "kultur_fritid", "Kultur"),
]
# Path through the statuses to reach each final status.
PATHS = {
    "ide": [],
    "kvalificering": ["kvalificering"],
    "prioritering": ["kvalificering", "prioritering"],
    "beslutad": ["kvalificering", "prioritering", "beslutad"],
    "genomforande": ["kvalificering", "prioritering", "beslutad", "genomforande"],
    "avslutad": ["kvalificering", "prioritering", "beslutad", "genomforande", "avslutad"],
    "avslagen": ["kvalificering", "prioritering", "avslagen"],
    "avbruten": ["avbruten"],
}
STATUSES = list(PATHS)


def _owner_for(k: Kommun):
    """The kommun's IT-strateg, or a created (non-login) systemägare."""
    grant = (
        RoleAssignment.objects.filter(kommun=k, role=Role.IT_STRATEG)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if grant:
        return grant.user
    user, _ = upsert(
        get_user_model(),
        username=f"systemagare.{k.kommunkod}",
        defaults={"first_name": "Systemägare", "last_name": k.name},
    )
    if user.has_usable_password():
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def seed_goals() -> None:
    for k in Kommun.objects.all():
        for order, name in enumerate(GOALS, start=1):
            upsert(StrategicGoal, kommun=k, name=name, defaults={"order": order})


def _forvaltningar(k):
    return list(Forvaltning.objects.filter(kommun=k).order_by("pk"))


def seed_kommun(k: Kommun, suppliers, full: bool) -> None:
    rng = random.Random(f"demo-portfolio-{k.kommunkod}")
    forvs = _forvaltningar(k)
    if not forvs:
        return
    klk = next((f for f in forvs if "Kommunled" in f.name), forvs[0])
    owner = _owner_for(k)
    sa_lysekil = get_user_model().objects.filter(username="sa.lysekil").first()
    systems = []
    for index, (name, category, area, sup) in enumerate(COMMON_SYSTEMS):
        system = seed_system(
            k,
            klk,
            name,
            category,
            area,
            suppliers[sup],
            owner,
            rng,
            SystemKind.KOMMUNGEMENSAMT,
            category in ("lon_pa", "befolkningsregister"),
        )
        systems.append(system)
        if full:
            seed_system_details(system, klk, suppliers[sup], rng, index)
    index = len(systems)
    for forv in forvs:
        for keyword, entries in VERKSAMHET.items():
            if keyword.lower() not in forv.name.lower():
                continue
            for name, area, sup, pd in entries if full else entries[:1]:
                sys_owner = (
                    sa_lysekil if (k.name == "Lysekil" and area == "socialtjanst") else owner
                )
                system = seed_system(
                    k,
                    forv,
                    name,
                    "verksamhetssystem",
                    area,
                    suppliers[sup],
                    sys_owner or owner,
                    rng,
                    SystemKind.VERKSAMHETSSYSTEM,
                    pd,
                )
                systems.append(system)
                if full:
                    seed_system_details(system, forv, suppliers[sup], rng, index)
                index += 1
    if full and len(systems) > 3:
        upsert(
            Integration,
            source=systems[0],
            target=systems[2],
            defaults={"direction": "ut", "information": "Lönekostnader per kostnadsställe"},
        )
        upsert(
            Integration,
            source=systems[5],
            target=systems[-1],
            defaults={"direction": "ut", "information": "Folkbokföringsuppgifter"},
        )
    _seed_initiatives(k, forvs, klk, owner, rng, full)


def _seed_initiatives(k, forvs, klk, owner, rng, full):
    goals = list(StrategicGoal.objects.filter(kommun=k).order_by("order"))
    entries = INITIATIVES if full else INITIATIVES[:3]
    for index, (title, kind, area, keyword) in enumerate(entries):
        forv = next((f for f in forvs if keyword.lower() in f.name.lower()), klk)
        status = STATUSES[index % len(STATUSES)]
        init, _ = upsert(
            Initiative,
            kommun=k,
            title=title,
            defaults={
                "description": f"{title} i {k.name}.",
                "need": "Behovet har lyfts av verksamheten och invånarna.",
                "kind": kind,
                "area": area,
                "forvaltning": forv,
                "contact": owner,
                "status": status,
                "alternatives": "Att inte göra något; att göra det utan samverkan.",
                "start_date": datetime.date(2025, 1 + index % 12, 1),
                "end_date": datetime.date(2027, 1 + index % 12, 28),
                "created_by": owner,
            },
        )
        init.goals.set([goals[index % len(goals)]] if goals else [])
        at = datetime.datetime(2025, 1, 10, 9, 0, tzinfo=datetime.UTC)
        previous = "ide"
        for step, to_status in enumerate(PATHS[status]):
            upsert(
                InitiativeStatusChange,
                initiative=init,
                from_status=previous,
                to_status=to_status,
                defaults={
                    "actor": owner,
                    "at": at + datetime.timedelta(days=30 * step),
                    "comment": "Demo",
                },
            )
            previous = to_status
        if not full:
            continue
        amount = money(rng, 100_000, 2_000_000)
        benefit, _ = upsert(
            BenefitLine,
            initiative=init,
            description="Minskad handläggningstid",
            defaults={
                "kind": "timmar",
                "yearly_value": Decimal(rng.randrange(200, 3000)),
                "first_year": 2025,
                "last_year": 2027,
                "owner": owner,
            },
        )
        upsert(
            BenefitLine,
            initiative=init,
            description="Lägre licens- och portokostnader",
            defaults={
                "kind": "kronor",
                "yearly_value": (amount / 3).quantize(Decimal(1)),
                "first_year": 2026,
                "last_year": 2028,
                "owner": owner,
            },
        )
        if status in ("genomforande", "avslutad"):
            upsert(
                BenefitRealisation,
                benefit=benefit,
                year=2025,
                defaults={"value": (benefit.yearly_value * Decimal("0.6")).quantize(Decimal(1))},
            )
        for year in (2025, 2026):
            upsert(
                InitiativeCost,
                initiative=init,
                year=year,
                kind="investering",
                defaults={"nature": "utveckling", "amount": amount},
            )
            upsert(
                InitiativeCost,
                initiative=init,
                year=year,
                kind="lopande",
                defaults={"nature": "drift", "amount": (amount / 5).quantize(Decimal(1))},
            )
        upsert(
            FinancingLine,
            initiative=init,
            year=2026,
            source="oronmarkta",
            defaults={"amount": amount, "used": (amount / 2).quantize(Decimal(1))},
        )
        upsert(
            FinancingLine,
            initiative=init,
            year=2026,
            source="egen_budget",
            defaults={"amount": (amount / 5).quantize(Decimal(1))},
        )
        upsert(
            Risk,
            initiative=init,
            description="Leverantören hinner inte leverera i tid",
            defaults={
                "probability": rng.randint(1, 5),
                "impact": rng.randint(1, 5),
                "mitigation": "Tät uppföljning med leverantören",
            },
        )
        if status in ("beslutad", "genomforande", "avslutad"):
            upsert(
                StatusReport,
                initiative=init,
                date=datetime.date(2026, 10, 1),
                defaults={
                    "rag": rng.choice(["gron", "gul", "rod"]),
                    "comment": "Arbetet går enligt plan med vissa förseningar.",
                    "author": owner,
                },
            )


def seed_shared() -> None:
    """A couple of SML-IT initiatives shared by Lysekil, Sotenäs and Munkedal."""
    lysekil = Kommun.objects.filter(name="Lysekil").first()
    if lysekil is None:
        return
    klk = Forvaltning.objects.filter(kommun=lysekil, name="Kommunledningskontoret").first()
    owner = _owner_for(lysekil)
    partners = list(Kommun.objects.filter(name__in=["Sotenäs", "Munkedal"]))
    for title, kind, collab, status in [
        ("Gemensam e-arkivlösning inom SML", "systeminkop", "gemensam_upphandling", "genomforande"),
        (
            "Gemensam medborgarservice-chatt (SML)",
            "automatisering",
            "gemensam_utveckling",
            "prioritering",
        ),
    ]:
        init, _ = upsert(
            Initiative,
            kommun=lysekil,
            title=title,
            defaults={
                "description": f"{title}: ett delat initiativ inom SML-IT.",
                "kind": kind,
                "area": "it",
                "forvaltning": klk,
                "contact": owner,
                "status": status,
                "collaboration_type": collab,
                "created_by": owner,
            },
        )
        init.participants.set(partners)
        previous = "ide"
        for step, to_status in enumerate(PATHS[status]):
            upsert(
                InitiativeStatusChange,
                initiative=init,
                from_status=previous,
                to_status=to_status,
                defaults={
                    "actor": owner,
                    "comment": "Demo",
                    "at": datetime.datetime(2025, 2, 1, tzinfo=datetime.UTC)
                    + datetime.timedelta(days=20 * step),
                },
            )
            previous = to_status
        upsert(
            FinancingLine,
            initiative=init,
            year=2026,
            source="partner",
            defaults={"amount": Decimal(400_000)},
        )


def seed_portfolio() -> None:
    seed_goals()
    suppliers = seed_suppliers()
    names = [k[0] for k in KOMMUNER]
    for k in sorted(Kommun.objects.filter(name__in=names), key=lambda k: names.index(k.name)):
        seed_kommun(k, suppliers, full=k.name in FULL)
    seed_shared()
