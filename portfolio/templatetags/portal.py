"""Swedish formatting: amounts as ``1 250 000 kr``, ISO dates."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html

register = template.Library()


def format_number(value, decimals: int = 0) -> str:
    """Group thousands with a space and use a decimal comma: 1 250 000,5."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    quant = Decimal(1).scaleb(-decimals) if decimals else Decimal(1)
    number = number.quantize(quant, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    whole, _, frac = f"{abs(number):f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = " ".join(groups) or "0"
    if decimals and frac:
        text += "," + frac
    return sign + text


def format_kr(value, decimals: int = 0) -> str:
    if value is None or value == "":
        return "–"
    return f"{format_number(value, decimals)} kr"


@register.filter
def kr(value):
    """``{{ amount|kr }}`` → ``1 250 000 kr``."""
    return format_kr(value)


@register.filter
def num(value, decimals=0):
    return format_number(value, int(decimals)) if value not in (None, "") else "–"


@register.filter
def isodate(value):
    if not value:
        return "–"
    return date_format(value, "Y-m-d")


@register.filter
def isodatetime(value):
    if not value:
        return "–"
    from django.utils import timezone

    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        value = timezone.localtime(value)
    return date_format(value, "Y-m-d H:i")


@register.filter
def person(user) -> str:
    """A user's full name, else the username, else a dash (for empty references)."""
    if user is None or user == "":
        return "–"
    return user.get_full_name() or user.username


@register.simple_tag
def job_poll(running: bool, url: str):
    """The attributes that make a job's status block poll itself while it runs (htmx)."""
    if not running:
        return ""
    return format_html(' hx-get="{}" hx-trigger="every 2s" hx-swap="outerHTML"', url)
