"""Server-rendered SVG charts of the maturity results (no JavaScript, no images).

As ``reports.charts``: each chart is an inline ``<svg role="img">`` labelled by
its own ``<title>`` and ``<desc>``; the page prints the same numbers in a
table and a sentence (the text alternative). Colour never carries meaning
alone: series differ in dash pattern and marker, bar segments carry their
percentage and the table names them. Every text is escaped. The reports app
uses the same functions for the Mognadsrapport PDF.
"""

from __future__ import annotations

import math
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from governance.maturity.choices import HIGHEST_LEVEL

FONT = 'font-family="DejaVu Sans"'
#: (stroke colour, dash pattern, marker) per radar series; ≥ 3:1 against white
SERIES_STYLE = [
    ("#0b4f8a", "", "circle"),
    ("#a15c00", "6 4", "square"),
    ("#1d6b2f", "2 3", "diamond"),
]
#: fills for the levels 1–6 (light to dark) and for "no level" / "not reported"
LEVEL_FILLS = ["#f3d6c8", "#e8b59c", "#c7d8ea", "#8fb3d9", "#2f66a3", "#0b4f8a"]
LEVEL_TEXT = ["#1b1f24", "#1b1f24", "#1b1f24", "#1b1f24", "#ffffff", "#ffffff"]
OTHER_FILLS = ["#fbe3a8", "#d6e9d4", "#f0d5e6", "#d9d4f0", "#ffe0c2", "#cfe3e8", "#e6e6cc"]
UNKNOWN_FILL = "#d0d3d8"
NOT_REPORTED_FILL = "#ffffff"


def format_level(value) -> str:
    if value is None:
        return "–"
    return f"{Decimal(value):.1f}".replace(".", ",")


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "square":
        return f'<rect x="{x - 3:.1f}" y="{y - 3:.1f}" width="6" height="6" fill="{colour}"/>'
    if kind == "diamond":
        return (
            f'<polygon points="{x:.1f},{y - 4:.1f} {x + 4:.1f},{y:.1f} {x:.1f},{y + 4:.1f} '
            f'{x - 4:.1f},{y:.1f}" fill="{colour}"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>'


def radar_chart(chart_id: str, title: str, desc: str, axes: list[str], series: list[dict]) -> str:
    """A spider chart: one axis per area, 0 in the centre to level 6 at the rim.

    ``series``: ``{"label": str, "values": [Decimal | None per axis]}``; a
    missing value breaks nothing: the point is left out of the outline.
    """
    width, cx, cy, radius = 720, 360, 230, 165
    n = max(len(axes), 3)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} 500" '
        f'class="chart radar" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]

    def point(i: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        r = radius * value / HIGHEST_LEVEL
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    for level in range(1, HIGHEST_LEVEL + 1):
        ring = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, level) for i in range(n)))
        parts.append(f'<polygon points="{ring}" fill="none" stroke="#c9ced6" stroke-width="1"/>')
        x, y = point(0, level)
        parts.append(
            f'<text x="{x + 4:.1f}" y="{y + 3:.1f}" font-size="8" {FONT} fill="#4a525c">'
            f"{level}</text>"
        )
    for i, label in enumerate(axes):
        x, y = point(i, HIGHEST_LEVEL)
        parts.append(
            f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="#c9ced6" '
            f'stroke-width="1"/>'
        )
        lx, ly = point(i, HIGHEST_LEVEL + 0.9)
        anchor = "middle" if abs(lx - cx) < 20 else ("start" if lx > cx else "end")
        parts.append(
            f'<text x="{lx:.1f}" y="{ly + 3:.1f}" text-anchor="{anchor}" font-size="9" '
            f"{FONT}>{escape(label)}</text>"
        )
    for s_index, s in enumerate(series):
        colour, dash, marker = SERIES_STYLE[s_index % len(SERIES_STYLE)]
        points = [point(i, float(v)) for i, v in enumerate(s["values"]) if v is not None and i < n]
        if len(points) >= 2:
            outline = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(
                f'<polygon points="{outline}" fill="none" stroke="{colour}" '
                f'stroke-width="2"{dash_attr}/>'
            )
        parts.extend(_marker(marker, x, y, colour) for x, y in points)
    legend_y = 480
    for s_index, s in enumerate(series):
        colour, dash, marker = SERIES_STYLE[s_index % len(SERIES_STYLE)]
        x = 20 + s_index * 200
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{x}" y1="{legend_y}" x2="{x + 28}" y2="{legend_y}" stroke="{colour}" '
            f'stroke-width="2"{dash_attr}/>'
            + _marker(marker, x + 14, legend_y, colour)
            + f'<text x="{x + 34}" y="{legend_y + 4}" font-size="10" {FONT}>'
            f"{escape(s['label'])}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def radar_text(axes: list[str], series: list[dict]) -> str:
    """The text alternative: strongest and weakest area, and the change per series."""
    first = series[0]["values"] if series else []
    known = [(v, a) for v, a in zip(first, axes, strict=False) if v is not None]
    if not known:
        return _("Inga nivåer att visa.")
    top = max(known)
    low = min(known)
    text = _("Högst nivå: %(top)s (%(top_level)s). Lägst nivå: %(low)s (%(low_level)s).") % {
        "top": top[1],
        "top_level": format_level(top[0]),
        "low": low[1],
        "low_level": format_level(low[0]),
    }
    if len(series) > 1:
        before = series[1]["values"]
        pairs = [(a, b) for a, b in zip(first, before, strict=False) if a is not None and b]
        up = sum(1 for a, b in pairs if a > b)
        down = sum(1 for a, b in pairs if a < b)
        text += " " + _(
            "Jämfört med %(label)s är nivån högre i %(up)s och lägre i %(down)s områden."
        ) % {"label": series[1]["label"], "up": up, "down": down}
    return text


