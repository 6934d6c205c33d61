"""Services of the maturity follow-up. Views and tests call these.

Each takes the acting user as ``actor``, asks the policy, validates and runs
in one transaction. A refusal is a ``ValidationError`` or ``PermissionDenied``
with a Swedish message, and nothing is written. Answers are saved under a
lock on the round's row, so a round that closes meanwhile is never written
after it closed: a closed round is frozen.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.maturity.choices import Area, CampaignStatus, QuestionKind
from governance.maturity.models import (
    Answer,
    Campaign,
    GapAction,
    Option,
    Participation,
    Question,
    Questionnaire,
    Respondent,
    Section,
)
from portfolio import policy
from portfolio.models import Forvaltning, Initiative, Kommun, RoleAssignment
from portfolio.outbox import services as outbox

MAX_TEXT = 5000


def _covered_kommuner(kommun, samverkan) -> list[Kommun]:
    if kommun is not None:
        return [kommun]
    ids = {samverkan.host_id, *samverkan.members.values_list("pk", flat=True)}
    return list(Kommun.objects.filter(pk__in=ids).order_by("name"))


def _check_questionnaire(questionnaire: Questionnaire, kommun, samverkan) -> None:
    """A round uses shipped content, its owner's own, or its network's questionnaire."""
    if questionnaire.kommun_id is None and questionnaire.samverkan_id is None:
        return
    if kommun is not None:
        if questionnaire.kommun_id == kommun.pk:
            return
        if questionnaire.samverkan_id and (
            questionnaire.samverkan.members.filter(pk=kommun.pk).exists()
            or questionnaire.samverkan.host_id == kommun.pk
        ):
            return
    elif questionnaire.samverkan_id == samverkan.pk:
        return
    raise ValidationError(
        {"questionnaire": _("Enkäten tillhör %(owner)s.") % {"owner": questionnaire.owner}}
    )


@transaction.atomic
def open_campaign(
    *,
    actor,
    questionnaire: Questionnaire,
    year: int,
    kommun: Kommun | None = None,
    samverkan=None,
    message: str = "",
    answer_by=None,
) -> Campaign:
    """Open a yearly round for a kommun, or for every kommun of a samverkan/nätverk."""
    if (kommun is None) == (samverkan is None):
        raise ValidationError(_("Välj antingen en kommun eller ett nätverk."))
    policy.require_add(
        actor,
        Campaign,
        kommun_id=kommun.pk if kommun else None,
        samverkan_id=samverkan.pk if samverkan else None,
    )
    _check_questionnaire(questionnaire, kommun, samverkan)
    kommuner = _covered_kommuner(kommun, samverkan)
    taken = sorted(
        Participation.objects.filter(year=year, kommun__in=kommuner).values_list(
            "kommun__name", flat=True
        )
    )
    if taken:
        raise ValidationError(
            _("%(names)s deltar redan i en mognadsomgång %(year)s.")
            % {"names": ", ".join(taken), "year": year}
        )
    campaign = Campaign(
        questionnaire=questionnaire,
        year=year,
        kommun=kommun,
        samverkan=samverkan,
        message=message,
        answer_by=answer_by,
        opened_by=actor,
    )
    campaign._history_user = actor
    campaign.full_clean(validate_unique=False)
    campaign.save()
    Participation.objects.bulk_create(
        Participation(campaign=campaign, kommun=k, year=year) for k in kommuner
    )
    return campaign


def _lock_open(campaign_id: int) -> Campaign:
    campaign = Campaign.objects.select_for_update().get(pk=campaign_id)
    if campaign.status != CampaignStatus.OPEN:
        raise ValidationError(_("Omgången är stängd och svaren är låsta. Inget sparades."))
    return campaign


def _users_with_roles(kommun: Kommun, roles) -> list[tuple[object, Forvaltning | None]]:
    today = timezone.localdate()
    assignments = (
        RoleAssignment.objects.filter(role__in=roles, valid_from__lte=today)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .filter(Q(kommun=kommun) | Q(forvaltning__kommun=kommun))
        .filter(user__is_active=True)
        .select_related("user", "forvaltning")
        .order_by("user__last_name", "user__first_name")
    )
    return [(a.user, a.forvaltning) for a in assignments]


@transaction.atomic
def add_respondents(
    *, actor, participation: Participation, users=(), roles=(), forvaltning=None
) -> list[Respondent]:
    """Choose who answers: named people and/or everyone with a role in the kommun.

    Named people answer for ``forvaltning`` (empty: for the kommun as a whole);
    people chosen by role answer for the förvaltning their role is in. The new
    respondents are e-mailed once the transaction commits.
    """
    policy.require(actor, policy.CHANGE, participation)
    _lock_open(participation.campaign_id)
    if forvaltning is not None and forvaltning.kommun_id != participation.kommun_id:
        raise ValidationError({"forvaltning": _("Förvaltningen hör inte till kommunen.")})
    if not users and not roles:
        raise ValidationError(_("Välj minst en person eller en roll."))
    wanted: list[tuple[object, Forvaltning | None]] = []
    for user in users:
        policy.require_person(user, kommun_id=participation.kommun_id, field="users")
        wanted.append((user, forvaltning))
    wanted.extend(_users_with_roles(participation.kommun, roles))
    existing = set(participation.respondents.values_list("user_id", flat=True))
    created = []
    for user, forv in wanted:
        if user.pk in existing:
            continue
        existing.add(user.pk)
        created.append(
            Respondent.objects.create(
                participation=participation, user=user, forvaltning=forv, added_by=actor
            )
        )
    if created:
        from governance import tasks

        outbox.enqueue(
            tasks.notify_maturity_respondents,
            [r.pk for r in created],
            label=f"E-post: mognadsenkät {participation}",
        )
    return created


@transaction.atomic
def remove_respondent(*, actor, respondent: Respondent) -> None:
    """Take a respondent off the round (their answers go too) while it is open."""
    policy.require(actor, policy.DELETE, respondent)
    _lock_open(respondent.participation.campaign_id)
    respondent.delete()


def _require_own_form(actor, respondent: Respondent) -> None:
    if not policy.can(actor, policy.CHANGE, respondent):
        raise PermissionDenied(_("Du kan bara besvara ditt eget formulär. Inget sparades."))


def _answer_rows(respondent: Respondent, question: Question, value, options) -> list[Answer]:
    """The rows for one question's value, or a ValidationError naming the question."""
    if value in (None, "", [], ()):
        return []
    number = question.order

    def refuse():
        raise ValidationError(
            _("Svaret på fråga %(n)s finns inte bland frågans alternativ. Inget sparades.")
            % {"n": number}
        )

    if question.kind == QuestionKind.TEXT:
        text = str(value).strip()
        if len(text) > MAX_TEXT:
            raise ValidationError(
                _("Svaret på fråga %(n)s är längre än %(max)s tecken. Inget sparades.")
                % {"n": number, "max": MAX_TEXT}
            )
        return [Answer(respondent=respondent, question=question, text=text)] if text else []
    values = value if question.kind == QuestionKind.MULTIPLE else [value]
    if question.kind != QuestionKind.MULTIPLE and isinstance(value, list | tuple):
        refuse()
    rows = []
    for raw in values:
        try:
            option = options[int(raw)]
        except (KeyError, TypeError, ValueError):
            refuse()
        rows.append(Answer(respondent=respondent, question=question, option=option))
    return rows


