"""The raw answers of a kommun as XLSX (formula-neutralised by ``portfolio.exports``)."""

from __future__ import annotations

from django.utils.text import slugify
from django.utils.translation import gettext as _

from governance.maturity.models import Answer, Participation
from portfolio.exports import export_response


def answers_xlsx(participation: Participation):
    """One row per answer: person, förvaltning, section, question, option or text, level."""
    answers = (
        Answer.objects.filter(respondent__participation=participation)
        .select_related(
            "respondent__user", "respondent__forvaltning", "question__section", "option"
        )
        .order_by(
            "respondent__user__last_name",
            "respondent__pk",
            "question__section__order",
            "question__order",
            "option__order",
        )
    )
    columns = [
        (_("Svarande"), lambda a: a.respondent.user.get_full_name() or a.respondent.user.username),
        (
            _("Förvaltning"),
            lambda a: a.respondent.forvaltning.name if a.respondent.forvaltning else "",
        ),
        (_("Del"), lambda a: a.question.section.title),
        (_("Fråga nr"), lambda a: a.question.order),
        (_("Fråga"), lambda a: a.question.text),
        (_("Svar"), lambda a: a.option.label if a.option_id else a.text),
        (_("Nivå"), lambda a: a.option.level if a.option_id and a.option.level else ""),
    ]
    name = f"mognad-{slugify(participation.kommun.name)}-{participation.year}"
    return export_response("xlsx", name, columns, answers)
