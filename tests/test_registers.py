import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from portfolio.choices import SystemCategory, SystemKind, TimeClass
from portfolio.models import Contract, System, SystemCost, derive_time_class

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
    system = _system("Lysekil", "Socialförvaltningen")
    before = SystemCost.objects.count()
    url = reverse("portfolio:system_cost_add", args=[system.pk])
    data = {
        "year": 2026,
        "cost_type": "licens",
        "nature": "drift",
        "amount": "1000",
        "payer": "central",
    }
    client.force_login(user("strateg.uddevalla"))
    assert client.post(url, data).status_code == 404
    client.force_login(user("revisor.lysekil"))
    assert client.post(url, data).status_code == 403
    assert SystemCost.objects.count() == before
    client.force_login(user("sa.lysekil"))
    assert client.post(url, data).status_code == 302
    assert SystemCost.objects.count() == before + 1


def test_child_form_validation_is_swedish(client, demo):
    from portfolio.models import Supplier

    system = _system("Lysekil", "Socialförvaltningen")
    client.force_login(user("strateg.lysekil"))
    response = client.post(
        reverse("portfolio:contract_add", args=[system.pk]),
        {
            "supplier": Supplier.objects.first().pk,
            "number": "A-1",
            "start_date": "2026-05-01",
            "end_date": "2026-01-01",
            "notice_months": 3,
            "renewal_type": "automatisk",
            "annual_cost": "-5",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "större än eller lika med 0" in html
    response = client.post(
        reverse("portfolio:contract_add", args=[system.pk]),
        {
            "supplier": Supplier.objects.first().pk,
            "number": "A-1",
            "start_date": "2026-05-01",
            "end_date": "2026-01-01",
            "notice_months": 3,
            "renewal_type": "automatisk",
            "annual_cost": "5",
        },
    )
    assert "Slutdatum kan inte ligga före startdatum" in response.content.decode()
    response = client.post(
        reverse("portfolio:system_cost_add", args=[system.pk]),
        {
            "year": 2026,
            "cost_type": "licens",
            "nature": "drift",
            "amount": "100",
            "payer": "forvaltning",
        },
    )
    assert response.status_code == 400
    assert "Ange vilken förvaltning som betalar" in response.content.decode()
    assert not Contract.objects.filter(number="A-1").exists()


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


def test_create_headings_agree_in_gender():
    from governance.models import Case, Council, Meeting
    from portfolio.generic import new_title
    from portfolio.models import Contract, Forvaltning, StrategicGoal, Supplier, System

    assert new_title(Case) == "Nytt ärende"
    assert new_title(Meeting) == "Nytt sammanträde"
    assert new_title(Contract) == "Nytt avtal"
    assert new_title(System) == "Nytt system"
    assert new_title(StrategicGoal) == "Nytt strategiskt mål"
    assert new_title(Council) == "Nytt råd eller grupp"
    assert new_title(Supplier) == "Ny leverantör"
    assert new_title(Forvaltning) == "Ny förvaltning"


@pytest.mark.django_db
def test_contract_filter_offers_only_suppliers_of_visible_contracts_and_reads_alla(client):
    from portfolio.choices import Role
    from tests.factories import ContractFactory, ForvaltningFactory, user_with_role

    own = ForvaltningFactory()
    ContractFactory(system__forvaltning=own, supplier__name="Egen leverantör AB")
    ContractFactory(supplier__name="Annan kommuns leverantör AB")
    client.force_login(user_with_role(Role.IT_STRATEG, kommun=own.kommun))
    html = client.get(reverse("portfolio:contract_list")).content.decode()
    assert "Egen leverantör AB" in html and "Annan kommuns leverantör AB" not in html
    assert ">Alla</option>" in html and "---------" not in html
    assert '<input type="date" name="cancel_before"' in html
