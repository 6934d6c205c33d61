"""Integrations and availability on the system page: add, edit, delete for those who may change."""

from decimal import Decimal

import pytest
from django.urls import reverse

from portfolio.choices import Role
from portfolio.models import Integration, SystemAvailability
from tests.factories import (
    ForvaltningFactory,
    SystemAvailabilityFactory,
    SystemFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    fv = ForvaltningFactory()
    system = SystemFactory(forvaltning=fv, name="Procapita")
    return {
        "system": system,
        "peer": SystemFactory(forvaltning=fv, name="Raindance"),
        "foreign": SystemFactory(name="Främmande"),
        "strateg": user_with_role(Role.IT_STRATEG, kommun=fv.kommun),
        "reader": user_with_role(Role.LASARE, kommun=fv.kommun),
        "outsider": user_with_role(Role.IT_STRATEG, kommun=ForvaltningFactory().kommun),
    }


def test_add_edit_delete_integration(client, world):
    client.force_login(world["strateg"])
    add = reverse("portfolio:integration_add", args=[world["system"].pk])
    response = client.post(
        add, {"target": world["peer"].pk, "direction": "ut", "information": "Fakturor"}
    )
    assert response.status_code == 302
    integration = Integration.objects.get()
    assert (integration.source, integration.target) == (world["system"], world["peer"])
    assert integration.history.latest().history_user == world["strateg"]
    page = client.get(world["system"].get_absolute_url()).content.decode()
    assert (
        "Fakturor" in page and reverse("portfolio:integration_edit", args=[integration.pk]) in page
    )

    edit = reverse("portfolio:integration_edit", args=[integration.pk])
    response = client.post(
        edit, {"target": world["peer"].pk, "direction": "bada", "information": "Ny"}
    )
    assert response.status_code == 302
    integration.refresh_from_db()
    assert (integration.direction, integration.information) == ("bada", "Ny")

    response = client.post(reverse("portfolio:integration_delete", args=[integration.pk]))
    assert response.status_code == 302
    assert not Integration.objects.exists()


def test_integration_validation(client, world):
    client.force_login(world["strateg"])
    add = reverse("portfolio:integration_add", args=[world["system"].pk])
    response = client.post(
        add, {"target": world["system"].pk, "direction": "ut", "information": "x"}
    )
    assert response.status_code == 400
    assert "Ett system kan inte integreras med sig självt." in response.content.decode()
    # A system in another kommun is not a valid choice.
    response = client.post(
        add, {"target": world["foreign"].pk, "direction": "ut", "information": "x"}
    )
    assert response.status_code == 400
    assert "Främmande" not in response.content.decode()
    assert not Integration.objects.exists()


def test_availability_add_validates_percent_and_year(client, world):
    client.force_login(world["strateg"])
    add = reverse("portfolio:availability_add", args=[world["system"].pk])
    response = client.post(add, {"year": 2026, "target": "101", "measured": "-1"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "mindre än eller lika med 100" in page and "större än eller lika med 0" in page
    response = client.post(add, {"year": 2026, "target": "99.5", "measured": "99.8"})
    assert response.status_code == 302
    availability = SystemAvailability.objects.get()
    assert availability.measured == Decimal("99.8")
    response = client.post(add, {"year": 2026, "target": "99"})
    assert response.status_code == 400
    assert "Det finns redan en mätning för 2026." in response.content.decode()

    edit = reverse("portfolio:availability_edit", args=[availability.pk])
    assert client.post(edit, {"year": 2026, "target": "99.9"}).status_code == 302
    availability.refresh_from_db()
    assert availability.target == Decimal("99.9")
    delete = reverse("portfolio:availability_delete", args=[availability.pk])
    assert client.post(delete).status_code == 302
    assert not SystemAvailability.objects.exists()


def test_permissions(client, world):
    availability = SystemAvailabilityFactory(system=world["system"])
    integration = Integration.objects.create(
        source=world["system"], target=world["peer"], information="x"
    )
    urls = [
        ("get", reverse("portfolio:integration_add", args=[world["system"].pk])),
        ("get", reverse("portfolio:availability_add", args=[world["system"].pk])),
        ("get", reverse("portfolio:integration_edit", args=[integration.pk])),
        ("get", reverse("portfolio:availability_edit", args=[availability.pk])),
        ("post", reverse("portfolio:integration_delete", args=[integration.pk])),
        ("post", reverse("portfolio:availability_delete", args=[availability.pk])),
    ]
    for user, status in ((world["reader"], 403), (world["outsider"], 404)):
        client.force_login(user)
        for method, url in urls:
            assert getattr(client, method)(url).status_code == status, (user, url)
    client.logout()
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 302
    assert Integration.objects.count() == 1 and SystemAvailability.objects.count() == 1
    client.force_login(world["reader"])
    page = client.get(world["system"].get_absolute_url()).content.decode()
    assert "Lägg till integration" not in page
