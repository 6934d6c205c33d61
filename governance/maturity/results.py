"""Results of a round: levels per kommun, change, the network median and distribution.

Pure computation over one query of answers per round (and one for the
kommun's previous year), so a results page costs the same few queries with 3
or 300 respondents.

* A respondent's **level** on a question is the level of the chosen option
  (1–6). "Vet inte", and options without a level, are never counted.
* A kommun's level on a question is the mean of its respondents' levels; its
  level on an area is the mean of its question levels in the area.
* The network **median** is the median of the kommuner's levels; the
  **distribution** weighs every kommun once ("andel av kommunerna", as seed
  003 reports it): a kommun's respondents share its weight. For multiple
  choice it is the share of kommuner where someone chose the option.
* **Privacy**: an aggregate over other kommuner is shown only when at least
  ``MIN_KOMMUNER`` kommuner answered, or when the viewer may read every
  answering kommun's own results anyway. A single kommun's answers are never
  revealed through the aggregate.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from governance.maturity.choices import Area, CampaignStatus, QuestionKind
from governance.maturity.models import Answer, GapAction, Participation, Question

MIN_KOMMUNER = 3
#: an area below this level is offered as a gap to act on ("låg nivå")
LOW_LEVEL = Decimal("3.0")
ONE = Decimal("0.1")


def _dec(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(ONE, rounding=ROUND_HALF_UP)


def _mean(values) -> Decimal | None:
    values = [v for v in values if v is not None]
    return _dec(sum(Decimal(v) for v in values) / len(values)) if values else None


def _median(values) -> Decimal | None:
    values = [Decimal(v) for v in values if v is not None]
    return _dec(statistics.median(values)) if values else None


def _diff(a, b) -> Decimal | None:
    return None if a is None or b is None else _dec(a - b)


@dataclass
class KommunAnswers:
    """The answers of one kommun in one round, grouped for the computations."""

    #: question code -> [level per respondent] (vet inte and level-less options left out)
    levels: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    #: question code -> {option id: respondents who chose it}
    chosen: dict[str, dict[int, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    #: question code -> respondents who answered it
    answered: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    #: (förvaltning id or None, question code) -> [levels]
    by_forvaltning: dict = field(default_factory=lambda: defaultdict(list))
    #: question code -> [(förvaltning id or None, text)]
    texts: dict = field(default_factory=lambda: defaultdict(list))
    respondents: set[int] = field(default_factory=set)


def load_answers(participation_ids) -> dict[int, KommunAnswers]:
    """participation id -> its answers, in one query."""
    result: dict[int, KommunAnswers] = defaultdict(KommunAnswers)
    rows = Answer.objects.filter(respondent__participation__in=list(participation_ids)).values_list(
        "respondent__participation_id",
        "respondent_id",
        "respondent__forvaltning_id",
        "question__code",
        "option_id",
        "option__level",
        "text",
    )
    for pid, rid, fid, code, option_id, level, text in rows:
        ka = result[pid]
        ka.respondents.add(rid)
        ka.answered[code].add(rid)
        if option_id is None:
            ka.texts[code].append((fid, text))
            continue
        ka.chosen[code][option_id] += 1
        if level is not None:
            ka.levels[code].append(level)
            ka.by_forvaltning[(fid, code)].append(level)
    return result


def question_levels(ka: KommunAnswers | None) -> dict[str, Decimal | None]:
    if ka is None:
        return {}
    return {code: _mean(levels) for code, levels in ka.levels.items()}


def area_levels(questions, levels: dict[str, Decimal | None]) -> dict[str, Decimal | None]:
    per_area = defaultdict(list)
    for q in questions:
        if levels.get(q.code) is not None:
            per_area[q.area].append(levels[q.code])
    return {area: _mean(values) for area, values in per_area.items()}


def level_areas(questions) -> list[tuple[str, str]]:
    """Areas with at least one question whose options carry levels, in Area order."""
    with_levels = {q.area for q in questions if any(o.level for o in q.options.all())}
    return [(a.value, a.label) for a in Area if a.value in with_levels]


def campaign_questions(campaign) -> list[Question]:
    """The round's questions in order; ``number`` is the question's number in the survey."""
    questions = list(
        Question.objects.filter(questionnaire_id=campaign.questionnaire_id)
        .select_related("section")
        .prefetch_related("options")
    )
    for number, question in enumerate(questions, start=1):
        question.number = number
    return questions


def previous_participation(participation: Participation) -> Participation | None:
    return (
        Participation.objects.filter(
            kommun_id=participation.kommun_id,
            year=participation.year - 1,
            campaign__status=CampaignStatus.CLOSED,
        )
        .select_related("campaign")
        .first()
    )


def aggregate_allowed(answering: set[int], readable: set[int]) -> bool:
    """May the viewer see an aggregate over ``answering`` participations?"""
    return len(answering) >= MIN_KOMMUNER or answering <= readable


def kommun_results(participation: Participation, *, readable: set[int], forvaltningar) -> dict:
    """Everything the kommun's results page, the IT-bokslut and the tests read."""
    campaign = participation.campaign
    questions = campaign_questions(campaign)
    areas = level_areas(questions)
    peers = list(campaign.participations.values_list("pk", flat=True))
    answers = load_answers(peers)
    own = answers.get(participation.pk)
    levels = question_levels(own)
    own_areas = area_levels(questions, levels)
    previous = previous_participation(participation)
    if previous is not None:
        prev_answers = load_answers([previous.pk]).get(previous.pk)
        prev_questions = campaign_questions(previous.campaign)
        prev_levels = question_levels(prev_answers)
        prev_areas = area_levels(prev_questions, prev_levels)
    else:
        prev_levels, prev_areas = {}, {}
    answering = {pid for pid, ka in answers.items() if ka.respondents}
    network = aggregate_allowed(answering, readable) and len(answering) > 1
    all_levels = {pid: question_levels(ka) for pid, ka in answers.items()}
    medians = {
        q.code: _median(lv.get(q.code) for lv in all_levels.values()) if network else None
        for q in questions
    }
    area_medians = {
        code: _median(area_levels(questions, lv).get(code) for lv in all_levels.values())
        if network
        else None
        for code, _label in areas
    }
    gaps = defaultdict(list)
    for action in GapAction.objects.filter(participation=participation).select_related(
        "initiative"
    ):
        gaps[action.area].append(action.initiative)
    area_rows = []
    for code, label in areas:
        level = own_areas.get(code)
        area_rows.append(
            {
                "code": code,
                "label": label,
                "level": level,
                "previous": prev_areas.get(code),
                "change": _diff(level, prev_areas.get(code)),
                "median": area_medians[code],
                "distance": _diff(level, area_medians[code]),
                "low": level is not None and level < LOW_LEVEL,
                "initiatives": gaps.get(code, []),
            }
        )
    forv_names = {f.pk: f.name for f in forvaltningar}
    forv_ids = sorted(
        {fid for (fid, _code) in (own.by_forvaltning if own else {})},
        key=lambda f: (f is not None, forv_names.get(f, "")),
    )
    question_rows = []
    for q in questions:
        level = levels.get(q.code)
        unknown = 0
        if own is not None and q.kind == QuestionKind.SCALE:
            unknown = sum(
                own.chosen[q.code].get(o.pk, 0) for o in q.options.all() if o.level is None
            )
        question_rows.append(
            {
                "question": q,
                "level": level,
                "previous": prev_levels.get(q.code),
                "change": _diff(level, prev_levels.get(q.code)),
                "median": medians[q.code],
                "distance": _diff(level, medians[q.code]),
                "answers": len(own.answered.get(q.code, ())) if own else 0,
                "unknown": unknown,
                "by_forvaltning": [
                    _mean(own.by_forvaltning.get((fid, q.code), [])) if own else None
                    for fid in forv_ids
                ],
                "texts": [(forv_names.get(fid, ""), text) for fid, text in own.texts[q.code]]
                if own
                else [],
            }
        )
    return {
        "participation": participation,
        "questions": question_rows,
        "areas": area_rows,
        "previous": previous,
        "respondents": len(own.respondents) if own else 0,
        "network": network,
        "network_kommuner": len(answering),
        "forvaltningar": [forv_names.get(fid) for fid in forv_ids],
    }


