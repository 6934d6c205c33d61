"""The policy core: samverkan meanings, creation targets and person choice."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from portfolio import policy
from portfolio.choices import Role
from portfolio.models import RoleAssignment
from tests.factories import (
    ForvaltningFactory,
    KommunFactory,
    SamverkanFactory,
    UserFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    host, b, c, outside = (KommunFactory(name=n) for n in ("Värd", "B", "C", "Utanför"))
    samverkan = SamverkanFactory(name="VBC-IT", host=host, members=[b, c])
    return {
        "host": host,
        "b": b,
        "c": c,
        "outside": outside,
        "samverkan": samverkan,
        "b_soc": ForvaltningFactory(kommun=b, name="Soc B"),
        "b_bou": ForvaltningFactory(kommun=b, name="BoU B"),
    }


def test_takes_part_in_a_samverkan_from_any_member(world):
    user = user_with_role(Role.SYSTEMAGARE, forvaltning=world["b_soc"])
    scope = policy.get_scope(user)
    assert scope.partner_samverkan_ids() == {world["samverkan"].pk}
    assert scope.acting_samverkan_ids(policy.STEWARD_ROLES) == set()


def test_acts_for_a_samverkan_from_the_host_every_member_or_a_samverkan_grant(world):
    host_strateg = user_with_role(Role.IT_STRATEG, kommun=world["host"])
    b_strateg = user_with_role(Role.IT_STRATEG, kommun=world["b"])
    every = user_with_role(Role.IT_STRATEG, kommun=world["b"])
    RoleAssignment.objects.create(user=every, role=Role.IT_STRATEG, kommun=world["c"])
    RoleAssignment.objects.create(user=every, role=Role.IT_STRATEG, kommun=world["host"])
    granted = user_with_role(Role.IT_STRATEG, samverkan=world["samverkan"])
    sid = world["samverkan"].pk
    for user in (host_strateg, every, granted):
        policy.forget_scope(user)
        assert policy.get_scope(user).acting_samverkan_ids(policy.STEWARD_ROLES) == {sid}
    assert policy.get_scope(b_strateg).acting_samverkan_ids(policy.STEWARD_ROLES) == set()
    # The role must be the asked one.
    assert policy.get_scope(host_strateg).acting_samverkan_ids({Role.EKONOM}) == set()


def test_a_network_role_is_no_role_in_the_member_kommuner(world):
    """A network coordinator acts for the network only (issue 15); SML-IT-like

    shared IT organisations keep serving their members with one role."""
    from portfolio.choices import SamverkanKind
    from portfolio.models import System
    from tests.factories import SystemFactory

    network = SamverkanFactory(
        name="Nätverket", host=world["host"], members=[world["b"]], kind=SamverkanKind.NATVERK
    )
    coordinator = user_with_role(Role.IT_STRATEG, samverkan=network)
    shared_it = user_with_role(Role.IT_STRATEG, samverkan=world["samverkan"])
    SystemFactory(forvaltning=world["b_soc"])

    scope = policy.get_scope(coordinator)
    assert scope.grants == [] and scope.kommun_ids() == set()
    assert not scope.has_role(Role.IT_STRATEG)
    assert scope.network_ids() == {network.pk}
    assert scope.acting_samverkan_ids(policy.STEWARD_ROLES) == {network.pk}
    assert scope.partner_samverkan_ids() == {network.pk}
    assert not policy.restrict(System.objects.all(), coordinator, policy.VIEW).exists()
    assert not policy.targets(coordinator, System)

    assert policy.get_scope(shared_it).kommun_ids() == {
        world["host"].pk,
        world["b"].pk,
        world["c"].pk,
    }
    assert policy.restrict(System.objects.all(), shared_it, policy.VIEW).count() == 1


def test_targets_allow_kommun_forvaltning_and_samverkan():
    t = policy.Targets(kommun_ids=frozenset({1}), forvaltning_ids=frozenset({7}))

    class F:
        def __init__(self, pk, kommun_id):
            self.pk, self.kommun_id = pk, kommun_id

    assert t.allows(kommun_id=1)
    assert not t.allows(kommun_id=2)
    assert t.allows(kommun_id=2, forvaltning=F(7, 2))
    assert not t.allows(kommun_id=2, forvaltning=F(8, 2))
    # A förvaltning of another kommun than the one named is refused.
    assert not t.allows(kommun_id=1, forvaltning=F(7, 2))
    assert not t.allows(samverkan_id=3)
    assert not policy.Targets()
    assert policy.Targets(everywhere=True).allows(kommun_id=99)


def test_anonymous_and_superuser_targets(world):
    from django.contrib.auth.models import AnonymousUser

    from portfolio.models import System

    assert not policy.targets(AnonymousUser(), System)
    admin = UserFactory(is_superuser=True)
    assert policy.targets(admin, System).everywhere
    with pytest.raises(PermissionDenied):
        policy.require_add(AnonymousUser(), System, kommun_id=world["b"].pk)


def test_people_are_those_with_a_role_in_the_kommun_or_its_samverkan(world):
    in_b = user_with_role(Role.SYSTEMAGARE, forvaltning=world["b_soc"])
    via_samverkan = user_with_role(Role.IT_STRATEG, samverkan=world["samverkan"])
    outside = user_with_role(Role.IT_STRATEG, kommun=world["outside"])
    in_host = user_with_role(Role.IT_STRATEG, kommun=world["host"])
    nobody = UserFactory()
    b_people = set(policy.people(kommun_id=world["b"].pk))
    assert {in_b, via_samverkan} <= b_people
    assert outside not in b_people and nobody not in b_people and in_host not in b_people
    assert in_host in set(policy.people(samverkan_id=world["samverkan"].pk))
    policy.require_person(in_b, kommun_id=world["b"].pk)
    with pytest.raises(ValidationError) as refused:
        policy.require_person(outside, kommun_id=world["b"].pk, field="owner")
    assert "ingen roll i kommunen" in str(refused.value)
