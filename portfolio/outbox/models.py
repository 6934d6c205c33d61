"""One row per piece of background work the portal has promised to do.

Glossary: OutboxMessage -> bakgrundsuppdrag. The row is written in the same
transaction as the state change that asks for the work (a report ordered, an
agenda published, minutes signed), so a broker that is down at commit time
delays the work but never loses it. See ``portfolio.outbox.services``.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxState(models.TextChoices):
    WAITING = "waiting", _("Väntar")
    RUNNING = "running", _("Pågår")
    DONE = "done", _("Klar")
    FAILED = "failed", _("Misslyckad")


class OutboxMessage(models.Model):
    task = models.CharField(_("uppgift"), max_length=200)
    args = models.JSONField(_("argument"), default=list, blank=True)
    label = models.CharField(_("beskrivning"), max_length=200, blank=True)
    state = models.CharField(
        _("status"),
        max_length=10,
        choices=OutboxState.choices,
        default=OutboxState.WAITING,
        db_index=True,
    )
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    dispatched_at = models.DateTimeField(_("senast skickad till kön"), null=True, blank=True)
    dispatch_count = models.PositiveIntegerField(_("antal sändningar"), default=0)
    started_at = models.DateTimeField(_("startad"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("försök"), default=0)
    finished_at = models.DateTimeField(_("avslutad"), null=True, blank=True)
    error = models.TextField(_("senaste fel"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("bakgrundsuppdrag")
        verbose_name_plural = _("bakgrundsuppdrag")
        indexes = [models.Index(fields=["state", "dispatched_at"])]

    def __str__(self) -> str:
        return self.label or f"{self.task}{tuple(self.args)}"
