"""Yearly attestation (issue 17): campaigns, confirm, correct, counts, refusals, list badge."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from portfolio.attestation import services
from portfolio.attestation.models import Attestation, AttestationCampaign, CampaignStatus
from portfolio.choices import Lifecycle, Role, SamverkanKind
from portfolio.models import System
from portfolio.notices.models import Notice
from tests.factories import (
    ForvaltningFactory,
    KommunFactory,
    SamverkanFactory,
    SystemFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year
DEADLINE = timezone.localdate() + datetime.timedelta(days=30)


@pytest.fixture
def world():
    kommun = KommunFactory(name="Attestkommun")
    soc = ForvaltningFactory(kommun=kommun, name="Socialförvaltningen")
    bou = ForvaltningFactory(kommun=kommun, name="Barn- och utbildningsförvaltningen")
    strateg = user_with_role(Role.IT_STRATEG, kommun=kommun)
    owner = user_with_role(Role.SYSTEMAGARE, forvaltning=soc)
    other_owner = user_with_role(Role.SYSTEMAGARE, forvaltning=bou)
    systems = [
        SystemFactory(forvaltning=soc, owner=owner, name="Treserva"),
        SystemFactory(forvaltning=soc, owner=owner, name="Lifecare"),
        SystemFactory(forvaltning=bou, owner=other_owner, name="Tieto Edu"),
    ]
    SystemFactory(forvaltning=soc, owner=owner, name="Gammalt", lifecycle=Lifecycle.AVVECKLAD)
    SystemFactory(name="Annan kommuns system")
    return {
        "kommun": kommun,
        "soc": soc,
        "bou": bou,
        "strateg": strateg,
        "owner": owner,
        "other_owner": other_owner,
        "systems": systems,
    }


def open_campaign(world, **kwargs):
    return services.open_attestation_campaign(
        actor=world["strateg"], kommun=world["kommun"], year=YEAR, deadline=DEADLINE, **kwargs
    )


def row(campaign, name):
    return Attestation.objects.select_related("system").get(campaign=campaign, system__name=name)


def test_opening_asks_about_every_live_system_and_notifies_each_owner_once(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        campaign = open_campaign(world)
    names = set(campaign.attestations.values_list("system__name", flat=True))
    assert names == {"Treserva", "Lifecare", "Tieto Edu"}  # not the retired, not another kommun's
    notices = Notice.objects.filter(kind="attestation")
    assert sorted(n.user_id for n in notices) == sorted(
        [world["owner"].pk, world["other_owner"].pk]
    )
    assert notices.get(user=world["owner"]).url == campaign.get_absolute_url()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world["owner"].email, world["other_owner"].email]
    )
    assert "Treserva" in mail.outbox[0].body or "Treserva" in mail.outbox[1].body
    # A redelivered task sends nothing again.
    assert services.notify_attestation_owners(campaign.pk) == 0
    assert len(mail.outbox) == 2 and notices.count() == 2


def test_counts_per_forvaltning(world):
    campaign = open_campaign(world)
    services.confirm_system(actor=world["owner"], attestation=row(campaign, "Treserva"))
    rows = services.progress_by_forvaltning(campaign)
    assert [(r["forvaltning"], r["total"], r["confirmed"], r["share"]) for r in rows] == [
        ("Barn- och utbildningsförvaltningen", 1, 0, 0),
        ("Socialförvaltningen", 2, 1, 50),
    ]
    assert services.totals(rows) == {"total": 3, "confirmed": 1, "share": 33}
    assert services.unconfirmed_count(world["owner"]) == 1
    assert services.unconfirmed_count(world["other_owner"]) == 1
    assert services.unconfirmed_count(world["strateg"]) == 0


def test_confirming_records_who_and_when(world):
    campaign = open_campaign(world)
    attestation = services.confirm_system(
        actor=world["owner"], attestation=row(campaign, "Treserva")
    )
    attestation.refresh_from_db()
    assert attestation.confirmed_by == world["owner"]
    assert attestation.confirmed_at is not None and not attestation.corrected


def test_correcting_edits_the_system_through_the_register_with_history(world):
    campaign = open_campaign(world)
    attestation = row(campaign, "Lifecare")
    system = System.objects.get(pk=attestation.system_id)
    system.lifecycle = Lifecycle.UNDER_AVVECKLING
    system.confidentiality, system.integrity, system.availability_class = 2, 3, 1
    services.correct_system(actor=world["owner"], attestation=attestation, system=system)
    system.refresh_from_db()
    assert system.krt == "K2 R3 T1" and system.lifecycle == Lifecycle.UNDER_AVVECKLING
    latest = system.history.latest()
    assert latest.history_user == world["owner"]
    assert latest.lifecycle == Lifecycle.UNDER_AVVECKLING
    attestation.refresh_from_db()
    assert attestation.corrected and attestation.confirmed_by == world["owner"]


def test_a_correction_naming_someone_outside_the_kommun_is_refused_and_saves_nothing(world):
    campaign = open_campaign(world)
    attestation = row(campaign, "Lifecare")
    system = System.objects.get(pk=attestation.system_id)
    system.owner = SystemFactory().owner  # no role in the kommun
    system.lifecycle = Lifecycle.ARKIV
    with pytest.raises(ValidationError):
        services.correct_system(actor=world["owner"], attestation=attestation, system=system)
    attestation.refresh_from_db()
    assert attestation.confirmed_at is None
    assert System.objects.get(pk=system.pk).lifecycle == Lifecycle.I_DRIFT


# --- Refusals at the service layer ------------------------------------------------


def test_nobody_confirms_someone_elses_system(world):
    campaign = open_campaign(world)
    attestation = row(campaign, "Treserva")
    for actor in (world["other_owner"], world["strateg"]):
        with pytest.raises(ValidationError, match="Bara systemets systemägare"):
            services.confirm_system(actor=actor, attestation=attestation)
        system = System.objects.get(pk=attestation.system_id)
        system.lifecycle = Lifecycle.ARKIV
        with pytest.raises(ValidationError):
            services.correct_system(actor=actor, attestation=attestation, system=system)
    attestation.refresh_from_db()
    assert attestation.confirmed_at is None
    assert System.objects.get(pk=attestation.system_id).lifecycle == Lifecycle.I_DRIFT


def test_a_closed_campaign_is_frozen(world):
    campaign = open_campaign(world)
    services.close_attestation_campaign(actor=world["strateg"], campaign=campaign)
    attestation = row(campaign, "Treserva")
    with pytest.raises(ValidationError, match="stängd"):
        services.confirm_system(actor=world["owner"], attestation=attestation)
    system = System.objects.get(pk=attestation.system_id)
    system.lifecycle = Lifecycle.ARKIV
    with pytest.raises(ValidationError, match="stängd"):
        services.correct_system(actor=world["owner"], attestation=attestation, system=system)
    assert not Attestation.objects.filter(confirmed_at__isnull=False).exists()
    assert System.objects.get(pk=system.pk).lifecycle == Lifecycle.I_DRIFT
    with pytest.raises(ValidationError, match="redan stängd"):
        services.close_attestation_campaign(actor=world["strateg"], campaign=campaign)


def test_only_the_kommuns_it_strateg_opens_and_closes(world):
    for actor in (world["owner"], user_with_role(Role.IT_STRATEG, kommun=KommunFactory())):
        with pytest.raises(ValidationError):
            services.open_attestation_campaign(
                actor=actor, kommun=world["kommun"], year=YEAR, deadline=DEADLINE
            )
    assert not AttestationCampaign.objects.exists()
    campaign = open_campaign(world)
    with pytest.raises(ValidationError):
        services.close_attestation_campaign(actor=world["owner"], campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.OPEN


def test_one_open_campaign_per_kommun_and_year(world):
    first = open_campaign(world)
    with pytest.raises(ValidationError, match="redan en öppen"):
        open_campaign(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        AttestationCampaign.objects.create(
            kommun=world["kommun"], year=YEAR, deadline=DEADLINE, opened_by=world["strateg"]
        )
    # After closing, the year may be run again; a deadline in the past is refused.
    services.close_attestation_campaign(actor=world["strateg"], campaign=first)
    with pytest.raises(ValidationError):
        services.open_attestation_campaign(
            actor=world["strateg"],
            kommun=world["kommun"],
            year=YEAR,
            deadline=timezone.localdate() - datetime.timedelta(days=1),
        )
    assert open_campaign(world).pk != first.pk


def test_an_it_strateg_acting_for_a_shared_it_organisation_opens_for_a_member(world):
    host = KommunFactory(name="Värdkommun")
    SamverkanFactory(kind=SamverkanKind.IT_ORGANISATION, host=host, members=[host, world["kommun"]])
    coordinator = user_with_role(Role.IT_STRATEG, kommun=host)
    campaign = services.open_attestation_campaign(
        actor=coordinator, kommun=world["kommun"], year=YEAR, deadline=DEADLINE
    )
    assert campaign.attestations.count() == 3
    # A network (nätverk) host does not manage its members' records.
    network_host = KommunFactory(name="Nätverksvärd")
    SamverkanFactory(
        kind=SamverkanKind.NATVERK, host=network_host, members=[network_host, world["kommun"]]
    )
    outsider = user_with_role(Role.IT_STRATEG, kommun=network_host)
    services.close_attestation_campaign(actor=coordinator, campaign=campaign)
    with pytest.raises(ValidationError):
        services.open_attestation_campaign(
            actor=outsider, kommun=world["kommun"], year=YEAR, deadline=DEADLINE
        )


# --- Pages ---------------------------------------------------------------------


def test_the_owner_confirms_and_corrects_on_the_campaign_page(client, world):
    campaign = open_campaign(world)
    client.force_login(world["owner"])
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "Treserva" in page and "Tieto Edu" not in page  # only their own systems
    assert f"Ej bekräftad {YEAR}" in page
    assert "Andel bekräftade per förvaltning" not in page
    treserva, lifecare = row(campaign, "Treserva"), row(campaign, "Lifecare")
    response = client.post(reverse("portfolio:attestation_confirm", args=[treserva.pk]))
    assert response.status_code == 302
    treserva.refresh_from_db()
    assert treserva.confirmed_by == world["owner"]
    url = reverse("portfolio:attestation_correct", args=[lifecare.pk])
    assert client.get(url).status_code == 200
    system = lifecare.system
    data = {
        "owner": world["owner"].pk,
        "lifecycle": Lifecycle.I_DRIFT,
        "confidentiality": 3,
        "integrity": 3,
        "availability_class": 2,
        "personal_data": "on",
        "pub_agreement": "on",
        "pub_signed_on": "2026-01-15",
    }
    assert client.post(url, data).status_code == 302
    system.refresh_from_db()
    assert system.pub_agreement and system.krt == "K3 R3 T2"
    lifecare.refresh_from_db()
    assert lifecare.corrected


def test_another_owner_gets_404_and_the_strateg_403_on_a_row(client, world):
    campaign = open_campaign(world)
    treserva = row(campaign, "Treserva")
    confirm = reverse("portfolio:attestation_confirm", args=[treserva.pk])
    client.force_login(world["other_owner"])
    assert client.post(confirm).status_code == 404
    client.force_login(world["strateg"])
    assert client.post(confirm).status_code == 403
    treserva.refresh_from_db()
    assert treserva.confirmed_at is None


def test_the_strateg_sees_the_share_with_table_and_text(client, world):
    campaign = open_campaign(world)
    services.confirm_system(actor=world["owner"], attestation=row(campaign, "Treserva"))
    client.force_login(world["strateg"])
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "Andel bekräftade per förvaltning" in page
    assert "Socialförvaltningen 50 procent (1 av 2)" in page  # the chart's text alternative
    assert '<th scope="row">Socialförvaltningen</th><td class="num">2</td>' in page
    response = client.post(reverse("portfolio:attestation_campaign_close", args=[campaign.pk]))
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CLOSED


def test_the_strateg_opens_a_campaign_on_the_form(client, world):
    client.force_login(world["strateg"])
    url = reverse("portfolio:attestation_campaign_add")
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"kommun": world["kommun"].pk, "year": YEAR, "deadline": DEADLINE.isoformat()}
    )
    assert response.status_code == 302
    assert AttestationCampaign.objects.get().kommun == world["kommun"]
    client.force_login(world["owner"])
    assert client.get(url).status_code == 403


# --- The system list -------------------------------------------------------------


@pytest.mark.parametrize("rows", [3, 30])
def test_system_list_marks_unconfirmed_with_a_flat_query_count(
    client, rows, django_assert_max_num_queries
):
    kommun = KommunFactory()
    forvaltning = ForvaltningFactory(kommun=kommun)
    strateg = user_with_role(Role.IT_STRATEG, kommun=kommun)
    SystemFactory.create_batch(rows, forvaltning=forvaltning)
    campaign = services.open_attestation_campaign(
        actor=strateg, kommun=kommun, year=YEAR, deadline=DEADLINE
    )
    confirmed = campaign.attestations.order_by("pk").first()
    Attestation.objects.filter(pk=confirmed.pk).update(
        confirmed_at=timezone.now(), confirmed_by=confirmed.system.owner
    )
    client.force_login(strateg)
    with django_assert_max_num_queries(16):
        page = client.get(reverse("portfolio:system_list")).content.decode()
    body = page.split("<tbody")[1]
    shown = min(rows, 25)
    confirmed_shown = confirmed.system.name in body
    assert body.count(f"Ej bekräftad {YEAR}") == shown - confirmed_shown
    assert body.count(f"Bekräftad {YEAR}") == confirmed_shown
    filtered = client.get(reverse("portfolio:system_list"), {"bekraftelse": "ej"})
    assert confirmed.system.name not in filtered.content.decode().split("<tbody")[1]
    only = client.get(reverse("portfolio:system_list"), {"bekraftelse": "ja"}).content.decode()
    assert only.split("<tbody")[1].count("<tr") == 1
    export = client.get(reverse("portfolio:system_list"), {"export": "csv"}).content.decode()
    assert "Årlig bekräftelse" in export and f"Ej bekräftad {YEAR}" in export


@pytest.mark.parametrize("rows", [3, 30])
def test_campaign_page_query_count_is_flat(client, rows, django_assert_max_num_queries):
    kommun = KommunFactory()
    forvaltning = ForvaltningFactory(kommun=kommun)
    strateg = user_with_role(Role.IT_STRATEG, kommun=kommun)
    owner = user_with_role(Role.SYSTEMAGARE, forvaltning=forvaltning)
    SystemFactory.create_batch(rows, forvaltning=forvaltning, owner=owner)
    SystemFactory.create_batch(rows, forvaltning=ForvaltningFactory(kommun=kommun))
    campaign = services.open_attestation_campaign(
        actor=strateg, kommun=kommun, year=YEAR, deadline=DEADLINE
    )
    for user in (owner, strateg):
        client.force_login(user)
        with django_assert_max_num_queries(12):
            response = client.get(campaign.get_absolute_url())
        assert response.status_code == 200
        with django_assert_max_num_queries(10):
            assert client.get(reverse("portfolio:attestation_home")).status_code == 200
    client.force_login(owner)
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert page.count(f"Ej bekräftad {YEAR}") == rows


def test_att_gora_lists_the_owners_systems_to_confirm_and_nothing_for_others(world):
    from portfolio.todo.registry import todos_for

    def texts(user):
        return [item.text for item in todos_for(user) if "bekräftelse" in item.text]

    assert texts(world["owner"]) == []
    campaign = open_campaign(world)
    assert texts(world["owner"]) == ["2 system att bekräfta i den årliga bekräftelsen"]
    assert texts(world["other_owner"]) == ["1 system att bekräfta i den årliga bekräftelsen"]
    assert texts(world["strateg"]) == []
    services.confirm_system(actor=world["owner"], attestation=row(campaign, "Treserva"))
    services.confirm_system(actor=world["owner"], attestation=row(campaign, "Lifecare"))
    assert texts(world["owner"]) == []
