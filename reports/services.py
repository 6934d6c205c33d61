"""Report services: order, run, retry, adopt and recover report jobs.

The job row is the source of truth. ``build_report`` does the real work: it
collects the data once and archives every format (HTML source, PDF, XLSX)
with its SHA-256 (``reports.archive``); downloads serve those bytes.
``run_report_job`` is what the Celery task calls: it claims the job, runs
it, and records a plain-Swedish error on failure. ``adopt_handlingsplan``
renders the fastställd PDF next to the draft; neither changes afterwards.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portfolio import policy
from portfolio.jobs import ACTIVE_JOB_STATUSES, JobMessages, JobStatus, claim_job, run_job
from portfolio.outbox import services as outbox
from reports import archive
from reports.choices import PLAN_KINDS, FileKind, JobPhase, ReportKind
from reports.models import ReportJob
from reports.sections.trends import comparison_groups

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
ORDER_ATTEMPTS = 5


def _dispatch(job: ReportJob) -> None:
    from reports.tasks import generate_report

    outbox.enqueue(generate_report, job.pk, label=f"Rapport {job.pk}: {job}")


def resolve_comparison(*, kind, kommun=None, samverkan=None, comparison_samverkan=None):
    """The IT-bokslut's peer group (jämförelsegrupp) for an order, or a ValidationError.

    Only a samverkan the kommun belongs to may be chosen. With exactly one, it
    is taken without asking; with several, the orderer must choose; with none
    the comparison covers every kommun (None). A samverkan report compares
    within the samverkan itself. A handlingsplan has no comparison (None).
    """
    if samverkan is not None:
        if comparison_samverkan is not None and comparison_samverkan.pk != samverkan.pk:
            raise ValidationError(
                _("En rapport för %(s)s jämförs med medlemmarna i %(s)s.") % {"s": samverkan}
            )
        return samverkan if kind == ReportKind.IT_BOKSLUT else None
    groups = list(comparison_groups(kommun))
    if comparison_samverkan is not None:
        if comparison_samverkan.pk not in {g.pk for g in groups}:
            raise ValidationError(
                _("%(kommun)s ingår inte i %(group)s. Välj en samverkan som kommunen ingår i.")
                % {"kommun": kommun, "group": comparison_samverkan}
            )
        return comparison_samverkan if kind == ReportKind.IT_BOKSLUT else None
    if kind != ReportKind.IT_BOKSLUT or not groups:
        return None
    if len(groups) == 1:
        return groups[0]
    raise ValidationError(
        _("%(kommun)s ingår i flera samverkan (%(names)s). Välj jämförelsegrupp.")
        % {"kommun": kommun, "names": ", ".join(g.name for g in groups)}
    )


def _check_maturity_round(samverkan, year: int) -> None:
    """A Mognadsrapport covers a network's closed maturity round of the year."""
    from reports.sections.maturity import report_campaign

    if samverkan is None:
        raise ValidationError(
            _("Mognadsrapporten tas fram för ett nätverk. Välj en samverkansorganisation.")
        )
    if report_campaign(samverkan, year) is None:
        raise ValidationError(
            _("%(s)s har ingen stängd mognadsomgång %(year)s.") % {"s": samverkan, "year": year}
        )


def order_report(
    *, actor, kind: str, year: int, kommun=None, samverkan=None, comparison_samverkan=None
) -> ReportJob:
    """Queue a report: the next version for kind, scope and year, or the identical queued one.

    Two identical orders (same kind, scope, year and comparison group) while
    one is still köad or pågår give that one job (``job.already_ordered``);
    see ``queue_job``. The IT-plan PDFs are ordered with ``reports.itplans``.
    """
    if kind in PLAN_KINDS:
        raise ValidationError(_("IT-planernas PDF:er beställs från IT-planerna."))
    if (kommun is None) == (samverkan is None):
        raise ValidationError(_("Välj antingen en kommun eller en samverkansorganisation."))
    if kommun is not None:
        policy.require_add(actor, ReportJob, kommun_id=kommun.pk)
    else:
        policy.require_add(actor, ReportJob, samverkan_id=samverkan.pk)
    if kind == ReportKind.MOGNADSRAPPORT:
        _check_maturity_round(samverkan, year)
    group = resolve_comparison(
        kind=kind, kommun=kommun, samverkan=samverkan, comparison_samverkan=comparison_samverkan
    )
    same = {"kind": kind, "year": year, "kommun": kommun, "samverkan": samverkan}
    return queue_job(actor, same, {"comparison_samverkan": group})


def queue_job(actor, same: dict, extra: dict | None = None) -> ReportJob:
    """Queue the next version of the job described by ``same``, or return the identical
    köad/pågående one (``job.already_ordered``). The caller has checked the policy.

    Two orders at the same moment both compute the same next version; the
    unique constraint on the version refuses the second insert, which then
    retries, sees the first and returns it. No 500, never two versions.
    """
    extra = extra or {}
    for attempt in range(ORDER_ATTEMPTS):
        try:
            with transaction.atomic():
                twin = (
                    ReportJob.objects.filter(**same, **extra, status__in=ACTIVE_JOB_STATUSES)
                    .order_by("-version")
                    .first()
                )
                if twin is not None:
                    twin.already_ordered = True
                    return twin
                latest = ReportJob.objects.filter(**same).aggregate(v=Max("version"))["v"]
                job = ReportJob(**same, **extra, version=(latest or 0) + 1)
                job.requested_by = actor
                job._history_user = actor
                job.save()
                _dispatch(job)
            job.already_ordered = False
            return job
        except IntegrityError:
            # Another order took this version at the same moment: look again.
            logger.info("Report order collided on version (attempt %s)", attempt + 1)
    raise ValidationError(_("Många beställningar samtidigt. Försök igen om en stund."))


