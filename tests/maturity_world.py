"""A small world for the maturity tests: four kommuner in one network, people, the 2024 survey.

The maturity test modules import the ``world`` fixture (``world_fixture``)
and the helpers. The 2024 questionnaire comes from the data migration.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from governance.maturity import services
from governance.maturity.models import Answer, Option, Question, Questionnaire, Section
from portfolio.choices import ForvaltningKind, Role, SamverkanKind
from tests.factories import (
    ForvaltningFactory,
    KommunFactory,
    SamverkanFactory,
    UserFactory,
    user_with_role,
)

SURVEY = "Status för digitalisering i Fyrbodals kommuner"


def survey() -> Questionnaire:
    return Questionnaire.objects.get(name=SURVEY, year=2024)


def question(code: str) -> Question:
    return Question.objects.get(questionnaire=survey(), code=code)


def option(code: str, label: str) -> Option:
    return Option.objects.get(question__questionnaire=survey(), question__code=code, label=label)


def section_of(code: str) -> Section:
    return question(code).section


@pytest.fixture(name="world")
def world_fixture(db):
    kommuner = [KommunFactory(name=f"Mognadskommun {c}") for c in "ABCD"]
    a, b, c, d = kommuner
    network = SamverkanFactory(
        name="Mognadsnätverket", host=a, members=kommuner, kind=SamverkanKind.NATVERK
    )
    klk = ForvaltningFactory(
        kommun=a, name="Kommunledningskontoret", kind=ForvaltningKind.KOMMUNLEDNINGSKONTOR
    )
    soc = ForvaltningFactory(kommun=a, name="Socialförvaltningen")
    w = SimpleNamespace(
        a=a,
        b=b,
        c=c,
        d=d,
        network=network,
        klk=klk,
        soc=soc,
        strateg_a=user_with_role(Role.IT_STRATEG, kommun=a, username="strateg.a"),
        kd_a=user_with_role(Role.KOMMUNDIREKTOR, kommun=a, username="kd.a"),
        resp_a1=user_with_role(Role.FORVALTNINGSCHEF, forvaltning=klk, username="fc.a.klk"),
        resp_a2=user_with_role(Role.FORVALTNINGSCHEF, forvaltning=soc, username="fc.a.soc"),
        ekonom_a=user_with_role(Role.EKONOM, kommun=a, username="ekonom.a"),
        strateg_b=user_with_role(Role.IT_STRATEG, kommun=b, username="strateg.b"),
        coordinator=user_with_role(Role.IT_STRATEG, samverkan=network, username="samordnare"),
        admin=UserFactory(username="superuser", is_superuser=True),
    )
    for k in (b, c, d):
        forv = ForvaltningFactory(kommun=k, name="Kommunledningskontoret")
        setattr(
            w,
            f"resp_{k.name[-1].lower()}",
            user_with_role(Role.FORVALTNINGSCHEF, forvaltning=forv, username=f"fc.{k.pk}"),
        )
    return w


def open_network_round(w, year=2026):
    return services.open_campaign(
        actor=w.coordinator, questionnaire=survey(), year=year, samverkan=w.network
    )


def respondent_for(campaign, kommun, user, actor, forvaltning=None):
    participation = campaign.participations.get(kommun=kommun)
    services.add_respondents(
        actor=actor, participation=participation, users=[user], forvaltning=forvaltning
    )
    return participation.respondents.get(user=user)


def answer(respondent, code: str, value) -> None:
    """Answer one question on its section page, keeping the page's other answers (as the form)."""
    q = question(code)
    page = {}
    for a in Answer.objects.filter(respondent=respondent, question__section=q.section):
        if a.option_id is None:
            page[a.question_id] = a.text
        elif a.question.kind == "multiple":
            page.setdefault(a.question_id, []).append(str(a.option_id))
        else:
            page[a.question_id] = str(a.option_id)
    page[q.pk] = value
    services.save_answers(
        actor=respondent.user, respondent=respondent, section=q.section, answers=page
    )


def scale(code: str, label: str) -> str:
    return str(option(code, label).pk)
