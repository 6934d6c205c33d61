"""Choices of the reports app.

Glossary: ReportJob -> rapportjobb (one ordered report), FileKind -> filtyp of an
archived ReportFile, ReportKind -> rapporttyp
(IT-bokslut, handlingsplan, IT-plan of a förvaltning or the kommun's IT-planer of a
year, or the network's Mognadsrapport), JobPhase -> fas. The job status is the shared
portfolio.jobs.JobStatus (queued/running/done/failed -> köad/pågår/klar/misslyckad).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portfolio.choices import PdfVariant  # noqa: F401 - used by ReportJob


class ReportKind(models.TextChoices):
    IT_BOKSLUT = "it_bokslut", _("IT-bokslut")
    HANDLINGSPLAN = "handlingsplan", _("Handlingsplan")
    MOGNADSRAPPORT = "mognadsrapport", _("Mognadsrapport")
    IT_PLAN = "it_plan", _("IT-plan")
    IT_PLANER = "it_planer", _("IT-planer")


#: the IT-plan PDFs (seed 002): one förvaltning's plan, and the kommun's plans of a year.
#: They are ordered from the IT-plan pages (``reports.itplans``), not the order form.
PLAN_KINDS = frozenset({ReportKind.IT_PLAN, ReportKind.IT_PLANER})
#: what the order form offers
ORDERABLE_KINDS = [(k.value, k.label) for k in (ReportKind.IT_BOKSLUT, ReportKind.HANDLINGSPLAN)]


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
