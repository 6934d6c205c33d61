"""Demo portfolio: systems, contracts, costs and initiatives (deterministic, idempotent)."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model

from portfolio.choices import (
    BenefitKind,
    CostNature,
    CostType,
    FinancingSource,
    Hosting,
    InitiativeCostKind,
    InitiativeKind,
    InitiativeStatus,
    Lifecycle,
    Payer,
    Rag,
    SystemCategory,
    SystemKind,
    Verksamhetsomrade,
)
from portfolio.demo import upsert
from portfolio.models import (
    BenefitLine,
    Contract,
    FinancingLine,
    Forvaltning,
    Initiative,
    InitiativeCost,
    Kommun,
    StatusReport,
    StrategicGoal,
    Supplier,
    System,
    SystemAvailability,
    SystemCost,
)

GOALS = [
    "Enklare vardag för privatpersoner och företag",
    "Smartare och öppnare förvaltning",
    "Högre kvalitet och effektivitet",
]
DETAILED = ["Lysekil", "Sotenäs", "Munkedal", "Uddevalla", "Essunga", "Sollentuna"]
STRATEG = {
    "Lysekil": "strateg.lysekil",
    "Sotenäs": "strateg.sml",
    "Munkedal": "strateg.sml",
    "Uddevalla": "strateg.uddevalla",
    "Essunga": "strateg.essunga",
    "Sollentuna": "strateg.sollentuna",
}
# Seed 004's kommungemensamma system: (name, category, area, supplier)
COMMON = [
    ("Raindance", SystemCategory.EKONOMI, Verksamhetsomrade.EKONOMI, "CGI Sverige AB"),
    ("Hypergene", SystemCategory.RAPPORT, Verksamhetsomrade.EKONOMI, "Hypergene AB"),
    ("Personec P", SystemCategory.LON_PA, Verksamhetsomrade.HR, "Visma Enterprise AB"),
    ("Microsoft 365 e-post", SystemCategory.EPOST, Verksamhetsomrade.IT, "Microsoft AB"),
    ("Geosecma", SystemCategory.GIS, Verksamhetsomrade.SAMHALLSBYGGNAD, "Sweco AB"),
    (
        "Navet-koppling",
        SystemCategory.BEFOLKNINGSREGISTER,
        Verksamhetsomrade.ADMINISTRATION,
        "Skatteverket",
    ),
    (
        "Fastighetsregistret",
        SystemCategory.FASTIGHETSREGISTER,
        Verksamhetsomrade.SAMHALLSBYGGNAD,
        "Lantmäteriet",
    ),
    ("Platina", SystemCategory.DIARIUM, Verksamhetsomrade.ADMINISTRATION, "Formpipe AB"),
    ("IT-plattform", SystemCategory.IT_PLATTFORM, Verksamhetsomrade.IT, "Atea Sverige AB"),
    ("Sitevision", SystemCategory.WEBBPLATS, Verksamhetsomrade.ADMINISTRATION, "Sitevision AB"),
]
# förvaltning -> [(name, area, supplier)]
BUSINESS = {
    "Socialförvaltningen": [
        ("Treserva", Verksamhetsomrade.SOCIALTJANST, "CGI Sverige AB"),
        ("Lifecare", Verksamhetsomrade.SOCIALTJANST, "Tietoevry AB"),
    ],
    "Barn- och utbildningsförvaltningen": [
        ("Tieto Edu", Verksamhetsomrade.UTBILDNING, "Tietoevry AB"),
        ("Unikum", Verksamhetsomrade.UTBILDNING, "Unikum AB"),
    ],
    "Samhällsbyggnadsförvaltningen": [("ByggR", Verksamhetsomrade.SAMHALLSBYGGNAD, "Sokigo AB")],
    "Kultur- och fritidsförvaltningen": [
        ("Bibliotekssystem Quria", Verksamhetsomrade.KULTUR_FRITID, "Axiell Sverige AB")
    ],
}
INITIATIVES = [
    (
        "E-tjänst för bygglov",
        InitiativeKind.E_TJANST,
        InitiativeStatus.GENOMFORANDE,
        "Samhällsbyggnadsförvaltningen",
        Verksamhetsomrade.SAMHALLSBYGGNAD,
        0,
    ),
    (
        "Nytt verksamhetssystem för socialtjänsten",
        InitiativeKind.SYSTEMINKOP,
        InitiativeStatus.PRIORITERING,
        "Socialförvaltningen",
        Verksamhetsomrade.SOCIALTJANST,
        2,
    ),
    (
        "Digital signering av avtal",
        InitiativeKind.VERKSAMHETSUTVECKLING,
        InitiativeStatus.KVALIFICERING,
        "Kommunledningskontoret",
        Verksamhetsomrade.ADMINISTRATION,
        1,
    ),
    (
        "Automatiserad fakturahantering (RPA)",
        InitiativeKind.AUTOMATISERING,
        InitiativeStatus.BESLUTAD,
        "Kommunledningskontoret",
        Verksamhetsomrade.EKONOMI,
        2,
    ),
    (
        "Uppgradering av lärplattformen",
        InitiativeKind.SYSTEMUPPGRADERING,
        InitiativeStatus.AVSLUTAD,
        "Barn- och utbildningsförvaltningen",
        Verksamhetsomrade.UTBILDNING,
        2,
    ),
    (
        "Trådlöst nät i äldreboenden",
        InitiativeKind.INFRASTRUKTUR,
        InitiativeStatus.IDE,
        "Socialförvaltningen",
        Verksamhetsomrade.SOCIALTJANST,
        0,
    ),
    (
        "Chattbot för medborgarfrågor",
        InitiativeKind.AUTOMATISERING,
        InitiativeStatus.AVSLAGEN,
        "Kommunledningskontoret",
        Verksamhetsomrade.ADMINISTRATION,
        0,
    ),
]


def seed_portfolio() -> None:
    users = get_user_model().objects
    for kommun in Kommun.objects.filter(name__in=[k for k in DETAILED] + ["Sollentuna"]):
        for order, goal in enumerate(GOALS):
            upsert(StrategicGoal, kommun=kommun, name=goal, defaults={"order": order})
    for kommun_name in DETAILED:
        rnd = random.Random(f"demo-{kommun_name}")
        kommun = Kommun.objects.get(name=kommun_name)
        owner = users.get(username=STRATEG[kommun_name])
        forvaltningar = {f.name: f for f in Forvaltning.objects.filter(kommun=kommun)}
        klk = forvaltningar["Kommunledningskontoret"]
        specs = [(n, SystemKind.KOMMUNGEMENSAMT, c, a, s, klk) for n, c, a, s in COMMON]
        for fname, systems in BUSINESS.items():
            forv = (
                forvaltningar.get(fname)
                or forvaltningar.get("Utbildnings- och arbetslivsförvaltningen")
                or klk
            )
            specs += [
                (n, SystemKind.VERKSAMHETSSYSTEM, SystemCategory.VERKSAMHETSSYSTEM, a, s, forv)
                for n, a, s in systems
            ]
        for index, (name, kind, category, area, supplier_name, forv) in enumerate(specs):
            supplier, _ = upsert(Supplier, name=supplier_name)
            soc = kommun_name == "Lysekil" and forv.name == "Socialförvaltningen"
            personal = area in (
                Verksamhetsomrade.SOCIALTJANST,
                Verksamhetsomrade.UTBILDNING,
                Verksamhetsomrade.HR,
            )
            classified = index % 5 != 3
            system, _ = upsert(
                System,
                kommun=kommun,
                name=name,
                defaults={
                    "kind": kind,
                    "category": category,
                    "area": area,
                    "forvaltning": forv,
                    "owner": users.get(username="sa.lysekil") if soc else owner,
                    "manager": users.get(username="sf.lysekil") if soc else None,
                    "supplier": supplier,
                    "hosting": [Hosting.SAAS, Hosting.SAMVERKAN, Hosting.EGEN_DRIFT][index % 3],
                    "lifecycle": Lifecycle.UNDER_AVVECKLING if index == 11 else Lifecycle.I_DRIFT,
                    "functional_fit": 1 + rnd.randrange(4),
                    "technical_fit": 1 + rnd.randrange(4),
                    "confidentiality": 2 + rnd.randrange(3) if classified else None,
                    "integrity": 1 + rnd.randrange(3) if classified else None,
                    "availability_class": 1 + rnd.randrange(3) if classified else None,
                    "classified_on": datetime.date(2025, 3, 1) if classified else None,
                    "personal_data": personal,
                    "pub_agreement": personal and index % 4 != 1,
                    "pub_signed_on": datetime.date(2024, 5, 15)
                    if personal and index % 4 != 1
                    else None,
                    "user_count": 20 + rnd.randrange(800),
                    "availability_target": Decimal("99.50"),
                    "description": f"{name} – {supplier_name}.",
                },
            )
            end = datetime.date(2026 + index % 4, 1 + (index * 5) % 12, 28)
            upsert(
                Contract,
                system=system,
                number=f"{kommun.kommunkod}-{index + 1:03d}",
                defaults={
                    "supplier": supplier,
                    "start_date": datetime.date(2022, 1, 1),
                    "end_date": end,
                    "notice_months": [3, 6, 9][index % 3],
                    "annual_cost": Decimal(40_000 + rnd.randrange(40) * 10_000),
                },
            )
            for year in (2024, 2025, 2026):
                amount = Decimal(30_000 + rnd.randrange(60) * 5_000)
                upsert(
                    SystemCost,
                    system=system,
                    year=year,
                    cost_type=CostType.LICENS,
                    nature=CostNature.DRIFT,
                    defaults={
                        "amount": amount,
                        "payer": Payer.CENTRAL
                        if kind == SystemKind.KOMMUNGEMENSAMT
                        else Payer.FORVALTNING,
                        "paying_forvaltning": None if kind == SystemKind.KOMMUNGEMENSAMT else forv,
                    },
                )
                upsert(
                    SystemAvailability,
                    system=system,
                    year=year,
                    defaults={
                        "target": Decimal("99.50"),
                        "measured": Decimal("98.80") + Decimal(rnd.randrange(12)) / 10,
                        "satisfaction": Decimal(3 + rnd.randrange(3)),
                    },
                )
        goals = list(StrategicGoal.objects.filter(kommun=kommun))
        for title, ikind, status, fname, area, goal in INITIATIVES:
            forv = forvaltningar.get(fname) or klk
            initiative, _ = upsert(
                Initiative,
                kommun=kommun,
                title=title,
                defaults={
                    "description": f"{title} i {kommun_name}.",
                    "kind": ikind,
                    "area": area,
                    "forvaltning": forv,
                    "contact": owner,
                    "status": status,
                    "need": "Behovet är beskrivet av verksamheten.",
                    "alternatives": "Att inte göra något; att göra det utan samverkan.",
                    "start_date": datetime.date(2026, 1, 1),
                    "end_date": datetime.date(2027, 6, 30),
                    "created_by": owner,
                },
            )
            if goals and not initiative.goals.exists():
                initiative.goals.set([goals[goal]])
            upsert(
                BenefitLine,
                initiative=initiative,
                description="Minskad handläggningstid",
                defaults={
                    "kind": BenefitKind.TIMMAR,
                    "yearly_value": Decimal(800),
                    "first_year": 2026,
                    "last_year": 2029,
                },
            )
            upsert(
                BenefitLine,
                initiative=initiative,
                description="Lägre licenskostnader",
                defaults={
                    "kind": BenefitKind.KRONOR,
                    "yearly_value": Decimal(150_000),
                    "first_year": 2027,
                    "last_year": 2030,
                },
            )
            upsert(
                InitiativeCost,
                initiative=initiative,
                year=2026,
                kind=InitiativeCostKind.INVESTERING,
                defaults={
                    "nature": CostNature.UTVECKLING,
                    "amount": Decimal(200_000 + rnd.randrange(20) * 50_000),
                },
            )
            upsert(
                InitiativeCost,
                initiative=initiative,
                year=2027,
                kind=InitiativeCostKind.LOPANDE,
                defaults={"nature": CostNature.DRIFT, "amount": Decimal(80_000)},
            )
            upsert(
                FinancingLine,
                initiative=initiative,
                year=2026,
                source=FinancingSource.ORONMARKTA,
                defaults={"amount": Decimal(250_000), "used": Decimal(100_000)},
            )
            if status in (InitiativeStatus.GENOMFORANDE, InitiativeStatus.BESLUTAD):
                upsert(
                    StatusReport,
                    initiative=initiative,
                    date=datetime.date(2026, 10, 1),
                    defaults={"rag": Rag.GUL, "comment": "Leverantören är försenad."},
                )
