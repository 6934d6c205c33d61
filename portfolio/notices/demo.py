"""Demo notices for sa.lysekil and strateg.lysekil (some read, some not)."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from portfolio.attestation.models import AttestationCampaign, CampaignStatus
from portfolio.models import Contract
from portfolio.notices.models import Notice
from portfolio.notices.services import forget_unread


def seed_notices() -> None:
    users = {u.username: u for u in get_user_model().objects.filter(username__in=_USERS)}
    if len(users) < len(_USERS) or Notice.objects.filter(key__startswith="demo:").exists():
        return
    now = timezone.now()
    sa, strateg = users["sa.lysekil"], users["strateg.lysekil"]
    notices = []
    campaign = AttestationCampaign.objects.filter(
        kommun__name="Lysekil", status=CampaignStatus.OPEN
    ).first()
    if campaign is not None:
        notices.append(
            Notice(
                user=sa,
                kind="attestation",
                subject=f"Bekräfta dina system för {campaign.year} senast "
                f"{campaign.deadline.isoformat()}",
                body="Lysekil har startat den årliga bekräftelsen av systemregistret. "
                "Bekräfta eller rätta uppgifterna om dina system.",
                url=campaign.get_absolute_url(),
                key=f"attestation:{campaign.pk}:{sa.pk}",
                emailed=True,
                created_at=campaign.opened_at,
            )
        )
    contract = (
        Contract.objects.filter(system__owner=sa).select_related("system").order_by("pk").first()
    )
    if contract is not None:
        notices.append(
            Notice(
                user=sa,
                kind="contract_reminder",
                subject=f"Påminnelse: sista uppsägningsdag för avtal {contract.number} "
                f"({contract.system.name})",
                body="Avtalet närmar sig sista uppsägningsdag. Ta ställning till förlängning "
                "eller uppsägning.",
                url=contract.get_absolute_url(),
                key="demo:contract:sa",
                emailed=True,
                created_at=now - datetime.timedelta(days=20),
                read_at=now - datetime.timedelta(days=19),
            )
        )
    notices += [
        Notice(
            user=strateg,
            kind="attestation",
            subject="Bekräftelseomgången är startad",
            body="Systemägarna har fått en notis. Följ andelen bekräftade system per "
            "förvaltning på omgångens sida.",
            url=campaign.get_absolute_url() if campaign else "",
            key="demo:attestation:strateg:opened",
            emailed=True,
            created_at=now - datetime.timedelta(days=10),
        ),
        Notice(
            user=strateg,
            kind="attestation",
            subject="Bekräftelsen av systemregistret pågår",
            body="Följ andelen bekräftade system per förvaltning.",
            url=campaign.get_absolute_url() if campaign else "",
            key="demo:attestation:strateg",
            emailed=False,
            created_at=now - datetime.timedelta(days=9),
            read_at=now - datetime.timedelta(days=8),
        ),
    ]
    Notice.objects.bulk_create(notices)
    for user in users.values():
        forget_unread(user.pk)


_USERS = ("sa.lysekil", "strateg.lysekil")
