"""Demo data of the maturity follow-up (``seed_demo``): deterministic and idempotent.

* The 2024 questionnaire of seed 003 (re-installed after a test flushed the database).
* The network coordinator ``samordnare.fyrbodal`` (IT-strateg for Digitaliseringsnätverket
  Fyrbodal) and respondents in the Fyrbodal demo kommuner.
* Two closed network rounds, 2025 and 2026, with answers from the SML kommuner and four
  more Fyrbodal kommuner, so the change since last year, the network median and the
  comparison with the 2024 baseline show. Lysekil, Sotenäs, Uddevalla and Trollhättan
  share their results by name; Munkedal, Vänersborg and Strömstad do not.
* An open 2026 round for Sollentuna, half answered, to try the form.

Everything goes through the services, as a user would do it. The answers are
invented demo data; the baseline is the report's.
"""

from __future__ import annotations

import datetime
import hashlib

from django.contrib.auth import get_user_model
from django.utils.text import slugify

from governance.maturity import fyrbodal2024, services
from governance.maturity.choices import QuestionKind
from governance.maturity.models import (
    Campaign,
    Option,
    Participation,
    Question,
    Questionnaire,
    Section,
)
from portfolio.choices import Role
from portfolio.demo import upsert
from portfolio.models import (
    DemoAccount,
    Forvaltning,
    Kommun,
    RoleAssignment,
    Samverkansorganisation,
)

NETWORK = "Digitaliseringsnätverket Fyrbodal"
COORDINATOR = "samordnare.fyrbodal"
#: kommun -> (base level 1–6, named respondents (username, förvaltning), shares by name)
KOMMUNER = {
    "Lysekil": (
        2.9,
        [
            ("strateg.lysekil", "Kommunledningskontoret"),
            ("fc.lysekil.soc", "Socialförvaltningen"),
            ("fc.lysekil.bou", "Barn- och utbildningsförvaltningen"),
        ],
        True,
    ),  # noqa: E501
    "Sotenäs": (2.6, [], True),
    "Munkedal": (2.2, [], False),
    "Uddevalla": (
        3.6,
        [
            ("strateg.uddevalla", "Kommunledningskontoret"),
            ("fc.uddevalla.soc", "Socialförvaltningen"),
        ],
        True,
    ),  # noqa: E501
    "Vänersborg": (3.0, [], False),
    "Trollhättan": (3.9, [], True),
    "Strömstad": (2.4, [], False),
}
#: as seed 003 found: portfolio, financing and benefits weakest, system management strongest
AREA_OFFSET = {
    "portfoljstyrning": -0.6,
    "finansiering": -0.6,
    "nyttorealisering": -0.6,
    "arkitektur": -0.3,
    "informationssakerhet": 0.3,
    "systemforvaltning": 0.6,
}
EXTRA_FORVALTNINGAR = [("Kommunledningskontoret", "klk"), ("Socialförvaltningen", "soc")]
FIRST_NAMES = ["Anna", "Bo", "Cecilia", "David", "Elin", "Fredrik", "Gun", "Hans", "Ida", "Jonas"]
YEARS = (2025, 2026)
TEXTS = {
    "samverkan_initiativ": [
        "Gemensam e-tjänsteplattform och gemensam upphandling av verksamhetssystem.",
        "Dela informationssäkerhetssamordnare och juridiskt stöd.",
    ],
    "mal_fem_ar": [
        "Fler e-tjänster och automatiserad handläggning av enkla ärenden.",
        "Välfärdsteknik i hemtjänsten och digital kompetens hos alla chefer.",
    ],
}


def _number(*parts) -> float:
    """A stable pseudo-random number in [0, 1) for the parts (no random state)."""
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32


def _users():
    user_model = get_user_model()
    coordinator, _created = upsert(
        user_model,
        username=COORDINATOR,
        defaults={
            "first_name": "Maja",
            "last_name": "Samordnare",
            "email": f"{COORDINATOR}@example.se",
        },
    )
    if coordinator.has_usable_password():
        coordinator.set_unusable_password()
        coordinator.save(update_fields=["password"])
    DemoAccount.objects.get_or_create(user=coordinator)
    network = Samverkansorganisation.objects.get(name=NETWORK)
    upsert(
        RoleAssignment,
        user=coordinator,
        role=Role.IT_STRATEG,
        samverkan=network,
        defaults={"valid_from": datetime.date(2024, 1, 1)},
    )
    respondents = {}
    for name, (_base, named, _shares) in KOMMUNER.items():
        people = [
            (user_model.objects.get(username=u), Forvaltning.objects.get(kommun__name=name, name=f))
            for u, f in named
        ]
        if not people:
            for forvaltning_name, short in EXTRA_FORVALTNINGAR:
                forvaltning = Forvaltning.objects.get(kommun__name=name, name=forvaltning_name)
                username = f"svar.{slugify(name)}.{short}"
                first = FIRST_NAMES[int(_number(username) * len(FIRST_NAMES))]
                user, _created = upsert(
                    user_model,
                    username=username,
                    defaults={
                        "first_name": first,
                        "last_name": f"Svarande {name}",
                        "email": f"{username}@example.se",
                    },
                )
                if user.has_usable_password():
                    user.set_unusable_password()
                    user.save(update_fields=["password"])
                upsert(
                    RoleAssignment,
                    user=user,
                    role=Role.FORVALTNINGSCHEF,
                    forvaltning=forvaltning,
                    defaults={"valid_from": datetime.date(2024, 1, 1)},
                )
                people.append((user, forvaltning))
        respondents[name] = people
    return coordinator, network, respondents


