"""Demo councils, their members and the årshjul milestones (data and helpers for
``governance.meetings.demo.seed_governance``)."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from governance.choices import (
    CouncilKind,
    MilestoneKind,
)
from governance.models import (
    Council,
    CouncilMember,
)
from portfolio.demo import upsert

YEAR = 2026
SINCE = datetime.date(2024, 1, 1)
PAST_MONTHS = (2, 4, 6, 9)
# The year's last styrgrupp meeting: held, its minutes not yet written or justerade.
HELD_MEETING = (11, 19)

STYRGRUPP = (
    CouncilKind.IT_STYRGRUPP,
    "IT-styrgrupp",
    11,
    "Beslutar om inköp och uppgradering av kommungemensamma system och verksamhetssystem, "
    "föreslår budget för IT-plattformen, fastställer gemensamma regler och beslutar om "
    "central medfinansiering.",
)
BEREDNING = (
    CouncilKind.BEREDNINGSGRUPP,
    "IT-strategisk beredningsgrupp",
    11,
    "Remissinstans: förslag ska vara förankrade här innan IT-styrgruppen beslutar.",
)
SYSTEMAGARE = (
    CouncilKind.SYSTEMAGARGRUPP,
    "Systemägargrupp",
    4,
    "Systemägare för de större systemen. Diskuterar kostnader, finansieringsprinciper och "
    "förvaltningsmodell.",
)
FINANSIERING = (
    CouncilKind.FINANSIERINGSGRUPP,
    "Finansieringsgrupp",
    5,
    "Föreslår IT-investerings- och driftbudget för 3–4 år och sätter hyressystemets avgifter.",
)
E_RAD = (
    CouncilKind.E_RAD,
    "E-råd",
    4,
    "Driver e-förvaltningsarbetet, tar fram den digitala agendan och dess handlingsplan.",
)
IT_RAD = (
    CouncilKind.IT_RAD,
    "IT-råd",
    4,
    "Förvaltningarnas IT-kontakter. Samlar behov och bereder frågor till ledningsgruppen.",
)

# kommun: [(council, [(username, role), ...]), ...]
COUNCILS = {
    "Sollentuna": [
        (STYRGRUPP, [("kd.sollentuna", "ordforande"), ("strateg.sollentuna", "sekreterare")]),
        (BEREDNING, [("strateg.sollentuna", "ordforande")]),
        (SYSTEMAGARE, [("strateg.sollentuna", "sammankallande")]),
        (FINANSIERING, [("strateg.sollentuna", "sammankallande")]),
    ],
    "Lysekil": [
        (
            STYRGRUPP,
            [
                ("kd.lysekil", "ordforande"),
                ("strateg.lysekil", "sekreterare"),
                ("sg.lysekil", "ledamot"),
                ("fc.lysekil.soc", "ledamot"),
                ("fc.lysekil.bou", "ledamot"),
                ("ekonom.lysekil", "adjungerad"),
            ],
        ),
        (
            BEREDNING,
            [
                ("strateg.lysekil", "ordforande"),
                ("sf.lysekil", "ledamot"),
                ("sa.lysekil", "ledamot"),
            ],
        ),
    ],
    "Uddevalla": [
        (
            STYRGRUPP,
            [
                ("kd.uddevalla", "ordforande"),
                ("strateg.uddevalla", "sekreterare"),
                ("fc.uddevalla.soc", "ledamot"),
            ],
        ),
        (BEREDNING, [("strateg.uddevalla", "ordforande")]),
    ],
    "Essunga": [
        (E_RAD, [("strateg.essunga", "ordforande")]),
        (IT_RAD, [("strateg.essunga", "sammankallande")]),
    ],
}
SAMVERKAN_COUNCILS = {
    "SML-IT": [
        (
            (CouncilKind.IT_STYRGRUPP, "SML-IT:s styrgrupp", 6, STYRGRUPP[3]),
            [
                ("kd.lysekil", "ordforande"),
                ("strateg.sml", "sekreterare"),
                ("strateg.lysekil", "ledamot"),
            ],
        )
    ]
}
MILESTONES = [
    (MilestoneKind.IT_BOKSLUT, "IT-bokslut för föregående år klart", 3, 31),
    (MilestoneKind.BUDGET, "Budgetunderlag IT till kommunstyrelsen", 6, 15),
    (MilestoneKind.HANDLINGSPLAN, "Handlingsplan för nästa år fastställs", 11, 30),
]


def demo_user(username):
    return get_user_model().objects.filter(username=username).first()


def demo_time(month: int, day: int = 12, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(YEAR, month, day, hour, 0))


def seed_council(owner: dict, spec, members) -> Council:
    kind, name, per_year, remit = spec
    council, _ = upsert(
        Council,
        kind=kind,
        **owner,
        defaults={
            "name": name,
            "meetings_per_year": per_year,
            "remit": remit,
            "procurement_email": "upphandling@example.se"
            if kind == CouncilKind.IT_STYRGRUPP
            else "",
            "it_unit_email": "it-enheten@example.se" if kind == CouncilKind.IT_STYRGRUPP else "",
        },
    )
    for username, role in members:
        user = demo_user(username)
        if user is not None:
            upsert(
                CouncilMember,
                council=council,
                user=user,
                defaults={"role": role, "valid_from": SINCE},
            )
    return council


def demo_member(council: Council, role: str):
    member = council.members.filter(role=role).select_related("user").first()
    return member.user if member else None
