"""Issue 15: rounds, answering and resuming, closing and freezing, refusals, results, gaps.

Refusals are tested at the service layer: each one leaves the database as it was.
"""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from governance.maturity import services
from governance.maturity.choices import Area
from governance.maturity.models import Answer, Campaign, GapAction
from governance.maturity.results import kommun_results, network_results
from portfolio.choices import InitiativeKind, Role, Verksamhetsomrade
from portfolio.models import Initiative
from tests.maturity_world import (
    answer,
    open_network_round,
    option,
    question,
    respondent_for,
    scale,
    survey,
    world_fixture,  # noqa: F401  (the ``world`` fixture)
)

pytestmark = pytest.mark.django_db


# --- Opening a round ---------------------------------------------------------------------------


def test_the_coordinator_opens_a_network_round_for_every_member(world):
    campaign = open_network_round(world)
    assert campaign.is_open and campaign.is_network
    assert sorted(campaign.participations.values_list("kommun__name", flat=True)) == [
        "Mognadskommun A",
        "Mognadskommun B",
        "Mognadskommun C",
        "Mognadskommun D",
    ]


def test_a_kommun_s_it_strateg_opens_a_round_for_the_kommun_only(world):
    campaign = services.open_campaign(
        actor=world.strateg_b, questionnaire=survey(), year=2026, kommun=world.b
    )
    assert list(campaign.participations.values_list("kommun", flat=True)) == [world.b.pk]
    with pytest.raises(PermissionDenied):
        services.open_campaign(
            actor=world.strateg_b, questionnaire=survey(), year=2026, kommun=world.c
        )
    with pytest.raises(PermissionDenied):  # kommundirektör, not IT-strateg
        services.open_campaign(actor=world.kd_a, questionnaire=survey(), year=2026, kommun=world.a)
    with pytest.raises(PermissionDenied):  # a kommun's strateg is not the network's coordinator
        services.open_campaign(
            actor=world.strateg_b, questionnaire=survey(), year=2027, samverkan=world.network
        )


def test_a_kommun_takes_part_in_one_round_a_year(world):
    services.open_campaign(actor=world.strateg_b, questionnaire=survey(), year=2026, kommun=world.b)
    with pytest.raises(ValidationError) as refused:
        open_network_round(world)
    assert "Mognadskommun B deltar redan i en mognadsomgång 2026" in str(refused.value)
    assert Campaign.objects.filter(samverkan=world.network).count() == 0


# --- Respondents -------------------------------------------------------------------------------


def test_respondents_are_chosen_by_person_and_by_role_and_e_mailed(
    world, django_capture_on_commit_callbacks
):
    campaign = open_network_round(world)
    participation = campaign.participations.get(kommun=world.a)
    with django_capture_on_commit_callbacks(execute=True):
        created = services.add_respondents(
            actor=world.strateg_a,
            participation=participation,
            users=[world.kd_a],
            roles=[Role.FORVALTNINGSCHEF],
            forvaltning=None,
        )
    got = {(r.user.username, r.forvaltning.name if r.forvaltning else "") for r in created}
    assert got == {
        ("kd.a", ""),
        ("fc.a.klk", "Kommunledningskontoret"),
        ("fc.a.soc", "Socialförvaltningen"),
    }
    assert sorted(m.to[0] for m in mail.outbox) == [
        "fc.a.klk@example.se",
        "fc.a.soc@example.se",
        "kd.a@example.se",
    ]
    assert "mognadsenkäten 2026" in mail.outbox[0].body
    # Choosing them again adds nobody and sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        again = services.add_respondents(
            actor=world.strateg_a, participation=participation, roles=[Role.FORVALTNINGSCHEF]
        )
    assert again == [] and len(mail.outbox) == 3


def test_only_the_kommun_s_it_strateg_chooses_its_respondents(world):
    campaign = open_network_round(world)
    participation = campaign.participations.get(kommun=world.a)
    for actor in (world.kd_a, world.strateg_b, world.coordinator):
        with pytest.raises((PermissionDenied, Http404)):
            services.add_respondents(actor=actor, participation=participation, users=[world.kd_a])
    with pytest.raises(ValidationError):  # someone without a role in the kommun
        services.add_respondents(
            actor=world.strateg_a, participation=participation, users=[world.resp_b]
        )
    assert participation.respondents.count() == 0


