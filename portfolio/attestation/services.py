"""State changes of the yearly attestation, and the counts the pages show.

Each service takes the acting user, re-checks the policy (a forged POST is
refused with a Swedish ``ValidationError`` and saves nothing) and runs in one
transaction.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Min, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portfolio import policy
from portfolio.attestation.models import Attestation, AttestationCampaign, CampaignStatus
from portfolio.choices import Lifecycle
from portfolio.models import Kommun, System
from portfolio.outbox import services as outbox

#: notice kind (registered in ``portfolio.apps``)
NOTICE_KIND = "attestation"
#: systems that are gone are not asked about
LEFT_OUT = (Lifecycle.AVVECKLAD,)


@transaction.atomic
def open_attestation_campaign(
    *, actor, kommun: Kommun, year: int, deadline: datetime.date
) -> AttestationCampaign:
    """Open the kommun's campaign for ``year``: one row per system, the systemägare notified.

    Refused: a user who may not open one for the kommun, a deadline in the
    past, and a second open campaign for the same kommun and year.
    """
    if not policy.can_add(actor, AttestationCampaign, kommun_id=kommun.pk):
        raise ValidationError(_("Bara kommunens IT-strateg får starta en bekräftelseomgång."))
    if deadline < timezone.localdate():
        raise ValidationError({"deadline": _("Sista dagen kan inte ha passerat.")})
    duplicate = _("Det finns redan en öppen bekräftelseomgång för %(kommun)s %(year)s.") % {
        "kommun": kommun,
        "year": year,
    }
    if AttestationCampaign.objects.filter(
        kommun=kommun, year=year, status=CampaignStatus.OPEN
    ).exists():
        raise ValidationError(duplicate)
    try:
        with transaction.atomic():
            campaign = AttestationCampaign.objects.create(
                kommun=kommun, year=year, deadline=deadline, opened_by=actor
            )
    except IntegrityError:
        raise ValidationError(duplicate) from None  # a concurrent opening won
    systems = System.objects.filter(kommun=kommun).exclude(lifecycle__in=LEFT_OUT)
    Attestation.objects.bulk_create(
        [
            Attestation(campaign=campaign, system_id=pk)
            for pk in systems.values_list("pk", flat=True)
        ]
    )
    from portfolio import tasks

    outbox.enqueue(
        tasks.notify_attestation_owners, campaign.pk, label=f"Notis: bekräftelse {campaign.pk}"
    )
    return campaign


def _check_confirmable(actor, attestation: Attestation) -> AttestationCampaign:
    if not policy.can(actor, policy.CHANGE, attestation):
        raise ValidationError(_("Bara systemets systemägare kan bekräfta eller rätta uppgifterna."))
    # Lock the campaign so a confirmation never lands after the closing.
    campaign = AttestationCampaign.objects.select_for_update().get(pk=attestation.campaign_id)
    if not campaign.is_open:
        raise ValidationError(_("Omgången är stängd. Uppgifterna kan inte längre bekräftas."))
    return campaign


def _mark_confirmed(actor, attestation: Attestation, *, corrected: bool) -> Attestation:
    attestation.confirmed_by = actor
    attestation.confirmed_at = timezone.now()
    attestation.corrected = attestation.corrected or corrected
    attestation.save(update_fields=["confirmed_by", "confirmed_at", "corrected"])
    return attestation


@transaction.atomic
def confirm_system(*, actor, attestation: Attestation) -> Attestation:
    """The systemägare confirms that the system's record is true (who and when are kept)."""
    _check_confirmable(actor, attestation)
    return _mark_confirmed(actor, attestation, corrected=False)


@transaction.atomic
def correct_system(*, actor, attestation: Attestation, system: System) -> Attestation:
    """Save the systemägare's corrections through the register and confirm the row.

    ``system`` is the attestation's system with the corrected fields set (not
    saved); ``save_system`` checks the policy and the people, and writes the
    change history.
    """
    _check_confirmable(actor, attestation)
    if system.pk != attestation.system_id:
        raise ValidationError(_("Rättelsen gäller ett annat system."))
    from portfolio.registers import services as register_services

    register_services.save_system(actor=actor, system=system)
    return _mark_confirmed(actor, attestation, corrected=True)


@transaction.atomic
def close_attestation_campaign(*, actor, campaign: AttestationCampaign) -> AttestationCampaign:
    """Close the campaign: from now on it is frozen (no confirmation, no correction through it)."""
    if not policy.can(actor, policy.MANAGE, campaign):
        raise ValidationError(_("Bara kommunens IT-strateg får stänga bekräftelseomgången."))
    campaign = AttestationCampaign.objects.select_for_update().get(pk=campaign.pk)
    if not campaign.is_open:
        raise ValidationError(_("Omgången är redan stängd."))
    campaign.status = CampaignStatus.CLOSED
    campaign.closed_by = actor
    campaign.closed_at = timezone.now()
    campaign.save(update_fields=["status", "closed_by", "closed_at"])
    return campaign


