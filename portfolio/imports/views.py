"""Import pages: upload, preview with errors per row and column, confirm, follow the job."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portfolio import policy
from portfolio.choices import ImportKind
from portfolio.exports import XLSX_CONTENT_TYPE
from portfolio.generic import restricted_or_404, run_action
from portfolio.imports import services as import_services
from portfolio.imports.forms import ImportForm
from portfolio.imports.template import template_xlsx
from portfolio.models import ImportJob


def _require_importer(user):
    if not import_services.may_import(user):
        raise PermissionDenied(_("Din roll ger inte behörighet att importera."))


@login_required
def import_start(request):
    _require_importer(request.user)
    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        initial={"kind": request.GET.get("typ")},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                job = import_services.start_import(
                    actor=request.user,
                    kind=form.cleaned_data["kind"],
                    kommun=form.cleaned_data["kommun"],
                    uploaded=form.cleaned_data["file"],
                )
            except ValidationError as exc:
                form.add_error("file", exc)
            else:
                return redirect(job.get_absolute_url())
        status = 400
    jobs = policy.restrict(ImportJob.objects.all(), request.user).select_related("kommun")[:10]
    context = {
        "form": form,
        "jobs": jobs,
        "kinds": import_services.importable_kinds(request.user),
    }
    return render(request, "portfolio/imports/import_start.html", context, status=status)


def _job_context(request, job):
    return {
        "job": job,
        "preview": job.preview or {},
        "can_change": policy.can(request.user, policy.CHANGE, job),
    }


@login_required
def import_job(request, pk):
    job = restricted_or_404(ImportJob.objects.select_related("kommun"), request.user, pk)
    return render(request, "portfolio/imports/import_job.html", _job_context(request, job))


@login_required
def import_job_status(request, pk):
    """The fragment that htmx polls every 2 s while the job runs."""
    job = restricted_or_404(ImportJob.objects.select_related("kommun"), request.user, pk)
    return render(request, "portfolio/imports/_import_job.html", _job_context(request, job))


@login_required
@require_POST
def import_confirm(request, pk):
    job = restricted_or_404(ImportJob.objects.all(), request.user, pk, policy.CHANGE)
    return run_action(
        request,
        lambda: import_services.confirm_import(actor=request.user, job=job),
        success=_("Importen har startat."),
        redirect_to=job.get_absolute_url(),
    )


@login_required
@require_POST
def import_retry(request, pk):
    job = restricted_or_404(ImportJob.objects.all(), request.user, pk, policy.CHANGE)
    return run_action(
        request,
        lambda: import_services.retry_import(actor=request.user, job=job),
        success=_("Importen har köats igen."),
        redirect_to=job.get_absolute_url(),
    )


@login_required
def import_template(request):
    """An empty CSV with one kind's headers (``?typ=system``), or the XLSX template of
    every kind the user may import (``?format=xlsx``)."""
    if request.GET.get("format") == "xlsx":
        kinds = [value for value, _label in import_services.importable_kinds(request.user)]
        kinds = kinds or list(ImportKind.values)
        response = HttpResponse(template_xlsx(kinds), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = 'attachment; filename="importmall.xlsx"'
        return response
    kind = request.GET.get("typ", ImportKind.SYSTEM)
    if kind not in ImportKind.values:
        kind = ImportKind.SYSTEM
    response = HttpResponse(
        import_services.template_csv(kind), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="mall-{kind}.csv"'
    return response
