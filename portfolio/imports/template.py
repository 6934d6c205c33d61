"""The XLSX import template: an instructions sheet and one sheet per kind, with drop-down lists.

Each kind's sheet has the import's headers, required ones marked with a star
(the import reads "Namn *" as "Namn"), and data validation: the choices
(Typ, Kategori, Verksamhetsområde, Drift, Livscykelfas …) as drop-down lists
read from a hidden sheet "Listor", ja/nej for yes-or-no columns, the allowed
numbers for small ranges (K, R and T 0–4, lämplighet 1–4), whole numbers and
dates where those are asked for. Excel and LibreOffice both show the lists.
"""

from __future__ import annotations

import io

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portfolio.choices import ImportKind
from portfolio.imports.resources import RESOURCES
from portfolio.imports.resources.base import ID_COLUMN, KOMMUN_COLUMN
from portfolio.imports.resources.widgets import BooleanWidget, ChoiceWidget, DateWidget

#: rows of each sheet that carry the validation
TEMPLATE_ROWS = 5000
LIST_SHEET = "Listor"
INSTRUCTIONS_SHEET = "Instruktioner"


def _bounds(model_field) -> tuple[int | None, int | None]:
    low = high = None
    for validator in model_field.validators:
        if isinstance(validator, MinValueValidator):
            low = validator.limit_value
        elif isinstance(validator, MaxValueValidator):
            high = validator.limit_value
    return low, high


def column_rules(kind: str) -> list[dict]:
    """Per column of the kind: header, required, the allowed values (a list) or a rule."""
    resource_class = RESOURCES[kind]
    model = resource_class._meta.model
    rules = []
    for name in resource_class._meta.fields:
        field = resource_class.fields[name]
        model_field = model._meta.get_field(field.attribute)
        rule = {
            "column": field.column_name,
            "required": field.column_name in resource_class.required_columns,
        }
        if isinstance(field.widget, ChoiceWidget):
            rule["values"] = [str(label) for _value, label in field.widget.choices]
        elif isinstance(field.widget, BooleanWidget):
            rule["values"] = [_("Ja"), _("Nej")]
        elif isinstance(field.widget, DateWidget):
            rule["kind"] = "date"
        elif isinstance(model_field, models.IntegerField):
            low, high = _bounds(model_field)
            if low is not None and high is not None and high - low <= 10:
                rule["values"] = [str(n) for n in range(low, high + 1)]
            else:
                rule.update(kind="whole", low=low, high=high)
        elif isinstance(model_field, models.DecimalField):
            rule.update(kind="decimal", low=_bounds(model_field)[0])
        rules.append(rule)
    rules.append({"column": KOMMUN_COLUMN, "required": False})
    rules.append({"column": ID_COLUMN, "required": False})
    return rules


def _describe(rule) -> str:
    if "values" in rule:
        return _("Välj i listan: %(values)s") % {"values": ", ".join(rule["values"])}
    kind = rule.get("kind")
    if kind == "date":
        return _("Datum, ÅÅÅÅ-MM-DD")
    if kind == "whole":
        return _("Heltal")
    if kind == "decimal":
        return _("Tal, gärna med decimalkomma (1 250 000,50)")
    if rule["column"] == KOMMUN_COLUMN:
        return _("Valfri. Fylls den i måste den vara kommunen du importerar till.")
    if rule["column"] == ID_COLUMN:
        return _("Lämna tomt för nya rader. Exporten av hela registret fyller i det.")
    return _("Text")


INSTRUCTIONS = [
    gettext_lazy("Så fyller du i mallen"),
    gettext_lazy(
        "1. Fyll i bladet för det du vill importera: en rad per post under rubrikraden. "
        "Ändra inte rubrikerna."
    ),
    gettext_lazy("2. Kolumner märkta med * är obligatoriska."),
    gettext_lazy("3. I kolumner med en listpil väljer du ett värde i listan."),
    gettext_lazy(
        "4. Förvaltning, system och leverantör anges med namn. Personer (systemägare, "
        "systemförvaltare, kontaktperson) anges med användarnamn, e-postadress eller namnet "
        "som portalen visar, om det namnet är unikt i kommunen."
    ),
    gettext_lazy(
        "5. Belopp skrivs i kronor, med eller utan decimaler (1 250 000,50). Datum skrivs "
        "ÅÅÅÅ-MM-DD."
    ),
    gettext_lazy(
        "6. En rad med samma namn som en befintlig post (eller med dess ID) uppdaterar posten; "
        "övriga rader blir nya."
    ),
    gettext_lazy(
        "7. Spara som Excel-arbetsbok (.xlsx) och ladda upp filen på importsidan. Välj samma "
        "typ som bladet du fyllt i. Allt förhandsgranskas: ingenting sparas förrän du "
        "bekräftar, och en fil med fel sparas inte alls."
    ),
]