@transaction.atomic
def save_answers(*, actor, respondent: Respondent, section: Section, answers: dict) -> Respondent:
    """Save one section page of the respondent's own form: ``answers`` question id → value.

    A value is an option id (scale, single choice), a list of option ids
    (multiple choice) or a text; empty clears the answer. The page's answers
    replace the earlier ones; a value outside a question's options, a closed
    round or someone else's form is refused and nothing is saved.
    """
    _require_own_form(actor, respondent)
    campaign = _lock_open(respondent.participation.campaign_id)
    if section.questionnaire_id != campaign.questionnaire_id:
        raise ValidationError(_("Delen hör inte till omgångens enkät. Inget sparades."))
    questions = {q.pk: q for q in section.questions.prefetch_related("options")}
    unknown = set(answers) - set(questions)
    if unknown:
        raise ValidationError(_("Svaret gäller en fråga som inte finns i delen. Inget sparades."))
    rows = []
    for pk, question in questions.items():
        options = {o.pk: o for o in question.options.all()}
        rows.extend(_answer_rows(respondent, question, answers.get(pk), options))
    Answer.objects.filter(respondent=respondent, question__in=list(questions)).delete()
    Answer.objects.bulk_create(rows)
    respondent.updated_at = timezone.now()
    respondent.save(update_fields=["updated_at"])
    return respondent


