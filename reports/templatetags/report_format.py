"""Number formats for the report PDFs: amounts that never break across lines.

The portal's ``kr`` and ``num`` filters group thousands with a normal space,
where a PDF line may break ("1 250" / "000 kr"). In the PDFs the thousands
separator is a no-break thin space (U+202F) and "kr" is joined by a no-break
space (U+00A0). ``format_value`` is the one formatter of a key figure by unit,
used by the tables and by the charts' labels, so both show the same precision.
"""

from django import template

from portfolio.templatetags.portal import format_number

register = template.Library()

THIN_NBSP = "\u202f"
NBSP = "\u00a0"
MISSING = "–"
#: decimals per unit: kronor and counts whole, shares with one decimal
DECIMALS = {"kr": 0, "%": 1, "h": 0, "st": 0, "": 0}


def pdf_number(value, decimals: int = 0) -> str:
    if value is None or value == "":
        return MISSING
    return format_number(value, decimals).replace(" ", THIN_NBSP)


def format_value(value, unit: str = "", decimals: int | None = None) -> str:
    """``1 250 000 kr``, ``12,3 %``, ``420 h`` or ``–`` for a missing value."""
    if value is None or value == "":
        return MISSING
    text = pdf_number(value, DECIMALS.get(unit, 0) if decimals is None else decimals)
    if unit in ("kr", "%", "h"):
        return f"{text}{NBSP}{unit}"
    return text


@register.filter
def pkr(value):
    """``{{ amount|pkr }}`` → ``1 250 000 kr`` with no-break spaces."""
    return format_value(value, "kr")


@register.filter
def pnum(value, decimals=0):
    return pdf_number(value, int(decimals))


@register.filter
def pvalue(value, unit):
    """A key figure in its unit: ``{{ row.value|pvalue:row.figure.unit }}``."""
    return format_value(value, unit)
