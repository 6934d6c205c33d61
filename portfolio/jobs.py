"""The one status of every background job: report PDFs, imports and minutes PDFs.

Glossary (code -> Swedish term): JobStatus.QUEUED -> köad, RUNNING -> pågår,
DONE -> klar, FAILED -> misslyckad. Code names and stored values are English,
labels are Swedish. Used by ``reports.ReportJob.status``,
``portfolio.imports.ImportJob.status`` and ``governance.Meeting.minutes_status``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Köad")
    RUNNING = "running", _("Pågår")
    DONE = "done", _("Klar")
    FAILED = "failed", _("Misslyckad")


#: statuses of a job that is still being worked on (the page keeps polling)
ACTIVE_JOB_STATUSES = frozenset({JobStatus.QUEUED, JobStatus.RUNNING})

#: statuses of a job that the worker will not touch again
FINISHED_JOB_STATUSES = frozenset({JobStatus.DONE, JobStatus.FAILED})
