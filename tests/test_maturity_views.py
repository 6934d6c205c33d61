"""Issue 15, the pages: answering in the browser, names only for the IT-strateg, query budgets.

Every URL's permission matrix is in ``test_url_walk.py``; these tests check
what the pages show and that the results pages cost the same with 3 or 30
respondents.
"""

from io import BytesIO

import pytest
from django.urls import reverse

from governance.maturity import services
from governance.maturity.models import Answer
from tests.factories import ForvaltningFactory, user_with_role
from tests.maturity_world import (
    answer,
    open_network_round,
    question,
    respondent_for,
    scale,
    world_fixture,  # noqa: F401  (the ``world`` fixture)
)

pytestmark = pytest.mark.django_db


def test_a_respondent_answers_a_section_page_and_sees_the_progress(client, world):
    campaign = open_network_round(world)
    form = respondent_for(campaign, world.a, world.resp_a1, world.strateg_a, world.klk)
    q = question("portfoljstyrning")
    number = q.section.order
    url = reverse("governance:maturity_form_section", args=[form.pk, number])
    client.force_login(world.resp_a1)
    page = client.get(url).content.decode()
    assert f"Del {number} av 5" in page and "<legend>" in page
    assert "Du har besvarat 0 av 26 frågor" in page
    response = client.post(
        url, {f"q{q.pk}": scale("portfoljstyrning", "Ostrukturerad"), "go": "next"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/del/{number + 1}/")
    page = client.get(url).content.decode()
    assert "Du har besvarat 1 av 26 frågor" in page
    assert "checked" in page  # the saved answer is shown again


def test_an_answer_outside_the_scale_gives_a_swedish_message_and_saves_nothing(client, world):
    campaign = open_network_round(world)
    form = respondent_for(campaign, world.a, world.resp_a1, world.strateg_a)
    q, other = question("portfoljstyrning"), question("projektstyrning")
    client.force_login(world.resp_a1)
    url = reverse("governance:maturity_form_section", args=[form.pk, q.section.order])
    response = client.post(
        url, {f"q{q.pk}": "999999", f"q{other.pk}": scale("projektstyrning", "Ostrukturerad")}
    )
    assert response.status_code == 400
    assert "Välj ett av frågans alternativ. Inget sparades." in response.content.decode()
    assert not Answer.objects.filter(respondent=form).exists()


def test_a_closed_round_shows_the_answers_read_only(client, world):
    campaign = open_network_round(world)
    form = respondent_for(campaign, world.a, world.resp_a1, world.strateg_a)
    answer(form, "portfoljstyrning", scale("portfoljstyrning", "Ostrukturerad"))
    services.close_campaign(actor=world.coordinator, campaign=campaign)
    client.force_login(world.resp_a1)
    q = question("portfoljstyrning")
    url = reverse("governance:maturity_form_section", args=[form.pk, q.section.order])
    page = client.get(url).content.decode()
    assert "Omgången är stängd. Dina svar är låsta" in page and " disabled" in page
    response = client.post(url, {f"q{q.pk}": scale("portfoljstyrning", "Fullt etablerad")})
    assert response.status_code == 400
    assert "Omgången är stängd och svaren är låsta. Inget sparades." in response.content.decode()
    assert Answer.objects.get(respondent=form).option.label == "Ostrukturerad"


def test_names_are_shown_only_to_the_kommun_s_it_strateg(client, world):
    campaign = open_network_round(world)
    form = respondent_for(campaign, world.a, world.resp_a1, world.strateg_a, world.klk)
    answer(form, "portfoljstyrning", scale("portfoljstyrning", "Ostrukturerad"))
    participation = campaign.participations.get(kommun=world.a)
    name = world.resp_a1.get_full_name()
    client.force_login(world.strateg_a)
    page = client.get(reverse("governance:maturity_participation", args=[participation.pk]))
    assert name in page.content.decode()
    services.close_campaign(actor=world.coordinator, campaign=campaign)
    for user in (world.kd_a, world.coordinator, world.ekonom_a):
        client.force_login(user)
        response = client.get(reverse("governance:maturity_participation", args=[participation.pk]))
        assert response.status_code in (403, 404)
        assert name not in response.content.decode()
    client.force_login(world.kd_a)
    results = client.get(reverse("governance:maturity_results", args=[participation.pk]))
    assert results.status_code == 200 and name not in results.content.decode()
    assert "Kommunledningskontoret" in results.content.decode()  # per förvaltning, not person


def test_the_raw_answers_xlsx_neutralises_formulas(client, world):
    from openpyxl import load_workbook

    campaign = open_network_round(world)
    form = respondent_for(campaign, world.a, world.resp_a1, world.strateg_a)
    answer(form, "mal_fem_ar", '=HYPERLINK("http://example.com","klicka")')
    client.force_login(world.strateg_a)
    participation = campaign.participations.get(kommun=world.a)
    response = client.get(reverse("governance:maturity_export", args=[participation.pk]))
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:2] == ("Svarande", "Förvaltning")
    # A text cell, never a formula (portfolio.exports: no visible apostrophe in XLSX).
    cell = sheet.cell(row=2, column=6)
    assert (cell.value, cell.data_type, cell.quotePrefix) == (
        '=HYPERLINK("http://example.com","klicka")',
        "s",
        True,
    )


def _answered_round(world, respondents_per_kommun: int):
    campaign = open_network_round(world)
    for kommun in (world.a, world.b, world.c):
        forvaltning = ForvaltningFactory(kommun=kommun)
        for n in range(respondents_per_kommun):
            user = user_with_role(
                "forvaltningschef", forvaltning=forvaltning, username=f"r{kommun.pk}-{n}"
            )
            form = respondent_for(campaign, kommun, user, world.admin, forvaltning)
            answer(form, "portfoljstyrning", scale("portfoljstyrning", "Ostrukturerad"))
            answer(form, "forum", [scale("forum", "IT-råd")])
            answer(form, "mal_fem_ar", "Fler e-tjänster")
    participation_a = campaign.participations.get(kommun=world.a)
    services.set_sharing(actor=world.strateg_a, participation=participation_a, shares_by_name=True)
    services.close_campaign(actor=world.coordinator, campaign=campaign)
    return campaign


# page -> the most queries it may take (measured: the same with 3 and with 30 respondents)
BUDGETS = {"results": 22, "network": 18, "heatmap": 19, "campaign": 17, "participation": 12}


@pytest.mark.parametrize("respondents", [1, 10])
@pytest.mark.parametrize("page", sorted(BUDGETS))
def test_results_pages_keep_a_flat_query_budget(
    client, world, django_assert_max_num_queries, respondents, page
):
    """3 and 30 respondents (1 and 10 in each of three kommuner) cost the same queries."""
    campaign = _answered_round(world, respondents)
    participation = campaign.participations.get(kommun=world.a)
    url = {
        "results": reverse("governance:maturity_results", args=[participation.pk]),
        "network": reverse("governance:maturity_network", args=[campaign.pk]),
        "heatmap": reverse("governance:maturity_heatmap", args=[campaign.pk]),
        "campaign": reverse("governance:maturity_campaign", args=[campaign.pk]),
        "participation": reverse("governance:maturity_participation", args=[participation.pk]),
    }[page]
    client.force_login(world.strateg_a if page == "participation" else world.coordinator)
    with django_assert_max_num_queries(BUDGETS[page]):
        response = client.get(url)
    assert response.status_code == 200


def test_the_heat_map_names_only_the_kommuner_that_share(client, world):
    campaign = _answered_round(world, 1)
    client.force_login(world.coordinator)
    page = client.get(reverse("governance:maturity_heatmap", args=[campaign.pk])).content.decode()
    assert "Mognadskommun A" in page  # shares by name
    assert "Mognadskommun B" not in page and "Mognadskommun C" not in page
    assert "2 kommuner har svarat men delar inte sina resultat per namn" in page
    assert 'class="num heat-2"' in page  # level 2,0 (Ostrukturerad), with the number in the cell


def test_the_network_page_shows_the_distribution_against_the_baseline(client, world):
    campaign = _answered_round(world, 2)
    client.force_login(world.strateg_b)
    page = client.get(reverse("governance:maturity_network", args=[campaign.pk])).content.decode()
    assert "3 av 4 kommuner har svarat" in page
    assert "Fyrbodal 2024: 11 kommuner svarade." in page
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in page
    assert "<summary>Tabell</summary>" in page
    assert "100,0 %" in page and "28,0 %" in page  # this year (Ostrukturerad) and the baseline


def test_peers_see_a_shared_kommun_s_levels_but_not_its_detailed_answers(client, world):
    campaign = _answered_round(world, 1)  # A shares by name; everyone wrote a free text
    participation = campaign.participations.get(kommun=world.a)
    url = reverse("governance:maturity_results", args=[participation.pk])
    client.force_login(world.strateg_b)
    peer = client.get(url).content.decode()
    assert "Nivå per område" in peer and "Fler e-tjänster" not in peer
    assert "Svar per förvaltning" not in peer
    client.force_login(world.kd_a)
    own = client.get(url).content.decode()
    assert "Fler e-tjänster" in own and "Svar per förvaltning" in own
