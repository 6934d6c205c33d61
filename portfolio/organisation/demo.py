"""Demo organisation: kommuner, förvaltningar, samverkan and the named demo users.

``seed_base`` is the first demo seeder (registered in ``PortfolioConfig.ready``);
like every seeder it looks rows up by natural key and creates or updates them
(``portfolio.demo.upsert``), so running twice changes nothing.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model

from portfolio.choices import ForvaltningKind, Role, SamverkanKind
from portfolio.demo import upsert
from portfolio.models import (
    DemoAccount,
    Forvaltning,
    Kommun,
    KommunYearFigures,
    RoleAssignment,
    Samverkansorganisation,
)

VGR = "Västra Götalands län"
# name, kommunkod (SCB), län, population 2026 (approx.)
KOMMUNER = [
    ("Bengtsfors", "1460", VGR, 9_300),
    ("Dals-Ed", "1438", VGR, 4_700),
    ("Färgelanda", "1439", VGR, 6_500),
    ("Lysekil", "1484", VGR, 14_400),
    ("Mellerud", "1461", VGR, 8_900),
    ("Munkedal", "1430", VGR, 10_500),
    ("Orust", "1421", VGR, 15_200),
    ("Sotenäs", "1427", VGR, 8_900),
    ("Strömstad", "1486", VGR, 13_300),
    ("Tanum", "1435", VGR, 13_200),
    ("Trollhättan", "1488", VGR, 59_900),
    ("Uddevalla", "1485", VGR, 57_500),
    ("Vänersborg", "1487", VGR, 40_100),
    ("Åmål", "1492", VGR, 12_300),
    ("Essunga", "1445", VGR, 5_700),
    ("Götene", "1471", VGR, 13_200),
    ("Lidköping", "1494", VGR, 40_300),
    ("Skara", "1495", VGR, 18_800),
    ("Sollentuna", "0163", "Stockholms län", 76_000),
]
FYRBODAL = [k[0] for k in KOMMUNER[:14]]

STANDARD_FORVALTNINGAR = [
    ("Kommunledningskontoret", ForvaltningKind.KOMMUNLEDNINGSKONTOR),
    ("Socialförvaltningen", ForvaltningKind.FORVALTNING),
    ("Barn- och utbildningsförvaltningen", ForvaltningKind.FORVALTNING),
    ("Samhällsbyggnadsförvaltningen", ForvaltningKind.FORVALTNING),
    ("Kultur- och fritidsförvaltningen", ForvaltningKind.FORVALTNING),
]
SOLLENTUNA_FORVALTNINGAR = [
    ("Kommunledningskontoret", ForvaltningKind.KOMMUNLEDNINGSKONTOR),
    ("Utbildnings- och arbetslivsförvaltningen", ForvaltningKind.FORVALTNING),
    ("Socialförvaltningen", ForvaltningKind.FORVALTNING),
    ("Vård- och omsorgsförvaltningen", ForvaltningKind.FORVALTNING),
    ("Miljö- och byggnadsförvaltningen", ForvaltningKind.FORVALTNING),
    ("Kultur- och fritidsförvaltningen", ForvaltningKind.FORVALTNING),
    ("Sollentunahem AB", ForvaltningKind.BOLAG),
]
SAMVERKAN = [
    (
        "SML-IT",
        SamverkanKind.IT_ORGANISATION,
        "Lysekil",
        ["Lysekil", "Sotenäs", "Munkedal"],
        "Gemensam IT-avdelning för Sotenäs, Munkedal och Lysekil, med Lysekil som värdkommun.",
    ),
    (
        "Göliska IT",
        SamverkanKind.BOLAG,
        "Lidköping",
        ["Götene", "Lidköping", "Skara", "Essunga"],
        "IT-bolag som ägs av flera kommuner i Skaraborg och levererar IT-tjänster till dem.",
    ),
    (
        "Digitaliseringsnätverket Fyrbodal",
        SamverkanKind.NATVERK,
        "Vänersborg",
        FYRBODAL,
        "Fyrbodals kommunalförbunds nätverk för de 14 kommunernas digitaliseringsarbete.",
    ),
]

DEMO_SINCE = datetime.date(2024, 1, 1)
# username, first, last, role, scope kind, scope name (kommun / "kommun:förvaltning" / samverkan)
DEMO_USERS = [
    ("strateg.sml", "Sara", "Lind", Role.IT_STRATEG, "samverkan", "SML-IT"),
    ("strateg.lysekil", "Lars", "Holm", Role.IT_STRATEG, "kommun", "Lysekil"),
    ("strateg.uddevalla", "Ulla", "Berg", Role.IT_STRATEG, "kommun", "Uddevalla"),
    ("strateg.essunga", "Erik", "Ek", Role.IT_STRATEG, "kommun", "Essunga"),
    ("strateg.sollentuna", "Sofia", "Nord", Role.IT_STRATEG, "kommun", "Sollentuna"),
    ("kd.lysekil", "Karin", "Dahl", Role.KOMMUNDIREKTOR, "kommun", "Lysekil"),
    ("kd.uddevalla", "Kjell", "Udd", Role.KOMMUNDIREKTOR, "kommun", "Uddevalla"),
    ("kd.sollentuna", "Kristina", "Sol", Role.KOMMUNDIREKTOR, "kommun", "Sollentuna"),
    (
        "fc.lysekil.soc",
        "Fredrik",
        "Ström",
        Role.FORVALTNINGSCHEF,
        "forvaltning",
        "Lysekil:Socialförvaltningen",
    ),
    (
        "fc.lysekil.bou",
        "Frida",
        "Sand",
        Role.FORVALTNINGSCHEF,
        "forvaltning",
        "Lysekil:Barn- och utbildningsförvaltningen",
    ),
    (
        "fc.uddevalla.soc",
        "Filip",
        "Lund",
        Role.FORVALTNINGSCHEF,
        "forvaltning",
        "Uddevalla:Socialförvaltningen",
    ),
    (
        "fc.sollentuna.uaf",
        "Ulrika",
        "Alm",
        Role.FORVALTNINGSCHEF,
        "forvaltning",
        "Sollentuna:Utbildnings- och arbetslivsförvaltningen",
    ),
    (
        "sa.lysekil",
        "Stina",
        "Åberg",
        Role.SYSTEMAGARE,
        "forvaltning",
        "Lysekil:Socialförvaltningen",
    ),
    (
        "sf.lysekil",
        "Sven",
        "Fors",
        Role.SYSTEMFORVALTARE,
        "forvaltning",
        "Lysekil:Socialförvaltningen",
    ),
    ("sg.lysekil", "Greta", "Grön", Role.STYRGRUPPSLEDAMOT, "kommun", "Lysekil"),
    ("ekonom.lysekil", "Eva", "Krona", Role.EKONOM, "kommun", "Lysekil"),
    ("ekonom.sollentuna", "Elin", "Budget", Role.EKONOM, "kommun", "Sollentuna"),
    ("revisor.lysekil", "Rolf", "Granskare", Role.LASARE, "kommun", "Lysekil"),
    ("admin.lysekil", "Anna", "Admin", Role.ADMINISTRATOR, "kommun", "Lysekil"),
]


def kommun(name: str) -> Kommun:
    return Kommun.objects.get(name=name)


def forvaltning(kommun_name: str, name: str) -> Forvaltning:
    return Forvaltning.objects.get(kommun__name=kommun_name, name=name)


def seed_organisations() -> None:
    for index, (name, code, lan, population) in enumerate(KOMMUNER):
        k, _ = upsert(
            Kommun,
            kommunkod=code,
            defaults={"name": name, "lan": lan, "public_decisions_enabled": name != "Dals-Ed"},
        )
        for offset, year in enumerate(range(2022, 2027)):
            # Gentle, deterministic growth towards the 2026 figure.
            pop = round(population * (1 - 0.004 * (4 - offset)))
            employees = round(pop * (0.075 + (index % 5) * 0.004))
            upsert(
                KommunYearFigures,
                kommun=k,
                year=year,
                defaults={"population": pop, "employees": employees},
            )
        forvaltningar = (
            SOLLENTUNA_FORVALTNINGAR
            if name == "Sollentuna"
            else [
                *STANDARD_FORVALTNINGAR,
                (f"{name} Bostäder AB", ForvaltningKind.BOLAG),
            ]
        )
        for fname, kind in forvaltningar:
            upsert(Forvaltning, kommun=k, name=fname, defaults={"kind": kind})
    for name, kind, host, members, description in SAMVERKAN:
        s, _ = upsert(
            Samverkansorganisation,
            name=name,
            defaults={"kind": kind, "host": kommun(host), "description": description},
        )
        s.members.set(Kommun.objects.filter(name__in=members))


def seed_users() -> None:
    user_model = get_user_model()
    admin, _ = upsert(
        user_model,
        username="admin",
        defaults={
            "first_name": "Portal",
            "last_name": "Administratör",
            "email": "admin@example.se",
            "is_staff": True,
            "is_superuser": True,
        },
    )
    _mark_demo(admin)
    for username, first, last, role, kind, scope_name in DEMO_USERS:
        user, _ = upsert(
            user_model,
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.se",
            },
        )
        _mark_demo(user)
        scope = {"kommun": None, "forvaltning": None, "samverkan": None}
        if kind == "kommun":
            scope["kommun"] = kommun(scope_name)
        elif kind == "forvaltning":
            kommun_name, _, forv_name = scope_name.partition(":")
            scope["forvaltning"] = forvaltning(kommun_name, forv_name)
        else:
            scope["samverkan"] = Samverkansorganisation.objects.get(name=scope_name)
        upsert(RoleAssignment, user=user, role=role, valid_from=DEMO_SINCE, **scope)


def _mark_demo(user) -> None:
    if user.has_usable_password():
        user.set_unusable_password()
        user.save(update_fields=["password"])
    DemoAccount.objects.get_or_create(user=user)


def seed_base() -> None:
    seed_organisations()
    seed_users()
