"""Report jobs: one row per ordered PDF. The row, not the broker, is the source of truth."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portfolio.jobs import ACTIVE_JOB_STATUSES, JobStatus
from portfolio.models import Kommun, Samverkansorganisation
from reports.choices import JobPhase, PdfVariant, ReportKind


def report_upload_to(job, filename: str) -> str:
    return f"reports/{job.year}/{filename}"


class ReportJob(models.Model):
    kind = models.CharField(_("rapporttyp"), max_length=20, choices=ReportKind.choices)
    kommun = models.ForeignKey(
        Kommun,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report_jobs",
        verbose_name=_("kommun"),
    )
    samverkan = models.ForeignKey(
        Samverkansorganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report_jobs",
        verbose_name=_("samverkansorganisation"),
    )
    year = models.PositiveSmallIntegerField(_("år"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    phase = models.CharField(
        _("fas"), max_length=20, choices=JobPhase.choices, default=JobPhase.WAITING, blank=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="report_jobs",
        verbose_name=_("beställd av"),
    )
    created_at = models.DateTimeField(_("beställd"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("startad"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("försök"), default=0)
    error = models.TextField(_("felmeddelande"), blank=True)
    page_count = models.PositiveIntegerField(_("antal sidor"), null=True, blank=True)
    file_size = models.PositiveIntegerField(_("filstorlek (byte)"), null=True, blank=True)
    file = models.FileField(_("fil"), upload_to=report_upload_to, blank=True, max_length=300)
    pdf_variant = models.CharField(
        _("PDF-variant"), max_length=20, choices=PdfVariant.choices, blank=True
    )
    adopted = models.BooleanField(_("fastställd"), default=False)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adopted_reports",
        verbose_name=_("fastställd av"),
    )
    adopted_at = models.DateTimeField(_("fastställd"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("rapport")
        verbose_name_plural = _("rapporter")
        indexes = [models.Index(fields=["status", "started_at"])]
        constraints = [
            models.CheckConstraint(
                name="report_job_exactly_one_scope",
                condition=(
                    Q(kommun__isnull=False, samverkan__isnull=True)
                    | Q(kommun__isnull=True, samverkan__isnull=False)
                ),
            ),
            models.UniqueConstraint(
                fields=["kind", "kommun", "year", "version"],
                condition=Q(kommun__isnull=False),
                name="uniq_report_version_kommun",
            ),
            models.UniqueConstraint(
                fields=["kind", "samverkan", "year", "version"],
                condition=Q(samverkan__isnull=False),
                name="uniq_report_version_samverkan",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.scope} {self.year} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("reports:job_detail", args=[self.pk])

    @property
    def scope(self):
        return self.kommun or self.samverkan

    @property
    def is_done(self) -> bool:
        return self.status == JobStatus.DONE

    @property
    def is_running(self) -> bool:
        return self.status in ACTIVE_JOB_STATUSES

    @property
    def state_label(self) -> str:
        """Utkast or fastställd, for a handlingsplan."""
        return _("Fastställd") if self.adopted else _("Utkast")

    def filename(self) -> str:
        from django.utils.text import slugify

        return f"{self.kind}-{slugify(str(self.scope))}-{self.year}-v{self.version}.pdf"
