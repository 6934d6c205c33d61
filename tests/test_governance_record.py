"""Issue 12, decisions and minutes: a record the municipality can trust.

* A decision takes effect when its minutes are justerade (or its § alone, by
  omedelbar justering); nothing moves and nobody is e-mailed before.
* Time is real: no justering before the meeting; decisions carry the meeting's date.
* Jäv: the applicant and a jävig member give no yttrande, record no decision
  and justera nothing in the §; the minutes say so.
* The minutes PDF has signature lines and a running footer with council, date, page.
* A system, initiative or ärende named in a decision can't be deleted.
"""

from __future__ import annotations

import datetime
import io
import re
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from governance.cases import services as case_services
from governance.choices import CaseKind, CaseStatus, DecisionType, MemberRole
from governance.meetings import decisions as decision_services
from governance.meetings import justering
from governance.meetings import recusals as recusal_services
from governance.meetings import services as meeting_services
from governance.meetings.forms import AgendaItemForm
from governance.meetings.minutes import render_minutes_html
from governance.models import (
    AgendaItem,
    Case,
    CouncilMember,
    Decision,
    Meeting,
    Recusal,
    SignedMinutesError,
)
from portfolio import policy
from portfolio.choices import InitiativeStatus, Role
from portfolio.jobs import JobStatus
from tests.factories import InitiativeFactory, SystemFactory, governance_world, user_with_role
from tests.test_governance import add_item, decide, meeting, prepared, sign, submit

pytestmark = pytest.mark.django_db

HELD = datetime.datetime(2026, 9, 12, 9, 0)


@pytest.fixture
def w():
    return governance_world()


def held_meeting(w, when=HELD, **kwargs):
    return meeting(w, timezone.make_aware(when), **kwargs)


def with_initiative(w):
    initiative = InitiativeFactory(
        kommun=w.kommun,
        forvaltning=w.forvaltning,
        contact=w.systemagare,
        status=InitiativeStatus.PRIORITERING,
    )
    return prepared(w, initiative=initiative), initiative


def name(user) -> str:
    return user.get_full_name() or user.username


# --- A decision takes effect at justering -------------------------------------------------


def test_nothing_moves_and_nobody_is_told_before_the_justering(
    w, django_capture_on_commit_callbacks
):
    case, initiative = with_initiative(w)
    m = held_meeting(w)
    item = add_item(w, m, case)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        decision = decide(w, item)
    case.refresh_from_db()
    initiative.refresh_from_db()
    assert case.status == CaseStatus.BEREDD and case.procurement_notified_at is None
    assert initiative.status == InitiativeStatus.PRIORITERING
    assert callbacks == [] and mail.outbox == []
    assert decision.effective_at is None and not decision.is_final
    assert case.events.last().kind == "recorded"
    assert "IT-styrgrupp 2026-09-12 § 1" in case.events.last().comment

    with django_capture_on_commit_callbacks(execute=True):
        justering.sign_minutes(actor=w.ledamot, meeting=m)
    case.refresh_from_db()
    initiative.refresh_from_db()
    decision.refresh_from_db()
    assert case.status == CaseStatus.UPPHANDLING and case.procurement_notified_at
    assert initiative.status == InitiativeStatus.BESLUTAD
    assert initiative.decision_reference == "IT-styrgrupp 2026-09-12 § 1"
    assert decision.effective_at is not None and decision.is_final
    assert sorted(msg.to[0] for msg in mail.outbox) == sorted(
        [w.systemagare.email, "upphandling@kommun.se", "it@kommun.se"]
    )
    assert all("2026-09-12 § 1" in msg.body for msg in mail.outbox)
    kinds = list(case.events.values_list("kind", "actor"))
    assert ("decided", w.ledamot.pk) in kinds and ("notified", w.ledamot.pk) in kinds


