"""Yearly attestation (årlig bekräftelse): the systemägare confirm their systems' records.

The IT-strateg opens an ``AttestationCampaign`` for a kommun and year; it
holds one ``Attestation`` row per system of the kommun at opening. The
systemägare confirms the row, or corrects the system (through the register's
service, so the history records it) and thereby confirms it. A closed
campaign is frozen.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portfolio.campaigns import OpenedClosedRecord
from portfolio.organisation.models import Kommun
from portfolio.registers.models import System


class CampaignStatus(models.TextChoices):
    OPEN = "open", _("Öppen")
    CLOSED = "closed", _("Stängd")


class AttestationCampaign(OpenedClosedRecord):
    kommun = models.ForeignKey(
        Kommun,
        on_delete=models.PROTECT,
        related_name="attestation_campaigns",
        verbose_name=_("kommun"),
    )
    year = models.PositiveSmallIntegerField(
        _("år"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    deadline = models.DateField(_("sista dag att bekräfta"))
    status = models.CharField(
        _("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.OPEN
    )

    class Meta:
        ordering = ["-year", "kommun__name", "-pk"]
        verbose_name = _("bekräftelseomgång")
        verbose_name_plural = _("bekräftelseomgångar")
        constraints = [
            models.UniqueConstraint(
                fields=["kommun", "year"],
                condition=Q(status="open"),
                name="attestation_one_open_campaign_per_year",
            )
        ]

    def __str__(self) -> str:
        return _("Bekräftelse %(year)s, %(kommun)s") % {"year": self.year, "kommun": self.kommun}

    def get_absolute_url(self) -> str:
        return reverse("portfolio:attestation_campaign", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == CampaignStatus.OPEN


class Attestation(models.Model):
    """One system in one campaign: confirmed (by whom, when) or not yet."""

    campaign = models.ForeignKey(
        AttestationCampaign,
        on_delete=models.CASCADE,
        related_name="attestations",
        verbose_name=_("omgång"),
    )
    system = models.ForeignKey(
        System, on_delete=models.CASCADE, related_name="attestations", verbose_name=_("system")
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bekräftad av"),
    )
    confirmed_at = models.DateTimeField(_("bekräftad"), null=True, blank=True)
    corrected = models.BooleanField(_("rättad"), default=False)

    class Meta:
        ordering = ["system__name", "pk"]
        verbose_name = _("bekräftelse")
        verbose_name_plural = _("bekräftelser")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "system"], name="attestation_once")
        ]

    def __str__(self) -> str:
        return f"{self.system} ({self.campaign.year})"

    def get_absolute_url(self) -> str:
        return reverse("portfolio:attestation_campaign", args=[self.campaign_id])

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