# --- Answering and resuming --------------------------------------------------------------------


def test_answering_one_page_then_resuming_later_and_changing_until_closed(world):
    campaign = open_network_round(world)
    form = respondent_for(campaign, world.a, world.resp_a1, world.strateg_a, world.klk)
    answer(form, "portfoljstyrning", scale("portfoljstyrning", "Ostrukturerad"))
    # Later, another page: the first page's answer is still there.
    q = question("nyttorealisering")
    services.save_answers(
        actor=world.resp_a1,
        respondent=form,
        section=q.section,
        answers={q.pk: scale("nyttorealisering", "Delvis etablerad")},
    )
    saved = dict(
        Answer.objects.filter(respondent=form).values_list("question__code", "option__label")
    )
    assert saved == {"portfoljstyrning": "Ostrukturerad", "nyttorealisering": "Delvis etablerad"}
    # Changing an answer replaces it.
    answer(form, "portfoljstyrning", scale("portfoljstyrning", "Väl fungerande"))
    assert Answer.objects.get(respondent=form, question__code="portfoljstyrning").option.label == (
        "Väl fungerande"
    )
    # Multiple choice and free text on one page.
    forum, roller = question("forum"), question("roller")
    services.save_answers(
        actor=world.resp_a1,
        respondent=form,
        section=forum.section,
        answers={
            forum.pk: [str(option("forum", "IT-råd").pk), str(option("forum", "Användarforum").pk)],
            roller.pk: [],
        },
    )
    assert Answer.objects.filter(respondent=form, question=forum).count() == 2
    answer(form, "mal_fem_ar", "  Fler e-tjänster  ")
    assert (
        Answer.objects.get(respondent=form, question__code="mal_fem_ar").text == "Fler e-tjänster"
    )


def _snapshot(form):
    return sorted(
        Answer.objects.filter(respondent=form).values_list("question_id", "option_id", "text")
    )


def test_a_scale_answer_outside_the_scale_is_refused_and_nothing_is_saved(world):
    campaign = open_network_round(world)
    form = respondent_for(campaign, world.a, world.resp_a1, world.strateg_a)
    answer(form, "portfoljstyrning", scale("portfoljstyrning", "Ostrukturerad"))
    before = _snapshot(form)
    q, other = question("portfoljstyrning"), question("projektstyrning")
    for forged in (
        "999999",
        str(option("nyttorealisering", "Ostrukturerad").pk),
        "sju",
        ["1", "2"],
    ):
        with pytest.raises(ValidationError) as refused:
            services.save_answers(
                actor=world.resp_a1,
                respondent=form,
                section=q.section,
                answers={other.pk: scale("projektstyrning", "Väl fungerande"), q.pk: forged},
            )
        assert "finns inte bland frågans alternativ. Inget sparades." in str(refused.value)
    assert _snapshot(form) == before


def test_answering_someone_else_s_form_is_refused_and_nothing_is_saved(world):
    campaign = open_network_round(world)
    form = respondent_for(campaign, world.a, world.resp_a1, world.strateg_a)
    q = question("portfoljstyrning")
    for intruder in (world.resp_a2, world.strateg_a, world.kd_a, world.resp_b):
        with pytest.raises(PermissionDenied) as refused:
            services.save_answers(
                actor=intruder,
                respondent=form,
                section=q.section,
                answers={q.pk: scale("portfoljstyrning", "Fullt etablerad")},
            )
        assert "Du kan bara besvara ditt eget formulär" in str(refused.value)
    assert _snapshot(form) == []


def test_closing_freezes_the_round(world):
    campaign = open_network_round(world)
    form = respondent_for(campaign, world.a, world.resp_a1, world.strateg_a)
    answer(form, "portfoljstyrning", scale("portfoljstyrning", "Ostrukturerad"))
    with pytest.raises(PermissionDenied):
        services.close_campaign(actor=world.strateg_b, campaign=campaign)
    services.close_campaign(actor=world.coordinator, campaign=campaign)
    before = _snapshot(form)
    with pytest.raises(ValidationError) as refused:
        answer(form, "portfoljstyrning", scale("portfoljstyrning", "Fullt etablerad"))
    assert "Omgången är stängd och svaren är låsta. Inget sparades." in str(refused.value)
    with pytest.raises(ValidationError):
        services.submit_form(actor=world.resp_a1, respondent=form)
    with pytest.raises(ValidationError):
        services.add_respondents(
            actor=world.strateg_a, participation=form.participation, users=[world.resp_a2]
        )
    with pytest.raises(ValidationError):
        services.remove_respondent(actor=world.strateg_a, respondent=form)
    with pytest.raises(ValidationError):
        services.close_campaign(actor=world.coordinator, campaign=campaign)
    assert _snapshot(form) == before


