"""Governance (issue 5): the seed 004 process, § numbers, justering, notifications, access."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from governance.cases import services as case_services
from governance.cases.forms import CaseForm
from governance.choices import CaseKind, CaseStatus, DecisionType
from governance.meetings import decisions as decision_services
from governance.meetings import justering
from governance.meetings import services as meeting_services
from governance.meetings.forms import AgendaItemForm, MeetingForm
from governance.models import Case, Decision, Meeting, SignedMinutesError
from governance.notifications import services as notifications
from portfolio.choices import InitiativeStatus
from portfolio.jobs import JobStatus
from tests.factories import InitiativeFactory, SystemFactory, governance_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return governance_world()


def submit(w, *, kind=CaseKind.VERKSAMHETSSYSTEM, initiative=None, title="Nytt hemtjänstsystem"):
    data = {
        "kommun": w.kommun.pk,
        "kind": kind,
        "title": title,
        "description": "Behov av planering i hemtjänsten.",
        "forvaltning": w.forvaltning.pk,
        "cost_estimate": "850000",
        "financing": "Egen budget",
    }
    if initiative is not None:
        data["initiative"] = initiative.pk
    form = CaseForm(data, user=w.systemagare)
    assert form.is_valid(), form.errors
    return case_services.submit_case(actor=w.systemagare, form=form)


def prepared(w, **kwargs):
    case = submit(w, **kwargs)
    case_services.record_consultation(
        actor=w.strateg, case=case, comment="Inget befintligt system."
    )
    case_services.send_to_remiss(actor=w.strateg, case=case, council=w.beredning)
    # The systemägare sits in the beredningsgrupp but is the applicant: jävig.
    return case_services.record_opinion(actor=w.strateg, case=case, opinion="Tillstyrks.")


def meeting(w, when=None, council=None):
    council = council or w.styrgrupp
    adjuster = w.ledamot if council == w.styrgrupp else w.systemagare
    when = when or timezone.make_aware(datetime.datetime(2026, 11, 10, 9, 0))
    form = MeetingForm(
        {
            "starts_at": when.strftime("%Y-%m-%dT%H:%M"),
            "place": "Kommunhuset",
            "secretary": w.strateg.pk,
            "adjuster": adjuster.pk,
        },
        council=council,
        user=w.strateg,
    )
    assert form.is_valid(), form.errors
    return meeting_services.save_meeting(actor=w.strateg, form=form)


def add_item(w, m, case=None, kind="case", title=""):
    form = AgendaItemForm(
        {"kind": kind, "case": case.pk if case else "", "title": title}, meeting=m, user=w.strateg
    )
    assert form.is_valid(), form.errors
    return meeting_services.add_agenda_item(actor=w.strateg, meeting=m, form=form)


def decide(w, item, decision_type=DecisionType.BIFALL, **kwargs):
    return decision_services.record_decision(
        actor=w.strateg, item=item, decision_type=decision_type, text="Bifalls.", **kwargs
    )


def sign(w, m):
    """The justerare (w.ledamot) justerar the minutes; the decisions take effect."""
    return justering.sign_minutes(actor=w.ledamot, meeting=m)


# --- The steps ---------------------------------------------------------------------------


def test_each_step_is_recorded_with_actor_and_comment(w):
    initiative = InitiativeFactory(
        kommun=w.kommun,
        forvaltning=w.forvaltning,
        contact=w.systemagare,
        status=InitiativeStatus.IDE,
    )
    case = submit(w, initiative=initiative)
    assert (case.status, case.reference) == (CaseStatus.ANMALAN, f"IT {case.year}/1")
    case_services.record_consultation(actor=w.strateg, case=case, comment="Samråd klart")
    case = case_services.send_to_remiss(actor=w.strateg, case=case, council=w.beredning)
    assert case.status == CaseStatus.BEREDNING
    case = case_services.record_opinion(
        actor=w.strateg, case=case, opinion="Tillstyrks", anchored=True
    )
    assert case.status == CaseStatus.BEREDD and case.anchored_in_ledningsgrupp
    m = meeting(w)
    item = add_item(w, m, case)
    decision = decide(w, item)
    sign(w, m)
    case.refresh_from_db()
    initiative.refresh_from_db()
    assert case.status == CaseStatus.UPPHANDLING and case.procurement_notified_at
    assert initiative.status == InitiativeStatus.BESLUTAD
    case_services.acknowledge_procurement(
        actor=w.strateg, case=case, party="upphandling", comment="OK"
    )
    case = case_services.acknowledge_procurement(
        actor=w.strateg, case=case, party="it_enhet", comment="OK"
    )
    assert case.status == CaseStatus.AVSLUTAT
    events = list(case.events.values_list("kind", "actor__username", "to_status"))
    assert [e[0] for e in events] == [
        "submitted", "consulted", "remiss", "opinion", "agenda", "recorded", "decided",
        "notified", "acknowledged", "acknowledged",
    ]  # fmt: skip
    assert events[0][1] == w.systemagare.username and events[3][1] == w.strateg.username
    assert events[6][1] == w.ledamot.username  # the decision took effect at justering
    assert decision.paragraph == "§ 1"


def test_refused_transitions(w):
    case = submit(w)
    with pytest.raises(ValidationError, match="samråd"):
        case_services.send_to_remiss(actor=w.strateg, case=case, council=w.beredning)
    with pytest.raises((ValidationError, PermissionDenied)):  # not on remiss
        case_services.record_opinion(actor=w.strateg, case=case, opinion="x")
    with pytest.raises(ValidationError, match="upphandlingssteget"):
        case_services.acknowledge_procurement(
            actor=w.strateg, case=case, party="it_enhet", comment="x"
        )
    with pytest.raises(PermissionDenied):  # delegation only for kommungemensamma system
        decision_services.record_delegation_decision(
            actor=w.kd, case=case, decision_type=DecisionType.BIFALL, text="x"
        )


def test_a_case_cannot_be_decided_without_beredning_unless_urgent(w):
    case = submit(w)
    case_services.record_consultation(actor=w.strateg, case=case, comment="ok")
    m = meeting(w)
    form = AgendaItemForm({"kind": "case", "case": case.pk}, meeting=m, user=w.strateg)
    assert not form.is_valid()  # not offered: beredning is not finished
    with pytest.raises(ValidationError):
        case_services.mark_urgent(actor=w.strateg, case=case, reason="  ")
    case_services.mark_urgent(actor=w.strateg, case=case, reason="Avtalet löper ut om en månad.")
    item = add_item(w, m, case)
    decide(w, item)
    sign(w, m)
    assert Case.objects.get(pk=case.pk).status == CaseStatus.UPPHANDLING


def test_only_the_remiss_council_gives_its_opinion(w):
    case = submit(w)
    case_services.record_consultation(actor=w.strateg, case=case, comment="ok")
    case_services.send_to_remiss(actor=w.strateg, case=case, council=w.beredning)
    with pytest.raises(PermissionDenied):
        case_services.record_opinion(actor=w.ledamot, case=case, opinion="Jag tycker till")


@pytest.mark.parametrize(
    ("decision_type", "case_status", "initiative_status"),
    [
        (DecisionType.BIFALL_VILLKOR, CaseStatus.UPPHANDLING, InitiativeStatus.BESLUTAD),
        (DecisionType.AVSLAG, CaseStatus.AVSLAGET, InitiativeStatus.AVSLAGEN),
        (DecisionType.ATERREMISS, CaseStatus.BEREDNING, InitiativeStatus.PRIORITERING),
        (DecisionType.BORDLAGGNING, CaseStatus.BEREDD, InitiativeStatus.PRIORITERING),
    ],
)
def test_decision_effect_on_case_and_initiative(w, decision_type, case_status, initiative_status):
    initiative = InitiativeFactory(
        kommun=w.kommun,
        forvaltning=w.forvaltning,
        contact=w.systemagare,
        status=InitiativeStatus.PRIORITERING,
    )
    case = prepared(w, initiative=initiative)
    m = meeting(w)
    item = add_item(w, m, case)
    decide(w, item, decision_type, conditions="Gemensam upphandling")
    sign(w, m)
    case.refresh_from_db()
    initiative.refresh_from_db()
    assert (case.status, initiative.status) == (case_status, initiative_status)


def test_conditions_are_required_for_bifall_med_villkor(w):
    item = add_item(w, meeting(w), prepared(w))
    with pytest.raises(ValidationError):
        decide(w, item, DecisionType.BIFALL_VILLKOR)
    assert not Decision.objects.exists()


def test_delegation_decision_by_the_kommundirektor(w):
    case = prepared(w, kind=CaseKind.KOMMUNGEMENSAMT)
    with pytest.raises(PermissionDenied):
        decision_services.record_delegation_decision(
            actor=w.strateg, case=case, decision_type=DecisionType.BIFALL, text="x"
        )
    decision = decision_services.record_delegation_decision(
        actor=w.kd, case=case, decision_type=DecisionType.BIFALL, text="Beviljas."
    )
    assert decision.is_delegation and decision.paragraph == "D 1" and decision.is_final
    decision.text = "Ändrad"
    with pytest.raises(SignedMinutesError):
        decision.save()


# --- § numbering ------------------------------------------------------------------------


def test_paragraph_numbers_run_per_council_and_year(w):
    first = meeting(w, timezone.make_aware(datetime.datetime(2026, 3, 1, 9)))
    second = meeting(w, timezone.make_aware(datetime.datetime(2026, 5, 1, 9)))
    next_year = meeting(w, timezone.make_aware(datetime.datetime(2027, 1, 20, 9)))
    other_council = meeting(w, council=w.beredning)
    numbers = []
    for m in (first, second, second, next_year, other_council):
        item = add_item(w, m, kind="other", title=f"Punkt {m.pk}")
        numbers.append((m.council.kind, decide(w, item).year, decide_number(item)))
    assert numbers == [
        ("it_styrgrupp", 2026, 1),
        ("it_styrgrupp", 2026, 2),
        ("it_styrgrupp", 2026, 3),
        ("it_styrgrupp", 2027, 1),
        ("beredningsgrupp", 2026, 1),
    ]


def decide_number(item):
    return Decision.objects.get(agenda_item=item).number


def test_a_failed_decision_does_not_use_up_a_number(w):
    m = meeting(w)
    bad = add_item(w, m, kind="other", title="Utan text")
    with pytest.raises(ValidationError):
        decision_services.record_decision(
            actor=w.strateg, item=bad, decision_type="bifall", text=""
        )
    good = add_item(w, m, kind="other", title="Med text")
    assert decide(w, good).number == 1


# --- Justering and immutability ----------------------------------------------------------


def signed_meeting(w, django_capture_on_commit_callbacks, render=False):
    m = meeting(w)
    decision = decide(w, add_item(w, m, prepared(w)))
    with django_capture_on_commit_callbacks(execute=render):
        justering.sign_minutes(actor=w.ledamot, meeting=m)
    m.refresh_from_db()
    decision.refresh_from_db()
    return m, decision


def test_only_the_justerare_signs(w):
    m = meeting(w)
    decide(w, add_item(w, m, prepared(w)))
    with pytest.raises(PermissionDenied):
        justering.sign_minutes(actor=w.strateg, meeting=m)
    with pytest.raises(PermissionDenied):
        justering.sign_minutes(actor=w.kd, meeting=m)


def test_undecided_case_items_block_signing(w):
    m = meeting(w)
    add_item(w, m, prepared(w))
    with pytest.raises(ValidationError):
        justering.sign_minutes(actor=w.ledamot, meeting=m)


def test_signed_minutes_are_immutable_in_service_and_model(w, django_capture_on_commit_callbacks):
    m, decision = signed_meeting(w, django_capture_on_commit_callbacks)
    assert m.signed_by == w.ledamot
    with pytest.raises((SignedMinutesError, PermissionDenied)):
        add_item(w, m, kind="other", title="Sent tillägg")
    item = m.items.first()
    with pytest.raises((SignedMinutesError, PermissionDenied)):
        decision_services.record_decision(
            actor=w.strateg, item=item, decision_type="avslag", text="x"
        )
    decision.text = "Ändrad efteråt"
    with pytest.raises(SignedMinutesError):
        decision.save()
    with pytest.raises(SignedMinutesError):
        decision.delete()
    m.place = "Annan plats"
    with pytest.raises(SignedMinutesError):
        m.save()
    with pytest.raises(SignedMinutesError):
        item.delete()
    assert Decision.objects.get(pk=decision.pk).text == "Bifalls."


def test_signed_minutes_are_immutable_through_view_and_form(
    w, client, django_capture_on_commit_callbacks
):
    m, decision = signed_meeting(w, django_capture_on_commit_callbacks)
    client.force_login(w.strateg)
    item = m.items.first()
    response = client.post(
        reverse("governance:decision_add", args=[item.pk]),
        {"decision_type": "avslag", "text": "Nytt"},
    )
    assert response.status_code == 403
    assert "justerat" in response.content.decode()
    response = client.post(
        reverse("governance:meeting_edit", args=[m.pk]),
        {"starts_at": "2026-12-11T09:00", "place": "Ny plats"},
    )
    assert response.status_code == 403
    # The form path: a bound form saved directly hits the model guard.
    form = MeetingForm(
        {"starts_at": "2026-12-11T09:00", "place": "Ny plats"},
        instance=m,
        council=m.council,
        user=w.strateg,
    )
    assert form.is_valid()
    with pytest.raises(SignedMinutesError):
        form.save()
    assert Meeting.objects.get(pk=m.pk).place == "Kommunhuset"


def test_signed_minutes_are_immutable_in_the_admin(
    w, client, django_capture_on_commit_callbacks, django_user_model
):
    m, decision = signed_meeting(w, django_capture_on_commit_callbacks)
    admin = django_user_model.objects.create_superuser("root", "root@example.se", "x" * 16)
    client.force_login(admin)
    url = reverse("admin:governance_decision_change", args=[decision.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    response = client.post(url, {"decision_type": "avslag", "title": "x", "text": "Ändrad"})
    assert response.status_code == 403
    assert Decision.objects.get(pk=decision.pk).text == "Bifalls."


def test_a_correction_is_a_new_decision_referring_to_the_old(w, django_capture_on_commit_callbacks):
    _m, old = signed_meeting(w, django_capture_on_commit_callbacks)
    later = meeting(w, timezone.make_aware(datetime.datetime(2026, 12, 20, 9)))
    item = add_item(w, later, kind="other", title="Rättelse av beslut")
    correction = decide(w, item, corrects=old)
    assert correction.number == old.number + 1 and correction.corrects == old
    assert list(old.corrections.all()) == [correction]


# --- Minutes PDF -------------------------------------------------------------------------


def test_minutes_pdf_has_paragraphs_and_decisions(w, django_capture_on_commit_callbacks):
    from pypdf import PdfReader

    m, decision = signed_meeting(w, django_capture_on_commit_callbacks, render=True)
    assert m.minutes_status == JobStatus.DONE, m.minutes_job.error
    with m.minutes_pdf.open("rb") as fh:
        data = fh.read()
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "Protokoll" in text and "IT-styrgrupp" in text
    assert "§ 1" in text and "Bifall" in text and "Nytt hemtjänstsystem" in text
    assert "Justerare" in text
    # Running the job again never regenerates the signed version.
    from governance.meetings.minutes import run_minutes_job

    name = m.minutes_pdf.name
    run_minutes_job(m.pk)
    m.refresh_from_db()
    assert m.minutes_pdf.name == name


def test_minutes_pdf_escapes_user_text(w, django_capture_on_commit_callbacks):
    from governance.meetings.minutes import render_minutes_html

    m = meeting(w)
    decide(w, add_item(w, m, kind="other", title="<script>alert(1)</script>"))
    html = render_minutes_html(m)
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_a_failed_minutes_job_records_its_error_and_can_be_retried(
    w, django_capture_on_commit_callbacks, monkeypatch
):
    from governance.meetings import minutes

    m, _d = signed_meeting(w, django_capture_on_commit_callbacks)

    def broken(html):
        raise ValueError("trasig mall")

    monkeypatch.setattr("portfolio.pdf.render_pdf", broken)
    minutes.run_minutes_job(m.pk)
    m.refresh_from_db()
    assert m.minutes_status == JobStatus.FAILED
    assert m.minutes_job.error.startswith("Protokollet kunde inte skapas")
    assert m.minutes_job.finished_at is not None
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        meeting_services.retry_minutes(actor=w.ledamot, meeting=m)
    assert len(callbacks) == 1
    assert Meeting.objects.get(pk=m.pk).minutes_status == JobStatus.QUEUED


def test_a_minutes_job_another_worker_runs_is_left_alone_until_its_lease_ends(
    w, django_capture_on_commit_callbacks, monkeypatch
):
    from governance.meetings import minutes
    from governance.models import MinutesJob
    from portfolio.outbox.services import RetryLater

    m, _d = signed_meeting(w, django_capture_on_commit_callbacks)
    assert m.minutes_status == JobStatus.QUEUED
    running = MinutesJob.objects.filter(meeting=m)
    running.update(status=JobStatus.RUNNING, started_at=timezone.now(), attempts=1)

    def never(html):
        raise AssertionError("rendered while another worker holds the job")

    monkeypatch.setattr("portfolio.pdf.render_pdf", never)
    with pytest.raises(RetryLater):
        minutes.run_minutes_job(m.pk)
    monkeypatch.undo()
    # The worker died: after its lease the job is run again, once.
    running.update(started_at=timezone.now() - datetime.timedelta(hours=2))
    minutes.run_minutes_job(m.pk)
    job = MinutesJob.objects.get(meeting=m)
    assert (job.status, job.attempts) == (JobStatus.DONE, 2)
    assert Meeting.objects.get(pk=m.pk).minutes_pdf


# --- Notifications -----------------------------------------------------------------------


def test_notifications_are_sent_once(w, django_capture_on_commit_callbacks):
    m = meeting(w)
    case = prepared(w)
    add_item(w, m, case)
    meeting_services.publish_agenda(actor=w.strateg, meeting=m)
    for _ in range(2):
        notifications.notify_agenda_published(m.pk)
    assert sorted(msg.to[0] for msg in mail.outbox) == sorted(
        u.email for u in (w.kd, w.strateg, w.ledamot)
    )
    mail.outbox.clear()
    decision = decide(w, m.items.get())
    for _ in range(2):
        notifications.notify_case_decided(decision.pk)
        notifications.notify_procurement(case.pk)
    recipients = sorted(msg.to[0] for msg in mail.outbox)
    assert recipients == sorted([w.systemagare.email, "upphandling@kommun.se", "it@kommun.se"])
    assert "§ 1" in mail.outbox[0].body or "§ 1" in mail.outbox[1].body


def test_publishing_dispatches_the_notification_task(w, django_capture_on_commit_callbacks):
    m = meeting(w)
    add_item(w, m, kind="information", title="Läget")
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.publish_agenda(actor=w.strateg, meeting=m)
    assert len(mail.outbox) == 3


# --- Permissions through the views ----------------------------------------------------------


def test_council_material_is_for_members(w, client, django_capture_on_commit_callbacks):
    m = meeting(w)
    item = add_item(w, m, prepared(w))
    detail = reverse("governance:meeting_detail", args=[m.pk])
    client.force_login(w.outsider)
    assert client.get(detail).status_code == 404
    client.force_login(w.fc_other)  # same kommun, not a member: unsigned minutes are not public
    assert client.get(detail).status_code == 404
    client.force_login(w.ledamot)  # member but not ordförande/sekreterare
    assert client.get(detail).status_code == 200
    assert client.get(reverse("governance:agenda_item_add", args=[m.pk])).status_code == 403
    assert client.get(reverse("governance:decision_add", args=[item.pk])).status_code == 403
    client.force_login(w.kd)  # ordförande
    assert client.get(reverse("governance:decision_add", args=[item.pk])).status_code == 200
    decide(w, item)
    with django_capture_on_commit_callbacks():
        justering.sign_minutes(actor=w.ledamot, meeting=m)
    client.force_login(w.fc_other)  # signed minutes are a public record in the kommun
    assert client.get(detail).status_code == 200


def test_the_applicant_follows_their_case(w, client):
    case = submit(w)
    url = reverse("governance:case_detail", args=[case.pk])
    client.force_login(w.systemagare)
    assert client.get(url).status_code == 200
    assert client.get(reverse("governance:case_edit", args=[case.pk])).status_code == 200
    client.force_login(w.outsider)
    assert client.get(url).status_code == 404
    client.force_login(w.fc_other)  # another förvaltning sees the kommun's case only if kommun-wide
    assert client.get(url).status_code == 404


def test_case_action_pages_run_the_steps(w, client):
    case = submit(w)
    client.force_login(w.systemagare)
    url = reverse("governance:case_action", args=[case.pk, "samrad"])
    assert client.post(url, {"comment": "x"}).status_code == 403
    client.force_login(w.strateg)
    response = client.post(url, {"comment": ""})
    assert (
        response.status_code == 400
        and "Det här fältet är obligatoriskt" in response.content.decode()
    )
    assert client.post(url, {"comment": "Samråd klart"}).status_code == 302
    assert Case.objects.get(pk=case.pk).consulted_by == w.strateg
    response = client.post(
        reverse("governance:case_action", args=[case.pk, "remiss"]),
        {"council": w.beredning.pk},
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).status == CaseStatus.BEREDNING
    assert (
        client.get(reverse("governance:case_action", args=[case.pk, "nonsens"])).status_code == 404
    )


def test_bad_case_form_input_gets_swedish_messages(w, client):
    client.force_login(w.systemagare)
    response = client.post(
        reverse("governance:case_add"),
        {"kommun": w.kommun.pk, "kind": "verksamhetssystem", "title": "", "cost_estimate": "-5"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Det här fältet är obligatoriskt" in body and "större än eller lika med 0" in body
    assert not Case.objects.exists()


# --- Public decisions ---------------------------------------------------------------------


def test_public_page_lists_signed_non_secret_decisions(
    w, client, django_capture_on_commit_callbacks
):
    m = meeting(w)
    decide(w, add_item(w, m, kind="other", title="Öppet beslut"))
    decide(w, add_item(w, m, kind="other", title="Hemligt beslut"), is_secret=True)
    url = reverse("offentligt:public_decisions", args=[w.kommun.kommunkod])
    assert "Öppet beslut" not in client.get(url).content.decode()  # not signed yet
    with django_capture_on_commit_callbacks():
        justering.sign_minutes(actor=w.ledamot, meeting=m)
    body = client.get(url).content.decode()
    assert "Öppet beslut" in body and "Hemligt beslut" not in body
    w.kommun.public_decisions_enabled = False
    w.kommun.save()
    assert client.get(url).status_code == 404


def test_stewards_turn_the_public_page_on_and_off(w, client):
    url = reverse("governance:public_toggle", args=[w.kommun.pk])
    client.force_login(w.ledamot)
    assert client.post(url, {"enabled": "0"}).status_code == 403
    client.force_login(w.outsider)
    assert client.post(url, {"enabled": "0"}).status_code == 404
    client.force_login(w.strateg)
    assert (
        "Sluta publicera beslut" in client.get(reverse("governance:decision_list")).content.decode()
    )
    assert client.post(url, {"enabled": "0"}).status_code == 302
    w.kommun.refresh_from_db()
    assert not w.kommun.public_decisions_enabled
    public = reverse("offentligt:public_decisions", args=[w.kommun.kommunkod])
    assert client.get(public).status_code == 404


def test_decisions_show_on_initiative_and_system_pages(w, client):
    initiative = InitiativeFactory(
        kommun=w.kommun,
        forvaltning=w.forvaltning,
        contact=w.systemagare,
        status=InitiativeStatus.PRIORITERING,
    )
    system = SystemFactory(kommun=w.kommun, forvaltning=w.forvaltning)
    case = prepared(w, initiative=initiative)
    case.systems.add(system)
    decide(w, add_item(w, meeting(w), case))
    client.force_login(w.strateg)
    for url in (initiative.get_absolute_url(), system.get_absolute_url()):
        body = client.get(url).content.decode()
        assert "Ärenden och beslut" in body and "§ 1/2026" in body


# --- Query budgets ---------------------------------------------------------------------------


@pytest.mark.parametrize("url_name", ["governance:case_list", "governance:decision_list"])
def test_list_query_count_is_flat(w, client, django_assert_max_num_queries, url_name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(w.strateg)

    def count(n):
        m = meeting(w, timezone.make_aware(datetime.datetime(2026, 1, 1 + n % 28, 9)))
        for i in range(n - Decision.objects.count()):
            decide(w, add_item(w, m, kind="other", title=f"Punkt {i}"))
            submit(w, title=f"Ärende {i}")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(url_name)).status_code == 200
        return len(ctx)

    assert count(3) == count(30)


# --- Reports read the decisions ------------------------------------------------------------


def test_decisions_of_the_year_in_the_it_bokslut_and_plan(w, django_capture_on_commit_callbacks):
    from reports import collect

    initiative = InitiativeFactory(
        kommun=w.kommun,
        forvaltning=w.forvaltning,
        contact=w.systemagare,
        status=InitiativeStatus.PRIORITERING,
    )
    m = meeting(w)
    decide(w, add_item(w, m, prepared(w, initiative=initiative)))
    decide(w, add_item(w, m, kind="other", title="Regler"), DecisionType.AVSLAG)
    decide(w, add_item(w, m, kind="other", title="Hemlig"), is_secret=True)
    unsigned = meeting(w, timezone.make_aware(datetime.datetime(2026, 12, 20, 9)))
    decide(w, add_item(w, unsigned, kind="other", title="Ej justerat"))
    with django_capture_on_commit_callbacks():
        justering.sign_minutes(actor=w.ledamot, meeting=m)
    part = collect.collect_it_bokslut(w.kommun, 2026)
    section = part["decisions"]
    assert section["total"] == 3  # the unsigned one does not count
    assert dict(section["by_type"])["Bifall"] == 2 and dict(section["by_type"])["Avslag"] == 1
    assert section["approved_cost"] == 850000
    assert "Hemlig" not in [r["title"] for r in section["rows"]]
    # The chapters other apps add, in order (issue 15 added "Digital mognad",
    # issue 16 "IT-budget och utfall" and "Kostnadsfördelning").
    assert [t for t, _tpl, _d in part["extra"]] == [
        "Årets beslut",
        "Digital mognad",
        "IT-budget och utfall",
        "Kostnadsfördelning",
    ]
    plan = collect.collect_handlingsplan(w.kommun, 2026)
    assert [row["case"].title for row in plan["approved_cases"]] == ["Nytt hemtjänstsystem"]


# --- Review findings ------------------------------------------------------------------------


def test_secret_decisions_stay_with_members_after_signing(
    w, client, django_capture_on_commit_callbacks
):
    m = meeting(w)
    open_decision = decide(w, add_item(w, m, kind="other", title="Öppen punkt"))
    secret = decide(w, add_item(w, m, kind="other", title="Känslig punkt"), is_secret=True)
    with django_capture_on_commit_callbacks():
        justering.sign_minutes(actor=w.ledamot, meeting=m)
    client.force_login(w.fc_other)  # in the kommun, not a member
    assert client.get(open_decision.get_absolute_url()).status_code == 200
    assert client.get(secret.get_absolute_url()).status_code == 404
    page = client.get(m.get_absolute_url()).content.decode()
    assert "Öppen punkt" in page and "Känslig punkt" not in page and "sekretess" in page
    listing = client.get(reverse("governance:decision_list")).content.decode()
    assert "Öppen punkt" in listing and "Känslig punkt" not in listing
    client.force_login(w.ledamot)
    assert client.get(secret.get_absolute_url()).status_code == 200
    from governance.meetings.minutes import render_minutes_html

    html = render_minutes_html(Meeting.objects.get(pk=m.pk))
    assert "Öppen punkt" in html and "Känslig punkt" not in html


def test_aterremiss_of_an_urgent_case_without_beredning_goes_back_to_the_strateg(w):
    case = submit(w)
    case_services.record_consultation(actor=w.strateg, case=case, comment="ok")
    case_services.mark_urgent(actor=w.strateg, case=case, reason="Brådskar")
    m = meeting(w)
    decide(w, add_item(w, m, case), DecisionType.ATERREMISS)
    sign(w, m)
    case.refresh_from_db()
    assert case.status == CaseStatus.ANMALAN and not case.urgent
    case_services.send_to_remiss(actor=w.strateg, case=case, council=w.beredning)


def test_a_case_cannot_be_edited_after_anmalan(w):
    case = prepared(w)
    form = CaseForm(
        {"kind": case.kind, "title": "Ny rubrik", "description": "x"}, instance=case, user=w.strateg
    )
    assert form.is_valid(), form.errors
    with pytest.raises(ValidationError):
        case_services.update_case(actor=w.strateg, form=form)


def test_a_meeting_with_decisions_keeps_its_year(w):
    m = meeting(w)
    decide(w, add_item(w, m, kind="other", title="Punkt"))
    form = MeetingForm(
        {"starts_at": "2027-01-10T09:00", "place": "Kommunhuset"},
        instance=Meeting.objects.get(pk=m.pk),
        council=m.council,
        user=w.strateg,
    )
    assert form.is_valid()
    with pytest.raises(ValidationError):
        meeting_services.save_meeting(actor=w.strateg, form=form)


def test_arshjul_and_milestones_for_stewards(w, client):
    client.force_login(w.strateg)
    page = client.get(reverse("governance:arshjul") + f"?kommun={w.kommun.pk}&year=2026")
    assert "Ny punkt i årshjulet" in page.content.decode()
    assert client.get(reverse("governance:milestone_add") + "?kommun=abc").status_code == 403
    response = client.post(
        reverse("governance:milestone_add") + f"?kommun={w.kommun.pk}",
        {"kind": "budget", "title": "Budget klar", "month": "2", "day": "30"},
    )
    assert response.status_code == 400 and "Dagen finns inte" in response.content.decode()
    response = client.post(
        reverse("governance:milestone_add") + f"?kommun={w.kommun.pk}",
        {"kind": "budget", "title": "Budget klar", "month": "6", "day": "15"},
    )
    assert response.status_code == 302
    client.force_login(w.ledamot)
    page = client.get(reverse("governance:arshjul") + f"?kommun={w.kommun.pk}&year=2026")
    body = page.content.decode()
    assert "Budget klar" in body and "Ny punkt i årshjulet" not in body


def test_council_list_query_count_is_flat(w, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from governance.models import Council

    client.force_login(w.strateg)

    def count(n):
        for i in range(Council.objects.count(), n):
            Council.objects.create(
                kommun=w.kommun, kind="custom", custom_kind="Råd", name=f"Råd {i}"
            )
        with CaptureQueriesContext(connection) as ctx:
            body = client.get(reverse("governance:council_list")).content.decode()
        assert f"Råd {n - 1}" in body or n > 25
        return len(ctx)

    assert count(3) == count(30)
