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


# --- Initiatives (initiative register) ---------------------------------------------


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "portfolio.Initiative"

    forvaltning = factory.SubFactory(ForvaltningFactory)
    kommun = factory.SelfAttribute("forvaltning.kommun")
    title = factory.Sequence(lambda n: f"Initiativ {n}")
    description = "Beskrivning"
    kind = "e_tjanst"
    area = "administration"
    contact = factory.SubFactory(UserFactory)
