"""factory_boy factories. Named demo users come from ``seed_demo`` (fixture ``demo``)."""

import factory
from django.contrib.auth import get_user_model

from portfolio.choices import ForvaltningKind, Role
from portfolio.models import (
    Forvaltning,
    Kommun,
    KommunYearFigures,
    RoleAssignment,
    Samverkansorganisation,
)


class KommunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kommun
        django_get_or_create = ("kommunkod",)

    name = factory.Sequence(lambda n: f"Testkommun {n}")
    kommunkod = factory.Sequence(lambda n: f"{9000 + n:04d}")
    lan = "Västra Götalands län"


class KommunYearFiguresFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KommunYearFigures

    kommun = factory.SubFactory(KommunFactory)
    year = 2026
    population = 10_000
    employees = 800


class ForvaltningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forvaltning

    kommun = factory.SubFactory(KommunFactory)
    name = factory.Sequence(lambda n: f"Förvaltning {n}")
    kind = ForvaltningKind.FORVALTNING


class SamverkanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Samverkansorganisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Samverkan {n}")
    host = factory.SubFactory(KommunFactory)

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if not create:
            return
        self.members.add(self.host, *(extracted or []))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.se")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.django.Password("Ett-langt-testlosenord-1")


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = Role.IT_STRATEG
    kommun = factory.SubFactory(KommunFactory)


def user_with_role(role, *, kommun=None, forvaltning=None, samverkan=None, **user_kwargs):
    """A new user holding one role with the given scope."""
    user = UserFactory(**user_kwargs)
    RoleAssignment.objects.create(
        user=user, role=role, kommun=kommun, forvaltning=forvaltning, samverkan=samverkan
    )
    return user


# --- reports ------------------------------------------------------------------
# Register factories used by the report tests. The lead dedupes if other areas
# add factories with the same names.
import datetime  # noqa: E402
from decimal import Decimal  # noqa: E402

from portfolio.choices import (  # noqa: E402
    BenefitKind,
    CostNature,
    CostType,
    FinancingSource,
    Hosting,
    InitiativeCostKind,
    InitiativeKind,
    InitiativeStatus,
    Payer,
    SystemCategory,
    SystemKind,
    Verksamhetsomrade,
)
from portfolio.models import (  # noqa: E402
    BenefitLine,
    BenefitRealisation,
    Contract,
    FinancingLine,
    Initiative,
    InitiativeCost,
    InitiativeStatusChange,
    StrategicGoal,
    Supplier,
    System,
    SystemAvailability,
    SystemCost,
)


class SupplierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supplier
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Leverantör {n} AB")


class SystemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = System
        skip_postgeneration_save = True

    forvaltning = factory.SubFactory(ForvaltningFactory)
    kommun = factory.LazyAttribute(lambda s: s.forvaltning.kommun)
    name = factory.Sequence(lambda n: f"System {n}")
    kind = SystemKind.VERKSAMHETSSYSTEM
    category = SystemCategory.VERKSAMHETSSYSTEM
    area = Verksamhetsomrade.ADMINISTRATION
    owner = factory.SubFactory(UserFactory)
    hosting = Hosting.SAAS


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    system = factory.SubFactory(SystemFactory)
    supplier = factory.SubFactory(SupplierFactory)
    number = factory.Sequence(lambda n: f"AVT-{n}")
    start_date = datetime.date(2022, 1, 1)
    end_date = datetime.date(2027, 12, 31)
    notice_months = 6
    annual_cost = Decimal("100000")


class SystemCostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SystemCost

    system = factory.SubFactory(SystemFactory)
    year = 2026
    cost_type = CostType.LICENS
    nature = CostNature.DRIFT
    amount = Decimal("100000")
    payer = Payer.CENTRAL


class SystemAvailabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SystemAvailability

    system = factory.SubFactory(SystemFactory)
    year = 2026
    target = Decimal("99.50")
    measured = Decimal("99.70")


class StrategicGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategicGoal

    kommun = factory.SubFactory(KommunFactory)
    name = factory.Sequence(lambda n: f"Mål {n}")


