"""The import pipeline: upload -> preview (dry run) -> confirm -> import, all or nothing.

``start_import`` stores the uploaded file on an ``ImportJob`` owned by the
actor and runs the preview (in the request for small files, as a Celery job
for big ones). ``confirm_import`` queues the real import, which runs the same
resource inside one transaction and rolls everything back if any row fails.
``run_import_job`` is what the thin Celery task calls; it is idempotent.
"""

from __future__ import annotations

import csv
import datetime
import io
import logging
import os

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.results import RowResult

from portfolio import policy
from portfolio.choices import ImportKind, ImportStage
from portfolio.imports.files import ImportFileError, prepare_dataset, read_table
from portfolio.imports.resources import RESOURCES
from portfolio.imports.resources.base import column_label
from portfolio.imports.resources.context import ImportContext
from portfolio.imports.resources.widgets import as_text
from portfolio.jobs import JobMessages, JobStatus, claim_job, fail_job, run_job
from portfolio.models import ImportJob, Kommun
from portfolio.outbox import services as outbox

logger = logging.getLogger(__name__)

PREVIEW_ROWS = 100  # rows shown in the preview table
MAX_ERRORS = 500  # errors kept on the job (the count is always exact)


def model_for(kind: str):
    """The register model whose creation rights an import of ``kind`` needs."""
    from portfolio.models import BudgetOutcome, Initiative, RentalCount, System

    if kind == ImportKind.BUDGET_OUTCOME:
        return BudgetOutcome
    if kind == ImportKind.RENTAL_COUNT:
        return RentalCount
    return Initiative if kind == ImportKind.INITIATIVE else System


def importable_kommuner(actor, kind: str | None = None):
    """Kommuner where ``actor`` may add the kind's rows (any kind when None)."""
    kinds = [kind] if kind else [value for value, _label in ImportKind.choices]
    found = Kommun.objects.none()
    for model in {model_for(k) for k in kinds}:
        found = found | policy.targets(actor, model).kommuner()
    return found.distinct()


def may_import(actor) -> bool:
    return policy.can_add(actor, ImportJob)


def importable_kinds(actor) -> list[tuple[str, str]]:
    return [
        (value, label)
        for value, label in ImportKind.choices
        if policy.can_add(actor, model_for(value))
    ]


def read_job_file(job: ImportJob):
    with job.file.open("rb") as handle:
        content = handle.read()
    return prepare_dataset(read_table(content, job.file.name, job.kind), job.kind)


# --- Running the resource --------------------------------------------------------------


def _errors(result, resource_class, lines) -> list[dict]:
    def line_of(number):
        return lines[number - 1] if number and 0 < number <= len(lines) else number

    errors = []
    for invalid in result.invalid_rows:
        for attribute, messages in invalid.error_dict.items():
            column = column_label(resource_class, attribute) if attribute != "__all__" else "–"
            for message in messages:
                errors.append(
                    {"line": line_of(invalid.number), "column": column, "message": str(message)}
                )
    for number, row_errors in result.row_errors():
        for error in row_errors:
            logger.info("Import row %s failed: %r", number, error.error)
            errors.append(
                {
                    "line": line_of(number),
                    "column": "–",
                    "message": _("Raden kunde inte sparas: %(error)s") % {"error": error.error},
                }
            )
    for error in result.base_errors:
        logger.warning("Import failed: %r", error.error)
        errors.append(
            {
                "line": "–",
                "column": "–",
                "message": _("Importen kunde inte genomföras: %(error)s") % {"error": error.error},
            }
        )
    errors.sort(key=lambda e: e["line"] if isinstance(e["line"], int) else 0)
    return errors


