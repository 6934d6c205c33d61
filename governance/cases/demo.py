"""Demo ärenden, walked through their statuses by the governance demo."""

from __future__ import annotations

import datetime
from decimal import Decimal

from governance.choices import (
    CaseEventKind,
    CaseKind,
    CaseStatus,
    DecisionType,
)
from governance.councils.demo import YEAR, demo_time
from governance.models import (
    Case,
    CaseEvent,
    NumberSequence,
)
from portfolio.choices import InitiativeStatus
from portfolio.models import Initiative, System

# title, kind, target status, decision (for decided ones), cost
CASES = [
    ("Nytt verksamhetssystem för hemtjänstplanering", CaseKind.VERKSAMHETSSYSTEM,
     CaseStatus.ANMALAN, None, 850_000),
    ("Uppgradering av e-tjänsteplattformen", CaseKind.KOMMUNGEMENSAMT,
     "consulted", None, 400_000),
    ("Digital signering i ärendehanteringen", CaseKind.KOMMUNGEMENSAMT,
     CaseStatus.BEREDNING, None, 250_000),
    ("Medfinansiering av AI-stöd för ekonomiavstämning", CaseKind.COFINANCING,
     CaseStatus.BEREDD, None, 300_000),
    ("Byte av elevdokumentationssystem", CaseKind.VERKSAMHETSSYSTEM,
     CaseStatus.UPPHANDLING, DecisionType.BIFALL_VILLKOR, 1_200_000),
    ("Nytt GIS-verktyg för detaljplaner", CaseKind.KOMMUNGEMENSAMT,
     CaseStatus.AVSLUTAT, DecisionType.BIFALL, 600_000),
    ("Egen chattbot för kontaktcenter", CaseKind.VERKSAMHETSSYSTEM,
     CaseStatus.AVSLAGET, DecisionType.AVSLAG, 900_000),
]  # fmt: skip


def demo_case_event(case, kind, actor, from_status, at, comment=""):
    CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor=actor,
        from_status=from_status,
        to_status=case.status,
        at=at,
        comment=comment,
    )


def next_demo_number(key: str, year: int) -> int:
    seq, _ = NumberSequence.objects.get_or_create(key=key, year=year)
    seq.last += 1
    seq.save(update_fields=["last"])
    return seq.last


def seed_case(k, title, kind, status, cost, applicant, strateg, beredning, index) -> Case:
    case = Case.objects.filter(kommun=k, title=title).first()
    if case is not None:
        return case
    system = System.objects.filter(kommun=k).order_by("name")[index % 3 : index % 3 + 1].first()
    wanted = (
        InitiativeStatus.BESLUTAD
        if status in (CaseStatus.UPPHANDLING, CaseStatus.AVSLUTAT)
        else InitiativeStatus.AVSLAGEN
        if status == CaseStatus.AVSLAGET
        else InitiativeStatus.PRIORITERING
    )
    initiative = (
        Initiative.objects.filter(kommun=k, status=wanted, cases__isnull=True)
        .order_by("title")
        .first()
    )
    submitted = demo_time(1 + index, 5)
    case = Case.objects.create(
        kommun=k,
        year=YEAR,
        number=next_demo_number(f"case:{k.pk}", YEAR),
        kind=kind,
        title=title,
        description=f"{title}. Behovet är beskrivet av verksamheten och stämt av med IT-enheten.",
        forvaltning=k.forvaltningar.order_by("name").first(),
        applicant=applicant,
        initiative=initiative,
        cost_estimate=Decimal(cost),
        financing="Egen budget och öronmärkta centrala medel.",
        status=CaseStatus.ANMALAN,
    )
    if system is not None:
        case.systems.add(system)
    Case.objects.filter(pk=case.pk).update(created_at=submitted)
    demo_case_event(case, CaseEventKind.SUBMITTED, applicant, CaseStatus.ANMALAN, submitted)
    if status == CaseStatus.ANMALAN:
        return case
    case.consulted_at, case.consulted_by = submitted + datetime.timedelta(days=3), strateg
    case.consultation_comment = "Samråd hållet. Finns inget befintligt system som täcker behovet."
    case.save()
    demo_case_event(
        case, CaseEventKind.CONSULTED, strateg, CaseStatus.ANMALAN, case.consulted_at,
        case.consultation_comment,
    )  # fmt: skip
    if status == "consulted" or beredning is None:
        return case
    case.status, case.remiss_council = CaseStatus.BEREDNING, beredning
    case.save()
    demo_case_event(
        case, CaseEventKind.SENT_TO_REMISS, strateg, CaseStatus.ANMALAN,
        case.consulted_at + datetime.timedelta(days=2), str(beredning),
    )  # fmt: skip
    if status == CaseStatus.BEREDNING:
        return case
    case.status = CaseStatus.BEREDD
    case.opinion = "Beredningsgruppen tillstyrker. Förslaget följer IT-strategin."
    case.opinion_at, case.opinion_by = case.consulted_at + datetime.timedelta(days=20), strateg
    case.save()
    demo_case_event(case, CaseEventKind.OPINION, strateg, CaseStatus.BEREDNING, case.opinion_at)
    return case
