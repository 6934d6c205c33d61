"""Server-rendered SVG charts for prioritisation (no JavaScript, no CDN).

Each chart is an inline ``<svg role="img">`` labelled by its own ``<title>``
and ``<desc>`` (``aria-labelledby``). The pages show the same data as a table
next to the chart, and colour is never the only carrier of meaning: bubbles
carry their rank number and the risk band is written in the table.
"""

from __future__ import annotations

import math
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from portfolio.templatetags.portal import format_kr

RISK_COLOURS = {
    "none": "#6b7480",
    "low": "#2e7d32",
    "medium": "#a15c00",
    "high": "#b71c1c",
}


def risk_band(max_risk: int | None) -> str:
    """Risk score = sannolikhet × konsekvens (1–25): låg < 8, medel < 15, hög ≥ 15."""
    if max_risk is None:
        return "none"
    if max_risk < 8:
        return "low"
    if max_risk < 15:
        return "medium"
    return "high"


def risk_label(band: str) -> str:
    return {
        "none": _("Ingen risk registrerad"),
        "low": _("Låg risk"),
        "medium": _("Medelhög risk"),
        "high": _("Hög risk"),
    }[band]


def bubble_chart(points: list[dict], chart_id: str, title: str, desc: str) -> str:
    """points: {label, number, x (cost), y (benefit), risk_band}."""
    width, height, left, bottom, top, right = 680, 420, 90, 50, 20, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    # Headroom so that the largest bubbles are not cut at the edges.
    max_x = max((Decimal(p["x"]) for p in points), default=Decimal(0)) * Decimal("1.15")
    max_y = max((Decimal(p["y"]) for p in points), default=Decimal(0)) * Decimal("1.15")
    max_x, max_y = max_x or Decimal(1), max_y or Decimal(1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'class="chart" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        'stroke="#1b1f24"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#1b1f24"/>',
        f'<text x="{left + plot_w / 2}" y="{height - 10}" text-anchor="middle" '
        f'font-size="13" fill="#1b1f24">{escape(_("Kostnad för året (kr)"))}</text>',
        f'<text x="16" y="{top + plot_h / 2}" text-anchor="middle" font-size="13" '
        f'fill="#1b1f24" transform="rotate(-90 16 {top + plot_h / 2})">'
        f"{escape(_('Förväntad nytta per år (kr)'))}</text>",
        f'<text x="{left - 6}" y="{top + 10}" text-anchor="end" font-size="11" '
        f'fill="#1b1f24">{escape(format_kr(max_y))}</text>',
        f'<text x="{left + plot_w}" y="{top + plot_h + 16}" text-anchor="end" font-size="11" '
        f'fill="#1b1f24">{escape(format_kr(max_x))}</text>',
    ]
    for p in points:
        x = left + float(Decimal(p["x"]) / max_x) * plot_w
        y = top + plot_h - float(Decimal(p["y"]) / max_y) * plot_h
        r = 6 + 20 * math.sqrt(float(Decimal(p["x"]) / max_x))
        colour = RISK_COLOURS[p["risk_band"]]
        tooltip = (
            f"{p['number']}. {p['label']}: {format_kr(p['x'])}, "
            f"{_('nytta')} {format_kr(p['y'])}, {risk_label(p['risk_band'])}"
        )
        parts.append(
            f"<g><title>{escape(tooltip)}</title>"
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{colour}" '
            f'fill-opacity="0.55" stroke="{colour}" stroke-width="2"/>'
            f'<text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle" font-size="12" '
            f'font-weight="700" fill="#1b1f24">{escape(str(p["number"]))}</text></g>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def bar_chart(
    rows: list[tuple[str, Decimal]], chart_id: str, title: str, desc: str, fmt=format_kr
) -> str:
    """Horizontal bars, one per (label, amount); ``fmt`` writes the value (kronor by default)."""
    label_w, bar_w, row_h, top = 260, 340, 28, 10
    width = label_w + bar_w + 130
    height = top * 2 + row_h * max(len(rows), 1)
    max_v = max((Decimal(v) for _label, v in rows), default=Decimal(0)) or Decimal(1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'class="chart" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    for index, (label, value) in enumerate(rows):
        y = top + index * row_h
        w = float(Decimal(value) / max_v) * bar_w
        short = label if len(label) <= 38 else label[:36] + "…"
        parts.append(
            f"<g><title>{escape(label)}: {escape(fmt(value))}</title>"
            f'<text x="{label_w - 8}" y="{y + 18}" text-anchor="end" font-size="12" '
            f'fill="#1b1f24">{escape(short)}</text>'
            f'<rect x="{label_w}" y="{y + 5}" width="{w:.1f}" height="{row_h - 10}" '
            f'fill="#1f5f99"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 18}" font-size="12" fill="#1b1f24">'
            f"{escape(fmt(value))}</text></g>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
