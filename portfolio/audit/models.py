"""Login events: the audit trail of sign-ins (the change history is simple_history's)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portfolio.choices import LoginEventKind


class LoginEvent(models.Model):
    """Logins, logouts and failed logins, for incident reporting."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    username = models.CharField(_("användarnamn"), max_length=150)
    kind = models.CharField(_("händelse"), max_length=10, choices=LoginEventKind.choices)
    ip_address = models.GenericIPAddressField(_("IP-adress"), null=True, blank=True)
    user_agent = models.CharField(_("webbläsare"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("tidpunkt"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("inloggningshändelse")
        verbose_name_plural = _("inloggningshändelser")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.username} {self.kind}"
