"""Demo: Lysekil's open attestation campaign for this year, some systems already confirmed."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from portfolio.attestation.models import Attestation, AttestationCampaign, CampaignStatus
from portfolio.attestation.services import LEFT_OUT
from portfolio.models import Kommun, System


def seed_attestation() -> None:
    kommun = Kommun.objects.filter(name="Lysekil").first()
    users = get_user_model().objects
    strateg = users.filter(username="strateg.lysekil").first()
    if kommun is None or strateg is None:
        return
    today = timezone.localdate()
    campaign = AttestationCampaign.objects.filter(
        kommun=kommun, year=today.year, status=CampaignStatus.OPEN
    ).first()
    if campaign is not None:
        return
    opened = timezone.now() - datetime.timedelta(days=10)
    campaign = AttestationCampaign.objects.create(
        kommun=kommun,
        year=today.year,
        deadline=today + datetime.timedelta(days=30),
        opened_by=strateg,
        opened_at=opened,
    )
    systems = list(
        System.objects.filter(kommun=kommun)
        .exclude(lifecycle__in=LEFT_OUT)
        .select_related("owner")
        .order_by("forvaltning__name", "name", "pk")
    )
    rows = []
    seen_sa = 0
    for index, system in enumerate(systems):
        row = Attestation(campaign=campaign, system=system)
        # sa.lysekil has confirmed one system and has the rest to do (the browser journey
        # confirms and corrects two of them); the others have confirmed about half.
        if system.owner.username == "sa.lysekil":
            confirm = seen_sa == 0
            seen_sa += 1
        else:
            confirm = index % 2 == 0
        if confirm:
            row.confirmed_by = system.owner
            row.confirmed_at = opened + datetime.timedelta(days=1 + index % 7)
        rows.append(row)
    Attestation.objects.bulk_create(rows)
