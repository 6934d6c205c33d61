"""API writes go through the portal's forms and services: same checks, same Swedish messages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from portfolio.initiatives.forms import InitiativeForm
from portfolio.models import Contract, Initiative, System, SystemCost
from portfolio.registers.forms import SystemForm
from tests.api_world import api_world
from tests.factories import ContractFactory, SupplierFactory

pytestmark = pytest.mark.django_db

JSON = "application/json"


def url(basename, pk=None):
    if pk is None:
        return reverse(f"api:v1:{basename}-list")
    return reverse(f"api:v1:{basename}-detail", args=[pk])


@pytest.fixture
def w():
    return api_world()


def system_data(w, **changes):
    return {
        "name": "Lifecare",
        "description": "Verksamhetssystem för vård och omsorg",
        "kind": "verksamhetssystem",
        "category": "verksamhetssystem",
        "area": "administration",
        "forvaltning": w.soc.pk,
        "owner": w.sa.pk,
        "hosting": "saas",
        "lifecycle": "i_drift",
        "confidentiality": 3,
        "integrity": 2,
        "availability_class": 2,
        "classified_on": "2026-01-15",
        "personal_data": True,
        "pub_agreement": True,
        **changes,
    }


def form_errors(form_class, data, user, **kwargs) -> dict:
    """What the portal's form says about the same data."""
    form = form_class(data=data, user=user, **kwargs)
    assert not form.is_valid()
    return {("non_field_errors" if k == "__all__" else k): v for k, v in form.errors.items()}


def test_a_system_is_registered_through_the_service(client, w):
    client.force_login(w.strateg)
    response = client.post(url("system"), system_data(w), JSON)
    assert response.status_code == 201, response.content
    system = System.objects.get(pk=response.json()["id"])
    assert system.kommun == w.kommun and system.owner == w.sa
    assert response.json()["time_class"] is None and response.json()["confidentiality"] == 3
    # The audit history names the actor, as when the page saves.
    assert system.history.first().history_user == w.strateg


def test_a_bad_value_gets_the_forms_swedish_message_and_nothing_is_written(client, w):
    client.force_login(w.strateg)
    before = System.objects.count()
    data = system_data(w, confidentiality=7, pub_agreement=True, personal_data=False)
    response = client.post(url("system"), data, JSON)
    assert response.status_code == 400
    errors = response.json()
    assert errors["confidentiality"] == [
        "Kontrollera att detta värde är mindre än eller lika med 4."
    ]
    assert errors == form_errors(SystemForm, data, w.strateg)
    assert System.objects.count() == before


def test_a_forvaltning_outside_the_users_targets_is_refused_as_in_the_form(client, w):
    client.force_login(w.sa)  # systemägare in Soc: registers systems there only
    data = system_data(w, forvaltning=w.bou.pk)
    response = client.post(url("system"), data, JSON)
    assert response.status_code == 400
    assert response.json() == form_errors(SystemForm, data, w.sa)
    assert "Välj ett giltigt alternativ" in response.json()["forvaltning"][0]


def test_a_user_with_nowhere_to_add_gets_403(client, w):
    client.force_login(w.fc)  # a förvaltningschef registers no systems
    response = client.post(url("system"), system_data(w), JSON)
    assert response.status_code == 403
    assert response.json()["detail"] == "Du får inte registrera system i den här förvaltningen."


def test_patch_changes_only_the_given_fields(client, w):
    w.soc_system.description = "Behålls"
    w.soc_system.confidentiality = 2
    w.soc_system.save()
    w.soc_system.used_by.add(w.other)
    client.force_login(w.sa)  # the systemägare changes their system
    response = client.patch(url("system", w.soc_system.pk), {"lifecycle": "under_avveckling"}, JSON)
    assert response.status_code == 200, response.content
    w.soc_system.refresh_from_db()
    assert w.soc_system.lifecycle == "under_avveckling"
    assert (w.soc_system.description, w.soc_system.confidentiality) == ("Behålls", 2)
    assert list(w.soc_system.used_by.all()) == [w.other]


def test_a_system_can_not_be_moved_outside_the_users_targets(client, w):
    client.force_login(w.sa)
    response = client.patch(url("system", w.soc_system.pk), {"forvaltning": w.bou.pk}, JSON)
    assert response.status_code == 400
    w.soc_system.refresh_from_db()
    assert w.soc_system.forvaltning == w.soc


def test_a_json_body_must_be_an_object(client, w):
    client.force_login(w.strateg)
    response = client.post(url("system"), [1, 2], JSON)
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Skicka ett JSON-objekt."]}


def contract_data(w, **changes):
    return {
        "system": w.soc_system.pk,
        "supplier": SupplierFactory(name="CGI Sverige AB").pk,
        "number": "AVT-2026-17",
        "start_date": "2026-01-01",
        "end_date": "2028-05-31",
        "notice_months": 3,
        "renewal_type": "automatisk",
        "annual_cost": "250000.50",
        **changes,
    }


def test_a_contract_is_added_to_a_system_the_user_may_change(client, w):
    client.force_login(w.sa)
    response = client.post(url("contract"), contract_data(w), JSON)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["last_cancel_date"] == "2028-02-29" and data["annual_cost"] == "250000.50"
    contract = Contract.objects.get(pk=data["id"])
    assert contract.system == w.soc_system
    assert contract.history.first().history_user == w.sa