class ReportInitiativeFactory(factory.django.DjangoModelFactory):
    """An initiative in genomförande during 2026 (report figures)."""

    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    forvaltning = factory.SubFactory(ForvaltningFactory)
    kommun = factory.LazyAttribute(lambda i: i.forvaltning.kommun)
    title = factory.Sequence(lambda n: f"Initiativ {n}")
    description = "Beskrivning"
    kind = InitiativeKind.E_TJANST
    area = Verksamhetsomrade.ADMINISTRATION
    contact = factory.SubFactory(UserFactory)
    status = InitiativeStatus.GENOMFORANDE
    start_date = datetime.date(2026, 2, 1)
    end_date = datetime.date(2026, 8, 31)

    @factory.post_generation
    def goals(self, create, extracted, **kwargs):
        if create and extracted:
            self.goals.add(*extracted)


class InitiativeStatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InitiativeStatusChange

    initiative = factory.SubFactory(ReportInitiativeFactory)
    from_status = InitiativeStatus.GENOMFORANDE
    to_status = InitiativeStatus.AVSLUTAD
    actor = factory.SubFactory(UserFactory)


class InitiativeCostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InitiativeCost

    initiative = factory.SubFactory(ReportInitiativeFactory)
    year = 2026
    kind = InitiativeCostKind.INVESTERING
    nature = CostNature.UTVECKLING
    amount = Decimal("50000")


class FinancingLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinancingLine

    initiative = factory.SubFactory(ReportInitiativeFactory)
    source = FinancingSource.ORONMARKTA
    year = 2026
    amount = Decimal("50000")
    used = Decimal("20000")


class BenefitLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BenefitLine

    initiative = factory.SubFactory(ReportInitiativeFactory)
    kind = BenefitKind.KRONOR
    description = factory.Sequence(lambda n: f"Nytta {n}")
    yearly_value = Decimal("40000")
    first_year = 2025
    last_year = 2028


class BenefitRealisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BenefitRealisation

    benefit = factory.SubFactory(BenefitLineFactory)
    year = 2026
    value = Decimal("30000")


def report_dataset(kommun, year=2026):
    """A small, fully known data set for one kommun's IT-bokslut and handlingsplan."""
    soc = Forvaltning.objects.get_or_create(kommun=kommun, name="Socialförvaltningen")[0]
    bou = Forvaltning.objects.get_or_create(
        kommun=kommun, name="Barn- och utbildningsförvaltningen"
    )[0]
    for y, population, employees in ((year, 10_000, 1_000), (year - 1, 9_800, 980)):
        KommunYearFigures.objects.update_or_create(
            kommun=kommun, year=y, defaults={"population": population, "employees": employees}
        )
    treserva = SystemFactory(
        forvaltning=soc,
        name="Treserva",
        personal_data=True,
        pub_agreement=False,
        confidentiality=3,
        integrity=3,
        availability_class=2,
        functional_fit=3,
        technical_fit=2,
        tech_debt="hog",
        user_count=300,
    )
    ekonomi = SystemFactory(
        forvaltning=soc, name="Raindance", kind=SystemKind.KOMMUNGEMENSAMT, user_count=120
    )
    skola = SystemFactory(forvaltning=bou, name="Skolplattform", lifecycle="planerad")
    SystemCostFactory(
        system=treserva,
        year=year,
        amount=Decimal("1000000"),
        payer=Payer.FORVALTNING,
        paying_forvaltning=soc,
    )
    SystemCostFactory(
        system=treserva,
        year=year,
        amount=Decimal("150000"),
        nature=CostNature.UTVECKLING,
        payer=Payer.FORVALTNING,
        paying_forvaltning=soc,
    )
    SystemCostFactory(system=ekonomi, year=year, amount=Decimal("60000"), payer=Payer.CENTRAL)
    SystemCostFactory(system=skola, year=year, amount=Decimal("40000"), payer=Payer.FORDELAD)
    SystemCostFactory(system=ekonomi, year=year - 1, amount=Decimal("900000"))
    ContractFactory(system=treserva, end_date=datetime.date(year + 1, 12, 31), notice_months=6)
    ContractFactory(system=ekonomi, end_date=datetime.date(year + 3, 12, 31), notice_months=6)
    SystemAvailabilityFactory(
        system=treserva, year=year, target=Decimal("99.5"), measured=Decimal("99.0")
    )
    SystemAvailabilityFactory(
        system=ekonomi, year=year, target=Decimal("99.0"), measured=Decimal("99.9")
    )
    goal = StrategicGoalFactory(kommun=kommun, name="Enklare vardag")
    running = ReportInitiativeFactory(
        forvaltning=soc, title="Digital ansökan", goals=[goal], status=InitiativeStatus.BESLUTAD
    )
    done = ReportInitiativeFactory(
        forvaltning=bou, title="Ny lärplattform", status=InitiativeStatus.AVSLUTAD
    )
    InitiativeStatusChangeFactory(
        initiative=done,
        at=datetime.datetime(year, 5, 10, 12, 0, tzinfo=datetime.UTC),
    )
    InitiativeCostFactory(initiative=running, year=year, amount=Decimal("50000"))
    FinancingLineFactory(
        initiative=running, year=year, amount=Decimal("50000"), used=Decimal("20000")
    )
    benefit = BenefitLineFactory(initiative=done, yearly_value=Decimal("40000"))
    BenefitRealisationFactory(benefit=benefit, year=year, value=Decimal("30000"))
    hours = BenefitLineFactory(
        initiative=done, kind=BenefitKind.TIMMAR, yearly_value=Decimal("500")
    )
    BenefitRealisationFactory(benefit=hours, year=year, value=Decimal("420"))
    return {
        "soc": soc,
        "bou": bou,
        "treserva": treserva,
        "ekonomi": ekonomi,
        "skola": skola,
        "running": running,
        "done": done,
        "goal": goal,
    }


