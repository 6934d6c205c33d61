"""Demo IT-plans for Sollentuna's nämnder (seed 002), plan year 2027 (2027–2029).

The kommunledningskontor's plan is fastställd after the IT-styrgrupp's
§ "IT-planer 2027–2029" (a meeting in October, justerat); the vård- och
omsorgsförvaltning's plan was treated in the same § and waits for the
IT-strateg to fastställa it; the socialförvaltning has submitted; the
utbildnings- och arbetslivsförvaltning (``fc.sollentuna.uaf``) and the miljö-
och byggnadsförvaltning have utkast; the kultur- och fritidsförvaltning has
not started. The deadline is the årshjul's IT-plan point (31 May).

Idempotent: a förvaltning that already has a 2027 plan is left as it is, and
the October meeting is created only once.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from governance.choices import (
    AgendaItemKind,
    CouncilKind,
    DecisionType,
    ITPlanStatus,
    MilestoneKind,
    SystemChange,
)
from governance.councils.demo import demo_user
from governance.meetings.demo import _decision, _meeting, _sign
from governance.models import (
    AgendaItem,
    AnnualMilestone,
    Council,
    ITPlan,
    ITPlanCost,
    ITPlanInitiative,
    ITPlanSystem,
)
from portfolio.choices import CostNature, InitiativeKind, Lifecycle, Verksamhetsomrade
from portfolio.demo import upsert
from portfolio.models import Initiative, System
from portfolio.organisation.demo import forvaltning, kommun

KOMMUN = "Sollentuna"
YEAR = 2027
MILESTONE = ("IT-planer för kommande treårsperiod lämnas in", 5, 31)
DEV, OPS = CostNature.UTVECKLING, CostNature.DRIFT

# förvaltning: (status, contact, summary, initiatives, systems, costs)
#   initiatives: (title, start year, new initiative's (kind, area) or None)
#   systems: (change, system name in the register or None, new name, year, lifecycle)
#   costs: (year, nature, amount, description)
PLANS = {
    "Kommunledningskontoret": (
        ITPlanStatus.FASTSTALLD,
        "strateg.sollentuna",
        "Den tekniska plattformen och de kommungemensamma systemen: nytt dokument- och "
        "ärendehanteringssystem, digital signering och en säkrare klientmiljö.",
        [
            ("Digital signering av beslut", 2027, None),
            ("Nytt ärende- och dokumenthanteringssystem", 2027, None),
            ("Säker inloggning för alla medarbetare", 2028, ("infrastruktur", "it")),
        ],
        [
            (SystemChange.ERSATTA, "Public 360 diarium",
             "Nytt ärende- och dokumenthanteringssystem", 2028, Lifecycle.UNDER_AVVECKLING),
            (SystemChange.UPPGRADERA, "IT-plattform och nätverk", "", 2027, Lifecycle.I_DRIFT),
        ],
        [
            (2027, DEV, 1_250_000, "Nytt ärende- och dokumenthanteringssystem"),
            (2027, OPS, 2_400_000, "IT-plattformen"),
            (2028, DEV, 600_000, "Säker inloggning"),
            (2028, OPS, 2_500_000, "IT-plattformen"),
            (2029, OPS, 2_600_000, "IT-plattformen"),
        ],
    ),
    "Vård- och omsorgsförvaltningen": (
        ITPlanStatus.BEHANDLAD,
        "strateg.sollentuna",
        "Välfärdsteknik i hemtjänsten och ett nytt verksamhetssystem när avtalet löper ut.",
        [("Digitala trygghetslarm i hemtjänsten", 2027, ("verksamhetsutveckling", "socialtjanst"))],
        [
            (SystemChange.ERSATTA, "Procapita vård och omsorg",
             "Nytt verksamhetssystem för vård och omsorg", 2029, Lifecycle.UNDER_AVVECKLING),
        ],
        [
            (2027, DEV, 450_000, "Digitala trygghetslarm"),
            (2028, OPS, 180_000, "Digitala trygghetslarm"),
            (2029, DEV, 2_000_000, "Nytt verksamhetssystem"),
        ],
    ),
    "Socialförvaltningen": (
        ITPlanStatus.INLAMNAD,
        "strateg.sollentuna",
        "Självservice för invånarna och automatiserad handläggning av försörjningsstöd.",
        [
            ("E-tjänst för ansökan om försörjningsstöd", 2027, None),
            ("Robotiserad handläggning av försörjningsstöd", 2027, None),
            ("Digital ekonomisk rådgivning", 2027, ("e_tjanst", "socialtjanst")),
        ],
        [(SystemChange.UPPGRADERA, "Treserva", "", 2027, Lifecycle.I_DRIFT)],
        [
            (2027, DEV, 800_000, "E-tjänst och robotisering"),
            (2027, OPS, 150_000, "Robotlicenser"),
            (2028, OPS, 160_000, "Robotlicenser"),
            (2029, OPS, 170_000, "Robotlicenser"),
        ],
    ),
    "Utbildnings- och arbetslivsförvaltningen": (
        ITPlanStatus.UTKAST,
        "fc.sollentuna.uaf",
        "Lärplattformen och elevernas digitala verktyg.",
        [("Uppgradering av lärplattform", 2027, None)],
        [],
        [(2027, DEV, 300_000, "Lärplattform")],
    ),
    "Miljö- och byggnadsförvaltningen": (
        ITPlanStatus.UTKAST,
        "strateg.sollentuna",
        "",
        [],
        [],
        [],
    ),
}  # fmt: skip


def seed_it_plans() -> None:
    k = kommun(KOMMUN)
    title, month, day = MILESTONE
    upsert(
        AnnualMilestone,
        kommun=k,
        kind=MilestoneKind.IT_PLAN,
        defaults={"title": title, "month": month, "day": day},
    )
    decision = _styrgrupp_decision(k)
    for name, spec in PLANS.items():
        f = forvaltning(KOMMUN, name)
        if ITPlan.objects.filter(forvaltning=f, year=YEAR).exists():
            continue
        _seed_plan(k, f, spec, decision)


def _styrgrupp_decision(k):
    """§ "IT-planer 2027–2029" in an October meeting of Sollentuna's IT-styrgrupp, justerat."""
    styrgrupp = Council.objects.get(kommun=k, kind=CouncilKind.IT_STYRGRUPP)
    meeting = _meeting(styrgrupp, 10, 15, f"Kommunhuset, {k.name}")
    if meeting is None:  # seeded before: the § is there
        return styrgrupp.decisions.filter(title__startswith=f"IT-planer {YEAR}").first()
    item = AgendaItem.objects.create(
        meeting=meeting,
        order=1,
        kind=AgendaItemKind.OTHER,
        title=f"IT-planer {YEAR}–{YEAR + 2}",
        text="Kommunledningskontorets och vård- och omsorgsförvaltningens IT-planer.",
    )
    decision = _decision(
        meeting,
        item,
        None,
        DecisionType.BIFALL,
        "IT-styrgruppen har behandlat IT-planerna och ställer sig bakom dem.",
    )
    _sign(meeting, days=5)
    return decision