@transaction.atomic
def submit_form(*, actor, respondent: Respondent) -> Respondent:
    """Mark the form as sent in (inskickat). Answers may still change until the round closes."""
    _require_own_form(actor, respondent)
    _lock_open(respondent.participation.campaign_id)
    respondent.completed_at = timezone.now()
    respondent.save(update_fields=["completed_at"])
    return respondent


@transaction.atomic
def close_campaign(*, actor, campaign: Campaign) -> Campaign:
    """Close the round: from now on its answers are frozen and the results are shown."""
    policy.require(actor, policy.MANAGE, campaign)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status == CampaignStatus.CLOSED:
        raise ValidationError(_("Omgången är redan stängd."))
    campaign.status = CampaignStatus.CLOSED
    campaign.closed_by = actor
    campaign.closed_at = timezone.now()
    campaign._history_user = actor
    campaign.save()
    return campaign


@transaction.atomic
def set_sharing(*, actor, participation: Participation, shares_by_name: bool) -> Participation:
    """Share (or stop sharing) the kommun's results by name with the round's network."""
    policy.require(actor, policy.CHANGE, participation)
    participation.shares_by_name = bool(shares_by_name)
    participation._history_user = actor
    participation.save(update_fields=["shares_by_name"])
    return participation


def _check_area(area: str) -> None:
    if area not in Area.values:
        raise ValidationError(_("Okänt område."))


@transaction.atomic
def create_initiative_from_gap(
    *, actor, participation: Participation, area: str, initiative: Initiative
) -> GapAction:
    """Register ``initiative`` (prefilled from the result) and link it to the area's gap."""
    from portfolio.initiatives.services import register_initiative

    policy.require(actor, policy.CHANGE, participation)
    _check_area(area)
    if initiative.forvaltning_id and initiative.forvaltning.kommun_id != participation.kommun_id:
        raise ValidationError({"forvaltning": _("Förvaltningen hör inte till kommunen.")})
    initiative = register_initiative(actor=actor, initiative=initiative)
    return GapAction.objects.create(
        participation=participation, area=area, initiative=initiative, created_by=actor
    )


@transaction.atomic
def link_initiative_to_gap(
    *, actor, participation: Participation, area: str, initiative: Initiative
) -> GapAction:
    """Link an existing initiative of the kommun to the area's gap."""
    policy.require(actor, policy.CHANGE, participation)
    _check_area(area)
    policy.require(actor, policy.VIEW, initiative)
    in_kommun = (
        initiative.kommun_id == participation.kommun_id
        or initiative.participants.filter(pk=participation.kommun_id).exists()
    )
    if not in_kommun:
        raise ValidationError({"initiative": _("Initiativet hör inte till kommunen.")})
    if GapAction.objects.filter(
        participation=participation, area=area, initiative=initiative
    ).exists():
        raise ValidationError({"initiative": _("Initiativet är redan kopplat till området.")})
    return GapAction.objects.create(
        participation=participation, area=area, initiative=initiative, created_by=actor
    )


def people_for(participation: Participation):
    """Who may be chosen as a respondent: the people of the kommun (``policy.people``)."""
    return policy.people(kommun_id=participation.kommun_id)


@transaction.atomic
def copy_questionnaire(*, actor, questionnaire: Questionnaire, year: int, name: str = ""):
    """A new version of a questionnaire for ``year``: the same sections, questions and codes.

    The codes stay, so the years compare question by question; the published
    baseline goes along with its label (it is the same published figure). Only
    portal administrators (superusers) make versions, in the admin.
    """
    if not getattr(actor, "is_superuser", False):
        raise PermissionDenied(_("Bara portalens administratör skapar nya versioner av enkäter."))
    name = name or questionnaire.name
    if Questionnaire.objects.filter(name=name, year=year).exists():
        raise ValidationError(
            _("%(name)s finns redan för %(year)s.") % {"name": name, "year": year}
        )
    copy = Questionnaire.objects.create(
        name=name,
        year=year,
        kommun=questionnaire.kommun,
        samverkan=questionnaire.samverkan,
        description=questionnaire.description,
        source=questionnaire.source,
        baseline_label=questionnaire.baseline_label,
    )
    for section in questionnaire.sections.prefetch_related("questions__options"):
        new_section = Section.objects.create(
            questionnaire=copy, order=section.order, title=section.title, intro=section.intro
        )
        for question in section.questions.all():
            options = list(question.options.all())
            question.pk = None
            question.questionnaire = copy
            question.section = new_section
            question.save()
            for option in options:
                option.pk = None
                option.question = question
            Option.objects.bulk_create(options)
    return copy
