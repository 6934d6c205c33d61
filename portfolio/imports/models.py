"""Import jobs: one uploaded file, previewed (dry run) and then imported all or nothing.

The job row is the source of truth between the preview and the confirm step:
the file is stored under MEDIA_ROOT with a generated name (never a path from
the client), and only its owner may see or confirm it.
"""

import os
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portfolio.choices import ImportKind, ImportStage
from portfolio.jobs import BackgroundJob, JobStatus
from portfolio.organisation.models import Kommun


def import_upload_to(job, filename: str) -> str:
    extension = os.path.splitext(filename)[1].lower()
    if extension not in (".csv", ".xlsx"):
        extension = ".csv"
    return f"imports/{uuid.uuid4().hex}{extension}"


class ImportJob(BackgroundJob):
    kind = models.CharField(_("typ av import"), max_length=20, choices=ImportKind.choices)
    kommun = models.ForeignKey(
        Kommun, on_delete=models.PROTECT, related_name="import_jobs", verbose_name=_("kommun")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="import_jobs",
        verbose_name=_("uppladdad av"),
    )
    created_at = models.DateTimeField(_("uppladdad"), default=timezone.now)
    file = models.FileField(_("fil"), upload_to=import_upload_to, blank=True, max_length=300)
    original_name = models.CharField(_("filnamn"), max_length=255, blank=True)
    stage = models.CharField(
        _("steg"), max_length=10, choices=ImportStage.choices, default=ImportStage.PREVIEW
    )
    total_rows = models.PositiveIntegerField(_("antal rader"), default=0)
    new_rows = models.PositiveIntegerField(_("nya"), default=0)
    updated_rows = models.PositiveIntegerField(_("uppdaterade"), default=0)
    error_rows = models.PositiveIntegerField(_("rader med fel"), default=0)
    preview = models.JSONField(_("förhandsgranskning"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("importer")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name} ({self.pk})"

    def get_absolute_url(self) -> str:
        return reverse("portfolio:import_job", args=[self.pk])

    @property
    def can_confirm(self) -> bool:
        return (
            self.stage == ImportStage.PREVIEW
            and self.status == JobStatus.DONE
            and self.error_rows == 0
            and self.total_rows > 0
            and self.new_rows + self.updated_rows > 0
            and bool(self.file)
        )
