"""CSV/XLSX export of filtered register lists, for Swedish Excel and safe against formulas.

CSV: semicolons, UTF-8 with BOM, decimal comma and no thousands separator
(``1234567,5``), ISO dates. XLSX: numbers are numbers and dates are date
cells. Text that a spreadsheet would run as a formula (``=``, ``+``, ``-``,
``@``, tab, CR first) is neutralised: in CSV with a leading apostrophe, in
XLSX as a text-typed cell (no visible apostrophe). A text that itself starts
with an apostrophe followed by one of those (or another apostrophe) gets one
more apostrophe in both, so the import can take off exactly what the export
added (``portfolio.imports.files``). Control characters that a stored value
may hold (a NUL from an old import) are left out, so no stored text can break
an export.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
#: after a leading apostrophe, these mean that the apostrophe was added by an export
UNESCAPED_AFTER_QUOTE = frozenset("=+-@\t\r'")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def clean_text(text: str) -> str:
    """Text without the control characters no spreadsheet accepts (tab, CR, LF stay)."""
    return CONTROL_CHARACTERS.sub("", text)


def _quoted_by_export(text: str) -> bool:
    return text[:1] == "'" and text[1:2] in UNESCAPED_AFTER_QUOTE


def neutralise_cell(value):
    """A CSV cell: text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    text = clean_text(str(value))
    if text.startswith(DANGEROUS_PREFIXES) or _quoted_by_export(text):
        return "'" + text
    return text


def _number_text(value) -> str:
    """1234567.5 -> "1234567,5": decimal comma, no thousands separator, no exponent."""
    if isinstance(value, float):
        value = Decimal(repr(value))
    return format(value, "f").replace(".", ",")


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        return _number_text(value)
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return neutralise_cell(value)


def write_csv(headers, rows) -> str:
    """The CSV text, BOM first, as Swedish Excel opens it with a double click."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([clean_text(str(h)) for h in headers])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return "\ufeff" + buffer.getvalue()


def xlsx_cell(sheet, value):
    """A value or a write-only cell: numbers and dates typed, formula-like text as text."""
    if value is None or (isinstance(value, int | float | Decimal) and not isinstance(value, bool)):
        return value
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(value)
        return value
    if isinstance(value, datetime.date):
        return value
    text = clean_text(str(value))
    if _quoted_by_export(text):
        return "'" + text
    if text.startswith(DANGEROUS_PREFIXES):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"  # a string, never a formula
        cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
        return cell
    return text


def write_xlsx(sheets) -> bytes:
    """A workbook of ``(title, headers, rows)`` sheets: bold, frozen header row."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=clean_text(str(title))[:31] or "Export")
        sheet.freeze_panes = "A2"
        header_cells = []
        for index, header in enumerate(headers, start=1):
            text = clean_text(str(header))
            width = min(max(len(text) + 4, 12), 40)
            sheet.column_dimensions[get_column_letter(index)].width = width
            cell = WriteOnlyCell(sheet, value=text)
            cell.font = Font(bold=True)
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in rows:
            sheet.append([xlsx_cell(sheet, v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def file_response(fmt: str, filename: str, sheets) -> HttpResponse:
    """A download of ``sheets`` as XLSX (every sheet) or CSV (the first one)."""
    if fmt == "xlsx":
        response = HttpResponse(write_xlsx(sheets), content_type=XLSX_CONTENT_TYPE)
    else:
        _title, headers, rows = sheets[0]
        response = HttpResponse(write_csv(headers, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def export_response(fmt: str, filename: str, columns, objects, title: str = "") -> HttpResponse:
    """``columns`` are ``(header, getter)``; each getter gives a cell value for one object."""
    headers = [header for header, _getter in columns]
    rows = ([getter(obj) for _header, getter in columns] for obj in objects)
    return file_response(fmt, filename, [(title or filename, headers, rows)])


class ExportMixin:
    """Add ``?export=csv|xlsx`` to an ObjectListView; the filters in the query are kept."""

    template_name = "portfolio/export_list.html"
    export_columns: list = []
    export_filename = "export"

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("export")
        if fmt in ("csv", "xlsx"):
            return self.export(fmt, self.filtered_queryset())
        return super().get(request, *args, **kwargs)

    def filtered_queryset(self):
        queryset = self.get_table_queryset()
        filterset = self.get_filterset(queryset)
        return filterset.qs if filterset is not None else queryset

    def export(self, fmt: str, queryset) -> HttpResponse:
        return export_response(fmt, self.export_filename, self.export_columns, queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("export", None)
        query.pop("page", None)
        context["export_query"] = query.urlencode()
        return context