def _value(question: Question, options: list[Option], base: float, key: tuple):
    """A believable answer for one respondent, or None (no answer)."""
    if question.kind == QuestionKind.TEXT:
        texts = TEXTS.get(question.code, [])
        pick = _number(*key, "text")
        return texts[int(pick * len(texts))] if texts and pick < 0.6 else None
    if question.kind == QuestionKind.MULTIPLE:
        chosen = [str(o.pk) for o in options if _number(*key, o.code) < 0.25 + base / 15]
        return chosen or [str(options[0].pk)]
    levelled = [o for o in options if o.level]
    if question.kind == QuestionKind.SCALE and _number(*key, "vet") < 0.08:
        return str(next(o.pk for o in options if o.level is None))
    # The person's view stays from year to year; the year adds a little noise.
    year, username, code = key
    target = (
        base
        + (_number(username, code) - 0.5) * 1.6
        + (_number(*key, "level") - 0.5) * 0.6
        + AREA_OFFSET.get(question.area, 0)
    )
    if levelled:
        level = min(max(round(target), 1), 6)
        return str(next(o.pk for o in levelled if o.level == level))
    index = min(max(int(target / 6 * len(options)), 0), len(options) - 1)
    return str(options[index].pk)


def _answer(campaign: Campaign, respondent, base: float, sections, *, upto=None) -> None:
    for number, section in enumerate(sections, start=1):
        if upto is not None and number > upto:
            break
        answers = {}
        for question in section.questions.all():
            options = list(question.options.all())
            key = (campaign.year, respondent.user.username, question.code)
            answers[question.pk] = _value(question, options, base, key)
        services.save_answers(
            actor=respondent.user, respondent=respondent, section=section, answers=answers
        )


def _sections(questionnaire):
    return list(
        Section.objects.filter(questionnaire=questionnaire)
        .order_by("order")
        .prefetch_related("questions__options")
    )


def seed_maturity() -> None:
    models = {
        "Questionnaire": Questionnaire,
        "Section": Section,
        "Question": Question,
        "Option": Option,
    }
    questionnaire = fyrbodal2024.install(models)
    coordinator, network, respondents = _users()
    admin = get_user_model().objects.get(username="admin")
    sections = _sections(questionnaire)
    for year in YEARS:
        if Campaign.objects.filter(samverkan=network, year=year).exists():
            continue
        campaign = services.open_campaign(
            actor=coordinator,
            questionnaire=questionnaire,
            year=year,
            samverkan=network,
            message="Årets uppföljning av den digitala mognaden i Fyrbodal.",
            answer_by=datetime.date(year, 10, 31),
        )
        for name, (base, _named, shares) in KOMMUNER.items():
            participation = Participation.objects.get(campaign=campaign, kommun__name=name)
            for user, forvaltning in respondents[name]:
                services.add_respondents(
                    actor=admin, participation=participation, users=[user], forvaltning=forvaltning
                )
            for respondent in participation.respondents.select_related("user"):
                # The network improves a little from 2025 to 2026.
                _answer(campaign, respondent, base + (0.4 if year == 2026 else 0), sections)
                services.submit_form(actor=respondent.user, respondent=respondent)
            services.set_sharing(actor=admin, participation=participation, shares_by_name=shares)
        services.close_campaign(actor=coordinator, campaign=campaign)
    _seed_open_round(questionnaire, admin, sections)


def _seed_open_round(questionnaire, admin, sections) -> None:
    """Sollentuna's own 2026 round, still open: one form half answered, one not started."""
    kommun = Kommun.objects.get(name="Sollentuna")
    if Campaign.objects.filter(kommun=kommun, year=2026).exists():
        return
    users = get_user_model().objects
    campaign = services.open_campaign(
        actor=users.get(username="strateg.sollentuna"),
        questionnaire=questionnaire,
        year=2026,
        kommun=kommun,
        answer_by=datetime.date(2026, 12, 18),
    )
    participation = campaign.participations.get()
    services.add_respondents(
        actor=admin,
        participation=participation,
        users=[users.get(username="strateg.sollentuna"), users.get(username="kd.sollentuna")],
        forvaltning=Forvaltning.objects.get(kommun=kommun, name="Kommunledningskontoret"),
    )
    first = participation.respondents.select_related("user").get(user__username="kd.sollentuna")
    _answer(campaign, first, 3.0, sections, upto=2)
