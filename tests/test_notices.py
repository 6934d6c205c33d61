"""In-app notices (issue 17): notify, channel per kind, read state, the header count, policy."""

import datetime

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from governance.models import Notification
from governance.notifications.services import send_once
from portfolio.choices import Role
from portfolio.models import ContractReminder
from portfolio.notices import services
from portfolio.notices.kinds import kinds
from portfolio.notices.models import Notice, NoticeChannel, NoticePreference
from portfolio.registers.contract_reminders import send_contract_reminders
from tests.factories import ContractFactory, KommunFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # the header count is cached per user id; ids repeat between tests
    yield
    cache.clear()


@pytest.fixture
def person():
    return user_with_role(Role.SYSTEMAGARE, kommun=KommunFactory())


def notice(user, n=0, **kwargs):
    return services.notify(
        user=user, kind="attestation", subject=f"Notis {n}", body="Text", url="/system/", **kwargs
    )


def test_notify_stores_the_notice_and_emails_by_default(person):
    stored = notice(person)
    assert stored.user == person and stored.emailed and stored.read_at is None
    assert [m.to for m in mail.outbox] == [[person.email]]


def test_portal_only_stores_the_notice_and_sends_no_email(person):
    services.save_notice_preferences(
        actor=person, channels={"attestation": NoticeChannel.PORTAL_ONLY}
    )
    stored = notice(person)
    assert stored is not None and not stored.emailed
    assert mail.outbox == []
    # Another kind still goes by e-mail.
    services.notify(user=person, kind="contract_reminder", subject="Avtal")
    assert len(mail.outbox) == 1


def test_a_key_makes_a_notice_exactly_once(person):
    assert notice(person, key="k:1") is not None
    assert notice(person, key="k:1") is None
    assert Notice.objects.count() == 1 and len(mail.outbox) == 1


def test_governance_send_once_keeps_its_key_and_honours_the_choice(person):
    services.save_notice_preferences(actor=person, channels={"agenda": NoticeChannel.PORTAL_ONLY})
    kwargs = {
        "key": "agenda:1:2",
        "recipient": person.email,
        "subject": "Föredragningslista",
        "body": "x",
        "user": person,
        "kind": "agenda",
        "url": "/styrning/",
    }
    assert send_once(**kwargs) is True
    assert send_once(**kwargs) is False  # a redelivered task sends nothing
    assert mail.outbox == []
    assert Notification.objects.filter(key="agenda:1:2").count() == 1
    assert Notice.objects.get(user=person).subject == "Föredragningslista"
    # A functional address (no user) is still just an e-mail.
    assert send_once(key="x", recipient="it@kommun.se", subject="S", body="B") is True
    assert [m.to for m in mail.outbox] == [["it@kommun.se"]]
    assert Notice.objects.count() == 1


def test_contract_reminder_honours_portal_only_and_is_sent_once(settings):
    settings.CONTRACT_REMINDER_DAYS_BEFORE = 90
    contract = ContractFactory(end_date=datetime.date(2027, 12, 31), notice_months=6)
    owner = contract.system.owner
    services.save_notice_preferences(
        actor=owner, channels={"contract_reminder": NoticeChannel.PORTAL_ONLY}
    )
    today = datetime.date(2027, 6, 30)
    assert send_contract_reminders(today=today) == 1
    assert send_contract_reminders(today=today) == 0
    assert mail.outbox == []
    assert ContractReminder.objects.count() == 1
    stored = Notice.objects.get(user=owner)
    assert stored.kind == "contract_reminder" and contract.number in stored.subject


def test_mark_one_and_all_read(client, person):
    first, second, third = (notice(person, n) for n in range(3))
    client.force_login(person)
    response = client.post(reverse("portfolio:notice_read", args=[first.pk]))
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.read_at is not None
    assert Notice.objects.filter(read_at__isnull=True).count() == 2
    assert client.post(reverse("portfolio:notice_read_all")).status_code == 302
    assert not Notice.objects.filter(read_at__isnull=True).exists()


def test_someone_elses_notice_is_404_and_refused_by_the_service(client, person):
    other = UserFactory()
    theirs = notice(other)
    client.force_login(person)
    assert client.get(reverse("portfolio:notice_detail", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("portfolio:notice_read", args=[theirs.pk])).status_code == 404
    with pytest.raises(ValidationError):
        services.mark_notice_read(actor=person, notice=theirs)
    client.post(reverse("portfolio:notice_read_all"))
    theirs.refresh_from_db()
    assert theirs.read_at is None
    page = client.get(reverse("portfolio:notice_list")).content.decode()
    assert "Notis 0" not in page


def test_the_header_shows_the_unread_count_with_an_accessible_name(client, person):
    for n in range(3):
        notice(person, n)
    client.force_login(person)
    page = client.get(reverse("portfolio:notice_list")).content.decode()
    assert (
        'Notiser<span class="visually-hidden">,</span> <span class="notice-count">3</span>'
        '<span class="visually-hidden"> olästa</span>'
    ) in page
    services.mark_all_notices_read(actor=person)
    page = client.get(reverse("portfolio:home")).content.decode()
    assert 'class="notice-count"' not in page


def test_the_header_count_costs_no_query_per_page(client, person):
    for n in range(3):
        notice(person, n)
    client.force_login(person)  # the login fills the cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("portfolio:notice_settings"))
    assert not [q for q in queries.captured_queries if 'portfolio_notice"' in q["sql"]]
    notice(person, 9)  # a change drops the cached count; the next page counts once
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("portfolio:notice_settings")).content.decode()
    counts = [q for q in queries.captured_queries if 'FROM "portfolio_notice"' in q["sql"]]
    assert len(counts) == 1
    assert '<span class="notice-count">4</span>' in page


@pytest.mark.parametrize("rows", [3, 30])
def test_notice_list_query_count_is_flat(client, person, rows, django_assert_max_num_queries):
    Notice.objects.bulk_create(
        [Notice(user=person, kind="attestation", subject=f"N {n}") for n in range(rows)]
    )
    client.force_login(person)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("portfolio:notice_list"))
    assert response.status_code == 200
    assert response.content.decode().count("Markera som läst<span") == min(rows, 20)


def test_the_unread_filter(client, person):
    read, unread = notice(person, 1), notice(person, 2)
    services.mark_notice_read(actor=person, notice=read)
    client.force_login(person)
    page = client.get(reverse("portfolio:notice_list"), {"status": "olast"}).content.decode()
    assert "Notis 2" in page and "Notis 1" not in page
    assert unread.subject in page


def test_settings_page_saves_the_channel_per_kind(client, person):
    client.force_login(person)
    url = reverse("portfolio:notice_settings")
    page = client.get(url).content.decode()
    assert "Årlig bekräftelse av system" in page and "Föredragningslista publicerad" in page
    data = {code: "email" for code, _label in kinds()} | {"maturity": "portal"}
    assert client.post(url, data).status_code == 302
    assert NoticePreference.objects.get(user=person, kind="maturity").channel == "portal"
    assert services.preferences_of(person)["maturity"] == "portal"
    assert services.wants_email(person, "agenda") and not services.wants_email(person, "maturity")
    with pytest.raises(ValidationError):
        services.save_notice_preferences(actor=person, channels={"nonsense": "portal"})
