"""The report archive: every file a job produced, stored once with its SHA-256.

``store_file`` writes a ``ReportFile`` (the model refuses any later change).
``render_final_pdf`` makes the fastställd PDF of a handlingsplan from the
draft's stored HTML, so the final document is the draft the kommundirektör
read with only its cover state changed: "Fastställd av … den …".
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from reports.choices import FileKind
from reports.models import ReportFile, ReportJob, sha256_hex

STATE_TEMPLATE = "reports/pdf/_state.html"


def store_pdf(job: ReportJob, kind: str, rendered) -> ReportFile:
    """Archive a rendered PDF (``portfolio.pdf.RenderedPdf``) with its page count and variant."""
    return store_file(
        job, kind, rendered.data, page_count=rendered.page_count, pdf_variant=rendered.variant
    )


def store_file(
    job: ReportJob, kind: str, data: bytes, *, page_count=None, pdf_variant=""
) -> ReportFile:
    """Archive ``data`` as the job's file of ``kind`` (once; a second one is refused)."""
    stored = ReportFile(
        job=job,
        kind=kind,
        sha256=sha256_hex(data),
        size=len(data),
        page_count=page_count,
        pdf_variant=pdf_variant,
    )
    stored.file.save(job.filename(kind), ContentFile(data), save=False)
    stored.save()
    return stored


def state_html(job: ReportJob, *, adopted_by=None, adopted_at=None) -> str:
    """The cover's state line: utkast, or fastställd by whom and when."""
    return render_to_string(
        STATE_TEMPLATE, {"job": job, "adopted_by": adopted_by, "adopted_at": adopted_at}
    )


def final_html(job: ReportJob, *, adopted_by, adopted_at) -> str:
    """The draft's stored HTML with the fastställd state line instead of the utkast one."""
    source = job.stored(FileKind.HTML)
    if source is None:
        raise ValidationError(
            _(
                "Utkastet skapades innan portalen sparade rapportens källa och kan inte göras "
                "till en slutlig handling. Beställ en ny version och fastställ den."
            )
        )
    draft = source.read().decode("utf-8")
    draft_state = state_html(job).strip()
    if draft.count(draft_state) != 1:
        raise ValidationError(
            _("Utkastets försättsblad känns inte igen; det kan inte fastställas.")
        )
    final_state = state_html(job, adopted_by=adopted_by, adopted_at=adopted_at).strip()
    return draft.replace(draft_state, final_state)


def render_final_pdf(job: ReportJob, *, adopted_by, adopted_at):
    """The fastställd PDF (a ``RenderedPdf``); rendered outside any transaction (it is slow)."""
    from portfolio import pdf

    return pdf.render_pdf(final_html(job, adopted_by=adopted_by, adopted_at=adopted_at))
