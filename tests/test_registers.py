import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from portfolio import services
from portfolio.choices import InitiativeStatus, SystemCategory, SystemKind, TimeClass
from portfolio.models import Contract, Initiative, InitiativeCost, System, derive_time_class

pytestmark = pytest.mark.django_db
User = get_user_model()


def user(name):
    return User.objects.get(username=name)


@pytest.mark.parametrize(
    "functional,technical,expected",
    [
        (4, 4, TimeClass.INVESTERA),
        (3, 2, TimeClass.MIGRERA),
        (2, 3, TimeClass.TOLERERA),
        (1, 1, TimeClass.ELIMINERA),
        (None, 3, None),
        (3, None, None),
    ],
)
def test_time_derivation(functional, technical, expected):
    assert derive_time_class(functional, technical) == expected


@pytest.mark.parametrize(
    "end,months,expected",
    [
        (datetime.date(2027, 5, 31), 3, datetime.date(2027, 2, 28)),
        (datetime.date(2028, 5, 31), 3, datetime.date(2028, 2, 29)),
        (datetime.date(2027, 3, 31), 1, datetime.date(2027, 2, 28)),
        (datetime.date(2027, 12, 31), 6, datetime.date(2027, 6, 30)),
        (datetime.date(2027, 1, 15), 12, datetime.date(2026, 1, 15)),
    ],
)
def test_last_cancel_date_across_month_ends(end, months, expected):
    assert Contract(end_date=end, notice_months=months).last_cancel_date == expected


def test_contract_status():
    contract = Contract(
        start_date=datetime.date(2024, 1, 1), end_date=datetime.date(2026, 12, 31), notice_months=3
    )
    assert contract.status(datetime.date(2026, 9, 30)) == "aktivt"
    assert contract.status(datetime.date(2026, 10, 1)) == "uppsagningsperiod"
    assert contract.status(datetime.date(2027, 1, 1)) == "utganget"


def test_initiative_transitions_allowed_and_refused(demo):
    strateg = user("strateg.lysekil")
    ini = Initiative.objects.get(kommun__name="Lysekil", title="Trådlöst nät i äldreboenden")
    with pytest.raises(ValidationError):
        services.transition_initiative(
            actor=strateg, initiative=ini, to_status=InitiativeStatus.GENOMFORANDE
        )
    services.transition_initiative(
        actor=strateg,
        initiative=ini,
        to_status=InitiativeStatus.KVALIFICERING,
        comment="Går vidare",
    )
    change = ini.status_changes.get()
    assert (change.from_status, change.to_status, change.actor) == ("ide", "kvalificering", strateg)


def test_transition_view_refuses_disallowed_status(client, demo):
    ini = Initiative.objects.get(kommun__name="Lysekil", title="Trådlöst nät i äldreboenden")
    client.force_login(user("strateg.lysekil"))
    response = client.post(
        reverse("portfolio:initiative_transition", args=[ini.pk]),
        {"to_status": "avslutad"},
        follow=True,
    )
    assert "inte tillåten" in response.content.decode()
    ini.refresh_from_db()
    assert ini.status == InitiativeStatus.IDE


def _system(kommun, forvaltning):
    return System.objects.filter(kommun__name=kommun, forvaltning__name=forvaltning).first()


def test_system_permission_matrix(client, demo):
    own = _system("Lysekil", "Socialförvaltningen")
    edit = reverse("portfolio:system_edit", args=[own.pk])
    detail = reverse("portfolio:system_detail", args=[own.pk])
    assert client.get(detail).status_code == 302  # anonymous
    for name, view_status, edit_status in [
        ("sa.lysekil", 200, 200),  # systemägare of this system
        ("sf.lysekil", 200, 200),  # systemförvaltare
        ("strateg.lysekil", 200, 200),
        ("fc.lysekil.soc", 200, 403),  # same förvaltning, reads only
        ("fc.lysekil.bou", 404, 404),  # other förvaltning
        ("revisor.lysekil", 200, 403),
        ("strateg.uddevalla", 404, 404),  # other kommun
    ]:
        client.force_login(user(name))
        assert client.get(detail).status_code == view_status, name
        assert client.get(edit).status_code == edit_status, name


def test_shared_system_is_visible_to_samverkan_partner_but_not_editable(client, demo):
    from portfolio.models import Samverkansorganisation

    system = _system("Lysekil", "Kommunledningskontoret")
    system.samverkan = Samverkansorganisation.objects.get(name="SML-IT")
    system.save()
    partner = User.objects.create(username="sotenas.chef")
    services_role(partner, "Sotenäs")
    client.force_login(partner)
    assert client.get(reverse("portfolio:system_detail", args=[system.pk])).status_code == 200
    response = client.post(reverse("portfolio:system_edit", args=[system.pk]), {"name": "X"})
    assert response.status_code == 403
    system.refresh_from_db()
    assert system.name != "X"


