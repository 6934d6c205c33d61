"""One policy for every action: report orders and prioritisation contexts ask ``policy.targets``.

Where a user may order a report or run a prioritisation is the ``targets`` of
the ReportJob and Round rules; pages, forms and services all ask it. The
services also refuse what the pages never offer (moving an unranked
initiative, confirming gates of an initiative that is not scorable).
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from portfolio import policy
from portfolio.choices import InitiativeStatus, Role
from portfolio.models import (
    BudgetLine,
    Criterion,
    Gate,
    GateConfirmation,
    Kommun,
    Override,
    Round,
    Samverkansorganisation,
    StrategicGoal,
)
from portfolio.prioritisation import services as prio
from reports import services as report_services
from reports.choices import ReportKind
from reports.models import ReportJob
from tests.factories import ForvaltningFactory, KommunFactory, user_with_role
from tests.test_prioritisation_services import make_initiative

pytestmark = pytest.mark.django_db

CONTEXT_MODELS = (Round, Criterion, Gate, BudgetLine)


def user(name):
    return get_user_model().objects.get(username=name)


@pytest.fixture
def places(demo):
    return {
        "lysekil": Kommun.objects.get(name="Lysekil"),
        "uddevalla": Kommun.objects.get(name="Uddevalla"),
        "sml": Samverkansorganisation.objects.get(name="SML-IT"),
        "fyrbodal": Samverkansorganisation.objects.get(name="Digitaliseringsnätverket Fyrbodal"),
    }


def ids(queryset):
    return set(queryset.values_list("pk", flat=True))


# --- Targets ------------------------------------------------------------------------


def test_kommun_wide_strateg_targets_own_kommun(places):
    strateg = user("strateg.uddevalla")
    # Uddevalla takes part in Fyrbodal (reads it) but neither hosts it nor is every member.
    assert places["fyrbodal"].pk in policy.get_scope(strateg).partner_samverkan_ids()
    for model in (ReportJob, *CONTEXT_MODELS):
        found = policy.targets(strateg, model)
        assert ids(found.kommuner()) == {places["uddevalla"].pk}, model
        assert ids(found.samverkan()) == set(), model
        assert found.allows(kommun_id=places["uddevalla"].pk)
        assert not found.allows(kommun_id=places["lysekil"].pk)
        assert not found.allows(samverkan_id=places["fyrbodal"].pk)


def test_forvaltning_scoped_user_targets_nothing(places):
    chef = user("fc.lysekil.soc")
    for model in (ReportJob, *CONTEXT_MODELS):
        assert not policy.targets(chef, model), model
        assert not policy.can_add(chef, model)
        assert not policy.can_add(chef, model, kommun_id=places["lysekil"].pk)
    # ... although they read the prioritisation of their kommun and its samverkan.
    assert prio.can_run(chef, prio.Context(kommun=places["lysekil"])) is False
    prio.require_context(chef, prio.Context(samverkan=places["sml"]))
    with pytest.raises(PermissionDenied):
        prio.require_context(chef, prio.Context(samverkan=places["sml"]), policy.MANAGE)


def test_samverkan_host_strateg_acts_for_the_samverkan(places):
    strateg = user("strateg.lysekil")
    for model in (ReportJob, *CONTEXT_MODELS):
        found = policy.targets(strateg, model)
        assert ids(found.kommuner()) == {places["lysekil"].pk}, model
        # Host of SML-IT; Fyrbodal is hosted by Vänersborg.
        assert ids(found.samverkan()) == {places["sml"].pk}, model
    assert prio.can_run(strateg, prio.Context(samverkan=places["sml"]))
    assert not prio.can_run(strateg, prio.Context(samverkan=places["fyrbodal"]))


def test_samverkan_wide_grant_acts_for_the_samverkan(places):
    strateg = user("strateg.sml")
    members = ids(places["sml"].members.all()) | {places["sml"].host_id}
    for model in (ReportJob, *CONTEXT_MODELS):
        found = policy.targets(strateg, model)
        assert ids(found.samverkan()) == {places["sml"].pk}, model
        assert ids(found.kommuner()) <= members, model
        assert not found.allows(kommun_id=places["uddevalla"].pk)
    assert prio.can_run(strateg, prio.Context(samverkan=places["sml"]))


def test_ekonom_orders_reports_but_does_not_run_the_prioritisation(places):
    ekonom = user("ekonom.lysekil")
    assert ids(policy.targets(ekonom, ReportJob).samverkan()) == {places["sml"].pk}
    assert policy.can_add(ekonom, ReportJob, kommun_id=places["lysekil"].pk)
    assert not policy.targets(ekonom, Round)
    assert not prio.can_run(ekonom, prio.Context(kommun=places["lysekil"]))


def test_host_acts_for_the_samverkan_a_member_alone_does_not():
    host, member = KommunFactory(name="Värd"), KommunFactory(name="Medlem")
    s = Samverkansorganisation.objects.create(name="Liten IT", host=host)
    s.members.add(member)
    host_strateg = user_with_role(Role.IT_STRATEG, kommun=host, username="host.strateg")
    member_strateg = user_with_role(Role.IT_STRATEG, kommun=member, username="member.strateg")
    for model in (ReportJob, Round):
        assert ids(policy.targets(host_strateg, model).samverkan()) == {s.pk}
        assert ids(policy.targets(member_strateg, model).samverkan()) == set()
    # The member takes part: it reads the samverkan's prioritisation, but may not run it.
    prio.require_context(member_strateg, prio.Context(samverkan=s))
    assert not prio.can_run(member_strateg, prio.Context(samverkan=s))


# --- Reports: the order page, form and service ask the policy ----------------------


def _order_post(client, scope_value):
    return client.post(
        reverse("reports:order"),
        {"kind": ReportKind.IT_BOKSLUT, "scope": scope_value, "year": 2026},
    )


def test_order_page_refused_without_targets(client, places):
    client.force_login(user("fc.lysekil.soc"))
    assert client.get(reverse("reports:order")).status_code == 403
    before = ReportJob.objects.count()
    assert _order_post(client, f"k{places['lysekil'].pk}").status_code == 403
    assert ReportJob.objects.count() == before


def test_order_form_offers_only_targets(client, places):
    client.force_login(user("strateg.lysekil"))
    response = client.get(reverse("reports:order"))
    assert response.status_code == 200
    choices = dict(response.context["form"].fields["scope"].choices)
    assert f"k{places['lysekil'].pk}" in choices
    assert f"k{places['uddevalla'].pk}" not in choices
    assert dict(choices["Samverkansorganisation"]) == {f"s{places['sml'].pk}": "SML-IT"}


@pytest.mark.parametrize("where", ["lysekil", "sml", "fyrbodal"])
def test_tampered_order_post_is_refused_and_nothing_queued(
    client, places, where, django_capture_on_commit_callbacks
):
    client.force_login(user("strateg.uddevalla"))
    prefix = "k" if where == "lysekil" else "s"
    before = ReportJob.objects.count()
    with django_capture_on_commit_callbacks() as callbacks:
        response = _order_post(client, f"{prefix}{places[where].pk}")
    assert response.status_code == 400
    assert ReportJob.objects.count() == before
    assert callbacks == []


@pytest.mark.parametrize("where", ["lysekil", "sml", "fyrbodal"])
def test_order_service_refuses_outside_targets(places, where, django_capture_on_commit_callbacks):
    actor = user("strateg.uddevalla")
    scope = {"kommun": places[where]} if where == "lysekil" else {"samverkan": places[where]}
    before = ReportJob.objects.count()
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(PermissionDenied):
        report_services.order_report(actor=actor, kind=ReportKind.IT_BOKSLUT, year=2026, **scope)
    assert ReportJob.objects.count() == before
    assert callbacks == []


def test_order_service_accepts_the_host_strateg_for_the_samverkan(
    places, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        job = report_services.order_report(
            actor=user("strateg.lysekil"),
            kind=ReportKind.IT_BOKSLUT,
            year=2031,
            samverkan=places["sml"],
        )
    assert job.samverkan == places["sml"] and job.version == 1
    assert len(callbacks) == 1


def test_samverkan_report_is_read_by_kommun_wide_partners_only(places):
    job = ReportJob.objects.create(
        kind=ReportKind.IT_BOKSLUT,
        samverkan=places["sml"],
        year=2031,
        requested_by=user("strateg.sml"),
    )
    assert policy.can(user("ekonom.lysekil"), policy.VIEW, job)
    assert policy.can(user("strateg.sml"), policy.DOWNLOAD, job)
    # A förvaltning-scoped role is not enough (as for kommun reports); outsiders see nothing.
    assert not policy.can(user("fc.lysekil.soc"), policy.VIEW, job)
    assert not policy.can(user("strateg.uddevalla"), policy.VIEW, job)
    assert not policy.can(user("ekonom.lysekil"), policy.DECIDE, job)


# --- Prioritisation: pages and services ask the Round targets -----------------------


def test_tampered_round_post_for_a_context_not_run(client, places):
    before = Round.objects.count()
    client.force_login(user("strateg.uddevalla"))
    url = reverse("portfolio:prioritisation_rounds")
    data = {"name": "Smuggel", "year": 2031}
    # Not readable: 404; readable (takes part in Fyrbodal) but not run: 403.
    assert client.post(f"{url}?kommun={places['lysekil'].pk}", data).status_code == 404
    assert client.post(f"{url}?samverkan={places['sml'].pk}", data).status_code == 404
    assert client.post(f"{url}?samverkan={places['fyrbodal'].pk}", data).status_code == 403
    assert Round.objects.count() == before
    with pytest.raises(Http404):
        prio.create_round(
            actor=user("strateg.uddevalla"),
            context=prio.Context(kommun=places["lysekil"]),
            name="Smuggel",
            year=2031,
        )
    with pytest.raises(PermissionDenied):
        prio.create_round(
            actor=user("strateg.uddevalla"),
            context=prio.Context(samverkan=places["fyrbodal"]),
            name="Smuggel",
            year=2031,
        )
    assert Round.objects.count() == before


def test_run_buttons_follow_the_targets(client, places):
    url = reverse("portfolio:prioritisation_rounds")
    client.force_login(user("fc.lysekil.soc"))
    response = client.get(f"{url}?samverkan={places['sml'].pk}")
    assert response.status_code == 200 and response.context["can_run"] is False
    client.force_login(user("strateg.lysekil"))
    response = client.get(f"{url}?samverkan={places['sml'].pk}")
    assert response.status_code == 200 and response.context["can_run"] is True


# --- Services refuse what the views never offer --------------------------------------


@pytest.fixture
def world():
    kommun = KommunFactory(name="Policy-kommun")
    soc = ForvaltningFactory(kommun=kommun, name="Soc")
    strateg = user_with_role(Role.IT_STRATEG, kommun=kommun, username="policy.strateg")
    w = {
        "kommun": kommun,
        "soc": soc,
        "strateg": strateg,
        "goal": StrategicGoal.objects.create(kommun=kommun, name="Enklare vardag"),
        "ctx": prio.Context(kommun=kommun),
        "criterion": Criterion.objects.create(kommun=kommun, name="Nytta", weight=1),
        "gate": Gate.objects.create(kommun=kommun, name="Förankrat", kind="manual"),
    }
    return w


def _score(world, ini, value=3):
    prio.score_initiative(
        actor=world["strateg"], initiative=ini, values={world["criterion"]: value}
    )


def _confirm(world, ini):
    prio.confirm_gate(actor=world["strateg"], initiative=ini, gate=world["gate"], comment="Ok")


def _move(world, ini):
    return prio.override_position(
        actor=world["strateg"],
        context=world["ctx"],
        initiative=ini,
        year=2027,
        positions=1,
        justification="Lagkrav",
    )


def test_override_refuses_an_unscored_initiative(world):
    ini = make_initiative(world, "Ej poängsatt")
    _confirm(world, ini)
    with pytest.raises(ValidationError, match="inte poängsatt"):
        _move(world, ini)
    assert not Override.objects.exists()


def test_override_refuses_an_initiative_failing_a_gate(world):
    ini = make_initiative(world, "Ej förankrat")
    _score(world, ini)
    with pytest.raises(ValidationError, match="ska-krav"):
        _move(world, ini)
    assert not Override.objects.exists()


def test_override_refuses_an_initiative_outside_kvalificering_and_prioritering(world):
    ini = make_initiative(world, "Pågår")
    _score(world, ini)
    _confirm(world, ini)
    ini.status = InitiativeStatus.GENOMFORANDE
    ini.save()
    with pytest.raises(ValidationError, match="kvalificering eller prioritering"):
        _move(world, ini)
    assert not Override.objects.exists()


def test_override_accepts_a_ranked_initiative(world):
    ini = make_initiative(world, "Rangordnad")
    _score(world, ini)
    _confirm(world, ini)
    assert _move(world, ini).initiative == ini


def test_override_view_refuses_a_forged_move(client, world):
    ini = make_initiative(world, "Ej poängsatt")
    client.force_login(world["strateg"])
    url = reverse("portfolio:prioritisation_override", args=[ini.pk])
    response = client.post(
        f"{url}?kommun={world['kommun'].pk}&ar=2027",
        {"direction": "up", "places": 1, "justification": "Smuggel"},
    )
    assert response.status_code == 400
    assert not Override.objects.exists()


def test_gate_confirmation_refused_for_an_initiative_not_scorable(world):
    ini = make_initiative(world, "Idé")
    _confirm(world, ini)
    ini.status = InitiativeStatus.IDE
    ini.save()
    with pytest.raises(ValidationError, match="Ska-krav bekräftas bara"):
        _confirm(world, ini)
    with pytest.raises(ValidationError, match="Ska-krav bekräftas bara"):
        prio.withdraw_gate_confirmation(actor=world["strateg"], initiative=ini, gate=world["gate"])
    assert GateConfirmation.objects.filter(initiative=ini).count() == 1