def run_resource(*, actor, kommun, kind, dataset, lines, dry_run: bool) -> dict:
    """Import ``dataset`` in one transaction; roll back on a dry run or any error."""
    resource_class = RESOURCES[kind]
    resource = resource_class(context=ImportContext(actor=actor, kommun=kommun))
    resource.lines = lines
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        result = resource.import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=False,
            use_transactions=True,
            rollback_on_validation_errors=True,
        )
        errors = _errors(result, resource_class, lines)
        if dry_run or errors:
            transaction.set_rollback(True)
    kinds = dict(resource.row_kinds)
    for invalid in result.invalid_rows:
        kinds[invalid.number] = RowResult.IMPORT_TYPE_INVALID
    for number, _row_errors in result.row_errors():
        kinds[number] = RowResult.IMPORT_TYPE_ERROR
    columns = [c for c in resource_class.columns() if c in dataset.headers]
    indexes = [dataset.headers.index(c) for c in columns]
    labels = {
        RowResult.IMPORT_TYPE_NEW: _("Ny"),
        RowResult.IMPORT_TYPE_UPDATE: _("Uppdateras"),
        RowResult.IMPORT_TYPE_INVALID: _("Fel"),
        RowResult.IMPORT_TYPE_ERROR: _("Fel"),
        RowResult.IMPORT_TYPE_SKIP: _("Oförändrad"),
    }
    rows = []
    for number, row in enumerate(dataset[:PREVIEW_ROWS], start=1):
        rows.append(
            {
                "line": lines[number - 1],
                "action": str(labels.get(kinds.get(number), "")),
                "error": kinds.get(number)
                in (RowResult.IMPORT_TYPE_INVALID, RowResult.IMPORT_TYPE_ERROR),
                "values": [as_text(row[i]) for i in indexes],
            }
        )
    counted = list(kinds.values())
    return {
        "total": len(dataset),
        "new": counted.count(RowResult.IMPORT_TYPE_NEW),
        "updated": counted.count(RowResult.IMPORT_TYPE_UPDATE),
        "unchanged": counted.count(RowResult.IMPORT_TYPE_SKIP),
        "error_rows": len({e["line"] for e in errors}),
        "errors": errors,
        "columns": columns,
        "rows": rows,
    }


# --- Services --------------------------------------------------------------------------


def _dispatch(job: ImportJob) -> None:
    from portfolio.tasks import run_import_job

    outbox.enqueue(run_import_job, job.pk, label=f"Import {job.pk} ({job.get_stage_display()})")


def start_import(*, actor, kind: str, kommun, uploaded) -> ImportJob:
    """Store the file on a new job and preview it (now, or as a Celery job when big)."""
    if not importable_kommuner(actor, kind).filter(pk=kommun.pk).exists():
        raise PermissionDenied(_("Du får inte importera till den här kommunen."))
    uploaded.seek(0)
    content = uploaded.read()
    name = os.path.basename(uploaded.name or "import.csv")[:255]
    dataset, lines, unknown = prepare_dataset(read_table(content, name, kind), kind)
    uploaded.seek(0)
    with transaction.atomic():
        job = ImportJob(kind=kind, kommun=kommun, created_by=actor, original_name=name)
        job.file.save(name, uploaded, save=False)
        job.total_rows = len(dataset)
        job.preview = {"unknown_columns": unknown}
        job.save()
        if len(dataset) > settings.IMPORT_ASYNC_ROWS:
            _dispatch(job)
            return job
    run_import_job(job.pk, prepared=(dataset, lines))  # the file is read once, not twice
    job.refresh_from_db()
    return job


def confirm_import(*, actor, job: ImportJob) -> ImportJob:
    """Queue the real import of a previewed job without errors."""
    policy.require(actor, policy.CHANGE, job)
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job.pk).first()
        if job is None:
            raise ValidationError(_("Förhandsgranskningen har rensats bort. Ladda upp filen igen."))
        if not job.can_confirm:
            raise ValidationError(
                _("Bara en förhandsgranskad fil utan fel och med ändringar kan importeras.")
            )
        job.stage = ImportStage.IMPORT
        job.status = JobStatus.QUEUED
        job.attempts = 0
        job.error = ""
        job.finished_at = None
        job.save()
        _dispatch(job)
    return job


def retry_import(*, actor, job: ImportJob) -> ImportJob:
    """Queue a failed job again, in the stage where it failed."""
    policy.require(actor, policy.CHANGE, job)
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status != JobStatus.FAILED or not job.file:
            raise ValidationError(_("Bara en misslyckad import kan försökas igen."))
        job.requeue()
        job.save()
        _dispatch(job)
    return job


#: a job whose worker died this many times is failed instead of run again
MAX_ATTEMPTS = 3


def _claim(job_id: int) -> ImportJob | None:
    return claim_job(
        ImportJob,
        job_id,
        time_limit=settings.IMPORT_TASK_TIME_LIMIT,
        max_attempts=MAX_ATTEMPTS,
        gave_up=_(
            "Importen avbröts upprepade gånger och gavs upp. Ingenting sparades. Försök igen, "
            "eller kontakta portalens förvaltning om felet kvarstår."
        ),
    )


