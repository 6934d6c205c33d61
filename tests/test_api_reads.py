"""The REST API's read side: the policy on every row, nested data, filters, query budgets."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portfolio.choices import SystemKind
from portfolio.models import Integration, Round
from tests.api_world import api_world, decision, meeting, sign
from tests.factories import ContractFactory, SystemCostFactory, SystemFactory

pytestmark = pytest.mark.django_db


def url(basename, pk=None, **kwargs):
    if pk is None:
        return reverse(f"api:v1:{basename}-list")
    return reverse(f"api:v1:{basename}-detail", args=[pk])


def names(response, key="name"):
    assert response.status_code == 200, response.content
    return {row[key] for row in response.json()["results"]}


@pytest.fixture
def w():
    return api_world()


def test_anonymous_gets_401_with_the_bearer_challenge(client, w):
    response = client.get(url("system"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_system_list_follows_the_policy(client, w):
    common = SystemFactory(forvaltning=w.bou, kind=SystemKind.KOMMUNGEMENSAMT, name="Ekonomi")
    client.force_login(w.fc)
    # The förvaltningschef sees the förvaltning's systems and the kommungemensamma.
    assert names(client.get(url("system"))) == {"Procapita", common.name}
    client.force_login(w.strateg)
    assert names(client.get(url("system"))) == {"Procapita", "Skolplattform", "Ekonomi"}
    client.force_login(w.outsider)
    assert names(client.get(url("system"))) == set()


def test_an_invisible_object_is_404_and_shows_nothing(client, w):
    client.force_login(w.outsider)
    for response in (
        client.get(url("system", w.soc_system.pk)),
        client.get(url("initiative", w.soc_initiative.pk)),
        client.patch(url("system", w.soc_system.pk), {"name": "X"}, "application/json"),
    ):
        assert response.status_code == 404
        body = response.content.decode()
        assert "Procapita" not in body and "E-tjänst" not in body


def test_a_forbidden_change_is_403_with_the_policys_message(client, w):
    client.force_login(w.fc)
    response = client.patch(url("system", w.soc_system.pk), {"name": "X"}, "application/json")
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Bara systemets systemägare, systemförvaltare eller IT-strategen får ändra."
    )
    w.soc_system.refresh_from_db()
    assert w.soc_system.name == "Procapita"


def test_a_system_carries_contracts_costs_krt_and_the_integrations_the_user_sees(client, w):
    system = w.soc_system
    system.confidentiality, system.integrity, system.availability_class = 3, 2, 1
    system.save()
    ContractFactory(system=system, number="AVT-1", annual_cost=Decimal("250000"))
    SystemCostFactory(system=system, year=2026, amount=Decimal("1250000.50"))
    other_soc = SystemFactory(forvaltning=w.soc, owner=w.sa, name="Lifecare")
    Integration.objects.create(source=system, target=w.bou_system, information="Elever")
    Integration.objects.create(source=other_soc, target=system, information="Beslut")
    Integration.objects.create(source=w.bou_system, target=system, information="Hemligt flöde")
    client.force_login(w.fc)
    data = client.get(url("system", system.pk)).json()
    assert (data["confidentiality"], data["integrity"], data["availability_class"]) == (3, 2, 1)
    assert data["owner"]["name"] == w.sa.get_full_name() and "email" not in data["owner"]
    assert [(c["number"], c["annual_cost"]) for c in data["contracts"]] == [("AVT-1", "250000.00")]
    assert data["contracts"][0]["status"] in {"aktivt", "uppsagningsperiod", "utganget"}
    assert [c["amount"] for c in data["costs"]] == ["1250000.50"]
    assert [i["information"] for i in data["integrations_out"]] == ["Elever"]
    # The flow from the BoU system is invisible to the förvaltningschef of Soc.
    assert [i["information"] for i in data["integrations_in"]] == ["Beslut"]
    client.force_login(w.strateg)
    data = client.get(url("system", system.pk)).json()
    assert {i["information"] for i in data["integrations_in"]} == {"Beslut", "Hemligt flöde"}


def test_filters_reuse_the_register_filters_and_refuse_bad_values_in_swedish(client, w):
    client.force_login(w.strateg)
    assert names(client.get(url("system"), {"forvaltning": w.bou.pk})) == {"Skolplattform"}
    assert names(client.get(url("system"), {"q": "capi"})) == {"Procapita"}
    # A förvaltning outside the user's view is not a valid choice.
    outside = w.outsider.role_assignments.get().kommun.forvaltningar.create(name="Annan")
    response = client.get(url("system"), {"forvaltning": outside.pk})
    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in response.json()["forvaltning"][0]
    titles = names(client.get(url("initiative"), {"status": "ide"}), "title")
    assert titles == {"E-tjänst bistånd", "Hemligt BoU"}


def test_lists_are_paginated(client, w):
    for n in range(4):
        SystemFactory(forvaltning=w.soc, owner=w.sa, name=f"Extra {n}")
    client.force_login(w.strateg)
    data = client.get(url("system"), {"page_size": 2, "page": 2}).json()
    assert data["count"] == 6 and len(data["results"]) == 2
    assert data["previous"] and data["next"]


def test_people_are_those_of_the_users_kommuner_without_email(client, w):
    client.force_login(w.fc)
    data = client.get(url("person")).json()
    usernames = {p["username"] for p in data["results"]}
    assert {w.strateg.username, w.fc.username, w.sa.username} <= usernames
    assert w.outsider.username not in usernames
    assert all(set(p) == {"id", "username", "name"} for p in data["results"])
    assert client.get(url("person", w.outsider.pk)).status_code == 404


def test_a_decision_hides_what_the_user_may_not_see(client, w):
    from governance.models import Council, DecisionSystem

    council = Council.objects.create(kommun=w.kommun, kind="it_styrgrupp", name="IT-styrgrupp")
    held = meeting(council)
    d = decision(council, 1, w.strateg, meeting=held, initiative=w.bou_initiative)
    DecisionSystem.objects.create(decision=d, system=w.bou_system)
    sign(held)
    client.force_login(w.fc)  # everyone in the kommun reads a justerat, open decision
    data = client.get(url("decision", d.pk)).json()
    assert data["is_final"] is True and data["paragraph"] == "§ 1"
    assert data["initiative"] is None and data["systems"] == []
    client.force_login(w.strateg)
    data = client.get(url("decision", d.pk)).json()
    assert data["initiative"] == w.bou_initiative.pk and data["systems"] == [w.bou_system.pk]


def test_a_secret_decision_is_404_for_the_kommun(client, w):
    from governance.models import Council

    council = Council.objects.create(kommun=w.kommun, kind="it_styrgrupp", name="IT-styrgrupp")
    held = meeting(council)
    secret = decision(council, 2, w.strateg, meeting=held, is_secret=True)
    sign(held)
    client.force_login(w.fc)
    assert client.get(url("decision", secret.pk)).status_code == 404
    assert secret.pk not in {d["id"] for d in client.get(url("decision")).json()["results"]}


def test_a_frozen_ranking_masks_initiatives_the_user_may_not_see(client, w):
    ranking = [
        {"id": w.soc_initiative.pk, "position": 1, "title": "E-tjänst bistånd", "score": 4.2},
        {"id": w.bou_initiative.pk, "position": 2, "title": "Hemligt BoU", "score": 3.1},
    ]
    round_ = Round.objects.create(
        kommun=w.kommun,
        name="Prioritering 2027",
        year=2027,
        status="frozen",
        frozen_at=timezone.now(),
        frozen_by=w.strateg,
        snapshot={"ranking": ranking, "failing": [], "budget": "100000.00", "line_after": 1},
    )
    client.force_login(w.fc)
    listed = client.get(url("round")).json()["results"]
    assert [r["name"] for r in listed] == ["Prioritering 2027"] and "ranking" not in listed[0]
    response = client.get(url("round", round_.pk))
    data = response.json()
    assert data["ranking"][0]["title"] == "E-tjänst bistånd" and data["ranking"][0]["visible"]
    assert data["ranking"][1] == {"position": 2, "visible": False}
    assert "Hemligt" not in response.content.decode()
    assert data["figures"] == {"budget": "100000.00", "line_after": 1}
    client.force_login(w.outsider)
    assert client.get(url("round", round_.pk)).status_code == 404


def test_report_job_files_download_with_the_download_right(client, w):
    from portfolio.jobs import JobStatus
    from reports import archive
    from reports.choices import FileKind
    from reports.models import ReportJob

    job = ReportJob.objects.create(
        kind="it_bokslut", kommun=w.kommun, year=2026, status=JobStatus.DONE, requested_by=w.strateg
    )
    archive.store_file(job, FileKind.PDF, b"%PDF-1.4 api")
    client.force_login(w.strateg)
    data = client.get(url("reportjob", job.pk)).json()
    assert [(f["kind"], f["size"]) for f in data["files"]] == [("pdf", 12)]
    response = client.get(reverse("api:v1:reportjob-download", args=[job.pk, "pdf"]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 api"
    missing = client.get(reverse("api:v1:reportjob-download", args=[job.pk, "xlsx"]))
    assert missing.status_code == 404
    client.force_login(w.fc)  # a förvaltning-scoped role reads no reports
    assert client.get(reverse("api:v1:reportjob-download", args=[job.pk, "pdf"])).status_code == 404


# --- Query budgets: the same number of queries for 3 and for 30 rows ---------------------


def _add_rows(w, start, count):
    """``count`` rows of every listed kind in Alby, each with nested children."""
    from governance.models import AgendaItem, Council, CouncilMember
    from portfolio.models import BenefitLine, InitiativeStatusChange
    from reports import archive
    from reports.choices import FileKind
    from reports.models import ReportJob
    from tests.factories import (
        BenefitRealisationFactory,
        FinancingLineFactory,
        ForvaltningFactory,
        InitiativeCostFactory,
        InitiativeFactory,
        SupplierFactory,
    )

    council = Council.objects.filter(kommun=w.kommun).first() or Council.objects.create(
        kommun=w.kommun, kind="it_styrgrupp", name="IT-styrgrupp"
    )
    for n in range(start, start + count):
        ForvaltningFactory(kommun=w.kommun, name=f"Förvaltning {n}")
        SupplierFactory(name=f"Leverantör {n}")
        system = SystemFactory(forvaltning=w.soc, owner=w.sa, manager=w.fc, name=f"System {n}")
        system.used_by.add(w.kommun)
        for _ in range(2):
            ContractFactory(system=system)
            SystemCostFactory(system=system)
        Integration.objects.create(source=system, target=w.soc_system, information=f"Flöde {n}")
        initiative = InitiativeFactory(forvaltning=w.soc, contact=w.fc, title=f"Initiativ {n}")
        benefit = BenefitLine.objects.create(
            initiative=initiative,
            kind="kronor",
            description="Nytta",
            yearly_value=1,
            first_year=2026,
            last_year=2027,
            owner=w.sa,
        )
        BenefitRealisationFactory(benefit=benefit)
        InitiativeCostFactory(initiative=initiative)
        FinancingLineFactory(initiative=initiative)
        InitiativeStatusChange.objects.create(
            initiative=initiative, from_status="ide", to_status="kvalificering", actor=w.fc
        )
        Round.objects.create(kommun=w.kommun, name=f"Omgång {n}", year=2000 + n, status="frozen")
        other_council = Council.objects.create(kommun=w.kommun, kind="e_rad", name=f"Råd {n}")
        CouncilMember.objects.create(council=other_council, user=w.fc, role="ledamot")
        held = meeting(council, timezone.now() + datetime.timedelta(days=n))
        AgendaItem.objects.create(meeting=held, kind="other", title=f"Punkt {n}")
        decision(council, 100 + n, w.strateg, meeting=held)
        job = ReportJob.objects.create(
            kind="it_bokslut",
            kommun=w.kommun,
            year=2026,
            version=n + 1,
            status="done",
            requested_by=w.strateg,
        )
        archive.store_file(job, FileKind.PDF, b"%PDF-1.4")


LIST_ENDPOINTS = [
    "kommun",
    "forvaltning",
    "person",
    "system",
    "contract",
    "systemcost",
    "supplier",
    "initiative",
    "round",
    "council",
    "meeting",
    "decision",
    "reportjob",
]


def _queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, {"page_size": 100})
    assert response.status_code == 200, response.content
    return len(captured), response.json()["count"]


def test_every_list_has_a_flat_query_count(client, w):
    from portfolio.api import services as token_services

    _, secret = token_services.create_api_token(
        actor=w.strateg, name="Budget", valid_until=token_services.latest_expiry()
    )
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    client.get(url("kommun"))  # the token's first use writes last_used_at (once a minute)
    _add_rows(w, 0, 3)
    small = {name: _queries(client, url(name)) for name in LIST_ENDPOINTS}
    _add_rows(w, 3, 27)
    large = {name: _queries(client, url(name)) for name in LIST_ENDPOINTS}
    for name in LIST_ENDPOINTS:
        (q_small, n_small), (q_large, n_large) = small[name], large[name]
        assert n_large >= n_small + 27 or name in ("kommun", "person"), (name, n_small, n_large)
        assert q_small == q_large, f"{name}: {q_small} queries for 3 rows, {q_large} for 30"
        assert q_large <= 12, f"{name}: {q_large} queries"