def _write_instructions(sheet, kinds) -> None:
    from openpyxl.styles import Font

    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 14
    sheet.column_dimensions["C"].width = 100
    for number, text in enumerate(INSTRUCTIONS):
        sheet.append([str(text)])
        if number == 0:
            sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=14)
    for kind in kinds:
        sheet.append([])
        sheet.append([str(ImportKind(kind).label)])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=12)
        sheet.append([_("Kolumn"), _("Obligatorisk"), _("Värden")])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for rule in column_rules(kind):
            sheet.append([rule["column"], _("Ja") if rule["required"] else "", _describe(rule)])


def _validation(rule, column_letter, lists):
    from openpyxl.worksheet.datavalidation import DataValidation

    cells = f"{column_letter}2:{column_letter}{TEMPLATE_ROWS + 1}"
    if "values" in rule:
        validation = DataValidation(
            type="list",
            formula1=lists[tuple(rule["values"])],
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Ogiltigt värde"),
            error=_("Välj ett av värdena i listan."),
        )
    elif rule.get("kind") == "date":
        validation = DataValidation(
            type="date",
            operator="greaterThan",
            formula1="DATE(1900,1,1)",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Ogiltigt datum"),
            error=_("Skriv datum som ÅÅÅÅ-MM-DD."),
        )
    elif rule.get("kind") == "whole":
        low, high = rule.get("low"), rule.get("high")
        validation = DataValidation(
            type="whole",
            operator="between" if high is not None else "greaterThanOrEqual",
            formula1=str(low if low is not None else 0),
            formula2=str(high) if high is not None else None,
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Ogiltigt tal"),
            error=_("Skriv ett heltal."),
        )
    else:
        return None
    validation.add(cells)
    return validation


def _list_ranges(workbook, kinds) -> dict:
    """Every list of allowed values, written once in the hidden sheet; list -> its range."""
    from openpyxl.utils import get_column_letter, quote_sheetname

    sheet = workbook.create_sheet(LIST_SHEET)
    ranges = {}
    for kind in kinds:
        for rule in column_rules(kind):
            values = tuple(rule.get("values", ()))
            if not values or values in ranges:
                continue
            column = len(ranges) + 1
            letter = get_column_letter(column)
            sheet.cell(row=1, column=column, value=rule["column"])
            for row, value in enumerate(values, start=2):
                sheet.cell(row=row, column=column, value=value).data_type = "s"
            last = len(values) + 1
            ranges[values] = f"{quote_sheetname(LIST_SHEET)}!${letter}$2:${letter}${last}"
    sheet.sheet_state = "hidden"
    return ranges


def template_xlsx(kinds) -> bytes:
    """The workbook: instructions first, then one sheet per kind, then the hidden lists."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    instructions = workbook.active
    instructions.title = INSTRUCTIONS_SHEET
    _write_instructions(instructions, kinds)
    sheets = [workbook.create_sheet(str(ImportKind(kind).label)) for kind in kinds]
    lists = _list_ranges(workbook, kinds)
    required_fill = PatternFill("solid", fgColor="FFF2CC")
    for kind, sheet in zip(kinds, sheets, strict=True):
        sheet.freeze_panes = "A2"
        for index, rule in enumerate(column_rules(kind), start=1):
            letter = get_column_letter(index)
            header = f"{rule['column']} *" if rule["required"] else rule["column"]
            cell = sheet.cell(row=1, column=index, value=header)
            cell.font = Font(bold=True)
            if rule["required"]:
                cell.fill = required_fill
                cell.comment = Comment(_("Obligatorisk kolumn."), "IT-portalen")
            sheet.column_dimensions[letter].width = min(max(len(header) + 4, 14), 40)
            validation = _validation(rule, letter, lists)
            if validation is not None:
                sheet.add_data_validation(validation)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
