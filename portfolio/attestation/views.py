"""Årlig bekräftelse: campaigns (start, follow, close) and the systemägare's list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portfolio import policy
from portfolio.attestation import services
from portfolio.attestation.charts import share_bars
from portfolio.attestation.forms import CampaignForm, CorrectionForm
from portfolio.attestation.models import Attestation, AttestationCampaign, CampaignStatus
from portfolio.generic import restricted_or_404, run_action


@login_required
def attestation_home(request):
    """The campaigns the user sees, their own systems waiting, and "Starta en omgång"."""
    user = request.user
    campaigns = (
        policy.restrict(AttestationCampaign.objects.all(), user)
        .select_related("kommun")
        .annotate(
            own_waiting=Count(
                "attestations",
                filter=Q(
                    attestations__system__owner=user,
                    attestations__confirmed_at__isnull=True,
                ),
            )
        )
        .order_by("-year", "kommun__name", "-pk")
    )
    return render(
        request,
        "portfolio/attestation/home.html",
        {
            "campaigns": campaigns,
            "can_open": policy.can_add(user, AttestationCampaign),
            "waiting": services.unconfirmed_count(user),
        },
    )


@login_required
def campaign_add(request):
    policy.require_add(request.user, AttestationCampaign)
    form = CampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.open_attestation_campaign(
                actor=request.user,
                kommun=data["kommun"],
                year=data["year"],
                deadline=data["deadline"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Omgången är startad. Systemägarna har fått en notis."))
            return redirect(campaign.get_absolute_url())
    return render(
        request,
        "portfolio/attestation/campaign_add.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def campaign_detail(request, pk):
    user = request.user
    campaign = restricted_or_404(
        AttestationCampaign.objects.select_related("kommun", "opened_by", "closed_by"), user, pk
    )
    manages = policy.can(user, policy.MANAGE, campaign)
    context = {"campaign": campaign, "manages": manages}
    if manages:
        rows = services.progress_by_forvaltning(campaign)
        total = services.totals(rows)
        context.update(rows=rows, total=total, chart=share_bars(rows))
    own = (
        policy.restrict(Attestation.objects.filter(campaign=campaign), user)
        .filter(system__owner=user)
        .select_related("system__supplier", "system__forvaltning", "confirmed_by")
        .annotate(contract_count=Count("system__contracts"))
        .order_by("system__name", "pk")
    )
    context["own"] = own
    return render(request, "portfolio/attestation/campaign_detail.html", context)


@login_required
@require_POST
def campaign_close(request, pk):
    campaign = restricted_or_404(AttestationCampaign.objects.all(), request.user, pk, policy.MANAGE)
    return run_action(
        request,
        lambda: services.close_attestation_campaign(actor=request.user, campaign=campaign),
        success=_("Omgången är stängd. Bekräftelserna står kvar som de var."),
        redirect_to=campaign.get_absolute_url(),
    )


@login_required
@require_POST
def attestation_confirm(request, pk):
    attestation = restricted_or_404(
        Attestation.objects.select_related("system"), request.user, pk, policy.CHANGE
    )
    return run_action(
        request,
        lambda: services.confirm_system(actor=request.user, attestation=attestation),
        success=_("Uppgifterna för %(system)s är bekräftade.")
        % {"system": attestation.system.name},
        redirect_to=attestation.get_absolute_url() + f"#rad-{attestation.pk}",
    )


@login_required
def attestation_correct(request, pk):
    attestation = restricted_or_404(
        Attestation.objects.select_related("system", "campaign"), request.user, pk, policy.CHANGE
    )
    system = attestation.system
    form = CorrectionForm(request.POST or None, instance=system, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.correct_system(
                actor=request.user, attestation=attestation, system=form.save(commit=False)
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Rättelsen av %(system)s är sparad och uppgifterna är bekräftade.")
                % {"system": system.name},
            )
            return redirect(attestation.get_absolute_url() + f"#rad-{attestation.pk}")
    return render(
        request,
        "portfolio/attestation/correct.html",
        {
            "form": form,
            "attestation": attestation,
            "system": system,
            "is_open": attestation.campaign.status == CampaignStatus.OPEN,
            "contracts": system.contracts.select_related("supplier").order_by("end_date"),
            "contract_add": reverse("portfolio:contract_add", args=[system.pk]),
        },
        status=400 if request.method == "POST" else 200,
    )
