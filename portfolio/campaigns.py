"""The opened/closed record shared by yearly rounds (attestation, maturity follow-up)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OpenedClosedRecord(models.Model):
    """Who opened a round and when, and who closed it and when (an abstract base)."""

    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("öppnad av"),
    )
    opened_at = models.DateTimeField(_("öppnad"), default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("stängd av"),
    )
    closed_at = models.DateTimeField(_("stängd"), null=True, blank=True)

    class Meta:
        abstract = True
