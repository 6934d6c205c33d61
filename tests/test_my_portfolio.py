"""Min portfölj: isolation between förvaltningar, content and query budget."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from portfolio.models import Contract, InitiativeCost, Supplier, System, SystemCost
from portfolio.organisation.demo import forvaltning, kommun
from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db
URL = "/min-portfolj/"


def user(name):
    return get_user_model().objects.get(username=name)


def make_system(forv, name, **kw):
    defaults = dict(
        kommun=forv.kommun,
        forvaltning=forv,
        name=name,
        kind="verksamhetssystem",
        category="verksamhetssystem",
        area="socialtjanst",
        hosting="saas",
        lifecycle="i_drift",
        owner=get_user_model().objects.get(username="sa.lysekil"),
    )
    defaults.update(kw)
    return System.objects.create(**defaults)


def test_url_name():
    assert reverse("portfolio:my_portfolio") == URL


def test_anonymous_redirected(client):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response.url


def test_isolation_between_forvaltningar(demo, login):
    soc = forvaltning("Lysekil", "Socialförvaltningen")
    bou = forvaltning("Lysekil", "Barn- och utbildningsförvaltningen")
    make_system(soc, "Socialsystemet XYZ", personal_data=True)
    make_system(bou, "Skolsystemet QRS")
    InitiativeFactory(forvaltning=soc, title="Soc-initiativet ABC", contact=user("fc.lysekil.soc"))
    InitiativeFactory(forvaltning=bou, title="Bou-initiativet DEF", contact=user("fc.lysekil.bou"))

    html = login(user("fc.lysekil.soc")).get(URL).content.decode()
    assert "Socialsystemet XYZ" in html and "Soc-initiativet ABC" in html
    assert "Skolsystemet QRS" not in html and "Bou-initiativet DEF" not in html
    assert "Personuppgifter utan PUB-avtal" in html

    client = login(user("fc.lysekil.bou"))
    html = client.get(URL).content.decode()
    assert "Skolsystemet QRS" in html and "Socialsystemet XYZ" not in html
    # Another förvaltning by id: 404, never its data.
    assert client.get(URL, {"forvaltning": soc.pk}).status_code == 404


def test_strateg_picks_forvaltning_in_own_kommun_only(demo, login):
    soc = forvaltning("Lysekil", "Socialförvaltningen")
    client = login(user("strateg.lysekil"))
    assert client.get(URL, {"forvaltning": soc.pk}).status_code == 200
    other = forvaltning("Uddevalla", "Socialförvaltningen") if kommun("Uddevalla") else None
    client = login(user("strateg.uddevalla"))
    assert client.get(URL, {"forvaltning": soc.pk}).status_code == 404
    assert other is not None


def test_costs_contracts_and_overload(demo, login):
    from portfolio.initiatives.my_portfolio import build_portfolio

    soc = forvaltning("Lysekil", "Socialförvaltningen")
    today = timezone.localdate()
    fc = user("fc.lysekil.soc")
    before = build_portfolio(fc, soc, today.year, today)["costs"]
    system = make_system(soc, "Treserva", confidentiality=3, integrity=3, availability_class=2)
    SystemCost.objects.create(
        system=system,
        year=today.year,
        cost_type="licens",
        nature="drift",
        amount=100000,
        payer="forvaltning",
        paying_forvaltning=soc,
    )
    supplier = Supplier.objects.create(name="CGI Test")
    Contract.objects.create(
        system=system,
        supplier=supplier,
        number="AVT-1",
        start_date=datetime.date(2020, 1, 1),
        end_date=today + datetime.timedelta(days=200),
        notice_months=3,
        annual_cost=1,
    )
    for _ in range(soc.change_capacity + 1):
        init = InitiativeFactory(forvaltning=soc, status="genomforande", contact=user("sa.lysekil"))
    InitiativeCost.objects.create(
        initiative=init, year=today.year, kind="investering", nature="utveckling", amount=50000
    )
    after = build_portfolio(fc, soc, today.year, today)["costs"]
    assert after["drift"] - before["drift"] == 100000
    assert after["utveckling"] - before["utveckling"] == 50000
    html = login(fc).get(URL).content.decode()
    assert "AVT-1" in html
    assert "Förändringsträngsel" in html


@pytest.mark.parametrize("rows", [3, 30])
def test_query_budget(demo, login, django_assert_max_num_queries, rows):
    soc = forvaltning("Lysekil", "Socialförvaltningen")
    for n in range(rows):
        make_system(soc, f"System {n}")
    InitiativeFactory.create_batch(rows, forvaltning=soc, contact=user("sa.lysekil"))
    client = login(user("fc.lysekil.soc"))
    client.get(URL)
    # + governance's section: decisions, their systems, ärenden
    with django_assert_max_num_queries(19):
        assert client.get(URL).status_code == 200


def test_start_page_panels(demo, login):
    html = login(user("fc.lysekil.soc")).get("/").content.decode()
    assert "Min portfölj" in html
    html = login(user("strateg.lysekil")).get("/").content.decode()
    assert "väntar på kvalificering" in html
