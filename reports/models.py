"""Report jobs and their archived files.

A ``ReportJob`` is one ordered report (the row, not the broker, is the source
of truth). Every file a job produced is a ``ReportFile``: written once, at
generation time (or, for the fastställd PDF of a handlingsplan, at adoption),
with its SHA-256, and never changed or replaced afterwards. Downloads serve
these bytes; nothing is rebuilt from live data.

Glossary: ReportFile -> arkiverad fil; FileKind.PDF -> the PDF as generated
(for a handlingsplan: the utkast), FINAL_PDF -> fastställd PDF, XLSX ->
nyckeltal (XLSX), HTML -> the document source the PDF was rendered from.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portfolio.jobs import BackgroundJob
from portfolio.models import Kommun, Samverkansorganisation
from reports.choices import FileKind, JobPhase, PdfVariant, ReportKind


def report_upload_to(instance, filename: str) -> str:
    year = instance.job.year if isinstance(instance, ReportFile) else instance.year
    return f"reports/{year}/{filename}"


class ReportJob(BackgroundJob):
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
    comparison_samverkan = models.ForeignKey(
        Samverkansorganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("jämförelsegrupp"),
        help_text=_(
            "IT-bokslutets jämförelse: medlemskommunerna i denna samverkan. Tom betyder "
            "alla kommuner i portalen (kommunen ingår inte i någon samverkan)."
        ),
    )
    it_plan = models.ForeignKey(
        "governance.ITPlan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report_jobs",
        verbose_name=_("IT-plan"),
        help_text=_("För en IT-plans PDF: planen (förvaltning, år och version)."),
    )
    year = models.PositiveSmallIntegerField(_("år"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
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
                condition=Q(kommun__isnull=False, it_plan__isnull=True),
                name="uniq_report_version_kommun",
            ),
            # An IT-plan's PDFs are numbered per plan.
            models.UniqueConstraint(
                fields=["it_plan", "version"],
                condition=Q(it_plan__isnull=False),
                name="uniq_report_version_it_plan",
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
        """What the report covers: the kommun or samverkan, or an IT-plan's förvaltning."""
        if self.it_plan_id:
            return self.it_plan.forvaltning
        return self.kommun or self.samverkan

    @property
    def state_label(self) -> str:
        """Utkast or fastställd, for a handlingsplan."""
        return _("Fastställd") if self.adopted else _("Utkast")

    def filename(self, kind: str = FileKind.PDF) -> str:
        from django.utils.text import slugify

        stem = f"{self.kind}-{slugify(str(self.scope))}-{self.year}-v{self.version}"
        return stem + FILE_SUFFIXES[kind]

    def stored(self, kind: str):
        """The archived file of ``kind``, or None (uses a prefetched ``files`` if present)."""
        for f in self.files.all():
            if f.kind == kind:
                return f
        return None

    @property
    def document(self):
        """The PDF to hand out: the fastställd one for an adopted plan, else the generated one."""
        return (self.adopted and self.stored(FileKind.FINAL_PDF)) or self.stored(FileKind.PDF)

    @property
    def stored_xlsx(self):
        return self.stored(FileKind.XLSX)

    def listed_files(self) -> list:
        """The files shown on the job page, in a fixed order (the HTML source is internal)."""
        order = [FileKind.FINAL_PDF, FileKind.PDF, FileKind.XLSX]
        found = {f.kind: f for f in self.files.all()}
        return [found[k] for k in order if k in found]


FILE_SUFFIXES = {
    FileKind.PDF: ".pdf",
    FileKind.FINAL_PDF: "-faststalld.pdf",
    FileKind.XLSX: ".xlsx",
    FileKind.HTML: ".html",
}
CONTENT_TYPES = {
    FileKind.PDF: "application/pdf",
    FileKind.FINAL_PDF: "application/pdf",
    FileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileKind.HTML: "text/html; charset=utf-8",
}


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class ArchivedFileChanged(Exception):
    """Raised when code tries to change or delete an archived report file."""


class ReportFile(models.Model):
    """One file of a report job, exactly as it was generated. Written once, never changed."""

    job = models.ForeignKey(
        ReportJob, on_delete=models.PROTECT, related_name="files", verbose_name=_("rapport")
    )
    kind = models.CharField(_("filtyp"), max_length=20, choices=FileKind.choices)
    file = models.FileField(_("fil"), upload_to=report_upload_to, max_length=300)
    sha256 = models.CharField(_("kontrollsumma (SHA-256)"), max_length=64)
    size = models.PositiveIntegerField(_("filstorlek (byte)"))
    page_count = models.PositiveIntegerField(_("antal sidor"), null=True, blank=True)
    pdf_variant = models.CharField(
        _("PDF-variant"), max_length=20, choices=PdfVariant.choices, blank=True
    )
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)

    class Meta:
        ordering = ["job", "kind"]
        verbose_name = _("arkiverad rapportfil")
        verbose_name_plural = _("arkiverade rapportfiler")
        constraints = [
            models.UniqueConstraint(fields=["job", "kind"], name="uniq_report_file_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.job} – {self.label}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ArchivedFileChanged("An archived report file is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ArchivedFileChanged("An archived report file is never deleted.")

    @property
    def label(self) -> str:
        if self.kind == FileKind.PDF and self.job.kind == ReportKind.HANDLINGSPLAN:
            return str(_("Utkast (PDF)"))
        return str(self.get_kind_display())

    def filename(self) -> str:
        return self.job.filename(self.kind)

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]

    def read(self) -> bytes:
        with self.file.open("rb") as handle:
            return handle.read()
