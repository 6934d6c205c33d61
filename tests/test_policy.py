import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from portfolio import policy
from portfolio.choices import Role
from portfolio.models import Forvaltning, Kommun, RoleAssignment
from portfolio.organisation import services
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
    a, b, c = (
        KommunFactory(name="A-kommun"),
        KommunFactory(name="B-kommun"),
        KommunFactory(name="C-kommun"),
    )
    samverkan = SamverkanFactory(name="AB-IT", host=a, members=[b])
    return {
        "a": a,
        "b": b,
        "c": c,
        "samverkan": samverkan,
        "a_soc": ForvaltningFactory(kommun=a, name="Soc A"),
        "a_bou": ForvaltningFactory(kommun=a, name="BoU A"),
        "c_soc": ForvaltningFactory(kommun=c, name="Soc C"),
    }


def test_anonymous_is_redirected_to_login(client, world):
    for url in [
        reverse("portfolio:home"),
        reverse("portfolio:kommun_detail", args=[world["a"].pk]),
        reverse("portfolio:role_list"),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_user_of_kommun_a_gets_404_for_kommun_c_forvaltning(client, world):
    user = user_with_role(Role.IT_STRATEG, kommun=world["a"])
    client.force_login(user)
    assert (
        client.get(reverse("portfolio:forvaltning_detail", args=[world["a_soc"].pk])).status_code
        == 200
    )
    response = client.get(reverse("portfolio:forvaltning_detail", args=[world["c_soc"].pk]))
    assert response.status_code == 404
    assert "Soc C" not in response.content.decode()


def test_forvaltningschef_sees_only_own_forvaltning(world):
    chef = user_with_role(Role.FORVALTNINGSCHEF, forvaltning=world["a_soc"])
    visible = set(policy.restrict(Forvaltning.objects.all(), chef))
    assert visible == {world["a_soc"]}
    with pytest.raises(Http404):
        policy.require(chef, policy.VIEW, world["a_bou"])


def test_samverkan_member_sees_member_municipalities(world):
    user = user_with_role(Role.IT_STRATEG, kommun=world["b"])
    visible = set(policy.restrict(Kommun.objects.all(), user))
    assert visible == {world["a"], world["b"]}
    # ...but not the partner's internal förvaltningar
    assert not policy.restrict(Forvaltning.objects.filter(kommun=world["a"]), user).exists()


def test_samverkan_scoped_role_covers_every_member(world):
    user = user_with_role(Role.IT_STRATEG, samverkan=world["samverkan"])
    scope = policy.get_scope(user)
    assert scope.kommun_ids() == {world["a"].pk, world["b"].pk}
    assert set(policy.restrict(Forvaltning.objects.all(), user)) == {
        world["a_soc"],
        world["a_bou"],
    }


def test_visible_but_not_allowed_is_403_with_swedish_message(world):
    reader = user_with_role(Role.LASARE, kommun=world["a"])
    with pytest.raises(PermissionDenied) as exc:
        policy.require(reader, policy.MANAGE, world["a"])
    assert "IT-strateg" in str(exc.value)


def test_guardian_object_permission_grants_view(world):
    from guardian.shortcuts import assign_perm

    outsider = UserFactory()
    assert not policy.can(outsider, policy.VIEW, world["c"])
    assign_perm("view_kommun", outsider, world["c"])
    policy.forget_scope(outsider)
    assert policy.can(outsider, policy.VIEW, world["c"])
    assert not policy.can(outsider, policy.MANAGE, world["c"])


def test_role_assignment_by_it_strateg_is_recorded_in_history(client, world):
    strateg = user_with_role(Role.IT_STRATEG, kommun=world["a"])
    target = UserFactory(username="ny.person")
    client.force_login(strateg)
    response = client.post(
        reverse("portfolio:role_add"),
        {
            "user": target.pk,
            "role": Role.FORVALTNINGSCHEF,
            "forvaltning": world["a_soc"].pk,
            "valid_from": "2026-01-01",
        },
    )
    assert response.status_code == 302, response.content.decode()
    assignment = RoleAssignment.objects.get(user=target)
    record = assignment.history.latest()
    assert record.history_type == "+"
    assert record.history_user == strateg


def test_role_assignment_outside_own_kommun_is_refused(client, world):
    strateg = user_with_role(Role.IT_STRATEG, kommun=world["a"])
    target = UserFactory()
    client.force_login(strateg)
    # Tampering: the förvaltning of another kommun is not even a valid choice.
    response = client.post(
        reverse("portfolio:role_add"),
        {
            "user": target.pk,
            "role": Role.IT_STRATEG,
            "forvaltning": world["c_soc"].pk,
            "valid_from": "2026-01-01",
        },
    )
    assert response.status_code == 400
    assert not RoleAssignment.objects.filter(user=target).exists()
    with pytest.raises(PermissionDenied):
        services.assign_role(actor=strateg, user=target, role=Role.LASARE, kommun=world["c"])


def test_role_assignment_needs_exactly_one_scope(client, world):
    strateg = user_with_role(Role.IT_STRATEG, kommun=world["a"])
    client.force_login(strateg)
    response = client.post(
        reverse("portfolio:role_add"),
        {
            "user": UserFactory().pk,
            "role": Role.LASARE,
            "kommun": world["a"].pk,
            "forvaltning": world["a_soc"].pk,
            "valid_from": "2026-01-01",
        },
    )
    assert response.status_code == 400
    assert "exakt en omfattning" in response.content.decode()


def test_reader_cannot_open_role_form(client, world):
    reader = user_with_role(Role.LASARE, kommun=world["a"])
    client.force_login(reader)
    assert client.get(reverse("portfolio:role_add")).status_code == 403


def test_ending_a_role_removes_access(client, world):
    strateg = user_with_role(Role.IT_STRATEG, kommun=world["a"])
    chef = user_with_role(Role.FORVALTNINGSCHEF, forvaltning=world["a_soc"])
    assignment = chef.role_assignments.get()
    client.force_login(strateg)
    response = client.post(reverse("portfolio:role_end", args=[assignment.pk]))
    assert response.status_code == 302
    policy.forget_scope(chef)
    assert not policy.restrict(Forvaltning.objects.all(), chef).exists()
    # Another kommun's strateg cannot even see it.
    other = user_with_role(Role.IT_STRATEG, kommun=world["c"])
    client.force_login(other)
    assert client.post(reverse("portfolio:role_end", args=[assignment.pk])).status_code == 404


@pytest.mark.parametrize("rows", [3, 30])
def test_role_list_query_count_is_flat(client, world, rows, django_assert_max_num_queries):
    strateg = user_with_role(Role.IT_STRATEG, kommun=world["a"])
    for _ in range(rows):
        user_with_role(Role.LASARE, forvaltning=world["a_soc"])
    client.force_login(strateg)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("portfolio:role_list"))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_kommun_list_query_count_is_flat(client, rows, django_assert_max_num_queries):
    host = KommunFactory()
    members = [KommunFactory() for _ in range(rows)]
    SamverkanFactory(host=host, members=members)
    user = user_with_role(Role.IT_STRATEG, kommun=host)
    client.force_login(user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("portfolio:kommun_list"))
    assert response.status_code == 200
    assert members[-1].name in response.content.decode() or rows > 25