def test_the_case_page_shows_a_recorded_decision_that_is_not_justerat(w, client):
    case = prepared(w)
    m = held_meeting(w)
    decide(w, add_item(w, m, case))
    client.force_login(w.strateg)  # the sekreterare runs the process
    body = client.get(case.get_absolute_url()).content.decode()
    assert 'data-testid="case-pending"' in body and "Beslut registrerat (§ 1), ej justerat" in body
    assert "3. Beredd, väntar på beslut" in body
    client.force_login(w.systemagare)  # the applicant is told at justering, not before
    body = client.get(case.get_absolute_url()).content.decode()
    assert 'data-testid="case-pending"' not in body


def test_the_applicant_reads_the_decision_only_once_it_is_justerad(w, client):
    case = prepared(w)
    m = held_meeting(w)
    decision = decide(w, add_item(w, m, case))
    assert not policy.can(w.systemagare, policy.VIEW, decision)
    client.force_login(w.systemagare)
    url = reverse("governance:decision_detail", args=[decision.pk])
    assert client.get(url).status_code == 404
    sign(w, m)
    decision.refresh_from_db()
    assert policy.can(w.systemagare, policy.VIEW, decision)
    assert client.get(url).status_code == 200


def test_a_case_with_a_decision_waiting_for_justering_is_not_decided_again(w):
    case = prepared(w, kind=CaseKind.KOMMUNGEMENSAMT)
    m = held_meeting(w)
    decide(w, add_item(w, m, case), DecisionType.BORDLAGGNING)
    later = held_meeting(w, datetime.datetime(2026, 10, 1, 9))
    form = AgendaItemForm({"kind": "case", "case": case.pk}, meeting=later, user=w.strateg)
    assert not form.is_valid()  # not offered
    forged = SimpleNamespace(save=lambda commit: AgendaItem(kind="case", case=case, title=""))
    with pytest.raises(ValidationError, match="väntar på justering"):
        meeting_services.add_agenda_item(actor=w.strateg, meeting=later, form=forged)
    with pytest.raises(ValidationError, match="väntar på justering"):
        decision_services.record_delegation_decision(
            actor=w.kd, case=case, decision_type=DecisionType.BIFALL, text="x"
        )
    sign(w, m)  # bordläggning: the ärende may go on a later agenda once justerad
    add_item(w, later, case)


def test_a_case_waiting_for_justering_is_neither_withdrawn_nor_sent_on(w, client):
    case = submit(w)
    case_services.record_consultation(actor=w.strateg, case=case, comment="ok")
    case_services.mark_urgent(actor=w.strateg, case=case, reason="Avtalet löper ut.")
    m = held_meeting(w)
    decide(w, add_item(w, m, case))
    with pytest.raises(ValidationError, match="väntar på justering"):
        case_services.withdraw_case(actor=w.strateg, case=case, comment="Ångrar")
    with pytest.raises(ValidationError, match="väntar på justering"):
        case_services.send_to_remiss(actor=w.strateg, case=case, council=w.beredning)
    client.force_login(w.strateg)
    assert "Återkalla ärendet" not in client.get(case.get_absolute_url()).content.decode()
    sign(w, m)
    assert Case.objects.get(pk=case.pk).status == CaseStatus.UPPHANDLING


