"""Global search: only what the policy lets the user read, grouped by type, escaped."""

import pytest
from django.urls import reverse

from portfolio.choices import Role
from portfolio.search import services
from tests.factories import (
    ContractFactory,
    ForvaltningFactory,
    InitiativeFactory,
    KommunFactory,
    SystemFactory,
    governance_world,
    user_with_role,
)

pytestmark = pytest.mark.django_db

URL = reverse("portfolio:search")


def labels(groups):
    return {g.label: [h.title for h in g.hits] for g in groups}


@pytest.fixture
def two_kommuner():
    own = ForvaltningFactory(name="Socialförvaltningen")
    other = ForvaltningFactory(kommun=KommunFactory(name="Annanstad"))
    return own, other


def test_finds_a_system_by_part_of_its_name_only_in_the_users_kommun(two_kommuner):
    own, other = two_kommuner
    SystemFactory(forvaltning=own, name="Procapita Omsorg")
    SystemFactory(forvaltning=other, name="Procapita Skola")
    strateg = user_with_role(Role.IT_STRATEG, kommun=own.kommun)
    assert labels(services.search(strateg, "proca")) == {"System": ["Procapita Omsorg"]}


def test_every_word_must_match_in_some_field(two_kommuner):
    own, _other = two_kommuner
    SystemFactory(forvaltning=own, name="Lifecare", description="Journal för hemtjänst")
    SystemFactory(forvaltning=own, name="Lifecare Planering", description="Schema")
    strateg = user_with_role(Role.IT_STRATEG, kommun=own.kommun)
    assert labels(services.search(strateg, "lifecare journal")) == {"System": ["Lifecare"]}


def test_groups_by_type_with_contracts_suppliers_and_initiatives(two_kommuner):
    own, _other = two_kommuner
    system = SystemFactory(forvaltning=own, name="Visma Personec")
    ContractFactory(system=system, supplier__name="Visma Enterprise AB", number="AVT-77")
    InitiativeFactory(forvaltning=own, title="Ny Visma-integration")
    strateg = user_with_role(Role.IT_STRATEG, kommun=own.kommun)
    found = labels(services.search(strateg, "visma"))
    assert found["System"] == ["Visma Personec"]
    assert found["Initiativ"] == ["Ny Visma-integration"]
    assert found["Avtal"] == ["AVT-77 (Visma Enterprise AB)"]
    assert "Visma Enterprise AB" in found["Leverantörer"]


def test_a_forvaltningschef_finds_no_initiative_of_another_forvaltning(two_kommuner):
    own, _other = two_kommuner
    neighbour = ForvaltningFactory(kommun=own.kommun, name="Kulturförvaltningen")
    InitiativeFactory(forvaltning=own, title="Digital signering hemtjänst")
    InitiativeFactory(forvaltning=neighbour, title="Digital signering bibliotek")
    chef = user_with_role(Role.FORVALTNINGSCHEF, forvaltning=own)
    found = labels(services.search(chef, "digital signering"))
    assert found.get("Initiativ") == ["Digital signering hemtjänst"]


def test_an_arende_is_found_by_its_kommun_and_not_by_another_kommun():
    from governance.cases import services as case_services
    from governance.cases.forms import CaseForm

    w = governance_world()
    data = {
        "kommun": w.kommun.pk,
        "kind": "verksamhetssystem",
        "title": "Nytt bokningssystem",
        "description": "Behov av lokalbokning.",
        "forvaltning": w.forvaltning.pk,
        "cost_estimate": "100000",
        "financing": "Egen budget",
    }
    form = CaseForm(data, user=w.systemagare)
    assert form.is_valid(), form.errors
    case = case_services.submit_case(actor=w.systemagare, form=form)
    (group,) = services.search(w.strateg, "bokningssystem")
    assert group.label == "Ärenden" and group.hits[0].url == case.get_absolute_url()
    assert services.search(w.outsider, "bokningssystem") == []


def test_a_short_query_searches_nothing(django_assert_num_queries, two_kommuner):
    own, _other = two_kommuner
    strateg = user_with_role(Role.IT_STRATEG, kommun=own.kommun)
    with django_assert_num_queries(0):
        assert services.search(strateg, " a ") == []


def test_more_hits_than_shown_offer_the_register(two_kommuner):
    own, _other = two_kommuner
    for n in range(services.PER_SOURCE + 2):
        SystemFactory(forvaltning=own, name=f"Ekonomisystem {n}")
    strateg = user_with_role(Role.IT_STRATEG, kommun=own.kommun)
    (group,) = services.search(strateg, "ekonomisystem")
    assert len(group.hits) == services.PER_SOURCE and group.more
    assert group.list_url == reverse("portfolio:system_list") + "?q=ekonomisystem"


def test_the_page_escapes_user_text_and_answers_anonymous_with_login(client, two_kommuner):
    own, _other = two_kommuner
    SystemFactory(forvaltning=own, name="<script>alert(1)</script> Skript")
    assert client.get(URL, {"q": "skript"}).status_code == 302
    client.force_login(user_with_role(Role.IT_STRATEG, kommun=own.kommun))
    html = client.get(URL, {"q": "skript"}).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    assert "1 träff" in html


def test_other_kommuns_data_never_reaches_the_page(client, two_kommuner):
    own, other = two_kommuner
    SystemFactory(forvaltning=other, name="Hemligt Annanstad-system")
    client.force_login(user_with_role(Role.IT_STRATEG, kommun=own.kommun))
    html = client.get(URL, {"q": "Annanstad"}).content.decode()
    assert "Hemligt Annanstad-system" not in html and "Inga träffar" in html


@pytest.mark.parametrize("rows", [3, 30])
def test_query_count_is_flat(client, two_kommuner, django_assert_max_num_queries, rows):
    own, _other = two_kommuner
    for n in range(rows):
        system = SystemFactory(forvaltning=own, name=f"Flat {n}")
        ContractFactory(system=system, supplier__name=f"Flat leverantör {n}")
        InitiativeFactory(forvaltning=own, title=f"Flat initiativ {n}")
    client.force_login(user_with_role(Role.IT_STRATEG, kommun=own.kommun))
    client.get(URL, {"q": "flat"})  # the session and the policy's scope are warm
    with django_assert_max_num_queries(QUERIES):
        response = client.get(URL, {"q": "flat"})
    assert response.content.decode().count("Flat initiativ") == min(rows, services.PER_SOURCE)


#: one query per source (8) plus the session, the user and the policy's scope
QUERIES = 15


def test_every_source_finds_and_links_in_the_demo(demo, client):
    from django.contrib.auth import get_user_model

    strateg = get_user_model().objects.get(username="strateg.lysekil")
    found = {}
    for query in ("system", "IT", "beslut", "avtal", "AB"):
        for group in services.search(strateg, query):
            found.setdefault(group.label, group.hits[0])
    assert {"System", "Avtal", "Leverantörer", "Initiativ", "Ärenden", "Beslut", "Råd"} <= set(
        found
    ), sorted(found)
    client.force_login(strateg)
    for hit in found.values():
        assert client.get(hit.url).status_code == 200, hit