# --- Results -----------------------------------------------------------------------------------


def _round_with_answers(world, levels_by_kommun, year=2026, close=True):
    """levels_by_kommun: kommun -> [(user, portföljstyrning label)]."""
    campaign = open_network_round(world, year)
    for kommun, answers in levels_by_kommun.items():
        for user, label in answers:
            form = respondent_for(campaign, kommun, user, world.admin)
            answer(form, "portfoljstyrning", scale("portfoljstyrning", label))
    if close:
        services.close_campaign(actor=world.coordinator, campaign=campaign)
    return campaign


def _results(campaign, kommun, readable=None):
    participation = campaign.participations.get(kommun=kommun)
    ids = readable if readable is not None else {participation.pk}
    return kommun_results(participation, readable=ids, forvaltningar=kommun.forvaltningar.all())


def _area(results, code):
    return next(a for a in results["areas"] if a["code"] == code)


def test_vet_inte_is_excluded_from_the_averages(world):
    campaign = _round_with_answers(
        world,
        {
            world.a: [
                (world.resp_a1, "Ostrukturerad"),
                (world.resp_a2, "Vet inte"),
                (world.kd_a, "Väl fungerande"),
            ]
        },
    )
    data = _results(campaign, world.a)
    row = next(r for r in data["questions"] if r["question"].code == "portfoljstyrning")
    assert row["level"] == Decimal("3.5")  # (2 + 5) / 2, not (2 + 5 + anything) / 3
    assert row["answers"] == 3 and row["unknown"] == 1
    assert _area(data, Area.PORTFOLJSTYRNING)["level"] == Decimal("3.5")


def test_change_since_last_year_and_distance_to_the_network_median(world):
    _round_with_answers(world, {world.a: [(world.resp_a1, "Ostrukturerad")]}, year=2025)
    campaign = _round_with_answers(
        world,
        {
            world.a: [(world.resp_a1, "Delvis etablerad")],
            world.b: [(world.resp_b, "Ostrukturerad")],
            world.c: [(world.resp_c, "I utvecklingsfasen")],
        },
    )
    # The kommun reads only its own results; three kommuner answered, so the median shows.
    data = _results(campaign, world.a)
    row = _area(data, Area.PORTFOLJSTYRNING)
    assert (row["level"], row["previous"], row["change"]) == (
        Decimal("4.0"),
        Decimal("2.0"),
        Decimal("2.0"),
    )
    assert (row["median"], row["distance"]) == (Decimal("3.0"), Decimal("1.0"))
    assert data["network"] and data["network_kommuner"] == 3


def test_the_aggregate_never_reveals_a_single_kommun_s_answers_to_peers(world):
    campaign = _round_with_answers(
        world,
        {world.a: [(world.resp_a1, "Fullt etablerad")], world.b: [(world.resp_b, "Ostrukturerad")]},
    )
    own_b = {campaign.participations.get(kommun=world.b).pk}
    # Two kommuner answered: B's strateg would read A's answer off the aggregate. Nothing shown.
    network = network_results(campaign, readable=own_b)
    assert not network["shown"]
    assert all(o["percent"] is None for row in network["questions"] for o in row["options"])
    assert network["named"] == [] or [r["participation"].kommun for r in network["named"]] == [
        world.b
    ]
    data = _results(campaign, world.b, readable=own_b)
    assert not data["network"]
    assert _area(data, Area.PORTFOLJSTYRNING)["median"] is None
    # A kommun that shares by name is readable by its peers, and then shown by name.
    participation_a = campaign.participations.get(kommun=world.a)
    services.set_sharing(actor=world.strateg_a, participation=participation_a, shares_by_name=True)
    from portfolio import policy

    assert policy.can(world.strateg_b, policy.VIEW, participation_a)
    assert not policy.can(world.strateg_b, policy.VIEW, campaign.participations.get(kommun=world.c))