def retry_report_job(*, actor, job: ReportJob) -> ReportJob:
    """Queue a failed job again ("Försök igen")."""
    policy.require(actor, policy.CHANGE, job)
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().get(pk=job.pk)
        if job.status != JobStatus.FAILED:
            raise ValidationError(_("Bara en misslyckad rapport kan försökas igen."))
        job.requeue()
        job.phase = JobPhase.WAITING
        job._history_user = actor
        job.save()
        _dispatch(job)
    return job


def _check_adoptable(job: ReportJob) -> None:
    if job.kind != ReportKind.HANDLINGSPLAN:
        raise ValidationError(_("Bara en handlingsplan kan fastställas."))
    if job.status != JobStatus.DONE:
        raise ValidationError(_("Handlingsplanen måste vara klar innan den fastställs."))
    if job.adopted:
        raise ValidationError(_("Handlingsplanen är redan fastställd."))


def adopt_handlingsplan(*, actor, job: ReportJob) -> ReportJob:
    """Fastställ a finished handlingsplan: render its final PDF and freeze the version.

    The final PDF is the draft's own HTML with the cover saying "Fastställd av
    … den …"; it is archived next to the draft, and neither file changes
    afterwards. Rendering happens before the lock; the state is checked again
    under it, so two simultaneous adoptions give one.
    """
    policy.require(actor, policy.DECIDE, job)
    job = ReportJob.objects.get(pk=job.pk)
    _check_adoptable(job)
    adopted_at = timezone.now()
    try:
        final = archive.render_final_pdf(job, adopted_by=actor, adopted_at=adopted_at)
    except ValidationError:
        raise
    except Exception as exc:
        logger.exception("Final PDF of report job %s failed", job.pk)
        raise ValidationError(
            _(
                "Den slutliga PDF:en kunde inte skapas, så handlingsplanen är inte fastställd. "
                "Försök igen, eller kontakta portalens förvaltning om felet kvarstår."
            )
        ) from exc
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().get(pk=job.pk)
        _check_adoptable(job)
        job.adopted = True
        job.adopted_by = actor
        job.adopted_at = adopted_at
        job._history_user = actor
        job.save()
        archive.store_pdf(job, FileKind.FINAL_PDF, final)
    return job


def _set(job: ReportJob, **fields) -> None:
    """Write progress straight away so the status page sees it."""
    for name, value in fields.items():
        setattr(job, name, value)
    ReportJob.objects.filter(pk=job.pk).update(**fields)


def build_report(job: ReportJob) -> None:
    """Collect the data once, render every format and archive them on the job."""
    from portfolio.pdf import render_pdf
    from reports.collect import collect
    from reports.document import render_html
    from reports.xlsx import build_xlsx

    if job.adopted:
        raise ValidationError("An adopted report is never regenerated.")
    _set(job, phase=JobPhase.COLLECTING)
    data = collect(job)
    html = render_html(job, data)
    xlsx = build_xlsx(job, data)
    _set(job, phase=JobPhase.RENDERING)
    rendered = render_pdf(html)
    _set(job, phase=JobPhase.SAVING)
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().get(pk=job.pk)
        if job.status == JobStatus.DONE or job.files.exists():
            return  # another run of this job finished first; its files stand
        archive.store_file(job, FileKind.HTML, html.encode("utf-8"))
        archive.store_pdf(job, FileKind.PDF, rendered)
        archive.store_file(job, FileKind.XLSX, xlsx)
        job.status = JobStatus.DONE
        job.phase = JobPhase.DONE
        job.error = ""
        job.finished_at = timezone.now()
        job.save()


def _claim(job_id: int) -> ReportJob | None:
    return claim_job(
        ReportJob,
        job_id,
        time_limit=settings.CELERY_TASK_TIME_LIMIT,
        max_attempts=MAX_ATTEMPTS,
        gave_up=_(
            "Rapporten blev inte klar efter flera försök. Tryck på Försök igen, "
            "eller kontakta portalens förvaltning om felet kvarstår."
        ),
    )


def run_report_job(job_id: int) -> None:
    """What the Celery task does: claim the job and build it (``portfolio.jobs.run_job``)."""
    job = _claim(job_id)
    if job is None:
        return
    run_job(job, build_report, messages=MESSAGES, requeue_fields={"phase": JobPhase.WAITING})


MESSAGES = JobMessages(
    failed=gettext_lazy(
        "Ett oväntat fel uppstod när rapporten skapades. Försök igen, eller kontakta "
        "portalens förvaltning om felet kvarstår."
    ),
    transient=gettext_lazy(
        "Ett tillfälligt fel (fil eller databas) hindrade rapporten från att skapas. "
        "Försök igen om en stund."
    ),
    timeout=gettext_lazy(
        "Rapporten tog för lång tid att skapa och avbröts. Försök igen, eller kontakta "
        "portalens förvaltning om felet kvarstår."
    ),
)
