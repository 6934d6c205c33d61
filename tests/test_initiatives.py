"""Initiative register: services, transitions, permission matrix, list query budget."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from portfolio.choices import InitiativeStatus
from portfolio.initiatives import services as svc
from portfolio.models import (
    BenefitLine,
    Initiative,
    InitiativeCost,
    InitiativeStatusChange,
    StatusReport,
)
from portfolio.organisation.demo import forvaltning, kommun
from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def user(name):
    return get_user_model().objects.get(username=name)


@pytest.fixture
def soc_initiative(demo):
    return InitiativeFactory(
        forvaltning=forvaltning("Lysekil", "Socialförvaltningen"),
        contact=user("fc.lysekil.soc"),
        title="Digital signering av biståndsbeslut",
    )


@pytest.fixture
def shared_initiative(demo):
    init = InitiativeFactory(
        forvaltning=forvaltning("Lysekil", "Socialförvaltningen"),
        contact=user("strateg.lysekil"),
        title="Gemensam e-arkivlösning",
    )
    init.participants.set([kommun("Sotenäs"), kommun("Munkedal")])
    return init


# --- Services -------------------------------------------------------------------


def test_register_initiative_sets_kommun_and_creator(demo):
    actor = user("strateg.lysekil")
    init = Initiative(
        title="Ny e-tjänst för bygglov",
        description="x",
        kind="e_tjanst",
        area="samhallsbyggnad",
        forvaltning=forvaltning("Lysekil", "Socialförvaltningen"),
        contact=actor,
    )
    svc.register_initiative(actor=actor, initiative=init)
    init.refresh_from_db()
    assert init.kommun == kommun("Lysekil")
    assert init.created_by == actor
    assert init.status == InitiativeStatus.IDE


def test_register_refused_in_other_kommun(demo):
    from django.core.exceptions import PermissionDenied

    init = Initiative(
        title="x",
        description="x",
        kind="e_tjanst",
        area="it",
        forvaltning=forvaltning("Lysekil", "Socialförvaltningen"),
        contact=user("strateg.uddevalla"),
    )
    with pytest.raises(PermissionDenied):
        svc.register_initiative(actor=user("strateg.uddevalla"), initiative=init)
    assert not Initiative.objects.filter(title="x").exists()


def test_add_children_and_realisation(soc_initiative):
    actor = user("strateg.lysekil")
    benefit = svc.add_benefit_line(
        actor=actor,
        initiative=soc_initiative,
        benefit=BenefitLine(
            kind="timmar",
            description="Mindre pappershantering",
            yearly_value=500,
            first_year=2026,
            last_year=2027,
        ),
    )
    svc.add_cost(
        actor=actor,
        initiative=soc_initiative,
        cost=InitiativeCost(year=2026, kind="investering", nature="utveckling", amount=100000),
    )
    svc.record_realisation(actor=actor, benefit=benefit, year=2026, value=320)
    svc.record_realisation(actor=actor, benefit=benefit, year=2026, value=350)
    assert benefit.realisations.get().value == 350
    assert soc_initiative.costs.count() == 1


def test_negative_cost_refused(soc_initiative):
    with pytest.raises(ValidationError):
        svc.add_cost(
            actor=user("strateg.lysekil"),
            initiative=soc_initiative,
            cost=InitiativeCost(year=2026, kind="investering", nature="drift", amount=-5),
        )


# --- Status transitions ------------------------------------------------------------


def test_allowed_transition_records_change(soc_initiative):
    actor = user("strateg.lysekil")
    svc.transition_initiative(
        actor=actor,
        initiative=soc_initiative,
        to_status=InitiativeStatus.KVALIFICERING,
        comment="Vidare",
    )
    soc_initiative.refresh_from_db()
    assert soc_initiative.status == InitiativeStatus.KVALIFICERING
    change = InitiativeStatusChange.objects.get(initiative=soc_initiative)
    assert (change.from_status, change.to_status, change.actor) == ("ide", "kvalificering", actor)


def test_refused_transition_service(soc_initiative):
    with pytest.raises(ValidationError):
        svc.transition_initiative(
            actor=user("strateg.lysekil"),
            initiative=soc_initiative,
            to_status=InitiativeStatus.GENOMFORANDE,
        )
    soc_initiative.refresh_from_db()
    assert soc_initiative.status == InitiativeStatus.IDE


def test_transition_view_allowed_and_refused(soc_initiative, login):
    client = login(user("strateg.lysekil"))
    url = reverse("portfolio:initiative_transition", args=[soc_initiative.pk])
    response = client.post(url, {"to_status": "genomforande"}, follow=True)
    assert "inte tillåten" in response.content.decode()
    soc_initiative.refresh_from_db()
    assert soc_initiative.status == "ide"
    client.post(url, {"to_status": "kvalificering", "comment": "ok"})
    soc_initiative.refresh_from_db()
    assert soc_initiative.status == "kvalificering"


def _move(initiative, to_status, **kwargs):
    return svc.transition_initiative(
        actor=user("strateg.lysekil"), initiative=initiative, to_status=to_status, **kwargs
    )


def test_prioritering_needs_cost_estimate_and_benefit(soc_initiative):
    _move(soc_initiative, InitiativeStatus.KVALIFICERING)
    with pytest.raises(ValidationError, match="kostnadsuppskattning och en förväntad nytta"):
        _move(soc_initiative, InitiativeStatus.PRIORITERING)
    InitiativeCost.objects.create(
        initiative=soc_initiative, year=2026, kind="investering", nature="utveckling", amount=1
    )
    with pytest.raises(ValidationError, match="förväntad nytta"):
        _move(soc_initiative, InitiativeStatus.PRIORITERING)
    BenefitLine.objects.create(
        initiative=soc_initiative,
        kind="kvalitativ",
        description="Snabbare beslut",
        first_year=2026,
        last_year=2028,
    )
    _move(soc_initiative, InitiativeStatus.PRIORITERING)
    soc_initiative.refresh_from_db()
    assert soc_initiative.status == InitiativeStatus.PRIORITERING


def test_beslutad_needs_a_decision(soc_initiative):
    soc_initiative.status = InitiativeStatus.PRIORITERING
    soc_initiative.save()
    with pytest.raises(ValidationError, match="bara bli Beslutad med ett beslut"):
        _move(soc_initiative, InitiativeStatus.BESLUTAD)
    soc_initiative.refresh_from_db()
    assert soc_initiative.status == InitiativeStatus.PRIORITERING
    _move(
        soc_initiative,
        InitiativeStatus.BESLUTAD,
        decision_reference="  Kommunstyrelsen 2026-03-04 § 45 ",
    )
    soc_initiative.refresh_from_db()
    assert soc_initiative.status == InitiativeStatus.BESLUTAD
    assert soc_initiative.decision_reference == "Kommunstyrelsen 2026-03-04 § 45"


def test_a_written_reference_does_not_skip_the_prioritering_guard(soc_initiative):
    _move(soc_initiative, InitiativeStatus.KVALIFICERING)
    with pytest.raises(ValidationError, match="kostnadsuppskattning"):
        _move(soc_initiative, InitiativeStatus.PRIORITERING, decision_reference="x")


def test_an_earlier_decision_does_not_make_a_new_beslutad(soc_initiative):
    soc_initiative.status = InitiativeStatus.PRIORITERING
    soc_initiative.save()
    _move(soc_initiative, InitiativeStatus.BESLUTAD, decision_reference="KS 2026-03-04 § 45")
    _move(soc_initiative, InitiativeStatus.KVALIFICERING)
    soc_initiative.refresh_from_db()
    assert soc_initiative.decision_reference == ""
    soc_initiative.status = InitiativeStatus.PRIORITERING
    soc_initiative.save()
    with pytest.raises(ValidationError, match="bara bli Beslutad med ett beslut"):
        _move(soc_initiative, InitiativeStatus.BESLUTAD)


def test_beslutad_refused_in_the_view_with_a_swedish_message(soc_initiative, login):
    soc_initiative.status = InitiativeStatus.PRIORITERING
    soc_initiative.save()
    client = login(user("strateg.lysekil"))
    url = reverse("portfolio:initiative_transition", args=[soc_initiative.pk])
    response = client.post(url, {"to_status": "beslutad"}, follow=True)
    assert "bara bli Beslutad med ett beslut" in response.content.decode()
    soc_initiative.refresh_from_db()
    assert soc_initiative.status == InitiativeStatus.PRIORITERING


def test_detail_only_offers_allowed_transitions(soc_initiative, login):
    client = login(user("strateg.lysekil"))
    html = client.get(soc_initiative.get_absolute_url()).content.decode()
    assert 'value="kvalificering"' in html
    assert 'value="genomforande"' not in html


# --- Permission matrix ----------------------------------------------------------------


def _urls(init):
    return {
        "detail": reverse("portfolio:initiative_detail", args=[init.pk]),
        "edit": reverse("portfolio:initiative_edit", args=[init.pk]),
        "cost": reverse("portfolio:initiative_add_child", args=[init.pk, "cost"]),
    }


def test_anonymous_redirected(client, soc_initiative):
    for url in [
        reverse("portfolio:initiative_list"),
        reverse("portfolio:initiative_add"),
        reverse("portfolio:goal_list"),
        *_urls(soc_initiative).values(),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "login" in response.url, url
    response = client.post(
        reverse("portfolio:initiative_transition", args=[soc_initiative.pk]),
        {"to_status": "kvalificering"},
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("username", "view", "change"),
    [
        ("strateg.lysekil", 200, 200),
        ("fc.lysekil.soc", 200, 200),
        ("fc.lysekil.bou", 404, 404),
        ("strateg.uddevalla", 404, 404),
    ],
)
def test_permission_matrix(soc_initiative, login, username, view, change):
    client = login(user(username))
    urls = _urls(soc_initiative)
    assert client.get(urls["detail"]).status_code == view
    assert client.get(urls["edit"]).status_code == change
    assert client.get(urls["cost"]).status_code == change
    response = client.post(
        reverse("portfolio:initiative_transition", args=[soc_initiative.pk]),
        {"to_status": "kvalificering"},
    )
    if change != 200:
        assert response.status_code == change
        soc_initiative.refresh_from_db()
        assert soc_initiative.status == "ide"


def test_samverkan_partner_reads_but_cannot_edit(shared_initiative, login):
    from portfolio.choices import Role
    from tests.factories import user_with_role

    client = login(user_with_role(Role.IT_STRATEG, kommun=kommun("Sotenäs")))
    urls = _urls(shared_initiative)
    assert client.get(urls["detail"]).status_code == 200
    assert client.get(urls["edit"]).status_code == 403
    response = client.post(
        urls["cost"], {"year": 2026, "kind": "investering", "nature": "drift", "amount": 5}
    )
    assert response.status_code == 403
    assert not shared_initiative.costs.exists()
    response = client.post(
        reverse("portfolio:initiative_transition", args=[shared_initiative.pk]),
        {"to_status": "kvalificering"},
    )
    assert response.status_code == 403
    shared_initiative.refresh_from_db()
    assert shared_initiative.status == "ide"


def test_other_kommun_does_not_see_in_list(soc_initiative, login):
    html = login(user("strateg.uddevalla")).get(reverse("portfolio:initiative_list")).content
    assert soc_initiative.title.encode() not in html


# --- Create / edit validation ------------------------------------------------------------


def test_create_with_swedish_validation(demo, login):
    client = login(user("strateg.lysekil"))
    soc = forvaltning("Lysekil", "Socialförvaltningen")
    data = {
        "title": "Ny e-tjänst",
        "description": "x",
        "kind": "e_tjanst",
        "area": "it",
        "forvaltning": soc.pk,
        "contact": "",
        "start_date": "2026-05-01",
        "end_date": "2026-01-01",
    }
    response = client.post(reverse("portfolio:initiative_add"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Slutdatum kan inte ligga före startdatum." in html
    assert "Ange en kontaktperson." in html
    data.update(contact=user("strateg.lysekil").pk, end_date="2026-12-31")
    response = client.post(reverse("portfolio:initiative_add"), data)
    assert response.status_code == 302
    assert Initiative.objects.filter(title="Ny e-tjänst", kommun__name="Lysekil").exists()


def test_forvaltning_of_other_kommun_is_invalid_choice(demo, login):
    from portfolio.models import Forvaltning

    client = login(user("strateg.lysekil"))
    other = Forvaltning.objects.filter(kommun__name="Uddevalla").first()
    response = client.post(
        reverse("portfolio:initiative_add"),
        {
            "title": "x",
            "description": "x",
            "kind": "e_tjanst",
            "area": "it",
            "forvaltning": other.pk,
            "contact": user("strateg.lysekil").pk,
        },
    )
    assert response.status_code == 400
    assert not Initiative.objects.filter(title="x").exists()


@pytest.mark.parametrize(
    ("kind", "data", "message"),
    [
        ("risk", {"description": "r", "probability": 7, "impact": 2}, "1 till 5"),
        (
            "cost",
            {"year": 2026, "kind": "investering", "nature": "drift", "amount": -1},
            "negativt",
        ),
        (
            "benefit",
            {
                "kind": "kronor",
                "description": "b",
                "yearly_value": 10,
                "first_year": 2027,
                "last_year": 2026,
            },
            "Slutåret",
        ),
    ],
)
def test_child_validation(soc_initiative, login, kind, data, message):
    client = login(user("strateg.lysekil"))
    response = client.post(
        reverse("portfolio:initiative_add_child", args=[soc_initiative.pk, kind]), data
    )
    assert response.status_code == 400
    assert message in response.content.decode()


# --- List ---------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [3, 30])
def test_list_query_budget(demo, login, django_assert_max_num_queries, rows):
    soc = forvaltning("Lysekil", "Socialförvaltningen")
    for init in InitiativeFactory.create_batch(rows, forvaltning=soc, contact=user("sa.lysekil")):
        StatusReport.objects.create(initiative=init, rag="gul", comment="x")
    client = login(user("strateg.lysekil"))
    client.get(reverse("portfolio:initiative_list"))  # warm caches
    with django_assert_max_num_queries(14):
        response = client.get(reverse("portfolio:initiative_list"))
    assert response.status_code == 200
    assert "Gul" in response.content.decode()


def test_list_filters_and_search(soc_initiative, login):
    client = login(user("strateg.lysekil"))
    url = reverse("portfolio:initiative_list")
    assert soc_initiative.title in client.get(url, {"q": "signering"}).content.decode()
    assert soc_initiative.title not in client.get(url, {"q": "nothinglike"}).content.decode()
    assert soc_initiative.title not in client.get(url, {"status": "avslutad"}).content.decode()


# --- Strategic goals -----------------------------------------------------------------------


def test_goals_seeded_for_every_kommun(demo):
    from portfolio.models import Kommun, StrategicGoal

    for k in Kommun.objects.all():
        names = set(StrategicGoal.objects.filter(kommun=k).values_list("name", flat=True))
        assert "Smartare och öppnare förvaltning" in names


def test_goal_permissions(demo, login, client):
    from portfolio.models import StrategicGoal

    goal = StrategicGoal.objects.get(kommun__name="Lysekil", order=1)
    edit = reverse("portfolio:goal_edit", args=[goal.pk])
    assert client.get(reverse("portfolio:goal_list")).status_code == 302
    assert login(user("strateg.lysekil")).get(edit).status_code == 200
    assert login(user("strateg.uddevalla")).get(edit).status_code == 404
    fc = login(user("fc.lysekil.soc"))
    assert fc.get(reverse("portfolio:goal_list")).status_code == 200
    assert fc.get(edit).status_code == 403
    assert fc.get(reverse("portfolio:goal_add")).status_code == 403
    response = fc.post(edit, {"kommun": goal.kommun_id, "name": "Hackat", "order": 1})
    assert response.status_code == 403
    goal.refresh_from_db()
    assert goal.name != "Hackat"


def test_strateg_creates_goal(demo, login):
    from portfolio.models import StrategicGoal
    from portfolio.organisation.demo import kommun as get_kommun

    client = login(user("strateg.lysekil"))
    response = client.post(
        reverse("portfolio:goal_add"),
        {
            "kommun": get_kommun("Lysekil").pk,
            "name": "Hållbar digitalisering",
            "order": 4,
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert StrategicGoal.objects.filter(name="Hållbar digitalisering").exists()


def test_forvaltningschef_edits_own_initiative(soc_initiative, login):
    client = login(user("fc.lysekil.soc"))
    response = client.post(
        reverse("portfolio:initiative_edit", args=[soc_initiative.pk]),
        {
            "title": "Nytt namn",
            "description": "Ny beskrivning",
            "kind": "e_tjanst",
            "area": "socialtjanst",
            "forvaltning": soc_initiative.forvaltning_id,
            "contact": soc_initiative.contact_id,
        },
    )
    assert response.status_code == 302
    soc_initiative.refresh_from_db()
    assert soc_initiative.title == "Nytt namn"
    assert soc_initiative.history.first().history_user == user("fc.lysekil.soc")


def test_record_realisation_view(soc_initiative, login):
    benefit = BenefitLine.objects.create(
        initiative=soc_initiative,
        kind="kronor",
        description="b",
        yearly_value=100,
        first_year=2026,
        last_year=2027,
    )
    client = login(user("strateg.lysekil"))
    url = reverse("portfolio:initiative_add_child", args=[soc_initiative.pk, "realisation"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"benefit": benefit.pk, "year": 2026, "value": -1})
    assert response.status_code == 400
    response = client.post(url, {"benefit": benefit.pk, "year": 2026, "value": 80})
    assert response.status_code == 302
    assert benefit.realisations.get(year=2026).value == 80
