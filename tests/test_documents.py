"""Styrdokument (issue 17): services with refusals, versions, reminders, download, pages."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance import tasks
from governance.documents import services
from governance.documents.models import DecidedBy, DocumentKind, GoverningDocument
from governance.documents.pdf import tiny_pdf
from governance.models import Notification
from portfolio.choices import Role
from portfolio.outbox.models import OutboxMessage
from tests.factories import (
    ForvaltningFactory,
    InitiativeFactory,
    KommunFactory,
    SamverkanFactory,
    StrategicGoalFactory,
    SystemFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


def pdf(name="strategi.pdf", *lines):
    return SimpleUploadedFile(
        name, tiny_pdf(*(lines or ("IT-strategi",))), content_type="application/pdf"
    )


def world():
    a = ForvaltningFactory(kommun=KommunFactory(name="Aby"), name="Socialförvaltningen")
    b = ForvaltningFactory(kommun=KommunFactory(name="Bstad"), name="Socialförvaltningen")
    return SimpleNamespace(
        kommun=a.kommun,
        forvaltning=a,
        other_kommun=b.kommun,
        strateg=user_with_role(Role.IT_STRATEG, kommun=a.kommun),
        owner=user_with_role(Role.SYSTEMAGARE, forvaltning=a),
        reader=user_with_role(Role.LASARE, kommun=a.kommun),
        other_strateg=user_with_role(Role.IT_STRATEG, kommun=b.kommun),
        other_person=user_with_role(Role.SYSTEMAGARE, forvaltning=b),
        system=SystemFactory(forvaltning=a),
        other_system=SystemFactory(forvaltning=b),
        initiative=InitiativeFactory(forvaltning=a),
        goal=StrategicGoalFactory(kommun=a.kommun),
    )


@pytest.fixture
def w():
    return world()


def add(w, **kwargs):
    values = {
        "actor": w.strateg,
        "kommun": w.kommun,
        "file": pdf(),
        "kind": DocumentKind.IT_STRATEGI,
        "title": "IT-strategi 2026–2029",
        "owner": w.owner,
        "decided_by": DecidedBy.KF,
        "decision_text": "KF 2026-02-12 § 9",
        "decision_date": datetime.date(2026, 2, 12),
        "revision_date": timezone.localdate() + datetime.timedelta(days=30),
        "links": {"systems": [w.system], "initiatives": [w.initiative], "goals": [w.goal]},
    }
    values.update(kwargs)
    return services.add_document(**values)


# --- Services ----------------------------------------------------------------------------


def test_the_strateg_adds_a_document_with_its_pdf_and_links(w):
    document = add(w)
    assert document.version == 1 and document.is_current
    assert document.file.name.startswith("styrdokument/") and document.file.name.endswith(".pdf")
    assert document.file_name == "strategi.pdf" and document.file_size > 0
    assert list(document.systems.all()) == [w.system]
    assert list(w.system.governing_documents.all()) == [document]
    assert document.history.filter(history_type="+").count() == 1


def test_an_owner_from_another_kommun_is_refused(w):
    with pytest.raises(ValidationError) as exc:
        add(w, owner=w.other_person)
    assert "har ingen roll i kommunen" in str(exc.value)
    assert not GoverningDocument.objects.exists()


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("strategi.docx", b"PK\x03\x04 not a pdf"),
        SimpleUploadedFile("strategi.pdf", b"<html>inte en pdf</html>"),
        SimpleUploadedFile("tom.pdf", b""),
    ],
)
def test_a_file_that_is_no_pdf_is_refused(w, upload):
    with pytest.raises(ValidationError) as exc:
        add(w, file=upload)
    assert "file" in exc.value.message_dict
    assert not GoverningDocument.objects.exists()


def test_links_outside_the_documents_kommun_are_refused(w):
    with pytest.raises(ValidationError) as exc:
        add(w, links={"systems": [w.other_system]})
    assert exc.value.message_dict["systems"] == ["Systemen måste höra till dokumentets kommun."]
    assert not GoverningDocument.objects.exists()


def test_only_stewards_add_and_only_in_their_kommun(w):
    with pytest.raises(PermissionDenied):
        add(w, actor=w.reader)
    with pytest.raises(PermissionDenied):
        add(w, actor=w.other_strateg)
    assert not GoverningDocument.objects.exists()


def test_the_owner_edits_their_own_a_reader_and_another_kommun_do_not(w):
    document = add(w)
    services.update_document(actor=w.owner, document=document, title="Ny titel")
    assert GoverningDocument.objects.get(pk=document.pk).title == "Ny titel"
    with pytest.raises(PermissionDenied):
        services.update_document(actor=w.reader, document=document, title="Läsaren")
    from django.http import Http404

    with pytest.raises(Http404):
        services.update_document(actor=w.other_strateg, document=document, title="Annan")
    assert GoverningDocument.objects.get(pk=document.pk).title == "Ny titel"


def test_a_new_version_supersedes_the_old_one_which_stays_readable(w):
    old = add(w)
    new = services.add_version(
        actor=w.owner,
        document=old,
        file=pdf("strategi-2.pdf", "Reviderad"),
        decision_text="KF 2027-02-11 § 8",
        decision_date=datetime.date(2027, 2, 11),
        revision_date=datetime.date(2029, 1, 1),
    )
    old.refresh_from_db()
    assert new.version == 2 and new.series == old.series and new.is_current
    assert old.superseded_by == new and old.superseded_at is not None
    assert new.title == old.title and list(new.systems.all()) == [w.system]
    assert list(new.goals.all()) == [w.goal] and list(new.initiatives.all()) == [w.initiative]
    # The old version: readable and downloadable, never changed again.
    from portfolio import policy

    assert policy.can(w.reader, policy.DOWNLOAD, old)
    assert not policy.can(w.strateg, policy.CHANGE, old)
    with pytest.raises(PermissionDenied, match="ersatt"):
        services.add_version(actor=w.strateg, document=old, file=pdf())
    with pytest.raises(PermissionDenied):
        services.update_document(actor=w.strateg, document=old, title="Ändrad")
    assert GoverningDocument.objects.count() == 2


def test_a_new_version_that_is_no_pdf_leaves_the_old_one_current(w):
    old = add(w)
    with pytest.raises(ValidationError):
        services.add_version(
            actor=w.strateg, document=old, file=SimpleUploadedFile("x.pdf", b"nope")
        )
    old.refresh_from_db()
    assert old.is_current and GoverningDocument.objects.count() == 1


def test_samverkan_document_is_read_by_every_member_kommun(w):
    s = SamverkanFactory(host=w.kommun, members=[w.other_kommun])
    sml_strateg = user_with_role(Role.IT_STRATEG, samverkan=s)
    document = services.add_document(
        actor=sml_strateg,
        samverkan=s,
        file=pdf(),
        kind=DocumentKind.RIKTLINJE,
        title="Gemensam riktlinje",
        owner=w.other_person,
    )
    from portfolio import policy

    assert policy.can(w.other_person, policy.VIEW, document)
    assert policy.can(w.reader, policy.DOWNLOAD, document)
    assert not policy.can(w.reader, policy.CHANGE, document)


# --- Reminders ---------------------------------------------------------------------------


def test_the_revision_reminder_is_sent_once_per_version_and_date(
    w, settings, django_capture_on_commit_callbacks
):
    settings.DOCUMENT_REVISION_REMINDER_DAYS = 60
    document = add(w)
    far = add(w, title="Långt fram", revision_date=timezone.localdate() + datetime.timedelta(100))
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            tasks.queue_document_reminders()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [w.owner.email]
    assert document.title in message.subject
    assert document.get_absolute_url() in message.body
    assert Notification.objects.filter(key__startswith="styrdokument:").count() == 1
    # The delivery itself, run twice (a redelivered message), sends nothing more.
    assert tasks.remind_document_revision(document.pk, document.revision_date.isoformat()) == 0
    assert OutboxMessage.objects.filter(task__endswith="remind_document_revision").count() == 1
    assert far.pk not in {
        int(k.split(":")[1]) for k in Notification.objects.values_list("key", flat=True)
    }
    # A new version with its own revision date gets its own reminder.
    new = services.add_version(
        actor=w.strateg,
        document=document,
        file=pdf(),
        revision_date=timezone.localdate() + datetime.timedelta(days=10),
    )
    with django_capture_on_commit_callbacks(execute=True):
        tasks.queue_document_reminders()
    assert len(mail.outbox) == 2 and new.title in mail.outbox[1].subject


# --- Pages -------------------------------------------------------------------------------


def test_download_is_permission_checked(client, w):
    document = add(w)
    url = reverse("governance:document_download", args=[document.pk])
    client.force_login(w.reader)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    client.force_login(w.other_strateg)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_the_strateg_adds_a_document_on_the_page(client, w):
    client.force_login(w.strateg)
    url = reverse("governance:document_add")
    page = client.get(url).content.decode()
    assert "Nytt styrdokument" in page
    data = {
        "kommun": w.kommun.pk,
        "kind": DocumentKind.IT_STRATEGI,
        "title": "IT-strategi",
        "owner": w.owner.pk,
        "decided_by": DecidedBy.KS,
        "decision_text": "KS 2026-01-01 § 1",
        "systems": [w.system.pk],
    }
    bad = client.post(url, {**data, "file": SimpleUploadedFile("a.txt", b"hej")})
    assert bad.status_code == 400
    assert "Filtypen .txt är inte tillåten" in bad.content.decode()
    forged = client.post(url, {**data, "systems": [w.other_system.pk], "file": pdf()})
    assert forged.status_code == 400 and not GoverningDocument.objects.exists()
    response = client.post(url, {**data, "file": pdf()})
    document = GoverningDocument.objects.get()
    assert response.status_code == 302 and response["Location"] == document.get_absolute_url()
    system_page = client.get(w.system.get_absolute_url()).content.decode()
    assert "Styrdokument" in system_page and document.get_absolute_url() in system_page
    version = reverse("governance:document_version", args=[document.pk])
    response = client.post(version, {"owner": w.owner.pk, "file": pdf("v2.pdf")})
    assert response.status_code == 302
    old_page = client.get(document.get_absolute_url()).content.decode()
    assert "Ersatt av version 2" in old_page and "Ladda upp ny version" not in old_page


def _documents(w, n):
    for i in range(GoverningDocument.objects.count(), n):
        add(w, title=f"Dokument {i}", links={})


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_query_count_is_flat_with_3_and_30_documents(client, w):
    client.force_login(w.reader)
    url = reverse("governance:document_list")
    _documents(w, 3)
    few = _queries(client, url + "?versions=alla")
    _documents(w, 30)
    assert _queries(client, url + "?versions=alla") == few
    page = client.get(url).content.decode()
    assert "Dokument 29" not in page or "Dokument 0" in page  # paginated at 25


def test_list_shows_current_versions_unless_asked(client, w):
    old = add(w)
    new = services.add_version(actor=w.strateg, document=old, file=pdf())
    client.force_login(w.reader)
    url = reverse("governance:document_list")
    page = client.get(url).content.decode()
    assert new.get_absolute_url() in page and f'"{old.get_absolute_url()}"' not in page
    page = client.get(url + "?versions=alla").content.decode()
    assert old.get_absolute_url() in page and "Ersatt" in page


def test_beat_schedule_has_the_daily_reminder_task(settings):
    entries = {e["task"]: e["schedule"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert entries["governance.tasks.queue_document_reminders"] == 24 * 60 * 60


def test_the_header_search_finds_a_document_only_in_its_kommun(w):
    from portfolio.search import services as search

    document = add(w, title="Informationssäkerhetspolicy 2026")
    (group,) = search.search(w.strateg, "informationssäkerhetspolicy")
    assert group.label == "Styrdokument"
    assert [hit.url for hit in group.hits] == [document.get_absolute_url()]
    assert search.search(w.other_strateg, "informationssäkerhetspolicy") == []
