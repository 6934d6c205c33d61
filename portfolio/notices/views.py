"""Notiser: the user's own notices (list, one notice, mark read) and the channel per kind."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portfolio.generic import ObjectDetailView, ObjectListView, restricted_or_404, run_action
from portfolio.notices import services
from portfolio.notices.filters import NoticeFilter
from portfolio.notices.forms import NoticePreferenceForm
from portfolio.notices.kinds import label
from portfolio.notices.models import Notice
from portfolio.notices.tables import NoticeTable


class NoticeListView(ObjectListView):
    model = Notice
    table_class = NoticeTable
    filterset_class = NoticeFilter
    title = gettext_lazy("Notiser")
    template_name = "portfolio/notices/notice_list.html"
    paginate_by = 20

    def get_queryset(self):
        return Notice.objects.filter(user=self.request.user).defer("body")


class NoticeDetailView(ObjectDetailView):
    model = Notice
    template_name = "portfolio/notices/notice_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kind_label"] = label(self.object.kind)
        return context


def _back(request, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


@login_required
@require_POST
def notice_read(request, pk):
    notice = restricted_or_404(Notice.objects.all(), request.user, pk)
    return run_action(
        request,
        lambda: services.mark_notice_read(actor=request.user, notice=notice),
        success=_("Notisen är markerad som läst."),
        redirect_to=_back(request, reverse("portfolio:notice_list")),
    )


@login_required
@require_POST
def notice_read_all(request):
    return run_action(
        request,
        lambda: services.mark_all_notices_read(actor=request.user),
        success=_("Alla notiser är markerade som lästa."),
        redirect_to=reverse("portfolio:notice_list"),
    )


@login_required
def notice_settings(request):
    current = services.preferences_of(request.user)
    form = NoticePreferenceForm(request.POST or None, initial_channels=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_notice_preferences(actor=request.user, channels=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Dina notisinställningar är sparade."))
            return redirect("portfolio:notice_settings")
    return render(
        request,
        "portfolio/notices/settings.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )
