"""The one status of every background job: report PDFs, imports and minutes PDFs.

Glossary (code -> Swedish term): JobStatus.QUEUED -> köad, RUNNING -> pågår,
DONE -> klar, FAILED -> misslyckad. Code names and stored values are English,
labels are Swedish. Used by ``reports.ReportJob.status``,
``portfolio.imports.ImportJob.status`` and ``governance.Meeting.minutes_status``.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
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


def held_by_a_worker(status: str, started_at, time_limit: int, *, now=None) -> bool:
    """A job another worker is running: pågår, started within its hard limit + margin.

    A claim must leave such a job alone (the broker may deliver a message twice);
    after the lease the worker is taken to be dead and the job may be run again.
    """
    if status != JobStatus.RUNNING or started_at is None:
        return False
    lease = datetime.timedelta(seconds=time_limit + settings.OUTBOX_LEASE_MARGIN_SECONDS)
    return started_at > (now or timezone.now()) - lease
