"""Reading an import file: CSV as Swedish Excel saves it, or an XLSX workbook.

``read_table`` gives the header and the rows, numbered as a spreadsheet
numbers them (the header is row 1), or raises ``ImportFileError`` with a
Swedish message that says what is wrong and where: a broken workbook, a
control character (anywhere in the file, with its row), a row with the other
delimiter, a row with more cells than the header. ``prepare_dataset`` maps the
headers to the kind's columns and undoes the formula neutralisation that the
portal's own exports add.
"""

from __future__ import annotations

import csv
import io
import logging
import os

import tablib
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portfolio.choices import ImportKind
from portfolio.exports import UNESCAPED_AFTER_QUOTE
from portfolio.imports.resources import RESOURCES
from portfolio.imports.resources.widgets import as_text
from portfolio.uploads import (
    CONTROL_CHARACTERS,
    UTF16_BOMS,
    check_xlsx_archive,
    control_character_message,
    decode_text,
    find_control_character,
    not_excel_error,
    sniff_delimiter,
)

logger = logging.getLogger(__name__)

DELIMITER_NAMES = {
    ";": gettext_lazy("semikolon (;)"),
    ",": gettext_lazy("komma (,)"),
    "\t": gettext_lazy("tabb"),
}
#: the sheets of the XLSX template that hold no rows
TEMPLATE_SHEETS = ("instruktioner", "listor")


class ImportFileError(ValidationError):
    """The file as a whole cannot be read (encoding, format, missing columns)."""


class Table:
    """The header and the (row number, cells) of one sheet or CSV file."""

    def __init__(self, header, rows, sheet: str = ""):
        self.header = header
        self.rows = rows
        self.sheet = sheet


def read_table(content: bytes, filename: str, kind: str) -> Table:
    if os.path.splitext(filename)[1].lower() == ".xlsx":
        return _read_xlsx(content, kind)
    return _read_csv(content)


# --- CSV -------------------------------------------------------------------------------


def _other_delimiter(cells: list[str], delimiter: str, width: int) -> str | None:
    """The delimiter a row with the wrong number of cells was written with, if another one."""
    joined = delimiter.join(cells)
    for other in DELIMITER_NAMES:
        if other == delimiter or other not in joined:
            continue
        split = next(csv.reader([joined], delimiter=other), [])
        if len(split) == width or (len(cells) == 1 and len(split) > 1):
            return other
    return None


def _read_csv(content: bytes) -> Table:
    if content.startswith(UTF16_BOMS):
        raise ImportFileError(
            _(
                "Filen är sparad som Unicode-text (UTF-16). Spara den i Excel som "
                "”CSV UTF-8 (kommaavgränsad)” och ladda upp den igen."
            )
        )
    found = find_control_character(content)
    if found is not None:
        raise ImportFileError(control_character_message(*found))
    text = decode_text(content)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"')
    try:
        header = next(reader, None)
        if not header or not any(cell.strip() for cell in header):
            raise ImportFileError(_("Filen saknar rubrikrad."))
        width = len(header)
        rows = []
        for line, cells in enumerate(reader, start=2):
            if len(cells) != width:
                cells = _fit(cells, width, delimiter, line)
            rows.append((line, cells))
    except csv.Error as exc:
        logger.info("Unreadable CSV: %s", exc)
        raise ImportFileError(
            _("Filen kunde inte läsas som CSV (rad %(line)s): kontrollera citattecknen.")
            % {"line": reader.line_num}
        ) from exc
    return Table(header, rows)


def _fit(cells: list[str], width: int, delimiter: str, line: int) -> list[str]:
    """A row with fewer or more cells than the header, as the header's width, or an error."""
    if not cells:
        return [""] * width  # a blank line keeps its number; blank rows are dropped later
    other = _other_delimiter(cells, delimiter, width)
    if other is not None:
        raise ImportFileError(
            _(
                "Rad %(line)s är avgränsad med %(other)s, men rubrikraden med %(delimiter)s. "
                "Använd samma avgränsare på alla rader och ladda upp filen igen."
            )
            % {
                "line": line,
                "other": DELIMITER_NAMES[other],
                "delimiter": DELIMITER_NAMES[delimiter],
            }
        )
    if len(cells) < width:
        return cells + [""] * (width - len(cells))  # the missing cells at the end are empty
    if not any(cell.strip() for cell in cells[width:]):
        return cells[:width]  # empty cells after the last column
    raise ImportFileError(
        _("Rad %(line)s har %(cells)s celler men rubrikraden bara %(width)s kolumner.")
        % {"line": line, "cells": len(cells), "width": width}
    )


