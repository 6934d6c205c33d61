"""Demo data for governance: councils, a year of meetings, ärenden at every step.

Deterministic and idempotent: councils and members are upserted by natural
key; a meeting (and everything in it) is created only if no meeting of that
council starts at that time; ärenden are looked up by kommun and title.

Signed minutes get no PDF at seed time (rendering a dozen PDFs would make
``seed_demo`` slow); the meeting page offers "Skapa protokoll-PDF", which runs
the same Celery job as a justering does.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from governance.choices import (
    AgendaItemKind,
    CaseEventKind,
    CaseKind,
    CaseStatus,
    CouncilKind,
    DecisionType,
    MemberRole,
    MilestoneKind,
)
from governance.models import (
    AgendaItem,
    AnnualMilestone,
    Attendance,
    Case,
    CaseEvent,
    Council,
    CouncilMember,
    Decision,
    Meeting,
    NumberSequence,
)
from portfolio.choices import InitiativeStatus
from portfolio.demo import upsert
from portfolio.models import Initiative, Samverkansorganisation, System
from portfolio.organisation.demo import kommun

YEAR = 2026
SINCE = datetime.date(2024, 1, 1)
PAST_MONTHS = (2, 4, 6, 9)
OPEN_MEETING = (12, 10)

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
ITEMS_WITHOUT_CASE = [
    (AgendaItemKind.BUDGET, "Budget för IT-plattformen 2027", DecisionType.BIFALL, 4_500_000),
    (AgendaItemKind.OTHER, "Gemensamma regler för molntjänster", DecisionType.BIFALL, None),
    (AgendaItemKind.BUDGET, "Hyressystem för kommungemensamma system", DecisionType.BIFALL, None),
    (AgendaItemKind.OTHER, "Riktlinje för e-förvaltningsutveckling, revidering",
     DecisionType.BORDLAGGNING, None),
]  # fmt: skip


def _user(username):
    return get_user_model().objects.filter(username=username).first()


def _at(month: int, day: int = 12, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(YEAR, month, day, hour, 0))


def _council(owner: dict, spec, members) -> Council:
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
        user = _user(username)
        if user is not None:
            upsert(
                CouncilMember,
                council=council,
                user=user,
                defaults={"role": role, "valid_from": SINCE},
            )
    return council


def _member(council: Council, role: str):
    member = council.members.filter(role=role).select_related("user").first()
    return member.user if member else None


def _event(case, kind, actor, from_status, at, comment=""):
    CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor=actor,
        from_status=from_status,
        to_status=case.status,
        at=at,
        comment=comment,
    )


def _next(key: str, year: int) -> int:
    seq, _ = NumberSequence.objects.get_or_create(key=key, year=year)
    seq.last += 1
    seq.save(update_fields=["last"])
    return seq.last


def _case(k, title, kind, status, cost, applicant, strateg, beredning, index) -> Case:
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
    submitted = _at(1 + index, 5)
    case = Case.objects.create(
        kommun=k,
        year=YEAR,
        number=_next(f"case:{k.pk}", YEAR),
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
    _event(case, CaseEventKind.SUBMITTED, applicant, CaseStatus.ANMALAN, submitted)
    if status == CaseStatus.ANMALAN:
        return case
    case.consulted_at, case.consulted_by = submitted + datetime.timedelta(days=3), strateg
    case.consultation_comment = "Samråd hållet. Finns inget befintligt system som täcker behovet."
    case.save()
    _event(
        case, CaseEventKind.CONSULTED, strateg, CaseStatus.ANMALAN, case.consulted_at,
        case.consultation_comment,
    )  # fmt: skip
    if status == "consulted" or beredning is None:
        return case
    case.status, case.remiss_council = CaseStatus.BEREDNING, beredning
    case.save()
    _event(
        case, CaseEventKind.SENT_TO_REMISS, strateg, CaseStatus.ANMALAN,
        case.consulted_at + datetime.timedelta(days=2), str(beredning),
    )  # fmt: skip
    if status == CaseStatus.BEREDNING:
        return case
    case.status = CaseStatus.BEREDD
    case.opinion = "Beredningsgruppen tillstyrker. Förslaget följer IT-strategin."
    case.opinion_at, case.opinion_by = case.consulted_at + datetime.timedelta(days=20), strateg
    case.save()
    _event(case, CaseEventKind.OPINION, strateg, CaseStatus.BEREDNING, case.opinion_at)
    return case


def _decide(case: Case | None, decision: Decision, actor, at) -> None:
    if case is None:
        return
    from_status = case.status
    kind = decision.decision_type
    if kind in (DecisionType.BIFALL, DecisionType.BIFALL_VILLKOR):
        case.status = CaseStatus.UPPHANDLING
        case.procurement_notified_at = at
    elif kind == DecisionType.AVSLAG:
        case.status = CaseStatus.AVSLAGET
    case.save()
    _event(
        case, CaseEventKind.DECIDED, actor, from_status, at,
        f"{decision.paragraph} {decision.get_decision_type_display()}: {decision.text}",
    )  # fmt: skip


def _meeting(council: Council, month: int, day: int, place: str) -> Meeting | None:
    starts = _at(month, day)
    if Meeting.objects.filter(council=council, starts_at=starts).exists():
        return None
    secretary = (
        _member(council, MemberRole.SEKRETERARE)
        or _member(council, MemberRole.ORDFORANDE)
        or council.members.first().user
    )
    adjuster = (
        _member(council, MemberRole.LEDAMOT)
        or _member(council, MemberRole.ORDFORANDE)
        or council.members.first().user
    )
    meeting = Meeting.objects.create(
        council=council,
        starts_at=starts,
        place=place,
        secretary=secretary,
        adjuster=adjuster,
        agenda_published_at=starts - datetime.timedelta(days=7),
    )
    for member in council.members.select_related("user"):
        Attendance.objects.create(
            meeting=meeting, user=member.user, role=member.role, present=month != OPEN_MEETING[0]
        )
    return meeting


def _decision(meeting, item, case, decision_type, text, conditions="") -> Decision:
    council = meeting.council
    decision = Decision.objects.create(
        council=council,
        kommun_id=case.kommun_id if case else (council.kommun_id or council.samverkan.host_id),
        meeting=meeting,
        agenda_item=item,
        case=case,
        year=YEAR,
        number=_next(f"council:{council.pk}", YEAR),
        decision_type=decision_type,
        title=item.title,
        text=text,
        conditions=conditions,
        decided_at=meeting.starts_at,
        recorded_by=meeting.secretary,
    )
    if case is not None:
        decision.systems.set(case.systems.all())
    return decision


def seed_styrgrupp_year(k, styrgrupp: Council, beredning: Council | None) -> None:
    strateg = _member(styrgrupp, MemberRole.SEKRETERARE) or _member(
        styrgrupp, MemberRole.ORDFORANDE
    )
    applicant = _user(f"sa.{k.name.lower()}") or _user(f"fc.{k.name.lower()}.soc") or strateg
    cases = [
        _case(k, title, kind, status, cost, applicant, strateg, beredning, i)
        for i, (title, kind, status, _decision_type, cost) in enumerate(CASES)
    ]
    decided = [
        (case, spec[3]) for case, spec in zip(cases, CASES, strict=True) if spec[3] is not None
    ]
    place = f"Kommunhuset, {k.name}"
    for index, month in enumerate(PAST_MONTHS):
        meeting = _meeting(styrgrupp, month, 12, place)
        if meeting is None:
            continue
        kind, title, decision_type, amount = ITEMS_WITHOUT_CASE[index]
        item = AgendaItem.objects.create(
            meeting=meeting, order=1, kind=kind, title=title, budget_amount=amount
        )
        text = (
            "Ärendet bordläggs till nästa sammanträde."
            if decision_type == DecisionType.BORDLAGGNING
            else "IT-styrgruppen beslutar enligt förslaget."
        )
        _decision(meeting, item, None, decision_type, text)
        AgendaItem.objects.create(
            meeting=meeting,
            order=2,
            kind=AgendaItemKind.INFORMATION,
            title="Information om IT-säkerhetsläget",
            text="IT-chefen informerar om incidenter och åtgärder.",
        )
        if index < len(decided):
            case, decision_type = decided[index]
            if case.status == CaseStatus.BEREDD:
                item = AgendaItem.objects.create(
                    meeting=meeting, order=3, kind=AgendaItemKind.CASE, title=case.title, case=case
                )
                conditions = (
                    "Upphandlingen görs tillsammans med SML-IT."
                    if decision_type == DecisionType.BIFALL_VILLKOR
                    else ""
                )
                decision = _decision(
                    meeting, item, case, decision_type,
                    "IT-styrgruppen bifaller ansökan." if decision_type != DecisionType.AVSLAG
                    else "IT-styrgruppen avslår ansökan; behovet täcks av befintlig plattform.",
                    conditions,
                )  # fmt: skip
                _decide(case, decision, meeting.secretary, meeting.starts_at)
        meeting.signed_at = meeting.starts_at + datetime.timedelta(days=5)
        meeting.signed_by = meeting.adjuster
        meeting.save()
    _acknowledge_finished(cases, strateg)
    _open_meeting(styrgrupp, cases, place)


def _acknowledge_finished(cases, strateg) -> None:
    for case, spec in zip(cases, CASES, strict=True):
        if spec[2] == CaseStatus.AVSLUTAT and case.status == CaseStatus.UPPHANDLING:
            at = case.procurement_notified_at + datetime.timedelta(days=4)
            case.procurement_ack_at = case.it_ack_at = at
            case.status = CaseStatus.AVSLUTAT
            case.save()
            _event(
                case, CaseEventKind.ACKNOWLEDGED, strateg, CaseStatus.UPPHANDLING, at,
                "Kvitterat av upphandlingscenter och IT-enheten per e-post.",
            )  # fmt: skip


def _open_meeting(styrgrupp, cases, place) -> None:
    meeting = _meeting(styrgrupp, *OPEN_MEETING, place)
    if meeting is None:
        return
    AgendaItem.objects.create(
        meeting=meeting,
        order=1,
        kind=AgendaItemKind.INFORMATION,
        title="Uppföljning av handlingsplanen",
        text="IT-strategen redovisar läget i årets handlingsplan.",
    )
    ready = [c for c in cases if c.status == CaseStatus.BEREDD]
    for order, case in enumerate(ready, start=2):
        AgendaItem.objects.create(
            meeting=meeting, order=order, kind=AgendaItemKind.CASE, title=case.title, case=case
        )
        _event(case, CaseEventKind.ON_AGENDA, meeting.secretary, case.status, timezone.now())


def seed_governance() -> None:
    for kommun_name, councils in COUNCILS.items():
        k = kommun(kommun_name)
        made = {spec[0]: _council({"kommun": k}, spec, members) for spec, members in councils}
        for kind, title, month, day in MILESTONES:
            upsert(
                AnnualMilestone,
                kommun=k,
                kind=kind,
                defaults={"title": title, "month": month, "day": day},
            )
        styrgrupp = made.get(CouncilKind.IT_STYRGRUPP)
        if styrgrupp is not None:
            seed_styrgrupp_year(k, styrgrupp, made.get(CouncilKind.BEREDNINGSGRUPP))
        else:
            _small_council_year(k, made)
    for name, councils in SAMVERKAN_COUNCILS.items():
        s = Samverkansorganisation.objects.get(name=name)
        for spec, members in councils:
            council = _council({"samverkan": s}, spec, members)
            _samverkan_year(council)


def _small_council_year(k, councils: dict) -> None:
    """E-råd and IT-råd: a few meetings with information items and one decision each."""
    for council in councils.values():
        for month in (3, 9):
            meeting = _meeting(council, month, 20, f"Kommunhuset, {k.name}")
            if meeting is None:
                continue
            item = AgendaItem.objects.create(
                meeting=meeting,
                order=1,
                kind=AgendaItemKind.OTHER,
                title=f"Digital agenda: handlingsplan, delår {1 if month < 6 else 2}",
            )
            _decision(meeting, item, None, DecisionType.BIFALL, "Rådet ställer sig bakom planen.")
            meeting.signed_at = meeting.starts_at + datetime.timedelta(days=3)
            meeting.signed_by = meeting.adjuster
            meeting.save()


def _samverkan_year(council: Council) -> None:
    for month in (3, 10):
        meeting = _meeting(council, month, 18, "SML-IT, Lysekil")
        if meeting is None:
            continue
        item = AgendaItem.objects.create(
            meeting=meeting,
            order=1,
            kind=AgendaItemKind.BUDGET,
            title="Fördelning av SML-IT:s driftkostnader mellan kommunerna",
            budget_amount=Decimal(9_800_000),
        )
        _decision(
            meeting, item, None, DecisionType.BIFALL, "Kostnaderna fördelas efter antal användare."
        )
        meeting.signed_at = meeting.starts_at + datetime.timedelta(days=4)
        meeting.signed_by = meeting.adjuster
        meeting.save()