def test_a_contract_is_refused_with_the_models_swedish_message(client, w):
    client.force_login(w.sa)
    response = client.post(url("contract"), contract_data(w, end_date="2025-01-01"), JSON)
    assert response.status_code == 400
    assert response.json() == {"end_date": ["Slutdatum kan inte ligga före startdatum."]}
    assert not Contract.objects.exists()


def test_the_system_of_a_new_contract_is_checked_by_the_policy(client, w):
    client.force_login(w.sa)
    response = client.post(url("contract"), contract_data(w, system=None), JSON)
    assert response.json() == {"system": ["Det här fältet är obligatoriskt."]}
    # Invisible: not a valid choice, as in a form.
    client.force_login(w.outsider)
    response = client.post(url("contract"), contract_data(w), JSON)
    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in response.json()["system"][0]
    # Visible, but the förvaltningschef may not change the system.
    client.force_login(w.fc)
    response = client.post(url("contract"), contract_data(w), JSON)
    assert response.status_code == 403
    assert not Contract.objects.exists()


def test_a_contract_is_changed_through_the_service(client, w):
    contract = ContractFactory(system=w.soc_system, number="AVT-1")
    client.force_login(w.sa)
    response = client.patch(url("contract", contract.pk), {"annual_cost": -5}, JSON)
    assert response.status_code == 400
    assert response.json() == {
        "annual_cost": ["Kontrollera att detta värde är större än eller lika med 0."]
    }
    response = client.patch(url("contract", contract.pk), {"notice_months": 12}, JSON)
    assert response.status_code == 200
    contract.refresh_from_db()
    assert (contract.number, contract.notice_months) == ("AVT-1", 12)
    # The system of an existing row is not changed by a PATCH.
    client.patch(url("contract", contract.pk), {"system": w.bou_system.pk}, JSON)
    contract.refresh_from_db()
    assert contract.system == w.soc_system


def test_a_cost_with_a_paying_forvaltning_needs_one(client, w):
    client.force_login(w.strateg)
    data = {
        "system": w.soc_system.pk,
        "year": 2026,
        "cost_type": "licens",
        "nature": "drift",
        "amount": 1250000,
        "payer": "forvaltning",
    }
    response = client.post(url("systemcost"), data, JSON)
    assert response.status_code == 400
    assert response.json() == {"paying_forvaltning": ["Ange vilken förvaltning som betalar."]}
    response = client.post(url("systemcost"), {**data, "paying_forvaltning": w.soc.pk}, JSON)
    assert response.status_code == 201
    assert SystemCost.objects.get().amount == 1250000


def initiative_data(w, **changes):
    return {
        "title": "Digital ansökan om bistånd",
        "description": "En e-tjänst för ansökan.",
        "kind": "e_tjanst",
        "area": "administration",
        "forvaltning": w.soc.pk,
        "contact": w.fc.pk,
        **changes,
    }


def test_an_initiative_is_registered_through_the_service(client, w):
    client.force_login(w.fc)
    response = client.post(url("initiative"), initiative_data(w, participants=[w.other.pk]), JSON)
    assert response.status_code == 201, response.content
    initiative = Initiative.objects.get(pk=response.json()["id"])
    assert (initiative.status, initiative.created_by, initiative.kommun) == ("ide", w.fc, w.kommun)
    assert list(initiative.participants.all()) == [w.other]


def test_an_initiative_gets_the_forms_own_messages(client, w):
    client.force_login(w.fc)
    data = initiative_data(w, title="", participants=[w.kommun.pk])
    response = client.post(url("initiative"), data, JSON)
    assert response.status_code == 400
    errors = response.json()
    assert errors["title"] == ["Ange en titel."]
    assert errors["participants"] == ["Värdkommunen kan inte också vara deltagande kommun."]
    assert errors == form_errors(InitiativeForm, data, w.fc)


def test_an_initiative_is_changed_and_moved_through_the_services(client, w):
    client.force_login(w.fc)
    initiative = w.soc_initiative
    response = client.patch(url("initiative", initiative.pk), {"need": "Färre samtal"}, JSON)
    assert response.status_code == 200
    initiative.refresh_from_db()
    assert (initiative.need, initiative.title) == ("Färre samtal", "E-tjänst bistånd")
    transition = reverse("api:v1:initiative-transition", args=[initiative.pk])
    response = client.post(transition, {"to_status": "kvalificering", "comment": "Bra"}, JSON)
    assert response.status_code == 200
    assert response.json()["status"] == "kvalificering"
    assert response.json()["status_changes"][-1]["comment"] == "Bra"
    # The service's own guard: no prioritisation without a cost estimate and a benefit.
    response = client.post(transition, {"to_status": "prioritering"}, JSON)
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": [
            "Initiativet kan inte gå till prioritering utan en kostnadsuppskattning "
            "och en förväntad nytta."
        ]
    }
    response = client.post(transition, {"to_status": "genomforande"}, JSON)
    assert response.json() == {"to_status": ["Den statusövergången är inte tillåten."]}
    initiative.refresh_from_db()
    assert initiative.status == "kvalificering"


def test_a_session_write_needs_the_csrf_token(w):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(w.strateg)
    response = browser.post(url("system"), system_data(w), JSON)
    assert response.status_code == 403
    assert not System.objects.filter(name="Lifecare").exists()
