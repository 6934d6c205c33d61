"""Template filters of the maturity pages: levels with a decimal comma, signed changes."""

from __future__ import annotations

from decimal import Decimal

from django import template

from portfolio.templatetags.portal import format_number

register = template.Library()


@register.filter
def level(value) -> str:
    """``3.5`` → ``3,5``; no value → ``–``."""
    return "–" if value is None else format_number(value, 1)


@register.filter
def signed(value) -> str:
    """A change: ``+0,5``, ``−0,3`` (minus sign), ``±0,0``; no value → ``–``."""
    if value is None:
        return "–"
    value = Decimal(value)
    if value > 0:
        return "+" + format_number(value, 1)
    if value < 0:
        return "\u2212" + format_number(-value, 1)
    return "±" + format_number(value, 1)


@register.filter
def heat(value) -> str:
    """The heat-map class of a level: ``heat-1`` … ``heat-6``, ``heat-none``."""
    if value is None:
        return "heat-none"
    return f"heat-{min(max(int(Decimal(value) + Decimal('0.5')), 1), 6)}"


@register.filter
def percent(value) -> str:
    return "–" if value is None else format_number(value, 1) + " %"
