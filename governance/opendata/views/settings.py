"""The open-data setting page of a kommun, and its section on the kommun page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from governance.opendata import services
from governance.opendata.datasets import published_datasets
from governance.opendata.forms import OpenDataForm
from governance.opendata.models import OpenDataPublication
from portfolio import policy
from portfolio.models import Kommun


@login_required
def open_data_settings(request, pk):
    """What the kommun publishes as open data: the kommun's IT-strateg or administratör decides."""
    kommun = get_object_or_404(policy.restrict(Kommun.objects.all(), request.user), pk=pk)
    publication = services.publication_for(kommun)
    services.require_change(request.user, publication)
    form = OpenDataForm(request.POST or None, instance=publication)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_open_data(actor=request.user, kommun=kommun, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Inställningen för öppna data är sparad."))
            return HttpResponseRedirect(reverse("governance:open_data_settings", args=[kommun.pk]))
    stored = services.publication_for(kommun)
    return render(
        request,
        "governance/opendata/settings.html",
        {
            "kommun": kommun,
            "form": form,
            "datasets": published_datasets(stored if stored.pk else None),
            "public_decisions_enabled": kommun.public_decisions_enabled,
        },
        status=400 if request.method == "POST" else 200,
    )


def kommun_section(request, kommun):
    """The "Öppna data" section of the kommun page: what is published, and a link to change it."""
    publication = OpenDataPublication.objects.filter(kommun=kommun).first()
    if publication is not None:
        may_change = policy.can(request.user, policy.CHANGE, publication)
    else:
        may_change = policy.can_add(request.user, OpenDataPublication, kommun_id=kommun.pk)
    datasets = published_datasets(publication)
    if not datasets and not may_change:
        return None
    return {
        "kommun": kommun,
        "publication": publication,
        "datasets": datasets,
        "may_change": may_change,
    }