# --- Initiatives (initiative register) ---------------------------------------------


class InitiativeFactory(factory.django.DjangoModelFactory):
    """A fresh initiative: status idé, no dates."""

    class Meta:
        model = "portfolio.Initiative"

    forvaltning = factory.SubFactory(ForvaltningFactory)
    kommun = factory.SelfAttribute("forvaltning.kommun")
    title = factory.Sequence(lambda n: f"Initiativ {n}")
    description = "Beskrivning"
    kind = "e_tjanst"
    area = "administration"
    contact = factory.SubFactory(UserFactory)


# --- governance ----------------------------------------------------------------


def governance_world():
    """A kommun with an IT-styrgrupp, a beredningsgrupp and the people of seed 004.

    Returns a namespace: kommun, forvaltning, strateg (sekreterare in the styrgrupp,
    ordförande in the beredningsgrupp), kd (ordförande), ledamot (justerare),
    systemagare (applicant, member of the beredningsgrupp), fc_other (another
    förvaltning), outsider (IT-strateg of another kommun), styrgrupp, beredning.
    """
    from types import SimpleNamespace

    from governance.choices import CouncilKind, MemberRole
    from governance.models import Council, CouncilMember

    kommun = KommunFactory(public_decisions_enabled=True)
    forvaltning = ForvaltningFactory(kommun=kommun, name="Socialförvaltningen")
    other_forvaltning = ForvaltningFactory(kommun=kommun, name="Kultur- och fritidsförvaltningen")
    w = SimpleNamespace(
        kommun=kommun,
        forvaltning=forvaltning,
        strateg=user_with_role(Role.IT_STRATEG, kommun=kommun),
        kd=user_with_role(Role.KOMMUNDIREKTOR, kommun=kommun),
        ledamot=user_with_role(Role.STYRGRUPPSLEDAMOT, kommun=kommun),
        systemagare=user_with_role(Role.SYSTEMAGARE, forvaltning=forvaltning),
        fc_other=user_with_role(Role.FORVALTNINGSCHEF, forvaltning=other_forvaltning),
        outsider=user_with_role(Role.IT_STRATEG, kommun=KommunFactory()),
    )
    w.styrgrupp = Council.objects.create(
        kommun=kommun,
        kind=CouncilKind.IT_STYRGRUPP,
        name="IT-styrgrupp",
        procurement_email="upphandling@kommun.se",
        it_unit_email="it@kommun.se",
    )
    w.beredning = Council.objects.create(
        kommun=kommun, kind=CouncilKind.BEREDNINGSGRUPP, name="Beredningsgrupp"
    )
    for council, user, role in (
        (w.styrgrupp, w.kd, MemberRole.ORDFORANDE),
        (w.styrgrupp, w.strateg, MemberRole.SEKRETERARE),
        (w.styrgrupp, w.ledamot, MemberRole.LEDAMOT),
        (w.beredning, w.strateg, MemberRole.ORDFORANDE),
        (w.beredning, w.systemagare, MemberRole.LEDAMOT),
    ):
        CouncilMember.objects.create(
            council=council, user=user, role=role, valid_from=datetime.date(2024, 1, 1)
        )
    return w


# --- control characters ------------------------------------------------------------
from django.db import connection as _connection  # noqa: E402

#: a control character the database can store: NUL where it can (SQLite); PostgreSQL
#: refuses NUL in text, so SOH there (exports must drop both)
STORED_CONTROL = "\x00" if _connection.vendor == "sqlite" else "\x01"
