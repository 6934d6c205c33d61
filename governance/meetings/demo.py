"""Demo data for governance: councils, a year of meetings, ärenden at every step.

Deterministic and idempotent: councils and members are upserted by natural
key; a meeting (and everything in it) is created only if no meeting of that
council starts at that time; ärenden are looked up by kommun and title.

Decisions take effect at justering, as in the portal: an ärende moves to
upphandling (or avslaget) on the day its minutes are justerade, or on the day
its § is omedelbart justerad. Each styrgrupp's first meeting shows an
omedelbar justering of the purchase decided there, and (where the council has
a member to spare) a recorded jäv in that §. The last meeting has taken place
but its minutes are not written yet: its ärenden wait for a decision.

Signed minutes get no PDF at seed time (rendering a dozen PDFs would make
``seed_demo`` slow); the meeting page offers "Skapa protokoll-PDF", which runs
the same Celery job as a justering does.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from governance.cases.demo import CASES, demo_case_event, next_demo_number, seed_case
from governance.choices import (
    AgendaItemKind,
    CaseEventKind,
    CaseStatus,
    CouncilKind,
    DecisionType,
    MemberRole,
)
from governance.councils.demo import (
    COUNCILS,
    HELD_MEETING,
    MILESTONES,
    PAST_MONTHS,
    SAMVERKAN_COUNCILS,
    YEAR,
    demo_member,
    demo_time,
    demo_user,
    seed_council,
)
from governance.models import (
    AgendaItem,
    AnnualMilestone,
    Attendance,
    Case,
    Council,
    Decision,
    Meeting,
    Recusal,
)
from portfolio.demo import upsert
from portfolio.models import Samverkansorganisation
from portfolio.organisation.demo import kommun

ITEMS_WITHOUT_CASE = [
    (AgendaItemKind.BUDGET, "Budget för IT-plattformen 2027", DecisionType.BIFALL, 4_500_000),
    (AgendaItemKind.OTHER, "Gemensamma regler för molntjänster", DecisionType.BIFALL, None),
    (AgendaItemKind.BUDGET, "Hyressystem för kommungemensamma system", DecisionType.BIFALL, None),
    (AgendaItemKind.OTHER, "Riktlinje för e-förvaltningsutveckling, revidering",
     DecisionType.BORDLAGGNING, None),
]  # fmt: skip


def _decide(case: Case | None, decision: Decision, actor, at) -> None:
    """The decision takes effect at ``at`` (its justering)."""
    Decision.objects.filter(pk=decision.pk).update(effective_at=at)
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
    demo_case_event(
        case, CaseEventKind.DECIDED, actor, from_status, at,
        f"{decision.reference}: {decision.get_decision_type_display()}",
    )  # fmt: skip
    if case.status == CaseStatus.UPPHANDLING:
        demo_case_event(case, CaseEventKind.PROCUREMENT_NOTIFIED, actor, case.status, at)


def _meeting(council: Council, month: int, day: int, place: str) -> Meeting | None:
    starts = demo_time(month, day)
    if Meeting.objects.filter(council=council, starts_at=starts).exists():
        return None
    secretary = (
        demo_member(council, MemberRole.SEKRETERARE)
        or demo_member(council, MemberRole.ORDFORANDE)
        or council.members.first().user
    )
    adjuster = (
        demo_member(council, MemberRole.LEDAMOT)
        or demo_member(council, MemberRole.ORDFORANDE)
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
        Attendance.objects.create(meeting=meeting, user=member.user, role=member.role, present=True)
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
        number=next_demo_number(f"council:{council.pk}", YEAR),
        decision_type=decision_type,
        title=item.title,
        text=text,
        conditions=conditions,
        decision_date=timezone.localtime(meeting.starts_at).date(),
        decided_at=meeting.starts_at,
        recorded_by=meeting.secretary,
        initiative_id=case.initiative_id if case else None,
    )
    if case is not None:
        decision.systems.set(case.systems.all())
        demo_case_event(
            case, CaseEventKind.RECORDED, meeting.secretary, case.status, meeting.starts_at,
            f"{decision.reference}: {decision.get_decision_type_display()}. "
            "Gäller när protokollet är justerat.",
        )  # fmt: skip
    return decision


def _sign(meeting: Meeting, days: int) -> None:
    """Justering ``days`` after the meeting: every § not yet in effect takes effect."""
    meeting.signed_at = meeting.starts_at + datetime.timedelta(days=days)
    meeting.signed_by = meeting.adjuster
    for decision in meeting.decisions.filter(effective_at__isnull=True).select_related("case"):
        _decide(decision.case, decision, meeting.adjuster, meeting.signed_at)
    meeting.save()


def _jav_member(meeting: Meeting):
    """A present member other than the sekreterare and the justerare, if the council has one."""
    taken = {meeting.secretary_id, meeting.adjuster_id}
    for role in (MemberRole.LEDAMOT, MemberRole.ADJUNGERAD):
        row = (
            meeting.attendance.filter(role=role, present=True)
            .exclude(user_id__in=taken)
            .select_related("user")
            .order_by("user__username")
            .first()
        )
        if row is not None:
            return row.user
    return None


def _adjust_immediately(meeting: Meeting, item: AgendaItem, decision: Decision) -> None:
    """Omedelbar justering of the purchase (the old system's contract runs out), with a jäv."""
    member = _jav_member(meeting)
    if member is not None:
        Recusal.objects.create(
            agenda_item=item,
            user=member,
            reason="Närstående är anställd hos en av de tänkbara leverantörerna.",
            recorded_by=meeting.secretary,
            recorded_at=meeting.starts_at,
        )
    at = meeting.starts_at + datetime.timedelta(hours=2)
    Decision.objects.filter(pk=decision.pk).update(adjusted_at=at, adjusted_by=meeting.adjuster)
    decision.refresh_from_db()
    _decide(decision.case, decision, meeting.adjuster, at)


def seed_styrgrupp_year(k, styrgrupp: Council, beredning: Council | None) -> None:
    strateg = demo_member(styrgrupp, MemberRole.SEKRETERARE) or demo_member(
        styrgrupp, MemberRole.ORDFORANDE
    )
    applicant = (
        demo_user(f"sa.{k.name.lower()}") or demo_user(f"fc.{k.name.lower()}.soc") or strateg
    )
    cases = [
        seed_case(k, title, kind, status, cost, applicant, strateg, beredning, i)
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
                if index == 0:
                    _adjust_immediately(meeting, item, decision)
        _sign(meeting, days=5)
    cases = [Case.objects.get(pk=case.pk) for case in cases]  # as the justering left them
    _acknowledge_finished(cases, strateg)
    _open_meeting(styrgrupp, cases, place)


def _acknowledge_finished(cases, strateg) -> None:
    for case, spec in zip(cases, CASES, strict=True):
        if spec[2] == CaseStatus.AVSLUTAT and case.status == CaseStatus.UPPHANDLING:
            at = case.procurement_notified_at + datetime.timedelta(days=4)
            case.procurement_ack_at = case.it_ack_at = at
            case.status = CaseStatus.AVSLUTAT
            case.save()
            demo_case_event(
                case, CaseEventKind.ACKNOWLEDGED, strateg, CaseStatus.UPPHANDLING, at,
                "Kvitterat av upphandlingscenter och IT-enheten per e-post.",
            )  # fmt: skip


def _open_meeting(styrgrupp, cases, place) -> None:
    meeting = _meeting(styrgrupp, *HELD_MEETING, place)
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
        demo_case_event(
            case, CaseEventKind.ON_AGENDA, meeting.secretary, case.status,
            meeting.agenda_published_at,
        )  # fmt: skip


def seed_governance() -> None:
    for kommun_name, councils in COUNCILS.items():
        k = kommun(kommun_name)
        made = {spec[0]: seed_council({"kommun": k}, spec, members) for spec, members in councils}
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
            council = seed_council({"samverkan": s}, spec, members)
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
            _sign(meeting, days=3)


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
        _sign(meeting, days=4)