def test_the_network_distribution_weighs_every_kommun_once_against_the_baseline(world):
    campaign = _round_with_answers(
        world,
        {
            world.a: [(world.resp_a1, "Ostrukturerad"), (world.resp_a2, "Väl fungerande")],
            world.b: [(world.resp_b, "Ostrukturerad")],
            world.c: [(world.resp_c, "Vet inte")],
        },
    )
    data = network_results(campaign, readable=set())
    assert data["shown"] and data["answering"] == 3
    row = next(r for r in data["questions"] if r["question"].code == "portfoljstyrning")
    got = {o["option"].label: (o["percent"], o["baseline"]) for o in row["options"]}
    assert row["kommuner"] == 3
    assert got["Ostrukturerad"] == (Decimal("50.0"), Decimal("28"))  # (0.5 + 1 + 0) / 3
    assert got["Väl fungerande"] == (Decimal("16.7"), Decimal("2"))
    assert got["Vet inte"] == (Decimal("33.3"), None)
    assert got["Fullt etablerad"] == (Decimal("0.0"), None)


# --- Sharing and gaps --------------------------------------------------------------------------


def test_only_the_kommun_s_it_strateg_changes_the_sharing(world):
    campaign = open_network_round(world)
    participation = campaign.participations.get(kommun=world.a)
    for actor in (world.kd_a, world.coordinator, world.strateg_b):
        with pytest.raises((PermissionDenied, Http404)):
            services.set_sharing(actor=actor, participation=participation, shares_by_name=True)
    participation.refresh_from_db()
    assert not participation.shares_by_name


def test_a_low_area_becomes_an_initiative_through_the_initiative_service(world):
    campaign = _round_with_answers(world, {world.a: [(world.resp_a1, "Ostrukturerad")]})
    participation = campaign.participations.get(kommun=world.a)

    def prefilled():
        return Initiative(
            title="Höja mognaden: Portföljstyrning",
            description="Nivå 2,0 av 6.",
            kind=InitiativeKind.VERKSAMHETSUTVECKLING,
            area=Verksamhetsomrade.ADMINISTRATION,
            forvaltning=world.klk,
            contact=world.strateg_a,
        )

    action = services.create_initiative_from_gap(
        actor=world.strateg_a,
        participation=participation,
        area="portfoljstyrning",
        initiative=prefilled(),
    )
    assert action.initiative.status == "ide" and action.initiative.created_by == world.strateg_a
    assert action.initiative.kommun == world.a
    assert _area(_results(campaign, world.a), "portfoljstyrning")["initiatives"] == [
        action.initiative
    ]
    # Someone else's kommun, or the kommundirektör: refused, nothing written.
    count = Initiative.objects.count()
    for actor in (world.strateg_b, world.kd_a):
        with pytest.raises((PermissionDenied, Http404)):
            services.create_initiative_from_gap(
                actor=actor,
                participation=participation,
                area="portfoljstyrning",
                initiative=prefilled(),
            )
    assert Initiative.objects.count() == count
    # Linking an existing one; twice is refused.
    with pytest.raises(ValidationError):
        services.link_initiative_to_gap(
            actor=world.strateg_a,
            participation=participation,
            area="portfoljstyrning",
            initiative=action.initiative,
        )
    services.link_initiative_to_gap(
        actor=world.strateg_a,
        participation=participation,
        area="finansiering",
        initiative=action.initiative,
    )
    assert GapAction.objects.filter(participation=participation).count() == 2


def test_a_new_version_keeps_the_codes_so_the_years_compare(world):
    with pytest.raises(PermissionDenied):
        services.copy_questionnaire(actor=world.strateg_a, questionnaire=survey(), year=2025)
    copy = services.copy_questionnaire(actor=world.admin, questionnaire=survey(), year=2025)
    codes = list(copy.questions.values_list("code", flat=True))
    assert codes == list(survey().questions.values_list("code", flat=True)) and len(codes) == 26
    assert copy.sections.count() == 5
    assert copy.questions.get(code="projektstyrning").options.get(
        label="Delvis etablerad"
    ).baseline_percent == Decimal("5.5")
    with pytest.raises(ValidationError):
        services.copy_questionnaire(actor=world.admin, questionnaire=survey(), year=2025)
