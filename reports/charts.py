"""Server-rendered SVG bar charts for the trend section (no JavaScript, no images).

A missing value (None) draws no bar and is labelled "–": a gap, never a 0.
Labels use ``format_value``, the formatter of the value table under the chart,
so the chart and its table show the same precision.
"""

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe

from reports.templatetags.report_format import MISSING, format_value


def bar_chart(title: str, description: str, points: list[tuple[str, Decimal | None]], unit=""):
    """An inline SVG with <title>/<desc>; the same numbers are printed in a table beside it."""
    width, height, pad, base = 460, 180, 30, 150
    values = [float(v) for _, v in points if v is not None]
    top = max(values) if values else 0
    n = max(len(points), 1)
    slot = (width - 2 * pad) / n
    bars = []
    for i, (label, value) in enumerate(points):
        x = pad + i * slot + slot * 0.15
        w = slot * 0.7
        if value is None:
            # Missing: no bar at all, just the dash on the base line.
            y = base
            bar = ""
            text = MISSING
        else:
            h = (float(value) / top) * (base - 30) if top else 0
            y = base - h
            bar = f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="#2f5f8a"/>'
            text = format_value(value, unit)
        bars.append(
            bar + f'<text x="{x + w / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" '
            f'font-size="8" font-family="DejaVu Sans">{escape(text)}</text>'
            f'<text x="{x + w / 2:.1f}" y="{base + 16}" text-anchor="middle" '
            f'font-size="8" font-family="DejaVu Sans">{escape(label)}</text>'
        )
    return mark_safe(  # noqa: S308 - every text above is escaped
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" class="chart">'
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>"
        f'<line x1="{pad}" y1="{base}" x2="{width - pad}" y2="{base}" '
        f'stroke="#333333" stroke-width="1"/>' + "".join(bars) + "</svg>"
    )
