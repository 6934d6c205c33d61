"""The roadmap (Färdplan, issue 17): SVG with a text alternative, a table, filters, scale."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portfolio.choices import InitiativeStatus, Rag, Role
from portfolio.models import Initiative, StatusReport
from portfolio.roadmap.timeline import MAX_ROWS, build_roadmap, decision_date
from tests.factories import (
    ForvaltningFactory,
    InitiativeFactory,
    KommunFactory,
    StrategicGoalFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

URL = reverse("portfolio:roadmap")


@pytest.fixture
def w():
    kommun = KommunFactory(name="Aby")
    soc = ForvaltningFactory(kommun=kommun, name="Socialförvaltningen")
    bou = ForvaltningFactory(kommun=kommun, name="Barn- och utbildningsförvaltningen")
    other = ForvaltningFactory(kommun=KommunFactory(name="Bstad"), name="Socialförvaltningen")
    goal = StrategicGoalFactory(kommun=kommun, name="Smartare förvaltning")
    strateg = user_with_role(Role.IT_STRATEG, kommun=kommun)
    return kommun, soc, bou, other, goal, strateg


def initiative(forvaltning, title, status=InitiativeStatus.GENOMFORANDE, **kwargs):
    kwargs.setdefault("start_date", datetime.date(2026, 3, 1))
    kwargs.setdefault("end_date", datetime.date(2027, 6, 30))
    return InitiativeFactory(forvaltning=forvaltning, title=title, status=status, **kwargs)


def table_titles(body: str) -> list[str]:
    table = body.split('data-testid="roadmap-table"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', table)


def test_the_table_has_the_same_rows_as_the_filter(client, w):
    kommun, soc, bou, other, goal, strateg = w
    a = initiative(soc, "E-tjänst för bistånd", decision_reference="IT-styrgruppen 2026-02-10 § 4")
    b = initiative(bou, "Ny lärplattform", status=InitiativeStatus.BESLUTAD)
    initiative(other, "Annan kommuns initiativ")
    StatusReport.objects.create(initiative=a, date=datetime.date(2026, 9, 1), rag=Rag.GRON)
    client.force_login(strateg)
    body = client.get(URL).content.decode()
    assert sorted(table_titles(body)) == ["E-tjänst för bistånd", "Ny lärplattform"]
    assert "Annan kommuns initiativ" not in body
    assert "Beslut 2026-02-10: IT-styrgruppen 2026-02-10 § 4" in body
    assert "Statusrapport 2026-09-01" in body
    filtered = client.get(URL, {"status": InitiativeStatus.BESLUTAD}).content.decode()
    assert table_titles(filtered) == [b.title]
    assert "E-tjänst för bistånd" not in filtered
    expected = Initiative.objects.filter(kommun=kommun, forvaltning=soc)
    by_forvaltning = client.get(URL, {"forvaltning": soc.pk}).content.decode()
    assert table_titles(by_forvaltning) == [i.title for i in expected]


def test_the_svg_is_an_image_with_title_desc_and_a_text_alternative(client, w):
    kommun, soc, bou, other, goal, strateg = w
    initiative(soc, "Digitala trygghetslarm")
    initiative(soc, "Utan datum", start_date=None, end_date=None)
    client.force_login(strateg)
    body = client.get(URL).content.decode()
    svg = re.search(r"<svg xmlns[^>]*>", body).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="roadmap-title roadmap-desc"' in svg
    assert '<title id="roadmap-title">Färdplan: initiativ per förvaltning</title>' in body
    desc = re.search(r'<desc id="roadmap-desc">([^<]+)</desc>', body).group(1)
    assert "2 initiativ i 1 grupper" in desc and "Genomförande 2" in desc
    assert "1 rader saknar start- och slutdatum" in desc
    assert desc in body.split('data-testid="roadmap-summary">', 1)[1]
    # The legend names every status in words, beside its pattern.
    assert "Teckenförklaring" in body and 'fill="url(#p-genf)"' in body
    assert "@page" in open("static/css/roadmap.css").read()


def test_grouping_by_goal(client, w):
    kommun, soc, bou, other, goal, strateg = w
    with_goal = initiative(soc, "Med mål")
    with_goal.goals.add(goal)
    initiative(bou, "Utan mål")
    client.force_login(strateg)
    body = client.get(URL, {"grupp": "mal"}).content.decode()
    assert "Färdplan: initiativ per strategiskt mål" in body
    table = body.split('data-testid="roadmap-table"', 1)[1]
    assert '<td>Smartare förvaltning</td><th scope="row"><a' in table
    assert "<td>Utan strategiskt mål</td>" in table


def _queries(client, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL, params or {}).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("group", ["forvaltning", "mal"])
def test_query_count_is_flat_with_3_and_30_initiatives(client, w, group):
    kommun, soc, bou, other, goal, strateg = w

    def grow(n):
        for i in range(Initiative.objects.filter(kommun=kommun).count(), n):
            made = initiative(soc if i % 2 else bou, f"Initiativ {i}")
            made.goals.add(goal)
            StatusReport.objects.create(initiative=made, date=datetime.date(2026, 5, 1), rag="gul")

    client.force_login(strateg)
    grow(3)
    few = _queries(client, {"grupp": group})
    grow(30)
    assert _queries(client, {"grupp": group}) == few


def test_300_initiatives_are_capped_with_a_message(client, w):
    kommun, soc, bou, other, goal, strateg = w
    Initiative.objects.bulk_create(
        Initiative(
            kommun=kommun,
            forvaltning=soc,
            title=f"Initiativ {i:03d}",
            description="-",
            kind="e_tjanst",
            area="administration",
            contact=strateg,
            start_date=datetime.date(2024 + i % 4, 1, 1),
            end_date=datetime.date(2028 + i % 3, 12, 31),
        )
        for i in range(300)
    )
    client.force_login(strateg)
    response = client.get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert f"Visar de första {MAX_ROWS} av 300 initiativ" in body
    assert len(table_titles(body)) == MAX_ROWS
    roadmap = build_roadmap(Initiative.objects.all())
    assert roadmap.total == 300 and roadmap.shown == MAX_ROWS and roadmap.capped


def test_decision_date_is_read_from_the_reference():
    assert decision_date("Kommunstyrelsen 2026-03-04 § 45") == datetime.date(2026, 3, 4)
    assert decision_date("KS § 45") is None
    assert decision_date("2026-13-40") is None
