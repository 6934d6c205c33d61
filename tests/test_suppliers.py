"""Supplier pages (leverantörer): shared reference data, contracts and systems within scope."""

import pytest
from django.urls import reverse

from portfolio.choices import Role
from portfolio.models import Supplier
from tests.factories import (
    ContractFactory,
    ForvaltningFactory,
    SupplierFactory,
    SystemFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    own = ForvaltningFactory()
    other = ForvaltningFactory()
    supplier = SupplierFactory(name="Tieto Evry AB")
    own_contract = ContractFactory(
        supplier=supplier, number="EGET-1", system=SystemFactory(forvaltning=own, name="Eget")
    )
    other_contract = ContractFactory(
        supplier=supplier,
        number="ANNAT-1",
        system=SystemFactory(forvaltning=other, name="Främmande", supplier=supplier),
    )
    return {
        "supplier": supplier,
        "strateg": user_with_role(Role.IT_STRATEG, kommun=own.kommun),
        "reader": user_with_role(Role.LASARE, kommun=own.kommun),
        "own_contract": own_contract,
        "other_contract": other_contract,
    }


def test_detail_shows_only_contracts_and_systems_in_scope(client, world):
    client.force_login(world["reader"])
    response = client.get(world["supplier"].get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "EGET-1" in page
    assert "ANNAT-1" not in page and "Främmande" not in page
    assert reverse("portfolio:supplier_edit", args=[world["supplier"].pk]) not in page


def test_anonymous_is_sent_to_login(client, world):
    for url in (reverse("portfolio:supplier_list"), world["supplier"].get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_only_stewards_add_and_change(client, world):
    client.force_login(world["reader"])
    assert client.get(reverse("portfolio:supplier_add")).status_code == 403
    edit = reverse("portfolio:supplier_edit", args=[world["supplier"].pk])
    assert client.post(edit, {"name": "Hackat"}).status_code == 403
    world["supplier"].refresh_from_db()
    assert world["supplier"].name == "Tieto Evry AB"

    client.force_login(world["strateg"])
    response = client.post(
        reverse("portfolio:supplier_add"), {"name": "Visma Enterprise AB", "org_number": "556"}
    )
    assert response.status_code == 302
    supplier = Supplier.objects.get(name="Visma Enterprise AB")
    assert supplier.history.latest().history_user == world["strateg"]
    response = client.post(edit, {"name": "Tietoevry Sverige AB"})
    assert response.status_code == 302
    # The name is unique: a Swedish error, nothing saved.
    response = client.post(edit, {"name": "Visma Enterprise AB"})
    assert response.status_code == 400
    assert "finns redan" in response.content.decode()


def test_list_search(client, world):
    SupplierFactory(name="Microsoft AB")
    client.force_login(world["reader"])
    page = client.get(reverse("portfolio:supplier_list") + "?q=tieto").content.decode()
    assert "Tieto Evry AB" in page and "Microsoft AB" not in page
    assert "Leverantörer" in client.get(reverse("portfolio:home")).content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_supplier_list_query_count_is_flat(client, world, rows, django_assert_max_num_queries):
    SupplierFactory.create_batch(rows)
    client.force_login(world["strateg"])
    with django_assert_max_num_queries(12):
        assert client.get(reverse("portfolio:supplier_list")).status_code == 200