def services_role(u, kommun_name):
    from portfolio.choices import Role
    from portfolio.models import Kommun, RoleAssignment

    RoleAssignment.objects.create(
        user=u, role=Role.LASARE, kommun=Kommun.objects.get(name=kommun_name)
    )


def test_refused_child_post_writes_nothing(client, demo):
    ini = Initiative.objects.filter(kommun__name="Lysekil").first()
    before = InitiativeCost.objects.count()
    client.force_login(user("strateg.uddevalla"))
    url = reverse("portfolio:initiative_cost_add", args=[ini.pk])
    data = {"year": 2026, "kind": "investering", "nature": "utveckling", "amount": "1000"}
    assert client.post(url, data).status_code == 404
    client.force_login(user("revisor.lysekil"))
    assert client.post(url, data).status_code == 403
    assert InitiativeCost.objects.count() == before


def test_child_form_validation_is_swedish(client, demo):
    ini = Initiative.objects.filter(kommun__name="Lysekil").first()
    client.force_login(user("strateg.lysekil"))
    response = client.post(
        reverse("portfolio:risk_add", args=[ini.pk]),
        {"description": "Risk", "probability": 7, "impact": 2},
    )
    assert response.status_code == 400
    assert "mindre än eller lika med 5" in response.content.decode()
    response = client.post(
        reverse("portfolio:initiative_cost_add", args=[ini.pk]),
        {"year": 2026, "kind": "investering", "nature": "drift", "amount": "-5"},
    )
    assert response.status_code == 400


def test_create_system_warns_about_second_common_system(client, demo):
    from portfolio.models import Forvaltning

    klk = Forvaltning.objects.get(kommun__name="Lysekil", name="Kommunledningskontoret")
    client.force_login(user("strateg.lysekil"))
    response = client.post(
        reverse("portfolio:system_add"),
        {
            "name": "Nytt ekonomisystem",
            "kind": SystemKind.KOMMUNGEMENSAMT,
            "category": SystemCategory.EKONOMI,
            "area": "ekonomi",
            "forvaltning": klk.pk,
            "owner": user("strateg.lysekil").pk,
            "hosting": "saas",
            "lifecycle": "planerad",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Raindance" in response.content.decode()
    system = System.objects.get(name="Nytt ekonomisystem")
    assert system.history.latest().history_user == user("strateg.lysekil")


def test_create_initiative_outside_scope_is_refused(client, demo):
    from portfolio.models import Forvaltning

    other = Forvaltning.objects.get(kommun__name="Uddevalla", name="Socialförvaltningen")
    client.force_login(user("strateg.lysekil"))
    response = client.post(
        reverse("portfolio:initiative_add"),
        {
            "title": "X",
            "description": "Y",
            "kind": "e_tjanst",
            "area": "it",
            "forvaltning": other.pk,
            "contact": user("strateg.lysekil").pk,
        },
    )
    assert response.status_code == 400  # not a valid choice for this user
    assert not Initiative.objects.filter(title="X").exists()


@pytest.mark.parametrize("rows", [3, 30])
def test_system_list_query_count_is_flat(client, rows, django_assert_max_num_queries):
    from portfolio.choices import Role
    from tests.factories import SystemFactory, user_with_role

    systems = SystemFactory.create_batch(rows)
    kommun = systems[0].kommun
    System.objects.update(kommun=kommun)
    client.force_login(user_with_role(Role.IT_STRATEG, kommun=kommun))
    with django_assert_max_num_queries(16):
        assert client.get(reverse("portfolio:system_list")).status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_initiative_list_query_count_is_flat(client, rows, django_assert_max_num_queries):
    from portfolio.choices import Role
    from tests.factories import InitiativeFactory, user_with_role

    items = InitiativeFactory.create_batch(rows)
    kommun = items[0].kommun
    Initiative.objects.update(kommun=kommun)
    client.force_login(user_with_role(Role.IT_STRATEG, kommun=kommun))
    with django_assert_max_num_queries(16):
        assert client.get(reverse("portfolio:initiative_list")).status_code == 200


def test_detail_pages_render_money_and_history(client, demo):
    ini = Initiative.objects.get(kommun__name="Lysekil", title="E-tjänst för bygglov")
    client.force_login(user("strateg.lysekil"))
    html = client.get(reverse("portfolio:initiative_detail", args=[ini.pk])).content.decode()
    assert "150 000 kr" in html and "Historik" in html
    assert Decimal("150000") == ini.benefits.get(kind="kronor").yearly_value