def _distribution(question, answers: dict[int, KommunAnswers]):
    """(percent per option id, kommuner that answered): every kommun weighs the same."""
    code = question.code
    kommuner = [ka for ka in answers.values() if ka.answered.get(code)]
    if not kommuner:
        return {}, 0
    shares = defaultdict(Decimal)
    for ka in kommuner:
        chosen = ka.chosen.get(code, {})
        if question.kind == QuestionKind.MULTIPLE:
            for option_id, count in chosen.items():
                shares[option_id] += 1 if count else 0
        else:
            total = sum(chosen.values())
            for option_id, count in chosen.items():
                shares[option_id] += Decimal(count) / total
    n = len(kommuner)
    return {oid: _dec(100 * share / n) for oid, share in shares.items()}, n


def network_results(campaign, *, readable: set[int]) -> dict:
    """The network view: distribution per question (this year and baseline), named rows."""
    questions = campaign_questions(campaign)
    participations = list(campaign.participations.select_related("kommun"))
    answers = load_answers([p.pk for p in participations])
    answering = {pid for pid, ka in answers.items() if ka.respondents}
    shown = aggregate_allowed(answering, readable)
    areas = level_areas(questions)
    rows = []
    for q in questions:
        if q.kind == QuestionKind.TEXT:
            continue
        percents, n = _distribution(q, answers) if shown else ({}, 0)
        rows.append(
            {
                "question": q,
                "kommuner": n,
                "options": [
                    {
                        "option": o,
                        "percent": percents.get(o.pk, Decimal("0.0")) if n else None,
                        "baseline": o.baseline_percent,
                    }
                    for o in q.options.all()
                ],
                "has_baseline": any(o.baseline_percent is not None for o in q.options.all()),
            }
        )
    all_levels = {pid: question_levels(ka) for pid, ka in answers.items()}
    all_areas = {pid: area_levels(questions, lv) for pid, lv in all_levels.items()}
    medians = {
        code: _median(a.get(code) for a in all_areas.values()) if shown and answering else None
        for code, _label in areas
    }
    named = [
        {"participation": p, "levels": [all_areas.get(p.pk, {}).get(code) for code, _ in areas]}
        for p in participations
        if p.pk in readable and p.pk in answering
    ]
    return {
        "campaign": campaign,
        "questions": rows,
        "shown": shown,
        "answering": len(answering),
        "participating": len(participations),
        "areas": areas,
        "medians": [medians[code] for code, _label in areas],
        "named": named,
        "hidden": len(answering - readable),
    }
