"""Per-user API tokens (API-nycklar).

Only a SHA-256 hash of the secret is stored; the secret is shown once, when
the token is created. A token has a required expiry, records when it was
last used, and is revoked (never deleted) so the list keeps its history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("användare"),
    )
    name = models.CharField(
        _("namn"),
        max_length=100,
        help_text=_("Vad nyckeln används till, t.ex. ”Integration med ekonomisystemet”."),
    )
    #: the first characters of the secret, shown so the owner can tell tokens apart
    prefix = models.CharField(_("början av nyckeln"), max_length=16)
    key_hash = models.CharField(_("kontrollsumma (SHA-256)"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    expires_at = models.DateTimeField(_("giltig till"))
    last_used_at = models.DateTimeField(_("senast använd"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API-nyckel")
        verbose_name_plural = _("API-nycklar")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def valid_until(self):
        """The last day the token works (it expires at midnight after it, local time)."""
        import datetime

        return (timezone.localtime(self.expires_at) - datetime.timedelta(microseconds=1)).date()

    def is_expired(self, now=None) -> bool:
        return self.expires_at <= (now or timezone.now())

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_usable(self, now=None) -> bool:
        return not self.is_revoked and not self.is_expired(now)

    def get_status_display(self) -> str:
        if self.is_revoked:
            return str(_("Återkallad"))
        if self.is_expired():
            return str(_("Har gått ut"))
        return str(_("Giltig"))
