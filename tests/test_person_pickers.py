"""Person pickers offer only the people of the object's kommun, with their roles,
and each service refuses anyone else (a forged POST saves nothing)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from governance.choices import MemberRole
from governance.councils import services as council_services
from governance.itplans import services as plan_services
from governance.meetings.forms import MeetingForm
from governance.models import CouncilMember, ITPlan
from portfolio import policy
from portfolio.choices import Role
from portfolio.initiatives import services as initiative_services
from portfolio.initiatives.forms import BenefitLineForm, InitiativeForm
from portfolio.models import BenefitLine, Initiative
from portfolio.registers.forms import SystemForm
from tests.factories import (
    ForvaltningFactory,
    InitiativeFactory,
    KommunFactory,
    SystemFactory,
    governance_world,
    user_with_role,
)

pytestmark = pytest.mark.django_db

REFUSED = "ingen roll i kommunen"


@pytest.fixture
def w():
    w = governance_world()
    w.owner = user_with_role(
        Role.SYSTEMAGARE, forvaltning=w.forvaltning, first_name="Anna", last_name="Berg"
    )
    w.other_kommun = KommunFactory(name="Annanstad")
    w.stranger = user_with_role(
        Role.SYSTEMAGARE,
        forvaltning=ForvaltningFactory(kommun=w.other_kommun, name="Soc Annanstad"),
        first_name="Olle",
        last_name="Främling",
    )
    return w


def labels(field) -> list[str]:
    return [str(label) for value, label in field.choices if value != ""]


def test_the_system_form_offers_the_kommuns_people_with_their_roles(w, django_assert_num_queries):
    system = SystemFactory(forvaltning=w.forvaltning, kommun=w.kommun, owner=w.owner)
    form = SystemForm(instance=system, user=w.strateg)
    # the people and their roles: two queries, whatever the number of people
    with django_assert_num_queries(2):
        offered = labels(form.fields["owner"])
    assert "Anna Berg (Systemägare, Socialförvaltningen)" in offered
    assert not any("Främling" in label for label in offered)
    assert any(label.endswith(f"(IT-strateg, {w.kommun.name})") for label in offered)
    html = str(form["owner"])
    assert "data-person-picker" in html and "Anna Berg (Systemägare, Socialförvaltningen)" in html


def test_a_picker_over_several_kommuner_names_the_kommun_of_a_forvaltning(w):
    user_with_role(Role.IT_STRATEG, kommun=w.other_kommun, username="dubbel")
    form = InitiativeForm(user=w.strateg)
    people = policy.people(kommun_ids=[w.kommun.pk, w.other_kommun.pk])
    form.fields["contact"].queryset = people
    offered = labels(form.fields["contact"])
    assert f"Anna Berg (Systemägare, Socialförvaltningen, {w.kommun.name})" in offered
    assert "Olle Främling (Systemägare, Soc Annanstad, Annanstad)" in offered


def test_council_pickers_show_roles_in_the_councils_kommun(w):
    form = MeetingForm(council=w.styrgrupp, user=w.strateg)
    offered = labels(form.fields["adjuster"])
    assert any("Styrgruppsledamot" in label for label in offered)
    assert len(offered) == 3  # the styrgrupp's members only


def test_benefit_owner_from_another_kommun_is_not_offered_and_refused(w):
    initiative = InitiativeFactory(forvaltning=w.forvaltning, contact=w.owner)
    form = BenefitLineForm(user=w.strateg, initiative=initiative)
    assert w.stranger not in form.fields["owner"].queryset
    benefit = BenefitLine(kind="tid", description="Tid", owner=w.stranger, yearly_value=1)
    with pytest.raises(ValidationError, match=REFUSED):
        initiative_services.add_benefit_line(
            actor=w.strateg, initiative=initiative, benefit=benefit
        )
    assert not initiative.benefits.exists()


def test_initiative_contact_from_another_kommun_is_refused(w):
    initiative = Initiative(
        title="Smyginitiativ",
        description="x",
        kind="e_tjanst",
        area="administration",
        forvaltning=w.forvaltning,
        contact=w.stranger,
    )
    with pytest.raises(ValidationError, match=REFUSED):
        initiative_services.register_initiative(actor=w.strateg, initiative=initiative)
    assert not Initiative.objects.filter(title="Smyginitiativ").exists()
    existing = InitiativeFactory(forvaltning=w.forvaltning, contact=w.owner)
    existing.contact = w.stranger
    with pytest.raises(ValidationError, match=REFUSED):
        initiative_services.update_initiative(actor=w.strateg, initiative=existing)
    existing.refresh_from_db()
    assert existing.contact == w.owner


def test_council_member_from_another_kommun_is_refused(w):
    member = CouncilMember(
        council=w.styrgrupp,
        user=w.stranger,
        role=MemberRole.LEDAMOT,
        valid_from=datetime.date(2026, 1, 1),
    )
    with pytest.raises(ValidationError, match=REFUSED):
        council_services.save_member(actor=w.strateg, member=member)
    assert not w.styrgrupp.members.filter(user=w.stranger).exists()


def test_it_plan_contact_from_another_kommun_is_refused(w):
    fc = user_with_role(Role.FORVALTNINGSCHEF, forvaltning=w.forvaltning)
    with pytest.raises(ValidationError, match=REFUSED):
        plan_services.start_plan(actor=fc, forvaltning=w.forvaltning, year=2031, contact=w.stranger)
    assert not ITPlan.objects.filter(year=2031).exists()
    plan = plan_services.start_plan(actor=fc, forvaltning=w.forvaltning, year=2031, contact=fc)
    with pytest.raises(ValidationError, match=REFUSED):
        plan_services.update_plan(actor=fc, plan=plan, contact=w.stranger, summary="Ny text")
    plan.refresh_from_db()
    assert plan.contact == fc and plan.summary == ""
