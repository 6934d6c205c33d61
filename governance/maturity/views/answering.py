"""Answering: one page per section, progress, save and continue later, send in."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from governance.maturity import services
from governance.maturity.forms import SectionAnswerForm
from governance.maturity.models import Answer, Question, Section
from governance.maturity.views.common import respondent_or_404
from portfolio import policy
from portfolio.generic import run_action


def _sections(respondent):
    return list(
        Section.objects.filter(
            questionnaire_id=respondent.participation.campaign.questionnaire_id
        ).order_by("order")
    )


def _progress(respondent, sections) -> dict:
    """Answered questions per section and in all, for the progress bar."""
    answered = set(
        Answer.objects.filter(respondent=respondent).values_list("question_id", flat=True)
    )
    per_section = defaultdict(lambda: [0, 0])
    for section_id, question_id in Question.objects.filter(section__in=sections).values_list(
        "section_id", "pk"
    ):
        per_section[section_id][1] += 1
        if question_id in answered:
            per_section[section_id][0] += 1
    done = sum(v[0] for v in per_section.values())
    total = sum(v[1] for v in per_section.values())
    return {
        "answered": done,
        "total": total,
        "percent": round(100 * done / total) if total else 0,
        "sections": [
            {
                "section": s,
                "number": i,
                "answered": per_section[s.pk][0],
                "total": per_section[s.pk][1],
            }
            for i, s in enumerate(sections, start=1)
        ],
    }


@login_required
def form_overview(request, pk):
    respondent = respondent_or_404(request, pk, policy.CHANGE)
    sections = _sections(respondent)
    return render(
        request,
        "governance/maturity/form_overview.html",
        {
            "respondent": respondent,
            "campaign": respondent.participation.campaign,
            "progress": _progress(respondent, sections),
        },
    )


@login_required
def form_section(request, pk, number):
    respondent = respondent_or_404(request, pk, policy.CHANGE)
    campaign = respondent.participation.campaign
    sections = _sections(respondent)
    if not 1 <= number <= len(sections):
        raise Http404(_("Delen finns inte."))
    section = Section.objects.prefetch_related("questions__options").get(pk=sections[number - 1].pk)
    current = defaultdict(list)
    for answer in Answer.objects.filter(respondent=respondent, question__section=section):
        current[answer.question_id].append(answer)
    form = SectionAnswerForm(
        request.POST if request.method == "POST" else None, section=section, answers=current
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_answers(
                    actor=request.user,
                    respondent=respondent,
                    section=section,
                    answers=form.answers(),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return HttpResponseRedirect(_next_url(request, respondent, number, len(sections)))
        status = 400
    return render(
        request,
        "governance/maturity/form_section.html",
        {
            "respondent": respondent,
            "campaign": campaign,
            "section": section,
            "number": number,
            "count": len(sections),
            "form": form,
            "rows": form.rows(),
            "read_only": not campaign.is_open,
            "progress": _progress(respondent, sections),
        },
        status=status,
    )


def _next_url(request, respondent, number: int, count: int) -> str:
    messages.success(request, _("Dina svar är sparade."))
    go = request.POST.get("go")
    if go == "previous" and number > 1:
        number -= 1
    elif go == "next" and number < count:
        number += 1
    elif go == "next":
        return reverse("governance:maturity_form", args=[respondent.pk])
    return reverse("governance:maturity_form_section", args=[respondent.pk, number])


@login_required
@require_POST
def form_submit(request, pk):
    respondent = respondent_or_404(request, pk, policy.CHANGE)
    return run_action(
        request,
        lambda: services.submit_form(actor=request.user, respondent=respondent),
        success=_("Tack! Dina svar är inskickade. Du kan ändra dem tills omgången stängs."),
        redirect_to=reverse("governance:maturity_form", args=[respondent.pk]),
    )