def _at(month: int, day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(YEAR - 1, month, day, 10, 0))


def _seed_plan(k, f, spec, decision) -> None:
    status, contact_name, summary, initiatives, systems, costs = spec
    contact = demo_user(contact_name)
    plan = ITPlan.objects.create(
        kommun=k,
        forvaltning=f,
        year=YEAR,
        contact=contact,
        summary=summary,
        created_by=contact,
        created_at=_at(3, 1),
    )
    for title, start_year, new in initiatives:
        initiative = _initiative(k, f, title, new, contact)
        if initiative is not None:
            ITPlanInitiative.objects.create(plan=plan, initiative=initiative, start_year=start_year)
    for change, system_name, new_name, year, lifecycle in systems:
        system = System.objects.filter(kommun=k, name=system_name).first() if system_name else None
        if system_name and system is None:
            continue
        ITPlanSystem.objects.create(
            plan=plan,
            change=change,
            system=system,
            name=new_name,
            year=year,
            target_lifecycle=lifecycle,
        )
    for year, nature, amount, description in costs:
        ITPlanCost.objects.create(
            plan=plan, year=year, nature=nature, amount=Decimal(amount), description=description
        )
    if status == ITPlanStatus.UTKAST:
        return
    fields = {"status": status, "submitted_at": _at(5, 20), "submitted_by": contact}
    if status in (ITPlanStatus.BEHANDLAD, ITPlanStatus.FASTSTALLD) and decision is not None:
        fields.update(decision=decision, treated_at=_at(10, 21), treated_by=contact)
        if status == ITPlanStatus.FASTSTALLD:
            fields.update(adopted_at=_at(10, 22), adopted_by=contact)
    elif status != ITPlanStatus.INLAMNAD:
        fields["status"] = ITPlanStatus.INLAMNAD
    ITPlan.objects.filter(pk=plan.pk).update(**fields)


def _initiative(k, f, title, new, contact):
    """The register's initiative of that title, or (for a proposal from the plan) a new idé."""
    existing = Initiative.objects.filter(kommun=k, title=title).first()
    if existing is not None or new is None:
        return existing
    kind, area = new
    initiative, _created = upsert(
        Initiative,
        kommun=k,
        title=title,
        defaults={
            "description": f"{title}. Föreslaget i förvaltningens IT-plan {YEAR}–{YEAR + 2}.",
            "need": "Behovet är beskrivet i förvaltningens IT-plan.",
            "kind": InitiativeKind(kind),
            "area": Verksamhetsomrade(area),
            "forvaltning": f,
            "contact": contact,
            "created_by": contact,
        },
    )
    return initiative
