"""Each service refuses what its view never offers, when called directly (forged requests)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from governance.cases import services as case_services
from portfolio import policy
from portfolio.choices import Role
from portfolio.models import RoleAssignment, System
from portfolio.organisation import services as organisation_services
from portfolio.registers import services as register_services
from tests.factories import (
    ForvaltningFactory,
    KommunFactory,
    SystemFactory,
    governance_world,
    user_with_role,
)
from tests.test_governance import submit

pytestmark = pytest.mark.django_db


def test_bradskande_is_refused_before_samrad_and_twice():
    w = governance_world()
    case = submit(w)
    with pytest.raises(ValidationError, match="efter samrådet"):
        case_services.mark_urgent(actor=w.strateg, case=case, reason="Avtalet löper ut.")
    case.refresh_from_db()
    assert not case.urgent
    case_services.record_consultation(actor=w.strateg, case=case, comment="Samråd klart.")
    case_services.mark_urgent(actor=w.strateg, case=case, reason="Avtalet löper ut.")
    with pytest.raises(ValidationError, match="redan"):
        case_services.mark_urgent(actor=w.strateg, case=case, reason="Nytt skäl.")
    case.refresh_from_db()
    assert case.urgent_reason == "Avtalet löper ut."


def test_samrad_is_recorded_once():
    w = governance_world()
    case = submit(w)
    case_services.record_consultation(actor=w.strateg, case=case, comment="Första.")
    with pytest.raises(ValidationError, match="redan registrerat"):
        case_services.record_consultation(actor=w.strateg, case=case, comment="Andra.")
    case.refresh_from_db()
    assert case.consultation_comment == "Första."


@pytest.fixture
def two_kommuner():
    a_fv = ForvaltningFactory(kommun=KommunFactory(name="A"), name="Soc A")
    b_fv = ForvaltningFactory(kommun=KommunFactory(name="B"), name="Soc B")
    strateg = user_with_role(Role.IT_STRATEG, kommun=a_fv.kommun)
    owner_a = user_with_role(Role.SYSTEMAGARE, forvaltning=a_fv)
    owner_b = user_with_role(Role.SYSTEMAGARE, forvaltning=b_fv)
    return a_fv, b_fv, strateg, owner_a, owner_b


def test_system_outside_the_actors_targets_is_refused(two_kommuner):
    a_fv, b_fv, strateg, owner_a, _owner_b = two_kommuner
    system = System(name="Smygsystem", forvaltning=b_fv, owner=owner_a, kind="verksamhetssystem")
    with pytest.raises(PermissionDenied):
        register_services.save_system(actor=strateg, system=system)
    assert not System.objects.filter(name="Smygsystem").exists()


def test_owner_from_another_kommun_is_refused(two_kommuner):
    a_fv, _b_fv, strateg, _owner_a, owner_b = two_kommuner
    system = SystemFactory(forvaltning=a_fv, kommun=a_fv.kommun, owner=strateg)
    system.owner = owner_b
    with pytest.raises(ValidationError, match="ingen roll i kommunen"):
        register_services.save_system(actor=strateg, system=system)
    system.refresh_from_db()
    assert system.owner == strateg
    # ...and is not even offered by the form.
    from portfolio.registers.forms import SystemForm

    form = SystemForm(instance=system, user=strateg)
    assert owner_b not in form.fields["owner"].queryset
    assert owner_b not in policy.people(kommun_id=a_fv.kommun_id)


def test_owner_cannot_move_a_system_to_another_kommun(two_kommuner):
    a_fv, b_fv, _strateg, owner_a, _owner_b = two_kommuner
    system = SystemFactory(forvaltning=a_fv, kommun=a_fv.kommun, owner=owner_a)
    system.forvaltning = b_fv
    with pytest.raises(PermissionDenied):
        register_services.save_system(actor=owner_a, system=system)
    system.refresh_from_db()
    assert system.forvaltning == a_fv


def test_role_outside_the_actors_targets_and_ending_twice_are_refused(two_kommuner):
    a_fv, b_fv, strateg, owner_a, _owner_b = two_kommuner
    with pytest.raises(PermissionDenied):
        organisation_services.assign_role(
            actor=strateg, user=owner_a, role=Role.LASARE, forvaltning=b_fv
        )
    assignment = RoleAssignment.objects.get(user=owner_a)
    organisation_services.end_role_assignment(actor=strateg, assignment=assignment)
    assignment.refresh_from_db()
    ended = assignment.valid_until
    import datetime

    later = ended + datetime.timedelta(days=30)
    with pytest.raises(ValidationError, match="redan upphört"):
        organisation_services.end_role_assignment(actor=strateg, assignment=assignment, on=later)
    assignment.refresh_from_db()
    assert assignment.valid_until == ended


def test_tampered_system_form_for_another_kommun_is_refused(client, two_kommuner):
    from django.urls import reverse

    a_fv, b_fv, strateg, owner_a, _owner_b = two_kommuner
    client.force_login(strateg)
    response = client.post(
        reverse("portfolio:system_add"),
        {
            "name": "Smygsystem",
            "kind": "verksamhetssystem",
            "category": "verksamhetssystem",
            "area": "it",
            "forvaltning": b_fv.pk,
            "owner": owner_a.pk,
            "hosting": "saas",
            "lifecycle": "drift",
        },
    )
    assert response.status_code in (400, 403)
    assert not System.objects.filter(name="Smygsystem").exists()
