"""Choices of the reports app.

Glossary: ReportJob -> rapportjobb (one ordered report), FileKind -> filtyp of an
archived ReportFile, ReportKind -> rapporttyp (IT-bokslut, handlingsplan, or the
network's Mognadsrapport), JobPhase -> fas. The job status is the shared
portfolio.jobs.JobStatus (queued/running/done/failed -> köad/pågår/klar/misslyckad).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portfolio.choices import PdfVariant  # noqa: F401 - used by ReportJob


class ReportKind(models.TextChoices):
    IT_BOKSLUT = "it_bokslut", _("IT-bokslut")
    HANDLINGSPLAN = "handlingsplan", _("Handlingsplan")
    MOGNADSRAPPORT = "mognadsrapport", _("Mognadsrapport")


class FileKind(models.TextChoices):
    PDF = "pdf", _("PDF")
    FINAL_PDF = "final_pdf", _("Fastställd PDF")
    XLSX = "xlsx", _("Nyckeltal (XLSX)")
    HTML = "html", _("HTML-källa")


class JobPhase(models.TextChoices):
    WAITING = "", _("Väntar på att starta")
    COLLECTING = "collecting", _("Samlar in uppgifter")
    RENDERING = "rendering", _("Skapar PDF")
    SAVING = "saving", _("Sparar")
    DONE = "done", _("Klar")