# --- Reading ---------------------------------------------------------------------


def progress_by_forvaltning(campaign: AttestationCampaign) -> list[dict]:
    """Per förvaltning: systems, confirmed, share (0–100, whole percent). One query."""
    rows = (
        Attestation.objects.filter(campaign=campaign)
        .values("system__forvaltning_id", "system__forvaltning__name")
        .annotate(total=Count("pk"), confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)))
        .order_by("system__forvaltning__name")
    )
    result = []
    for row in rows:
        result.append(
            {
                "forvaltning": row["system__forvaltning__name"],
                "total": row["total"],
                "confirmed": row["confirmed"],
                "share": round(100 * row["confirmed"] / row["total"]) if row["total"] else 0,
            }
        )
    return result


def totals(rows: list[dict]) -> dict:
    total = sum(r["total"] for r in rows)
    confirmed = sum(r["confirmed"] for r in rows)
    return {
        "total": total,
        "confirmed": confirmed,
        "share": round(100 * confirmed / total) if total else 0,
    }


def unconfirmed_count(user) -> int:
    """Systems the user owns that wait for their confirmation in an open campaign.

    For the start page's "Att göra" (one COUNT query).
    """
    if not getattr(user, "is_authenticated", False):
        return 0
    return Attestation.objects.filter(
        system__owner=user, confirmed_at__isnull=True, campaign__status=CampaignStatus.OPEN
    ).count()


# --- Notices -------------------------------------------------------------------


def notify_attestation_owners(campaign_id: int) -> int:
    """Tell each systemägare with unconfirmed systems that the campaign is open (once each)."""
    from portfolio.notices.services import notify

    campaign = AttestationCampaign.objects.select_related("kommun").get(pk=campaign_id)
    if not campaign.is_open:
        return 0
    rows = (
        Attestation.objects.filter(campaign=campaign, confirmed_at__isnull=True)
        .select_related("system__owner")
        .order_by("system__owner_id", "system__name")
    )
    by_owner: dict = {}
    for row in rows:
        by_owner.setdefault(row.system.owner, []).append(row.system)
    path = campaign.get_absolute_url()
    sent = 0
    for owner, systems in by_owner.items():
        subject = _("Bekräfta dina system för %(year)s senast %(date)s") % {
            "year": campaign.year,
            "date": campaign.deadline.isoformat(),
        }
        body = render_to_string(
            "portfolio/attestation/email/campaign_opened.txt",
            {
                "campaign": campaign,
                "owner": owner,
                "systems": systems,
                "url": settings.SITE_URL.rstrip("/") + path,
            },
        )
        notice = notify(
            user=owner,
            kind=NOTICE_KIND,
            subject=subject,
            body=body,
            url=path,
            key=f"attestation:{campaign.pk}:{owner.pk}",
        )
        sent += notice is not None
    return sent


def with_attestation(queryset):
    """Annotate systems with their latest campaign's year and confirmation (two subqueries).

    The system list shows "Ej bekräftad <år>" from these, without a query per row.
    """
    from django.db.models import OuterRef, Subquery

    if "attestation_year" in queryset.query.annotations:
        return queryset
    latest = Attestation.objects.filter(system=OuterRef("pk")).order_by(
        "-campaign__year", "-campaign__opened_at", "-pk"
    )
    return queryset.annotate(
        attestation_year=Subquery(latest.values("campaign__year")[:1]),
        attestation_confirmed_at=Subquery(latest.values("confirmed_at")[:1]),
    )


def attestation_text(system) -> str:
    """ "Bekräftad 2026", "Ej bekräftad 2026" or "" (a system annotated by ``with_attestation``)."""
    year = getattr(system, "attestation_year", None)
    if year is None:
        return ""
    if getattr(system, "attestation_confirmed_at", None) is None:
        return _("Ej bekräftad %(year)s") % {"year": year}
    return _("Bekräftad %(year)s") % {"year": year}


def attestation_todos(user, scope, today):
    """Att göra: the systemägare's systems waiting for confirmation (one query)."""
    from portfolio.todo.registry import TodoItem, urgency_for

    row = Attestation.objects.filter(
        system__owner=user, confirmed_at__isnull=True, campaign__status=CampaignStatus.OPEN
    ).aggregate(n=Count("pk"), due=Min("campaign__deadline"))
    n = row["n"]
    if not n:
        return []
    text = ngettext(
        "%(n)s system att bekräfta i den årliga bekräftelsen",
        "%(n)s system att bekräfta i den årliga bekräftelsen",
        n,
    ) % {"n": n}
    return [
        TodoItem(
            text,
            n,
            reverse("portfolio:attestation_home"),
            urgency_for(row["due"], today),
            row["due"],
        )
    ]
