"""CSV/XLSX export of filtered register lists, safe against formula injection."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value):
    """Prefix text that a spreadsheet would run as a formula with a single quote."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    text = str(value)
    if text.startswith(DANGEROUS_PREFIXES):
        return "'" + text
    return text


def _rows(columns, objects):
    yield [str(header) for header, _getter in columns]
    for obj in objects:
        yield [neutralise_cell(getter(obj)) for _header, getter in columns]


def export_response(fmt: str, filename: str, columns, objects) -> HttpResponse:
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        for row in _rows(columns, objects):
            sheet.append([neutralise_cell(cell) for cell in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        for row in _rows(columns, objects):
            writer.writerow(row)
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


class ExportMixin:
    """Add ``?export=csv|xlsx`` to an ObjectListView; the filters in the query are kept."""

    template_name = "portfolio/export_list.html"
    export_columns: list = []
    export_filename = "export"

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("export")
        if fmt in ("csv", "xlsx"):
            queryset = self.get_table_queryset()
            filterset = self.get_filterset(queryset)
            if filterset is not None:
                queryset = filterset.qs
            return export_response(fmt, self.export_filename, self.export_columns, queryset)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("export", None)
        query.pop("page", None)
        context["export_query"] = query.urlencode()
        return context