def test_omedelbar_justering_of_one_paragraph(w, client, django_capture_on_commit_callbacks):
    case, initiative = with_initiative(w)
    m = held_meeting(w)
    urgent = decide(w, add_item(w, m, case))
    other = decide(w, add_item(w, m, kind="other", title="Regler för molntjänster"))
    with pytest.raises(PermissionDenied):  # only the meeting's justerare
        justering.adjust_decision(actor=w.strateg, decision=urgent)
    with django_capture_on_commit_callbacks(execute=True):
        urgent = justering.adjust_decision(actor=w.ledamot, decision=urgent)
    case.refresh_from_db()
    initiative.refresh_from_db()
    assert case.status == CaseStatus.UPPHANDLING
    assert initiative.status == InitiativeStatus.BESLUTAD
    assert "upphandling@kommun.se" in [msg.to[0] for msg in mail.outbox]
    assert urgent.is_final and urgent.adjusted_by == w.ledamot
    # The § is frozen ...
    urgent.text = "Ändrad"
    with pytest.raises(SignedMinutesError):
        urgent.save()
    with pytest.raises((ValidationError, PermissionDenied)):
        justering.adjust_decision(actor=w.ledamot, decision=Decision.objects.get(pk=urgent.pk))
    with pytest.raises((ValidationError, PermissionDenied)):
        recusal_services.record_recusal(
            actor=w.strateg, item=urgent.agenda_item, user=w.kd, reason="x"
        )
    # ... the rest of the minutes is not.
    m.refresh_from_db()
    assert not m.is_signed() and not Decision.objects.get(pk=other.pk).is_final
    decide(w, add_item(w, m, kind="other", title="Tillägg efter omedelbar justering"))
    # It is public before the rest of the minutes.
    client.force_login(w.fc_other)
    assert client.get(urgent.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sign(w, m)
    assert case.events.filter(kind="decided").count() == 1  # not applied twice
    assert "upphandling@kommun.se" not in [msg.to[0] for msg in mail.outbox]
    html = render_minutes_html(Meeting.objects.get(pk=m.pk))
    section = html.split("§ 1 ")[1].split("§ 2 ")[0]
    assert "Paragrafen förklaras omedelbart justerad." in section
    assert html.count("Paragrafen förklaras omedelbart justerad.") == 1


def test_omedelbar_justering_page_and_permissions(w, client):
    m = held_meeting(w)
    decision = decide(w, add_item(w, m, prepared(w)))
    url = reverse("governance:decision_adjust", args=[decision.pk])
    client.force_login(w.outsider)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    client.force_login(w.strateg)  # sekreterare, not justerare
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    client.force_login(w.ledamot)
    page = client.get(m.get_absolute_url()).content.decode()
    assert url in page and "Justera omedelbart" in page
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert Decision.objects.get(pk=decision.pk).adjusted_at is not None
    assert 'data-testid="adjusted"' in client.get(m.get_absolute_url()).content.decode()


# --- Time is real ---------------------------------------------------------------------------


def test_justering_before_the_meeting_is_refused(w, client):
    ahead = timezone.localtime() + datetime.timedelta(days=7)
    m = meeting(w, ahead.replace(tzinfo=None, second=0, microsecond=0))
    decision = decide(w, add_item(w, m, prepared(w)))
    with pytest.raises(ValidationError, match="inte ägt rum"):
        justering.sign_minutes(actor=w.ledamot, meeting=m)
    with pytest.raises(ValidationError, match="inte ägt rum"):
        justering.adjust_decision(actor=w.ledamot, decision=decision)
    assert not Meeting.objects.get(pk=m.pk).is_signed()
    assert Case.objects.get(pk=decision.case_id).status == CaseStatus.BEREDD
    client.force_login(w.ledamot)
    page = client.get(m.get_absolute_url()).content.decode()
    assert reverse("governance:meeting_sign", args=[m.pk]) not in page
    assert "Justera omedelbart" not in page
    assert "Protokollet kan justeras efter sammanträdet" in page
    response = client.post(reverse("governance:meeting_sign", args=[m.pk]), follow=True)
    assert "inte ägt rum" in response.content.decode()
    assert not Meeting.objects.get(pk=m.pk).is_signed()


def test_decisions_carry_the_meeting_date(w, client, django_capture_on_commit_callbacks):
    m = held_meeting(w)
    decision = decide(w, add_item(w, m, kind="other", title="Öppet beslut"))
    assert decision.decision_date == datetime.date(2026, 9, 12)
    assert timezone.localdate(decision.decided_at) != decision.decision_date  # entered today
    with django_capture_on_commit_callbacks():
        sign(w, m)
    today = timezone.localdate().isoformat()
    client.force_login(w.strateg)
    body = client.get(reverse("governance:decision_list")).content.decode()
    row = re.search(r"<tr[^>]*>(?:(?!</tr>).)*Öppet beslut(?:(?!</tr>).)*</tr>", body, re.S)
    assert row and "2026-09-12" in row.group(0) and today not in row.group(0)
    export = client.get(reverse("governance:decision_list") + "?export=csv").content.decode()
    assert "2026-09-12" in export and today not in export
    public = client.get(reverse("offentligt:public_decisions", args=[w.kommun.kommunkod]))
    row = re.search(
        r"<tr>(?:(?!</tr>).)*Öppet beslut(?:(?!</tr>).)*</tr>", public.content.decode(), re.S
    )
    assert row and "2026-09-12" in row.group(0) and today not in row.group(0)
    detail = client.get(decision.get_absolute_url()).content.decode()
    assert re.search(r'data-testid="decision-date">2026-09-12<', detail)
    assert "2026-09-12" in render_minutes_html(Meeting.objects.get(pk=m.pk))


def test_a_new_meeting_date_moves_its_decisions_date(w):
    from governance.meetings.forms import MeetingForm

    m = held_meeting(w)
    decision = decide(w, add_item(w, m, kind="other", title="Punkt"))
    form = MeetingForm(
        {"starts_at": "2026-09-14T09:00", "place": "Kommunhuset", "secretary": w.strateg.pk,
         "adjuster": w.ledamot.pk},
        instance=Meeting.objects.get(pk=m.pk), council=m.council, user=w.strateg,
    )  # fmt: skip
    assert form.is_valid(), form.errors
    meeting_services.save_meeting(actor=w.strateg, form=form)
    assert Decision.objects.get(pk=decision.pk).decision_date == datetime.date(2026, 9, 14)


def test_a_delegationsbeslut_carries_its_decision_day(w):
    case = prepared(w, kind=CaseKind.KOMMUNGEMENSAMT)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        decision_services.record_delegation_decision(
            actor=w.kd, case=case, decision_type=DecisionType.BIFALL, text="x",
            decision_date=tomorrow,
        )  # fmt: skip
    decision = decision_services.record_delegation_decision(
        actor=w.kd, case=case, decision_type=DecisionType.BIFALL, text="Beviljas."
    )
    assert decision.decision_date == timezone.localdate() and decision.effective_at
    assert Case.objects.get(pk=case.pk).status == CaseStatus.UPPHANDLING  # no minutes: now


# --- Jäv -------------------------------------------------------------------------------------


def test_the_applicant_gives_no_yttrande_on_their_own_case(w, client):
    case = submit(w)  # the systemägare, a member of the beredningsgrupp, applies
    case_services.record_consultation(actor=w.strateg, case=case, comment="ok")
    case_services.send_to_remiss(actor=w.strateg, case=case, council=w.beredning)
    assert not policy.can(w.systemagare, policy.REVIEW, case)
    assert policy.can(w.strateg, policy.REVIEW, case)
    with pytest.raises(PermissionDenied, match="Anmälaren"):
        case_services.record_opinion(actor=w.systemagare, case=case, opinion="Bra idé")
    client.force_login(w.systemagare)
    assert "Lämna yttrande" not in client.get(case.get_absolute_url()).content.decode()
    url = reverse("governance:case_action", args=[case.pk, "yttrande"])
    assert client.post(url, {"opinion": "Bra idé"}).status_code == 403
    assert Case.objects.get(pk=case.pk).status == CaseStatus.BEREDNING


def test_a_member_with_jav_in_the_case_gives_no_yttrande(w):
    both = user_with_role(Role.STYRGRUPPSLEDAMOT, kommun=w.kommun)
    for council in (w.styrgrupp, w.beredning):
        CouncilMember.objects.create(
            council=council,
            user=both,
            role=MemberRole.LEDAMOT,
            valid_from=datetime.date(2024, 1, 1),
        )
    case = prepared(w)
    m = held_meeting(w)
    item = add_item(w, m, case)
    recusal_services.record_recusal(actor=w.strateg, item=item, user=both, reason="Jävig")
    decide(w, item, DecisionType.ATERREMISS)
    sign(w, m)
    case.refresh_from_db()
    assert case.status == CaseStatus.BEREDNING
    with pytest.raises(PermissionDenied):
        case_services.record_opinion(actor=both, case=case, opinion="x")
    case_services.record_opinion(actor=w.strateg, case=case, opinion="Tillstyrks igen.")


def test_a_javig_member_does_not_record_the_decision(w):
    m = held_meeting(w)
    item = add_item(w, m, prepared(w))
    recusal_services.record_recusal(
        actor=w.kd, item=item, user=w.strateg, reason="Närstående hos leverantören."
    )
    assert not policy.can(w.strateg, policy.DECIDE, item)
    with pytest.raises(ValidationError, match="jävig"):
        decide(w, item)
    assert not Decision.objects.exists()
    decision = decision_services.record_decision(
        actor=w.kd, item=item, decision_type=DecisionType.BIFALL, text="Bifalls."
    )
    assert decision.recorded_by == w.kd


def test_the_applicant_does_not_record_the_decision_on_their_case(w):
    case = submit(w)
    Case.objects.filter(pk=case.pk).update(applicant=w.strateg)  # the sekreterare applied
    case = Case.objects.get(pk=case.pk)
    case_services.record_consultation(actor=w.strateg, case=case, comment="ok")
    case_services.mark_urgent(actor=w.strateg, case=case, reason="Avtalet löper ut.")
    m = held_meeting(w)
    item = add_item(w, m, case)
    with pytest.raises(ValidationError, match="Anmälare i ärendet"):
        decide(w, item)
    decision_services.record_decision(
        actor=w.kd, item=item, decision_type=DecisionType.BIFALL, text="Bifalls."
    )


def test_a_javig_justerare_justerar_neither_the_paragraph_nor_the_minutes(w):
    m = held_meeting(w)
    item = add_item(w, m, prepared(w))
    decision = decide(w, item)
    recusal = recusal_services.record_recusal(
        actor=w.strateg, item=item, user=w.ledamot, reason="Eget intresse."
    )
    assert not policy.can(w.ledamot, policy.SIGN, m)
    assert not policy.can(w.ledamot, policy.SIGN, decision)
    with pytest.raises(ValidationError, match="jävig"):
        justering.adjust_decision(actor=w.ledamot, decision=decision)
    with pytest.raises(ValidationError, match="jävig"):
        justering.sign_minutes(actor=w.ledamot, meeting=m)
    assert not Meeting.objects.get(pk=m.pk).is_signed()
    # Another justerare (present, not jävig) justerar.
    meeting_services.record_attendance(
        actor=w.strateg, meeting=m, present_user_ids=[w.kd.pk, w.strateg.pk, w.ledamot.pk],
        adjuster=w.kd,
    )  # fmt: skip
    justering.sign_minutes(actor=w.kd, meeting=Meeting.objects.get(pk=m.pk))
    assert Recusal.objects.filter(pk=recusal.pk).exists()
    html = render_minutes_html(Meeting.objects.get(pk=m.pk))
    assert f"{name(w.ledamot)} anmäler jäv och deltar inte i handläggningen." in html


def test_recording_a_jav(w):
    m = held_meeting(w)
    item = add_item(w, m, prepared(w))
    with pytest.raises(PermissionDenied):  # only ordförande and sekreterare
        recusal_services.record_recusal(actor=w.ledamot, item=item, user=w.ledamot, reason="x")
    with pytest.raises(ValidationError):  # not on the attendance list
        recusal_services.record_recusal(actor=w.strateg, item=item, user=w.fc_other, reason="x")
    with pytest.raises(ValidationError):
        recusal_services.record_recusal(actor=w.strateg, item=item, user=w.kd, reason="  ")
    recusal = recusal_services.record_recusal(actor=w.strateg, item=item, user=w.kd, reason="Jäv")
    with pytest.raises(ValidationError):
        recusal_services.record_recusal(actor=w.strateg, item=item, user=w.kd, reason="Igen")
    recusal_services.remove_recusal(actor=w.strateg, recusal=recusal)
    assert not Recusal.objects.exists()


def test_the_minutes_list_who_takes_no_part(w):
    applicant = w.systemagare
    CouncilMember.objects.create(
        council=w.styrgrupp, user=applicant, role=MemberRole.ADJUNGERAD,
        valid_from=datetime.date(2024, 1, 1),
    )  # fmt: skip
    m = held_meeting(w)
    item = add_item(w, m, prepared(w))
    other = add_item(w, m, kind="other", title="Annan punkt")
    recusal_services.record_recusal(actor=w.strateg, item=item, user=w.kd, reason="Släkt")
    decide(w, item)
    decide(w, other)
    html = render_minutes_html(Meeting.objects.get(pk=m.pk))
    first = html.split("§ 1 ")[1].split("§ 2 ")[0]
    assert f"{name(w.kd)} anmäler jäv och deltar inte i handläggningen." in first
    assert f"{name(applicant)} är anmälare i ärendet och deltar inte i handläggningen." in first
    assert "Släkt" not in html  # the reason stays with the council (the minutes are public)
    assert "deltar inte" not in html.split("§ 2 ")[1]


def test_jav_pages_and_permissions(w, client):
    m = held_meeting(w)
    item = add_item(w, m, prepared(w))
    add_url = reverse("governance:recusal_add", args=[item.pk])
    client.force_login(w.outsider)
    assert client.get(add_url).status_code == 404
    client.force_login(w.ledamot)  # a member, but not ordförande or sekreterare
    assert client.get(add_url).status_code == 403
    assert client.post(add_url, {"user": w.ledamot.pk, "reason": "x"}).status_code == 403
    client.force_login(w.strateg)
    assert "Anmäl jäv" in client.get(m.get_absolute_url()).content.decode()
    assert client.get(add_url).status_code == 200
    response = client.post(add_url, {"user": w.fc_other.pk, "reason": "x"})
    assert response.status_code == 400  # not on the attendance list
    assert client.post(add_url, {"user": w.kd.pk, "reason": "Släkt"}).status_code == 302
    recusal = Recusal.objects.get()
    assert "anmäler jäv och deltar inte" in client.get(m.get_absolute_url()).content.decode()
    delete_url = reverse("governance:recusal_delete", args=[recusal.pk])
    client.force_login(w.outsider)
    assert client.post(delete_url).status_code == 404
    client.force_login(w.ledamot)
    assert client.post(delete_url).status_code == 403
    assert Recusal.objects.exists()
    client.force_login(w.strateg)
    assert client.post(delete_url).status_code == 302
    assert not Recusal.objects.exists()


# --- The minutes PDF -------------------------------------------------------------------------


def test_minutes_pdf_has_signature_lines_and_a_running_footer(
    w, django_capture_on_commit_callbacks
):
    from pypdf import PdfReader

    m = held_meeting(w)
    decide(w, add_item(w, m, prepared(w)))
    for i in range(12):  # long enough for several pages
        item = add_item(w, m, kind="other", title=f"Punkt {i}")
        AgendaItem.objects.filter(pk=item.pk).update(text="Underlag. " * 80)
        decide(w, item)
    with django_capture_on_commit_callbacks(execute=True):
        sign(w, m)
    m.refresh_from_db()
    assert m.minutes_status == JobStatus.DONE, m.minutes_job.error
    with m.minutes_pdf.open("rb") as fh:
        pages = [page.extract_text() for page in PdfReader(io.BytesIO(fh.read())).pages]
    assert len(pages) > 1
    for number, text in enumerate(pages, start=1):
        assert f"Sida {number} av {len(pages)}" in text
        assert "IT-styrgrupp · Sammanträde 2026-09-12" in text
    text = "\n".join(pages)
    # No running text taken from the body (section titles, the document title).
    assert text.count("Ärenden och beslut") == 1 and text.count("Underskrifter") == 1
    assert "Protokoll –" not in text
    signatures = text.split("Underskrifter")[1].replace(" ", "")  # pypdf splits kerned words
    for role, user in (("Ordförande", w.kd), ("Sekreterare", w.strateg), ("Justerare", w.ledamot)):
        assert role in signatures and name(user).replace(" ", "") in signatures
    assert signatures.count("Datum") >= 3


# --- What a decision names can't be deleted -------------------------------------------------


def test_a_system_initiative_or_case_in_a_signed_decision_cannot_be_deleted(
    w, django_capture_on_commit_callbacks
):
    case, initiative = with_initiative(w)
    system = SystemFactory(kommun=w.kommun, forvaltning=w.forvaltning)
    case.systems.add(system)
    m = held_meeting(w)
    decision = decide(w, add_item(w, m, case))
    with django_capture_on_commit_callbacks():
        sign(w, m)
    for obj in (system, initiative, case):
        with pytest.raises(ProtectedError):
            obj.delete()
    decision = Decision.objects.get(pk=decision.pk)
    assert list(decision.systems.all()) == [system]
    assert decision.initiative == initiative and decision.case == case
    assert Case.objects.get(pk=case.pk).initiative == initiative


def test_the_admin_refuses_to_delete_a_case_in_a_decision(
    w, client, django_user_model, django_capture_on_commit_callbacks
):
    case = prepared(w)
    m = held_meeting(w)
    decide(w, add_item(w, m, case))
    with django_capture_on_commit_callbacks():
        sign(w, m)
    admin = django_user_model.objects.create_superuser("root", "root@example.se", "x" * 16)
    client.force_login(admin)
    url = reverse("admin:governance_case_delete", args=[case.pk])
    page = client.get(url).content.decode()
    assert "Kan inte ta bort ärende" in page
    client.post(url, {"post": "yes"})
    assert Case.objects.filter(pk=case.pk).exists()


# --- The demo ---------------------------------------------------------------------------------


def test_the_demo_shows_omedelbar_justering_and_jav_and_consistent_states(demo):
    adjusted = Decision.objects.filter(
        adjusted_at__isnull=False, meeting__council__kommun__name="Lysekil"
    )
    assert adjusted.exists()
    assert Recusal.objects.filter(agenda_item__decision__in=adjusted).exists()
    html = render_minutes_html(adjusted.first().meeting)
    assert "Paragrafen förklaras omedelbart justerad." in html
    assert "anmäler jäv och deltar inte i handläggningen." in html
    # Ärenden past the decision have a decision in effect, justerad, dated before the step.
    for case in Case.objects.filter(status__in=[CaseStatus.UPPHANDLING, CaseStatus.AVSLAGET]):
        decision = case.decisions.get()
        assert decision.is_final and decision.effective_at is not None
        assert decision.effective_at.date() >= decision.decision_date
        if case.procurement_notified_at:
            assert case.procurement_notified_at == decision.effective_at
    assert (
        not Decision.objects.filter(effective_at__isnull=True)
        .filter(meeting__signed_at__isnull=False)
        .exists()
    )
    held = Meeting.objects.filter(signed_at__isnull=True, council__kommun__name="Lysekil").get()
    assert {i.case.status for i in held.items.filter(case__isnull=False)} == {CaseStatus.BEREDD}
    assert Case.objects.filter(kommun__name="Lysekil", status=CaseStatus.AVSLUTAT).exists()


def test_the_it_bokslut_lists_final_decisions_with_their_decision_date(w):
    from reports import collect

    m = held_meeting(w)
    urgent = decide(w, add_item(w, m, kind="other", title="Omedelbart justerad punkt"))
    decide(w, add_item(w, m, kind="other", title="Ännu ej justerad punkt"))
    justering.adjust_decision(actor=w.ledamot, decision=urgent)
    rows = collect.collect_it_bokslut(w.kommun, 2026)["decisions"]["rows"]
    assert [(r["title"], r["date"]) for r in rows] == [
        ("Omedelbart justerad punkt", datetime.date(2026, 9, 12))
    ]
