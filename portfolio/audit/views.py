"""Granskning: the read-only audit viewer (history and login events).

GET only; there is no view that changes, reverts or deletes history.
Access: ``portfolio.audit.may_audit`` (policy action AUDIT on a kommun).
"""

from __future__ import annotations

import csv

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from portfolio.audit import trail as audit
from portfolio.generic import PortalView

PAGE_SIZE = 50
MAX_PAGE = 100_000  # beyond any real trail; keeps the OFFSET inside the database's range
CSV_MAX_ROWS = 50_000


class AuditFilterForm(forms.Form):
    user = forms.CharField(label=gettext_lazy("Användare"), required=False, max_length=150)
    model_key = forms.ChoiceField(label=gettext_lazy("Objekttyp"), required=False)
    kommun = forms.ModelChoiceField(
        label=gettext_lazy("Kommun"), required=False, queryset=audit.Kommun.objects.none()
    )
    date_from = forms.DateField(
        label=gettext_lazy("Från och med"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=gettext_lazy("Till och med"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model_key"].choices = [("", _("Alla"))] + audit.model_choices()
        self.fields["kommun"].queryset = audit.audit_kommuner(user)
        self.fields["kommun"].empty_label = _("Alla")

    def to_filter(self) -> audit.AuditFilter:
        if not self.is_valid():
            return audit.AuditFilter()
        data = self.cleaned_data
        return audit.AuditFilter(
            user=data["user"].strip(),
            model_key=data["model_key"],
            kommun=data["kommun"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )


def _checked(request) -> tuple[AuditFilterForm, audit.AuditFilter]:
    if not audit.may_audit(request.user):
        raise PermissionDenied(
            _("Bara administratör eller läsare (revisor) får läsa granskningsloggen.")
        )
    form = AuditFilterForm(request.GET or None, user=request.user)
    return form, form.to_filter() if request.GET else audit.AuditFilter()


def _page(rows, requested) -> Page:
    """The requested page (the first when out of range) with its total, in one query."""
    try:
        number = min(max(int(requested or 1), 1), MAX_PAGE)
    except ValueError:
        number = 1
    entries, total = audit.union_page(rows, number, PAGE_SIZE)
    if not entries and number > 1:
        number = 1
        entries, total = audit.union_page(rows, number, PAGE_SIZE)
    paginator = Paginator(range(total), PAGE_SIZE, allow_empty_first_page=True)
    return Page(entries, number, paginator)


class AuditListView(PortalView):
    http_method_names = ["get", "head"]

    def get(self, request):
        form, flt = _checked(request)
        rows = audit.audit_queryset(request.user, flt)
        page = _page(rows, request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return render(
            request,
            "portfolio/audit/audit_list.html",
            {
                "form": form,
                "page": page,
                "entries": audit.build_entries(page.object_list),
                "query": query.urlencode(),
            },
        )


class AuditExportView(PortalView):
    """The filtered trail as CSV (UTF-8 with BOM for Excel, formulas neutralised)."""

    http_method_names = ["get", "head"]

    def get(self, request):
        _form, flt = _checked(request)
        rows = audit.audit_queryset(request.user, flt)[:CSV_MAX_ROWS]
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="granskning-{stamp}.csv"'
        response.write("\ufeff")
        writer = csv.writer(response, delimiter=";")
        writer.writerow(
            [_("Tidpunkt"), _("Användare"), _("Händelse"), _("Objekttyp"), _("Objekt-id"),
             _("Objekt"), _("Ändringar")]
        )  # fmt: skip
        for start in range(0, CSV_MAX_ROWS, 1000):
            chunk = list(rows[start : start + 1000])
            if not chunk:
                break
            for e in audit.build_entries(chunk):
                changes = "; ".join(f"{c['field']}: {c['old']} → {c['new']}" for c in e.changes)
                writer.writerow(
                    [
                        audit.csv_safe(v)
                        for v in (
                            timezone.localtime(e.timestamp).isoformat(timespec="seconds"),
                            e.username,
                            e.action,
                            e.model_label,
                            e.object_id,
                            e.object_label,
                            changes,
                        )
                    ]
                )
        return response


audit_list = require_safe(AuditListView.as_view())
audit_export = require_safe(AuditExportView.as_view())
