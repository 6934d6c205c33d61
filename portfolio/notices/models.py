"""In-app notifications (notiser) and each user's choice of channel per kind.

Every message the portal sends a person is stored as a ``Notice`` (shown under
"Notiser" in the header); whether it is also e-mailed follows the user's
``NoticePreference`` for its kind (default: e-post och i portalen).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NoticeChannel(models.TextChoices):
    EMAIL_AND_PORTAL = "email", _("E-post och i portalen")
    PORTAL_ONLY = "portal", _("Endast i portalen")


class Notice(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name=_("mottagare"),
    )
    #: a kind registered with ``portfolio.notices.kinds.register_kind``
    kind = models.CharField(_("typ"), max_length=40)
    subject = models.CharField(_("rubrik"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("länk"), max_length=500, blank=True)
    #: makes a sender idempotent: a second notice with the same key is never stored
    key = models.CharField(max_length=200, blank=True)
    emailed = models.BooleanField(_("skickad som e-post"), default=False)
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    read_at = models.DateTimeField(_("läst"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notis")
        verbose_name_plural = _("notiser")
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=~Q(key=""), name="notice_unique_key")
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="notice_user_unread")]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NoticePreference(models.Model):
    """One user's channel for one kind; no row means e-post och i portalen."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notice_preferences",
        verbose_name=_("användare"),
    )
    kind = models.CharField(_("typ"), max_length=40)
    channel = models.CharField(
        _("kanal"),
        max_length=10,
        choices=NoticeChannel.choices,
        default=NoticeChannel.EMAIL_AND_PORTAL,
    )

    class Meta:
        verbose_name = _("notisinställning")
        verbose_name_plural = _("notisinställningar")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notice_preference_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind}: {self.channel}"
