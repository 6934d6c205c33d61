"""Governance: one policy for every action.

Creation asks ``policy.targets``/``require_add``, person pickers offer
``policy.people`` and the services refuse whatever the views do not show
(each refusal is tested by calling the service directly, no view).
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from governance.cases import services as case_services
from governance.cases.forms import CaseForm
from governance.choices import AgendaItemKind, CaseStatus, CouncilKind, MemberRole
from governance.councils import services as council_services
from governance.councils.forms import CouncilForm, CouncilMemberForm
from governance.meetings import services as meeting_services
from governance.meetings.forms import MeetingForm
from governance.models import (
    AnnualMilestone,
    Case,
    Council,
    CouncilMember,
    Decision,
    Meeting,
)
from portfolio import policy
from portfolio.choices import Role
from tests.factories import (
    ForvaltningFactory,
    KommunFactory,
    SamverkanFactory,
    governance_world,
    user_with_role,
)
from tests.test_governance import add_item, decide, meeting, prepared, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return governance_world()


def consulted(w):
    case = submit(w)
    return case_services.record_consultation(actor=w.strateg, case=case, comment="Samråd klart.")


# --- Targets: where each user may add -----------------------------------------------------


def test_targets_of_councils_milestones_and_cases(w):
    council = policy.targets(w.strateg, Council)
    assert council.kommun_ids == {w.kommun.pk} and not council.samverkan_ids
    assert policy.targets(w.strateg, AnnualMilestone).kommun_ids == {w.kommun.pk}
    assert not policy.targets(w.systemagare, Council)
    assert not policy.targets(w.kd, AnnualMilestone)
    # An applicant role at förvaltning scope: the whole kommun, their förvaltning listed.
    case = policy.targets(w.systemagare, Case)
    assert case.kommun_ids == {w.kommun.pk} and case.forvaltning_ids == {w.forvaltning.pk}
    assert case.allows(kommun_id=w.kommun.pk, forvaltning=w.forvaltning)
    assert not case.allows(kommun_id=KommunFactory().pk)
    assert not policy.targets(w.ledamot, Case)


def test_council_targets_for_samverkan_follow_acts_for(w):
    host = KommunFactory()
    hosted = SamverkanFactory(host=host, members=[w.kommun])
    by_own = SamverkanFactory(host=w.kommun, members=[host])
    host_strateg = user_with_role(Role.IT_STRATEG, kommun=host)
    # A steward of a member kommun takes part in ``hosted`` but does not act for it.
    assert policy.targets(w.strateg, Council).samverkan_ids == {by_own.pk}
    assert hosted.pk in policy.targets(host_strateg, Council).samverkan_ids
    assert not policy.can_add(w.strateg, Council, samverkan_id=hosted.pk)
    with pytest.raises(PermissionDenied):
        council_services.create_council(
            actor=w.strateg, samverkan=hosted, kind=CouncilKind.IT_RAD, name="IT-råd"
        )
    created = council_services.create_council(
        actor=w.strateg, samverkan=by_own, kind=CouncilKind.IT_RAD, name="Gemensamt IT-råd"
    )
    assert created.samverkan_id == by_own.pk


def test_governance_rules_answer_add_denied_without_an_object():
    for model in (Council, AnnualMilestone, Case, Meeting, Decision, CouncilMember):
        assert policy.rule_for(model).denied_message(policy.ADD, None)


# --- Tampered creation -----------------------------------------------------------------------


def test_create_council_refuses_another_kommun(w):
    other = KommunFactory()
    with pytest.raises(PermissionDenied):
        council_services.create_council(
            actor=w.strateg, kommun=other, kind=CouncilKind.IT_RAD, name="Fel kommun"
        )
    with pytest.raises(PermissionDenied):
        council_services.create_council(actor=w.strateg, kind=CouncilKind.IT_RAD, name="Ingen")
    assert not Council.objects.filter(name__in=["Fel kommun", "Ingen"]).exists()
    own = council_services.create_council(
        actor=w.strateg, kommun=w.kommun, kind=CouncilKind.IT_RAD, name="Eget IT-råd"
    )
    assert own.kommun_id == w.kommun.pk


def test_tampered_council_post_saves_nothing(w, client):
    other = KommunFactory()
    foreign = SamverkanFactory(host=other, members=[w.kommun])
    client.force_login(w.strateg)
    url = reverse("governance:council_add")
    base = {"kind": CouncilKind.IT_RAD, "name": "Smugglat råd", "meetings_per_year": "4"}
    for tampered in ({"kommun": other.pk}, {"samverkan": foreign.pk}):
        response = client.post(url, {**base, **tampered})
        assert response.status_code in (400, 403, 404)
    assert not Council.objects.filter(name="Smugglat råd").exists()
    form = CouncilForm(user=w.strateg)
    assert list(form.fields["kommun"].queryset) == [w.kommun]
    assert foreign not in form.fields["samverkan"].queryset
    # A user with no steward role gets no page at all.
    client.force_login(w.systemagare)
    assert client.get(url).status_code == 403
    assert client.post(url, {**base, "kommun": w.kommun.pk}).status_code == 403
    assert not Council.objects.filter(name="Smugglat råd").exists()


def test_council_post_for_own_kommun_goes_through_the_service(w, client):
    client.force_login(w.strateg)
    response = client.post(
        reverse("governance:council_add"),
        {
            "kommun": w.kommun.pk,
            "kind": CouncilKind.E_RAD,
            "name": "E-rådet",
            "meetings_per_year": "4",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert Council.objects.get(name="E-rådet").kommun_id == w.kommun.pk


def test_create_milestone_refuses_another_kommun(w, client):
    other = KommunFactory()
    with pytest.raises(PermissionDenied):
        council_services.create_milestone(
            actor=w.strateg, kommun=other, kind="budget", title="Fel", month=3, day=1
        )
    client.force_login(w.strateg)
    response = client.post(
        reverse("governance:milestone_add") + f"?kommun={other.pk}",
        {"kind": "budget", "title": "Fel", "month": "3", "day": "1"},
    )
    assert response.status_code == 403
    assert not AnnualMilestone.objects.filter(title="Fel").exists()
    ok = council_services.create_milestone(
        actor=w.strateg, kommun=w.kommun, kind="budget", title="Rätt", month=3, day=1
    )
    assert ok.kommun_id == w.kommun.pk


def test_case_service_refuses_kommun_and_forvaltning_outside_targets(w):
    other = KommunFactory()
    other_forvaltning = ForvaltningFactory(kommun=other)
    data = {
        "kommun": w.kommun.pk,
        "kind": "other",
        "title": "Smugglat ärende",
        "description": "Behov.",
        "forvaltning": w.forvaltning.pk,
    }
    form = CaseForm(data, user=w.systemagare)
    assert form.is_valid(), form.errors
    form.instance.kommun = other
    form.instance.forvaltning = None
    with pytest.raises(PermissionDenied):
        case_services.submit_case(actor=w.systemagare, form=form)
    form = CaseForm(data, user=w.systemagare)
    assert form.is_valid(), form.errors
    form.instance.forvaltning = other_forvaltning
    with pytest.raises(PermissionDenied):
        case_services.submit_case(actor=w.systemagare, form=form)
    # No applicant role at all.
    form = CaseForm(data, user=w.systemagare)
    assert form.is_valid(), form.errors
    with pytest.raises(PermissionDenied):
        case_services.submit_case(actor=w.ledamot, form=form)
    assert not Case.objects.filter(title="Smugglat ärende").exists()
    assert other not in CaseForm(user=w.systemagare).fields["kommun"].queryset


# --- Person pickers ----------------------------------------------------------------------------


def test_member_picker_offers_only_people_of_the_kommun(w):
    form = CouncilMemberForm(council=w.styrgrupp, user=w.strateg)
    offered = set(form.fields["user"].queryset)
    assert w.fc_other in offered and w.systemagare in offered
    assert w.outsider not in offered


def test_member_service_refuses_a_person_of_another_kommun(w, client):
    member = CouncilMember(council=w.styrgrupp, user=w.outsider, role=MemberRole.LEDAMOT)
    with pytest.raises(ValidationError) as refused:
        council_services.save_member(actor=w.strateg, member=member)
    assert "user" in refused.value.message_dict
    # Changing an existing member to someone outside is refused too.
    existing = w.styrgrupp.members.get(user=w.ledamot)
    existing.user = w.outsider
    with pytest.raises(ValidationError):
        council_services.save_member(actor=w.strateg, member=existing)
    # Rights: the applicant may not manage the council.
    with pytest.raises(PermissionDenied):
        council_services.save_member(
            actor=w.systemagare,
            member=CouncilMember(council=w.styrgrupp, user=w.fc_other, role=MemberRole.LEDAMOT),
        )
    client.force_login(w.strateg)
    response = client.post(
        reverse("governance:member_add", args=[w.styrgrupp.pk]),
        {"user": w.outsider.pk, "role": MemberRole.LEDAMOT, "valid_from": "2026-01-01"},
    )
    assert response.status_code == 400
    assert not w.styrgrupp.members.filter(user=w.outsider).exists()
    added = council_services.save_member(
        actor=w.strateg,
        member=CouncilMember(council=w.styrgrupp, user=w.fc_other, role=MemberRole.LEDAMOT),
    )
    assert added.pk


def test_samverkan_council_people_come_from_member_kommuner(w):
    partner = KommunFactory()
    samverkan = SamverkanFactory(host=w.kommun, members=[partner])
    council = council_services.create_council(
        actor=w.strateg, samverkan=samverkan, kind=CouncilKind.IT_RAD, name="Samverkansråd"
    )
    partner_person = user_with_role(Role.SYSTEMAGARE, kommun=partner)
    offered = set(CouncilMemberForm(council=council, user=w.strateg).fields["user"].queryset)
    assert partner_person in offered and w.outsider not in offered
    with pytest.raises(ValidationError):
        council_services.save_member(
            actor=w.strateg,
            member=CouncilMember(council=council, user=w.outsider, role=MemberRole.LEDAMOT),
        )


def test_meeting_secretary_and_adjuster_must_be_active_members(w):
    form = MeetingForm(
        {"starts_at": "2026-12-10T09:00", "place": "Kommunhuset", "secretary": w.strateg.pk},
        council=w.styrgrupp,
        user=w.strateg,
    )
    assert form.is_valid(), form.errors
    assert w.fc_other not in form.fields["secretary"].queryset
    form.instance.secretary = w.fc_other  # a tampered choice
    with pytest.raises(ValidationError) as refused:
        meeting_services.save_meeting(actor=w.strateg, form=form)
    assert "secretary" in refused.value.message_dict
    form = MeetingForm(
        {"starts_at": "2026-12-10T09:00", "place": "Kommunhuset"},
        council=w.styrgrupp,
        user=w.strateg,
    )
    assert form.is_valid(), form.errors
    form.instance.adjuster = w.outsider
    with pytest.raises(ValidationError) as refused:
        meeting_services.save_meeting(actor=w.strateg, form=form)
    assert "adjuster" in refused.value.message_dict
    assert not Meeting.objects.filter(council=w.styrgrupp).exists()


# --- The services refuse what the views do not show -------------------------------------------


def test_mark_urgent_refuses_before_samrad_and_when_already_urgent(w):
    case = submit(w)
    with pytest.raises(ValidationError, match="samrådet"):
        case_services.mark_urgent(actor=w.strateg, case=case, reason="Avtalet löper ut.")
    case = case_services.record_consultation(actor=w.strateg, case=case, comment="Klart.")
    case = case_services.mark_urgent(actor=w.strateg, case=case, reason="Avtalet löper ut.")
    with pytest.raises(ValidationError, match="redan"):
        case_services.mark_urgent(actor=w.strateg, case=case, reason="Igen.")
    assert case.events.filter(kind="urgent").count() == 1


def test_record_consultation_refuses_a_second_samrad(w):
    case = consulted(w)
    with pytest.raises(ValidationError, match="redan registrerat"):
        case_services.record_consultation(actor=w.strateg, case=case, comment="Igen.")
    assert case.events.filter(kind="consulted").count() == 1


def test_send_to_remiss_refuses_an_inactive_council(w):
    case = consulted(w)
    Council.objects.filter(pk=w.beredning.pk).update(is_active=False)
    w.beredning.refresh_from_db()
    with pytest.raises(ValidationError, match="inte aktivt"):
        case_services.send_to_remiss(actor=w.strateg, case=case, council=w.beredning)
    case.refresh_from_db()
    assert case.status == CaseStatus.ANMALAN and case.remiss_council_id is None


def test_record_decision_refuses_an_information_item(w):
    m = meeting(w)
    item = add_item(w, m, kind=AgendaItemKind.INFORMATION, title="Lägesrapport")
    with pytest.raises(ValidationError, match="informationspunkt"):
        decide(w, item)
    assert not Decision.objects.filter(meeting=m).exists()


def test_record_decision_refuses_correcting_another_councils_decision(w):
    other_meeting = meeting(w, council=w.beredning)
    other_decision = decide(w, add_item(w, other_meeting, kind="other", title="Övrigt"))
    Meeting.objects.filter(pk=other_meeting.pk).update(signed_at=other_meeting.starts_at)
    other_decision.refresh_from_db()
    assert other_decision.is_signed()
    m = meeting(w)
    item = add_item(w, m, kind="other", title="Rättelse")
    with pytest.raises(ValidationError) as refused:
        decide(w, item, corrects=other_decision)
    assert "corrects" in refused.value.message_dict
    assert not Decision.objects.filter(meeting=m).exists()


def test_record_attendance_refuses_an_adjuster_who_is_not_attending(w):
    m = meeting(w)
    present = [w.kd.pk, w.strateg.pk]
    with pytest.raises(ValidationError) as refused:
        meeting_services.record_attendance(
            actor=w.strateg, meeting=m, present_user_ids=present, adjuster=w.ledamot
        )
    assert "adjuster" in refused.value.message_dict
    with pytest.raises(ValidationError):
        meeting_services.record_attendance(
            actor=w.strateg,
            meeting=m,
            present_user_ids=[*present, w.outsider.pk],
            adjuster=w.outsider,
        )
    m.refresh_from_db()
    assert m.adjuster_id == w.ledamot.pk  # unchanged from the meeting form
    assert not m.attendance.filter(present=True).exists()
    meeting_services.record_attendance(
        actor=w.strateg, meeting=m, present_user_ids=present, adjuster=w.kd
    )
    m.refresh_from_db()
    assert m.adjuster_id == w.kd.pk


def test_case_action_view_honours_when_an_action_is_shown(w, client):
    case = submit(w)
    client.force_login(w.strateg)
    url = reverse("governance:case_action", args=[case.pk, "bradskande"])
    response = client.post(url, {"reason": "Forcerat."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert not case.urgent
    assert client.get(reverse("governance:case_action", args=[case.pk, "remiss"])).status_code == (
        302
    )
    ready = prepared(w, title="Berett ärende")
    response = client.post(
        reverse("governance:case_action", args=[ready.pk, "samrad"]), {"comment": "Igen."}
    )
    assert response.status_code == 302
    assert ready.events.filter(kind="consulted").count() == 1


def test_decision_page_refuses_an_information_item(w, client):
    m = meeting(w)
    item = add_item(w, m, kind=AgendaItemKind.INFORMATION, title="Lägesrapport")
    client.force_login(w.strateg)
    url = reverse("governance:decision_add", args=[item.pk])
    response = client.post(url, {"decision_type": "bifall", "text": "Forcerat."})
    assert response.status_code == 302
    assert not Decision.objects.filter(agenda_item=item).exists()