def _run(job: ImportJob, prepared=None) -> None:
    dataset, lines = prepared if prepared is not None else read_job_file(job)[:2]
    outcome = run_resource(
        actor=job.created_by,
        kommun=job.kommun,
        kind=job.kind,
        dataset=dataset,
        lines=lines,
        dry_run=job.stage == ImportStage.PREVIEW,
    )
    errors = outcome.pop("errors")
    job.total_rows = outcome.pop("total")
    job.new_rows = outcome.pop("new")
    job.updated_rows = outcome.pop("updated")
    job.error_rows = outcome.pop("error_rows")
    job.preview = {
        **outcome,
        "unknown_columns": job.preview.get("unknown_columns", []),
        "errors": errors[:MAX_ERRORS],
        "error_count": len(errors),
    }
    job.finished_at = timezone.now()
    if errors and job.stage == ImportStage.IMPORT:
        job.status = JobStatus.FAILED
        job.error = _("Importen avbröts eftersom %(count)s rader hade fel. Ingenting sparades.") % {
            "count": job.error_rows
        }
    else:
        job.status = JobStatus.DONE
        job.error = ""
    if job.stage == ImportStage.IMPORT and job.status == JobStatus.DONE and job.file:
        job.file.delete(save=False)  # imported: the uploaded data is not kept
    job.save()


def run_import_job(job_id: int, prepared=None) -> None:
    """What the Celery task does: claim the job, run its stage, record the outcome.

    ``prepared`` is the (dataset, lines) that ``start_import`` already read from the
    uploaded file, for the preview it runs in the request.
    """
    job = _claim(job_id)
    if job is None:
        return

    def work(job: ImportJob) -> None:
        try:
            with translation.override(settings.LANGUAGE_CODE):
                _run(job, prepared)
        except ImportFileError as exc:
            fail_job(job, " ".join(exc.messages))

    run_job(job, work, messages=MESSAGES)


MESSAGES = JobMessages(
    failed=gettext_lazy(
        "Importen misslyckades på grund av ett tekniskt fel. Ingenting sparades. "
        "Försök igen, eller kontakta portalens förvaltning om felet kvarstår."
    ),
    transient=gettext_lazy(
        "Ett tillfälligt fel (fil eller databas) hindrade importen. Ingenting sparades. "
        "Försök igen om en stund."
    ),
    timeout=gettext_lazy(
        "Importen tog för lång tid och avbröts. Ingenting sparades. Försök igen, eller "
        "kontakta portalens förvaltning om felet kvarstår."
    ),
)


def purge_stale_imports(*, days: int | None = None) -> int:
    """Delete unconfirmed previews older than ``IMPORT_PREVIEW_RETENTION_DAYS``, with their files.

    A failed import of that age loses its uploaded file and the rows shown in
    its preview (it can no longer be tried again). Each job goes in its own
    transaction, locked and checked again, so a preview confirmed meanwhile
    stays; a file is deleted only once its row is gone. Returns the number of
    previews deleted.
    """
    days = settings.IMPORT_PREVIEW_RETENTION_DAYS if days is None else days
    cutoff = timezone.now() - datetime.timedelta(days=days)
    stale = ImportJob.objects.filter(created_at__lt=cutoff)
    purged = 0
    for pk in stale.filter(stage=ImportStage.PREVIEW).values_list("pk", flat=True):
        with transaction.atomic():
            job = ImportJob.objects.select_for_update().filter(pk=pk).first()
            if job is None or job.stage != ImportStage.PREVIEW:
                continue
            _delete_file_on_commit(job)
            job.delete()
            purged += 1
    failed = stale.filter(stage=ImportStage.IMPORT, status=JobStatus.FAILED).exclude(file="")
    for pk in failed.values_list("pk", flat=True):
        with transaction.atomic():
            job = ImportJob.objects.select_for_update().filter(pk=pk).first()
            if job is None or job.status != JobStatus.FAILED or not job.file:
                continue
            _delete_file_on_commit(job)
            job.file = ""
            job.preview = {**job.preview, "rows": []}
            job.save(update_fields=["file", "preview"])
    return purged


def _delete_file_on_commit(job: ImportJob) -> None:
    if job.file:
        storage, name = job.file.storage, job.file.name
        transaction.on_commit(lambda: storage.delete(name))


def template_csv(kind: str) -> str:
    """A CSV template (UTF-8 with BOM, semicolons) with the kind's column headers."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerow(RESOURCES[kind].columns())
    return "\ufeff" + buffer.getvalue()