# --- XLSX ------------------------------------------------------------------------------


def _sheet_for(workbook, kind: str):
    """The sheet named after the kind (the template has one per kind), else the first data sheet."""
    wanted = str(ImportKind(kind).label).lower()
    sheets = [ws for ws in workbook.worksheets if ws.sheet_state == "visible"] or list(
        workbook.worksheets
    )
    for sheet in sheets:
        if sheet.title.strip().lower() == wanted:
            return sheet
    active = workbook.active
    if active is not None and active.title.strip().lower() not in TEMPLATE_SHEETS:
        return active
    for sheet in sheets:
        if sheet.title.strip().lower() not in TEMPLATE_SHEETS:
            return sheet
    return sheets[0]


def _read_xlsx(content: bytes, kind: str) -> Table:
    from openpyxl import load_workbook

    try:
        check_xlsx_archive(io.BytesIO(content))
    except ValidationError as exc:
        raise ImportFileError(exc.messages) from None
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a broken file
        logger.info("Unreadable XLSX: %r", exc)
        raise ImportFileError(not_excel_error().messages) from exc
    try:
        sheet = _sheet_for(workbook, kind)
        values = sheet.iter_rows(values_only=True)
        header = list(next(values, None) or ())
        while header and as_text(header[-1]) == "":
            header.pop()
        if not header:
            raise ImportFileError(
                _("Bladet ”%(sheet)s” saknar rubrikrad.") % {"sheet": sheet.title}
            )
        width = len(header)
        rows = []
        for line, cells in enumerate(values, start=2):
            cells = list(cells[:width])
            if len(cells) < width:
                cells += [None] * (width - len(cells))
            for cell in cells:
                if isinstance(cell, str) and CONTROL_CHARACTERS.search(cell):
                    character = CONTROL_CHARACTERS.search(cell).group()
                    raise ImportFileError(control_character_message(line, character))
            rows.append((line, cells))
        return Table(header, rows, sheet.title)
    except ImportFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged sheet fails while it is read
        logger.info("Unreadable XLSX sheet: %r", exc)
        raise ImportFileError(not_excel_error().messages) from exc
    finally:
        workbook.close()


# --- Columns -----------------------------------------------------------------------------


def _unescape(cell):
    """Undo the portal's own formula neutralisation: "'=x" -> "=x", "''x" -> "'x"."""
    if cell.__class__ is str and cell[:1] == "'" and cell[1:2] in UNESCAPED_AFTER_QUOTE:
        return cell[1:]
    return cell


def prepare_dataset(table: Table, kind: str):
    """Map headers to column names, drop blank rows; returns (dataset, lines, unknown)."""
    resource_class = RESOURCES[kind]
    aliases = resource_class.header_aliases()
    headers, unknown, seen = [], [], set()
    for raw in table.header:
        # The XLSX template marks required columns with a star.
        header = as_text(raw).rstrip("*").strip()
        column = aliases.get(header.lower())
        if column is None or column in seen:
            if header:
                unknown.append(header)
            headers.append(f"__ignored_{len(headers)}")
            continue
        seen.add(column)
        headers.append(column)
    missing = [c for c in resource_class.required_columns if c not in seen]
    if missing:
        raise ImportFileError(
            _("Kolumner saknas i filen: %(columns)s. Ladda ner mallen för att se rubrikerna.")
            % {"columns": ", ".join(missing)}
        )
    prepared = tablib.Dataset(headers=headers)
    lines = []
    for line, cells in table.rows:
        if any(as_text(cell) for cell in cells):
            prepared.append([_unescape(cell) for cell in cells])
            lines.append(line)
    if not lines:
        where = _("Bladet ”%(sheet)s”") % {"sheet": table.sheet} if table.sheet else _("Filen")
        raise ImportFileError(
            _("%(where)s har bara en rubrikrad och inga rader att importera.") % {"where": where}
        )
    return prepared, lines, unknown
