"""Report views: order, watch, download, archive, retry, adopt. Permissions via the policy."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from governance.models import ITPlan
from portfolio import policy
from portfolio.generic import restricted_or_404, run_action
from portfolio.jobs import JobStatus
from portfolio.models import Kommun
from reports import itplans, rules, services
from reports.choices import FileKind, ReportKind
from reports.forms import OrderReportForm
from reports.models import ReportJob


def _job(request, pk, action=policy.VIEW) -> ReportJob:
    job = get_object_or_404(
        ReportJob.objects.select_related(
            "kommun",
            "samverkan",
            "comparison_samverkan",
            "requested_by",
            "adopted_by",
            "it_plan__forvaltning__kommun",
        ).prefetch_related("files"),
        pk=pk,
    )
    policy.require(request.user, action, job)
    return job


class ArchiveView(LoginRequiredMixin, TemplateView):
    """Earlier reports per kommun and year."""

    template_name = "reports/archive.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        scope = policy.get_scope(user)
        jobs = policy.restrict(ReportJob.objects.all(), user).select_related(
            "kommun", "samverkan", "requested_by", "adopted_by", "it_plan__forvaltning__kommun"
        )
        kommuner = list(rules.viewable_kommuner(scope))
        kommun_id = self.request.GET.get("kommun", "")
        year = self.request.GET.get("year", "")
        if kommun_id.isdigit():
            jobs = jobs.filter(kommun_id=int(kommun_id))
        if year.isdigit():
            jobs = jobs.filter(year=int(year))
        jobs = jobs.order_by("-year", "kommun__name", "samverkan__name", "kind", "-version")
        return {
            **super().get_context_data(**kwargs),
            "jobs": jobs[:200],
            "kommuner": kommuner,
            "selected_kommun": kommun_id,
            "selected_year": year,
            "can_order": policy.can_add(self.request.user, ReportJob),
        }


class OrderView(LoginRequiredMixin, View):
    template_name = "reports/order.html"

    def _check(self, request):
        policy.require_add(request.user, ReportJob)

    def get(self, request):
        self._check(request)
        form = OrderReportForm(user=request.user, initial=request.GET.dict() or None)
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        self._check(request)
        form = OrderReportForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                job = services.order_report(
                    actor=request.user,
                    kind=form.cleaned_data["kind"],
                    year=form.cleaned_data["year"],
                    comparison_samverkan=form.cleaned_data["comparison"],
                    **form.cleaned_data["scope"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                if job.already_ordered:
                    messages.info(
                        request,
                        _("En likadan rapport är redan beställd och skapas nu. Här är den."),
                    )
                else:
                    messages.success(request, _("Rapporten är beställd."))
                return redirect(job.get_absolute_url())
        return render(request, self.template_name, {"form": form}, status=400)


def _status_context(request, job):
    return {
        "job": job,
        "can_retry": job.status == JobStatus.FAILED
        and policy.can(request.user, policy.CHANGE, job),
        "can_adopt": job.kind == ReportKind.HANDLINGSPLAN
        and job.status == JobStatus.DONE
        and not job.adopted
        and policy.can(request.user, policy.DECIDE, job),
    }


class JobDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        job = _job(request, pk)
        return render(request, "reports/job_detail.html", _status_context(request, job))


@login_required
def job_status(request, pk):
    """The status fragment that htmx polls every 2 s."""
    job = _job(request, pk)
    return render(request, "reports/_job_status.html", _status_context(request, job))


def serve_archived(stored) -> FileResponse:
    """The archived bytes, exactly as generated (never rebuilt from live data)."""
    if stored is None:
        raise Http404(_("Filen finns inte för den här rapporten."))
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Filen saknas.")) from None
    return FileResponse(
        handle, as_attachment=True, filename=stored.filename(), content_type=stored.content_type
    )


def _done_job(request, pk) -> ReportJob:
    job = _job(request, pk, policy.DOWNLOAD)
    if job.status != JobStatus.DONE:
        raise Http404(_("Rapporten är inte klar."))
    return job


@login_required
def download(request, pk):
    """The report's PDF: the fastställd one for an adopted handlingsplan."""
    return serve_archived(_done_job(request, pk).document)


@login_required
def download_xlsx(request, pk):
    """The key figures as archived when the report was generated."""
    return serve_archived(_done_job(request, pk).stored(FileKind.XLSX))


#: formats a user may download by name (the HTML source stays internal)
DOWNLOADABLE = {FileKind.PDF, FileKind.FINAL_PDF, FileKind.XLSX}


@login_required
def download_file(request, pk, kind):
    """One archived file by kind, e.g. the utkast of an adopted handlingsplan."""
    job = _done_job(request, pk)
    if kind not in DOWNLOADABLE:
        raise Http404(_("Filen finns inte för den här rapporten."))
    return serve_archived(job.stored(kind))


@login_required
@require_POST
def retry(request, pk):
    job = _job(request, pk)
    return run_action(
        request,
        lambda: services.retry_report_job(actor=request.user, job=job),
        success=_("Rapporten har köats igen."),
        redirect_to=job.get_absolute_url(),
    )


@login_required
@require_POST
def adopt(request, pk):
    job = _job(request, pk)
    return run_action(
        request,
        lambda: services.adopt_handlingsplan(actor=request.user, job=job),
        success=_("Handlingsplanen är fastställd."),
        redirect_to=job.get_absolute_url(),
    )


# --- The IT-plan PDFs (ordered from the IT-plan pages) -------------------------------------


def _ordered(request, job) -> HttpResponseRedirect:
    if job.already_ordered:
        messages.info(request, _("En likadan rapport är redan beställd och skapas nu. Här är den."))
    else:
        messages.success(request, _("Rapporten är beställd."))
    return redirect(job.get_absolute_url())


@login_required
@require_POST
def order_it_plan(request, pk):
    """The PDF of one förvaltning's IT-plan."""
    plan = restricted_or_404(ITPlan.objects.select_related("kommun"), request.user, pk)
    try:
        job = itplans.order_it_plan_pdf(actor=request.user, plan=plan)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(plan.get_absolute_url())
    return _ordered(request, job)


@login_required
@require_POST
def order_it_plans(request, pk):
    """The kommun's consolidated "IT-planer <år>" PDF."""
    kommun = restricted_or_404(Kommun.objects.all(), request.user, pk, policy.MANAGE)
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        year = None
    if year is None or not 2000 <= year <= 2100:
        messages.error(request, _("Ange ett år mellan 2000 och 2100."))
        return redirect(reverse("governance:itplan_consolidation", args=[kommun.pk]))
    try:
        job = itplans.order_it_plans_pdf(actor=request.user, kommun=kommun, year=year)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        url = reverse("governance:itplan_consolidation", args=[kommun.pk])
        return redirect(f"{url}?year={year}")
    return _ordered(request, job)
