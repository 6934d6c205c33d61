"""Rounds (mognadsomgångar): the start page, open, follow, close; choose the respondents."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from governance.maturity import services
from governance.maturity.exports import answers_xlsx
from governance.maturity.forms import CampaignForm, RespondentForm
from governance.maturity.models import (
    Campaign,
    Participation,
    Question,
    Questionnaire,
    Respondent,
)
from governance.maturity.views.common import (
    campaign_or_404,
    participation_or_404,
    progress,
    respondent_or_404,
)
from governance.pages import form_page, run_form
from portfolio import policy
from portfolio.generic import restricted_or_404, run_action


@login_required
def maturity_home(request):
    """My forms, the rounds I may follow and the questionnaires."""
    user = request.user
    forms = (
        Respondent.objects.filter(user=user)
        .select_related("participation__kommun", "participation__campaign", "forvaltning")
        .order_by("-participation__year")
    )
    campaigns = (
        policy.restrict(Campaign.objects.all(), user)
        .select_related("kommun", "samverkan", "questionnaire")
        .order_by("-year", "pk")
    )
    return render(
        request,
        "governance/maturity/home.html",
        {
            "forms": forms,
            "campaigns": campaigns,
            "questionnaires": policy.restrict(Questionnaire.objects.all(), user),
            "can_open": policy.can_add(user, Campaign),
        },
    )


@login_required
def questionnaire_detail(request, pk):
    questionnaire = restricted_or_404(
        Questionnaire.objects.select_related("kommun", "samverkan"), request.user, pk
    )
    questions = Question.objects.filter(questionnaire=questionnaire).prefetch_related("options")
    sections: dict = {}
    for question in questions.select_related("section"):
        sections.setdefault(question.section, []).append(question)
    return render(
        request,
        "governance/maturity/questionnaire.html",
        {"object": questionnaire, "sections": sections.items()},
    )


@login_required
def campaign_add(request):
    policy.require_add(request.user, Campaign)
    form = CampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.open_campaign(
                actor=request.user,
                questionnaire=data["questionnaire"],
                year=data["year"],
                message=data["message"],
                answer_by=data["answer_by"],
                **data["scope"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Omgången är öppnad. Nu väljer kommunerna svarande."))
            return redirect(campaign.get_absolute_url())
    return form_page(
        request,
        form,
        title=_("Öppna en mognadsomgång"),
        back=reverse("governance:maturity_home"),
        status=400 if request.method == "POST" else 200,
        intro=_(
            "Omgången gäller ett år. Varje kommun i omgången väljer sina svarande; de får "
            "ett e-postmeddelande och svarar i portalen tills omgången stängs."
        ),
    )


@login_required
def campaign_detail(request, pk):
    campaign = campaign_or_404(request, pk)
    user = request.user
    participations = list(campaign.participations.select_related("kommun"))
    counts = progress(participations)
    readable = set(
        policy.restrict(Participation.objects.filter(campaign=campaign), user).values_list(
            "pk", flat=True
        )
    )
    managed = set(
        policy.restrict(
            Participation.objects.filter(campaign=campaign), user, policy.CHANGE
        ).values_list("pk", flat=True)
    )
    rows = [
        {
            "participation": p,
            "counts": counts.get(p.pk, {"total": 0, "started": 0, "done": 0}),
            "can_read": p.pk in readable,
            "can_manage": p.pk in managed,
        }
        for p in participations
    ]
    can_manage = policy.can(user, policy.MANAGE, campaign)
    return render(
        request,
        "governance/maturity/campaign.html",
        {"object": campaign, "rows": rows, "can_manage": can_manage},
    )


@login_required
@require_POST
def campaign_close(request, pk):
    campaign = campaign_or_404(request, pk, policy.MANAGE)
    return run_action(
        request,
        lambda: services.close_campaign(actor=request.user, campaign=campaign),
        success=_("Omgången är stängd. Svaren är låsta och resultaten visas."),
        redirect_to=campaign.get_absolute_url(),
    )


@login_required
def participation_detail(request, pk):
    """The kommun's IT-strateg: who answers, how far they have come, sharing."""
    participation = participation_or_404(request, pk, policy.CHANGE)
    respondents = participation.respondents.select_related("user", "forvaltning")
    return render(
        request,
        "governance/maturity/participation.html",
        {
            "object": participation,
            "campaign": participation.campaign,
            "respondents": respondents,
        },
    )


@login_required
def respondent_add(request, pk):
    participation = participation_or_404(request, pk, policy.CHANGE)
    form = RespondentForm(request.POST or None, participation=participation)
    back = reverse("governance:maturity_participation", args=[participation.pk])

    def action(data):
        services.add_respondents(
            actor=request.user,
            participation=participation,
            users=list(data["users"]),
            roles=data["roles"],
            forvaltning=data["forvaltning"],
        )

    return run_form(
        request,
        form,
        action,
        success=_("De svarande är tillagda och får ett e-postmeddelande."),
        redirect_to=back,
        title=_("Välj svarande för %(kommun)s") % {"kommun": participation.kommun},
        back=back,
        intro=_(
            "Välj personer med roll i kommunen, och vilken förvaltning de svarar för, eller "
            "alla som har en viss roll. En eller flera svarande per förvaltning går bra."
        ),
    )


@login_required
@require_POST
def respondent_remove(request, pk):
    respondent = respondent_or_404(request, pk, policy.DELETE)
    back = reverse("governance:maturity_participation", args=[respondent.participation_id])
    return run_action(
        request,
        lambda: services.remove_respondent(actor=request.user, respondent=respondent),
        success=_("Den svarande är borttagen ur omgången."),
        redirect_to=back,
    )


@login_required
@require_POST
def participation_share(request, pk):
    participation = participation_or_404(request, pk, policy.CHANGE)
    shares = request.POST.get("shares_by_name") == "1"
    return run_action(
        request,
        lambda: services.set_sharing(
            actor=request.user, participation=participation, shares_by_name=shares
        ),
        success=_("Kommunens resultat visas nu med namn för nätverket.")
        if shares
        else _("Nätverket ser nu bara det sammanvägda resultatet."),
        redirect_to=reverse("governance:maturity_participation", args=[participation.pk]),
    )


@login_required
def participation_export(request, pk):
    """The kommun's raw answers as XLSX, with names: for the kommun's IT-strateg only."""
    participation = participation_or_404(request, pk, policy.CHANGE)
    return answers_xlsx(participation)
