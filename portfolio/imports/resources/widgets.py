"""Widgets that read cells the way Swedish Excel writes them.

Decimal comma, spaces or no-break spaces as thousands separators, ISO dates,
choices by value or by their Swedish label, yes/no in Swedish. A foreign key is
read by ``LookupWidget`` from a dictionary the import loaded once.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from import_export import widgets

SPACES = (" ", "\xa0", "\u202f", "\u2009")


def as_text(value) -> str:
    """A cell as text: XLSX numbers like 12345.0 become "12345"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# --- Widgets -------------------------------------------------------------------------


class TextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return as_text(value)


class DecimalWidget(widgets.Widget):
    """ "1 250 000,50", "1250000.50", "1 250 000 kr" and XLSX numbers."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            raise ValueError(_("Ange ett tal."))
        if isinstance(value, int | float | Decimal):
            return Decimal(str(value))
        text = as_text(value)
        if not text:
            return None
        original = text
        for space in SPACES:
            text = text.replace(space, "")
        text = text.lower().removesuffix("kr").removesuffix(":-")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(
                _("”%(value)s” är inget tal. Skriv till exempel 1 250 000,50.")
                % {"value": original}
            ) from None
        if not number.is_finite():
            raise ValueError(_("”%(value)s” är inget tal.") % {"value": original})
        return number


class IntegerWidget(DecimalWidget):
    def clean(self, value, row=None, **kwargs):
        number = super().clean(value, row=row, **kwargs)
        if number is None:
            return None
        if number != number.to_integral_value():
            raise ValueError(_("Ange ett heltal, inte %(value)s.") % {"value": as_text(value)})
        return int(number)


class DateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = as_text(value)
        if not text:
            return None
        for fmt in ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y%m%d"):
            try:
                return datetime.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(
            _("”%(value)s” är inget datum. Skriv datum som ÅÅÅÅ-MM-DD.") % {"value": text}
        )


class BooleanWidget(widgets.Widget):
    TRUE = {"ja", "j", "x", "1", "true", "sant", "yes"}
    FALSE = {"nej", "n", "0", "false", "falskt", "no", ""}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = as_text(value).lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("Skriv ”ja” eller ”nej”, inte ”%(value)s”.") % {"value": as_text(value)})


class ChoiceWidget(widgets.Widget):
    """A choice by its stored value ("saas") or its Swedish label ("SaaS/molntjänst")."""

    def __init__(self, choices):
        self.choices = choices
        self.lookup = {}
        for value, label in choices:
            self.lookup[str(value).lower()] = value
            self.lookup[str(label).lower()] = value

    def clean(self, value, row=None, **kwargs):
        text = as_text(value)
        if not text:
            return ""
        try:
            return self.lookup[text.lower()]
        except KeyError:
            allowed = ", ".join(str(label) for _value, label in self.choices)
            raise ValueError(
                _("”%(value)s” är inget giltigt val. Välj bland: %(allowed)s.")
                % {"value": text, "allowed": allowed}
            ) from None


class LookupWidget(widgets.Widget):
    """A foreign key by natural key, from a dictionary the resource loaded once."""

    def __init__(self, find):
        self.find = find

    def clean(self, value, row=None, **kwargs):
        text = as_text(value)
        if not text:
            return None
        return self.find(text)
