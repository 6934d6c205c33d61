"""Demo data of the registers: suppliers, systems and their contracts, costs,
integrations and availability (called per kommun by ``initiatives.demo.seed_portfolio``)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from portfolio.demo import upsert
from portfolio.models import (
    Contract,
    Supplier,
    System,
    SystemAvailability,
    SystemCost,
)

YEARS = (2024, 2025, 2026)
TODAY = datetime.date(2026, 11, 22)
SUPPLIERS = [
    "Visma",
    "Unit4",
    "CGI",
    "Tietoevry",
    "Microsoft",
    "Sokigo",
    "Formpipe",
    "Evry",
    "Lifecare/Sensum",
    "IST",
    "Unikum",
    "Axiell",
    "Metria",
    "Sitevision",
    "Atea",
]
# name, category, area, supplier
COMMON_SYSTEMS = [
    ("Raindance ekonomisystem", "ekonomi", "ekonomi", "CGI"),
    ("Hypergene rapport och uppföljning", "rapport", "ekonomi", "Visma"),
    ("Personec P lön/PA", "lon_pa", "hr", "Visma"),
    ("Microsoft 365 e-post", "epost", "it", "Microsoft"),
    ("GIS-plattform", "gis", "samhallsbyggnad", "Metria"),
    ("Befolkningsregister (Navet-kopia)", "befolkningsregister", "administration", "Tietoevry"),
    ("Fastighetsregister", "fastighetsregister", "samhallsbyggnad", "Metria"),
    ("Public 360 diarium", "diarium", "administration", "Tietoevry"),
    ("IT-plattform och nätverk", "it_plattform", "it", "Atea"),
    ("Webbplats (Sitevision)", "webbplats", "administration", "Sitevision"),
]


def money(rng, low, high, step=1000) -> Decimal:
    return Decimal(rng.randrange(low // step, high // step) * step)


def seed_suppliers() -> dict[str, Supplier]:
    return {name: upsert(Supplier, name=name)[0] for name in SUPPLIERS}


def demo_manager(owner):
    if owner is not None and owner.username == "sa.lysekil":
        return get_user_model().objects.filter(username="sf.lysekil").first()
    return None


def seed_system(k, forv, name, category, area, supplier, owner, rng, kind, personal_data):
    classified = rng.random() < 0.8
    krt = (rng.randint(1, 4), rng.randint(1, 4), rng.randint(1, 4)) if classified else (None,) * 3
    system, _ = upsert(
        System,
        kommun=k,
        name=name,
        defaults={
            "forvaltning": forv,
            "kind": kind,
            "category": category,
            "area": area,
            "owner": owner,
            # The Lysekil socialtjänst systems are run day to day by the demo förvaltare.
            "manager": demo_manager(owner),
            "supplier": supplier,
            "hosting": rng.choice(["egen_drift", "samverkan", "saas"]),
            "lifecycle": "i_drift",
            "functional_fit": rng.randint(1, 4),
            "technical_fit": rng.randint(1, 4),
            "confidentiality": krt[0],
            "integrity": krt[1],
            "availability_class": krt[2],
            "classified_on": datetime.date(2025, 3, 1) if classified else None,
            "personal_data": personal_data,
            "pub_agreement": personal_data and rng.random() < 0.75,
            "user_count": rng.randint(10, 900),
            "description": f"{name} för {forv.name} i {k.name}.",
        },
    )
    return system


def seed_system_details(system, forv, supplier, rng, index):
    base = money(rng, 50_000, 900_000)
    for year in YEARS:
        upsert(
            SystemCost,
            system=system,
            year=year,
            cost_type="licens",
            defaults={
                "nature": "drift",
                "amount": base,
                "payer": "forvaltning",
                "paying_forvaltning": forv,
            },
        )
        upsert(
            SystemCost,
            system=system,
            year=year,
            cost_type="intern_personal",
            defaults={
                "nature": "utveckling" if year % 2 else "drift",
                "amount": (base / 4).quantize(Decimal(1)),
                "payer": "forvaltning",
                "paying_forvaltning": forv,
            },
        )
        upsert(
            SystemAvailability,
            system=system,
            year=year,
            defaults={
                "target": Decimal("99.50"),
                "measured": Decimal(str(round(98.5 + rng.random() * 1.5, 2))),
            },
        )
    # Every third contract has its sista uppsägningsdag about two months ahead (the
    # start page's Att göra), the others two years or more.
    notice = 3 if index % 2 else 6
    months = notice + 2 if index % 3 == 0 else 24 + index
    end = TODAY + datetime.timedelta(days=30 * months)
    upsert(
        Contract,
        system=system,
        number=f"AVT-{system.kommun.kommunkod}-{index:03d}",
        defaults={
            "supplier": supplier,
            "start_date": datetime.date(2021, 1, 1),
            "end_date": end,
            "notice_months": notice,
            "annual_cost": base,
        },
    )
