"""Issue 17: the start page's Att göra per role, its charts and query ceiling, the menu."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.utils import timezone

from governance.choices import CaseKind, CaseStatus, MemberRole
from governance.models import Case, CouncilMember, Meeting
from portfolio.choices import InitiativeStatus, Role
from portfolio.navigation import SECTIONS, nav_for, nav_groups
from portfolio.todo.registry import todos_for
from tests.factories import (
    ContractFactory,
    ForvaltningFactory,
    InitiativeFactory,
    SystemFactory,
    governance_world,
    user_with_role,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 29)


def texts(user, today=TODAY):
    return [item.text for item in todos_for(user, today)]


def _case(w, kommun=None, **kw):
    kommun = kommun or w.kommun
    n = Case.objects.filter(kommun=kommun).count() + 1
    fields = {
        "kommun": kommun,
        "year": 2026,
        "number": n,
        "kind": CaseKind.VERKSAMHETSSYSTEM,
        "title": f"Ärende {n}",
        "description": "Behov",
        "applicant": w.systemagare,
    }
    fields.update(kw)
    return Case.objects.create(**fields)


def _meeting(council, days, **kw):
    return Meeting.objects.create(
        council=council,
        starts_at=timezone.now() + datetime.timedelta(days=days),
        place="KS-salen",
        **kw,
    )


@pytest.fixture
def world():
    w = governance_world()
    other = w.outsider  # IT-strateg of another kommun
    other_kommun = other.role_assignments.get().kommun
    other_forv = ForvaltningFactory(kommun=other_kommun)
    # Situations in the kommun ...
    _case(w)  # samråd
    _case(w, consulted_at=timezone.now())  # remiss
    _case(w, status=CaseStatus.BEREDNING, consulted_at=timezone.now(), remiss_council=w.beredning)
    w.upcoming = _meeting(w.styrgrupp, 10, adjuster=w.ledamot)  # agenda to publish
    w.past = _meeting(w.styrgrupp, -5, adjuster=w.ledamot)  # minutes to justera
    w.system = SystemFactory(forvaltning=w.forvaltning, owner=w.systemagare, personal_data=True)
    soon = TODAY + datetime.timedelta(days=30)
    ContractFactory(
        system=w.system,
        end_date=soon.replace(day=1) + datetime.timedelta(days=200),
        notice_months=6,
    )
    InitiativeFactory(forvaltning=w.forvaltning)  # idé
    InitiativeFactory(forvaltning=w.forvaltning, status=InitiativeStatus.KVALIFICERING)
    # ... and the same in the other kommun: none of it may show.
    _case(w, kommun=other_kommun)
    SystemFactory(forvaltning=other_forv, personal_data=True)
    InitiativeFactory(forvaltning=other_forv)
    return w


def test_strateg_sees_the_kommuns_work_and_nothing_else(world):
    items = todos_for(world.strateg, TODAY)
    got = {item.text: item for item in items}
    assert "1 ärende väntar på samråd" in got
    assert "1 ärende väntar på att skickas på remiss" in got
    assert "1 system saknar K/R/T-klassning" in got
    assert "1 system med personuppgifter saknar PUB-avtal" in got
    assert "1 ny idé att ta ställning till" in got
    assert "1 initiativ väntar på kvalificering" in got
    # sekreterare of the styrgrupp: the agenda and the unsigned minutes
    assert any("föredragningslista" in t for t in got)
    assert "1 protokoll väntar på justering" in got
    # ordförande of the beredningsgrupp, which has the ärende on remiss
    assert "1 ärende väntar på yttrande från er beredningsgrupp" in got
    # one thing links straight to it
    assert got["1 ärende väntar på samråd"].url.startswith("/styrning/arenden/")
    assert got["1 system saknar K/R/T-klassning"].url == world.system.get_absolute_url()
    # the urgent ones first
    urgencies = [item.is_urgent for item in items]
    assert urgencies == sorted(urgencies, reverse=True)


def test_other_kommuns_strateg_sees_only_their_own(world):
    got = texts(world.outsider)
    assert "1 ärende väntar på samråd" in got
    assert "1 system med personuppgifter saknar PUB-avtal" in got
    assert not any("protokoll" in t or "föredragningslista" in t for t in got)
    assert not any("kvalificering" in t for t in got)


def test_systemagare_sees_own_systems_and_contracts(world):
    got = {item.text: item for item in todos_for(world.systemagare, TODAY)}
    assert "1 system saknar K/R/T-klassning" in got
    assert "1 system med personuppgifter saknar PUB-avtal" in got
    contract = [i for t, i in got.items() if "sista uppsägningsdag" in t]
    assert contract and contract[0].url.startswith("/avtal/?status=aktivt&cancel_before=")
    # not the IT-strateg's work
    assert not any("samråd" in t or "idé" in t for t in got)
    # member of the beredningsgrupp but the applicant: no yttrande (jäv)
    assert not any("yttrande" in t for t in got)


def test_justerare_and_ordforande(world):
    got = texts(world.ledamot)
    assert got == ["1 protokoll att justera"]
    got = texts(world.kd)
    assert "1 protokoll väntar på justering" in got
    assert not any("justera" == t.split()[-1] for t in got)
    # a former ordförande gets nothing from the council
    CouncilMember.objects.filter(council=world.styrgrupp, user=world.kd).update(
        valid_until=datetime.date(2025, 1, 1), role=MemberRole.ORDFORANDE
    )
    assert not any("protokoll" in t for t in texts(world.kd))


def test_forvaltningschef_of_another_forvaltning_sees_none_of_it(world):
    got = texts(world.fc_other)
    assert all("IT-plan" in t for t in got)  # only their own plan, nothing of the kommun's


def test_anonymous_and_superuser_have_no_list(world):
    from django.contrib.auth.models import AnonymousUser

    assert todos_for(AnonymousUser()) == []
    admin = get_user_model().objects.create_superuser("root", "r@example.se", "x")
    assert todos_for(admin) == []


def test_start_page_leads_with_att_gora(world, client):
    client.force_login(world.strateg)
    html = client.get("/").content.decode()
    assert html.index("Att göra") < html.index("Kommande i årshjulet")
    assert "ärende väntar på samråd" in html
    assert "Initiativ per status" in html  # a chart with its table
    assert "Visa som tabell" in html


def test_start_page_query_count_does_not_grow(world, client, django_assert_max_num_queries):
    client.force_login(world.strateg)
    client.get("/")

    def grow(n):
        for _ in range(n):
            _case(world)
            _meeting(world.styrgrupp, -3, adjuster=world.ledamot)
            s = SystemFactory(forvaltning=world.forvaltning, owner=world.systemagare)
            ContractFactory(system=s, end_date=datetime.date(2027, 4, 1), notice_months=3)
            InitiativeFactory(forvaltning=world.forvaltning)

    grow(3)
    with django_assert_max_num_queries(40) as small:
        assert client.get("/").status_code == 200
    grow(30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/").status_code == 200


def test_demo_roles_start_pages(demo, client):
    """Each demo role gets a start page with work or figures; nothing from other kommuner."""
    users = get_user_model().objects
    for name in ("sa.lysekil", "sg.lysekil", "kd.lysekil", "ekonom.lysekil", "strateg.lysekil"):
        client.force_login(users.get(username=name))
        html = client.get("/").content.decode()
        assert "Att göra" in html
        assert "Uddevalla" not in html.split("Att göra", 1)[1].split("</section>", 1)[0]
    client.force_login(users.get(username="ekonom.lysekil"))
    assert "Kostnader per år: drift och utveckling" in client.get("/").content.decode()
    client.force_login(users.get(username="sg.lysekil"))
    html = client.get("/").content.decode()
    assert "Förvaltningarnas belastning" in html


def test_menu_sections(world):
    request = RequestFactory().get("/system/")
    request.user = world.strateg
    groups = nav_groups(nav_for(request))
    labels = [str(g["label"]) for g in groups]
    assert labels[0] == "Översikt"
    assert [str(SECTIONS[k]) for k in ("register", "portfolj", "styrning")] == labels[1:4]
    styrning = next(g for g in groups if g.get("key") == "styrning")
    assert "Årshjul" in [str(i["label"]) for i in styrning["items"]]
    register = next(g for g in groups if g.get("key") == "register")
    assert register["active"]


def test_register_nav_refuses_unknown_section():
    from portfolio.navigation import register_nav

    with pytest.raises(ValueError):
        register_nav("X", "portfolio:home", section="okänd")


def test_role_user_without_role_sees_empty_list(client):
    user = user_with_role(Role.LASARE, kommun=ForvaltningFactory().kommun)
    client.force_login(user)
    assert "Inget väntar på dig just nu." in client.get("/").content.decode()
