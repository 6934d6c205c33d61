"""List tables whose body is built in Python: cheap to render at a real kommun's scale.

django-tables2 renders each cell through accessor resolution, a signature
inspection of the render method, per-cell attribute dicts and a template loop
(a ``DateColumn`` even compiles a template per cell). On a 25-row list page that
cost more than the SQL. A ``PortalTable`` keeps django-tables2 for what it does
well (ordering, pagination, the header) and builds ``<tbody>`` in one pass when
every shown column has a ``cell_<name>(record)`` method returning text (escaped
here) or ``format_html`` output. Without those methods the table renders as any
django-tables2 table.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import cache

import django_tables2 as tables
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

TABLE_TEMPLATE = "portal/table.html"

EMPTY = "—"  # what django-tables2 shows for an empty value
_PK_SENTINEL = 987654321


@cache
def _choice_labels(choices: type[models.Choices], language: str | None) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def choice_label(choices: type[models.Choices], value) -> str:
    """The label of ``value`` in the active language, from a per-language cache.

    ``get_FOO_display()`` rebuilds the choice dict and translates on every call.
    """
    if value in (None, ""):
        return ""
    return _choice_labels(choices, get_language()).get(value, value)


@cache
def _url_parts(url_name: str, script_prefix: str) -> tuple[str, str]:
    url = reverse(url_name, args=[_PK_SENTINEL])
    head, _sep, tail = url.partition(str(_PK_SENTINEL))
    return head, tail


def pk_url(url_name: str) -> Callable[[int], str]:
    """A function pk -> URL for a URL pattern with one integer argument.

    Reverses once per table instead of once per row.
    """
    from django.urls import get_script_prefix

    head, tail = _url_parts(url_name, get_script_prefix())
    return lambda pk: f"{head}{pk}{tail}"


def iso_date(value) -> str:
    """A date or datetime as YYYY-MM-DD (datetimes in the current time zone)."""
    if value is None:
        return EMPTY
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%Y-%m-%d")


def link(url: str, text) -> SafeString:
    return format_html('<a href="{}">{}</a>', url, text)


class PortalTable(tables.Table):
    """A django-tables2 table rendered cheaply: see the module docstring."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("template_name", TABLE_TEMPLATE)
        super().__init__(*args, **kwargs)

    def fast_columns(self) -> list | None:
        """The shown columns with their cell functions, or None when one lacks ``cell_``."""
        if self.row_attrs:
            return None  # per-row attributes: leave the rows to django-tables2
        plan = []
        for column in self.columns:
            cell = getattr(self, f"cell_{column.name}", None)
            if cell is None:
                return None
            td = column.attrs["td"].as_html()
            plan.append((mark_safe(f"<td {td}>" if td else "<td>"), cell))  # noqa: S308
        return plan

    def body_html(self) -> SafeString:
        """The rows of ``<tbody>``; empty string when the template should render them."""
        plan = self.fast_columns()
        if plan is None:
            return mark_safe("")  # noqa: S308
        self.prepare_cells()
        parts = []
        for index, row in enumerate(self.paginated_rows):
            record = row.record
            parts.append('<tr class="odd">' if index % 2 else '<tr class="even">')
            for opening, cell in plan:
                value = cell(record)
                parts.append(opening)
                parts.append("" if value is None else conditional_escape(value))
                parts.append("</td>")
            parts.append("</tr>")
        if not parts and self.empty_text:
            parts.append(
                format_html('<tr><td colspan="{}">{}</td></tr>', len(self.columns), self.empty_text)
            )
        return mark_safe("".join(parts))  # noqa: S308  (escaped above)

    def prepare_cells(self) -> None:
        """Hook: per-render setup shared by the cells (URL functions, label maps)."""