def option_fill(option, index: int) -> tuple[str, str]:
    """(fill, text colour) of a bar segment: levels dark to light, others from a palette."""
    if option.level:
        return LEVEL_FILLS[option.level - 1], LEVEL_TEXT[option.level - 1]
    if option.code == "vet_inte":
        return UNKNOWN_FILL, "#1b1f24"
    return OTHER_FILLS[index % len(OTHER_FILLS)], "#1b1f24"


def stacked_bars(chart_id: str, title: str, desc: str, bars: list[dict], options) -> str:
    """Horizontal 100 % bars, one per row (this year, baseline).

    ``bars``: ``{"label": str, "percents": [Decimal | None per option]}``.
    A share the source does not report is drawn white with a grey outline
    ("ej redovisat"), never as a level.
    """
    width, left, bar_h, gap = 560, 110, 26, 12
    plot = width - left - 20
    unreported = any(sum(p for p in bar["percents"] if p) < 99.5 for bar in bars)
    legend = _legend(options, top=14 + len(bars) * (bar_h + gap), width=width, rest=unreported)
    height = 14 + len(bars) * (bar_h + gap) + legend["height"]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'class="chart stacked" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    for b_index, bar in enumerate(bars):
        y = 14 + b_index * (bar_h + gap)
        parts.append(
            f'<text x="{left - 6}" y="{y + bar_h / 2 + 4:.1f}" text-anchor="end" font-size="10" '
            f"{FONT}>{escape(bar['label'])}</text>"
        )
        x = float(left)
        reported = Decimal(0)
        for o_index, (option, percent) in enumerate(zip(options, bar["percents"], strict=True)):
            if not percent:
                continue
            reported += percent
            w = plot * float(min(percent, Decimal(100))) / 100
            fill, ink = option_fill(option, o_index)
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{fill}" '
                f'stroke="#ffffff" stroke-width="1"/>'
            )
            if w >= 26:
                parts.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + bar_h / 2 + 4:.1f}" text-anchor="middle" '
                    f'font-size="9" {FONT} fill="{ink}">{round(percent)}</text>'
                )
            x += w
        rest = Decimal(100) - reported
        if rest > Decimal("0.5"):
            w = plot * float(rest) / 100
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 0.5}" width="{max(w - 0.5, 0):.1f}" '
                f'height="{bar_h - 1}" fill="{NOT_REPORTED_FILL}" stroke="#6b7480" '
                f'stroke-dasharray="3 2" stroke-width="1"/>'
            )
    parts.append(legend["svg"])
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _legend(options, *, top: int, width: int, rest: bool) -> dict:
    """Swatches with the option labels, wrapped over as many rows as needed."""
    items = [(o.label, option_fill(o, i)[0]) for i, o in enumerate(options)]
    if rest:
        items.append((_("Ej redovisat"), NOT_REPORTED_FILL))
    parts, x, y = [], 10, top
    for label, fill in items:
        w = 18 + 6 * len(label)
        if x + w > width - 10:
            x, y = 10, y + 16
        stroke = ' stroke="#6b7480" stroke-dasharray="2 1"' if fill == NOT_REPORTED_FILL else ""
        parts.append(
            f'<rect x="{x}" y="{y}" width="10" height="10" fill="{fill}"{stroke}/>'
            f'<text x="{x + 14}" y="{y + 9}" font-size="9" {FONT}>{escape(label)}</text>'
        )
        x += w
    return {"svg": "".join(parts), "height": y - top + 22}


def option_bars(chart_id: str, title: str, desc: str, rows: list[tuple], labels) -> str:
    """Multiple choice: per option a bar for this year and one for the baseline (0–100 %).

    ``rows``: ``(option label, this year's percent or None, baseline or None)``;
    ``labels``: the two series' names. A missing value draws no bar and "–".
    """
    width, left, bar_h = 560, 200, 9
    plot = width - left - 50
    row_h = 2 * bar_h + 10
    height = 30 + len(rows) * row_h
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'class="chart bars" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    fills = [LEVEL_FILLS[5], "#a15c00"]
    for s_index, label in enumerate(labels):
        x = left + s_index * 150
        parts.append(
            f'<rect x="{x}" y="6" width="10" height="10" fill="{fills[s_index]}"/>'
            f'<text x="{x + 14}" y="15" font-size="9" {FONT}>{escape(label)}</text>'
        )
    for r_index, (label, *values) in enumerate(rows):
        y = 26 + r_index * row_h
        parts.append(
            f'<text x="{left - 6}" y="{y + bar_h + 3}" text-anchor="end" font-size="9" '
            f"{FONT}>{escape(label)}</text>"
        )
        for s_index, value in enumerate(values):
            by = y + s_index * bar_h
            if value is None:
                parts.append(
                    f'<text x="{left + 2}" y="{by + bar_h - 1}" font-size="8" {FONT}>–</text>'
                )
                continue
            w = plot * float(min(value, Decimal(100))) / 100
            parts.append(
                f'<rect x="{left}" y="{by}" width="{w:.1f}" height="{bar_h - 1}" '
                f'fill="{fills[s_index]}"/>'
                f'<text x="{left + w + 3:.1f}" y="{by + bar_h - 1}" font-size="8" {FONT}>'
                f"{format_level(value)} %</text>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
