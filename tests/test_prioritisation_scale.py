"""/prioritering/ at scale: a flat query count, and 50-row pages with the whole ranking's
cut line."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portfolio.models import (
    Gate,
    GateConfirmation,
    InitiativeCost,
    InitiativeSystem,
    Risk,
)
from portfolio.prioritisation import calculation as maths
from portfolio.prioritisation import services
from portfolio.prioritisation.ranking import ranked_page
from tests import test_prioritisation_services as base
from tests.factories import SystemFactory

_urls, make_initiative, score = base._urls, base.make_initiative, base.score
world = base.world  # the same small world as the other prioritisation tests

pytestmark = pytest.mark.django_db

ROW = re.compile(r'<tr class="cut-line">|<tr(?: class="below-line")?>\s*<td>(\d+)')


def listed(body: str) -> list[str]:
    """The ranked table's rows in order: the position, or "|" for the cut line."""
    return [m.group(1) or "|" for m in ROW.finditer(body)]


def add_initiatives(world, start, stop, manual_gate, system):
    for n in range(start, stop):
        ini = make_initiative(world, f"Initiativ {n:03d}", cost=1000 * (n % 7 + 1))
        score(world, ini, n % 6, (n * 2) % 6)
        # every relation the ranking reads, so each is loaded for every row
        Risk.objects.create(initiative=ini, description="Risk", probability=2, impact=3)
        InitiativeSystem.objects.create(initiative=ini, system=system)
        GateConfirmation.objects.create(
            gate=manual_gate, initiative=ini, comment="Ok", confirmed_by=world["strateg"]
        )
        if n % 5 == 0:
            services.override_position(
                actor=world["strateg"],
                context=world["ctx"],
                initiative=ini,
                year=2027,
                positions=2,
                justification="Test",
            )


def test_ranking_page_query_count_does_not_grow_with_the_ranking(client, world):
    manual = Gate.objects.create(kommun=world["kommun"], name="Förankrad", kind="manual")
    system = SystemFactory(forvaltning=world["soc"], name="Procapita")
    services.set_budget(
        actor=world["strateg"], context=world["ctx"], year=2027, source="all", amount=40_000
    )
    url = _urls(world, system)["ranking"] + "&ar=2027"
    counts = {}
    done = 0
    for size in (3, 30, 60):
        add_initiatives(world, done, size, manual, system)
        done = size
        assert len(services.build_ranking(world["ctx"], 2027).ranked) == size
        for who in ("strateg", "chef"):
            client.force_login(world[who])
            client.get(url)  # warm caches (sessions, content types)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200
            counts[who, size] = len(queries)
    assert counts["strateg", 3] == counts["strateg", 30] == counts["strateg", 60], counts
    assert counts["chef", 3] == counts["chef", 30] == counts["chef", 60], counts


def test_pages_keep_the_cut_line_of_the_whole_ranking(client, world):
    first = make_initiative(world, "Utan kostnad")
    InitiativeCost.objects.filter(initiative=first).delete()  # no estimate, but ranked first
    score(world, first, 5, 0)
    for n in range(69):
        score(world, make_initiative(world, f"Initiativ {n:03d}", cost=1000), 3, 2)
    services.set_budget(
        actor=world["strateg"], context=world["ctx"], year=2027, source="all", amount=60_000
    )
    ranking = services.build_ranking(world["ctx"], 2027)
    # place 1 takes no budget; places 2–61 use the 60 000 exactly; 62 draws the line
    assert ranking.cut.line_after == 61
    assert ranking.cut.remaining == Decimal(0)
    client.force_login(world["strateg"])
    url = _urls(world, first)["ranking"] + "&ar=2027"

    body = client.get(url).content.decode()
    assert listed(body) == [str(p) for p in range(1, 51)]  # the line is not on page 1
    assert "Saknar kostnadsuppskattning" in body
    assert "Budgetgränsen går efter plats 61" in body
    assert "page=2" in body and "Sida 1 av 2 (70 initiativ)" in body

    body = client.get(url + "&page=2").content.decode()
    rows = listed(body)
    assert rows == [*map(str, range(51, 62)), "|", *map(str, range(62, 71))]
    assert body.count('class="below-line"') == 9
    assert "Budgetgränsen går efter plats 61." in body  # on this page: no link to itself

    # Filtered to another förvaltning: nothing listed, the line still shown once.
    body = client.get(url + f"&forvaltning={world['bou'].pk}").content.decode()
    assert listed(body) == ["|"]


def _items(positions):
    return [maths.RankItem(id=p, score=Decimal(0), position=p) for p in positions]


@pytest.mark.parametrize(
    ("positions", "line_after", "page", "expected"),
    [
        (range(1, 121), 75, 1, (None, 2)),  # the line is on page 2 ...
        (range(1, 121), 75, 2, (25, 2)),  # ... before place 76
        (range(1, 101), 100, 2, (50, 2)),  # everything fits: after the last row of the last page
        (range(1, 51), 50, 1, (50, 1)),  # exactly one full page
        (range(1, 121), 0, 1, (0, 1)),  # nothing fits: before the first row
        (range(1, 121), 50, 2, (0, 2)),  # between the pages: at the top of page 2
        ([3, 8, 60, 61, 90], 59, 1, (2, 1)),  # filtered rows: before the first one past it
        (range(1, 121), None, 1, (None, None)),  # no budget, no line
    ],
)
def test_ranked_page_places_the_line(positions, line_after, page, expected):
    result = ranked_page(_items(positions), line_after, page)
    assert (result.line_before, result.line_page) == expected
