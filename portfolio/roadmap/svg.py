"""The roadmap as a server-rendered SVG Gantt chart (no JavaScript, no CDN).

One ``<svg role="img">`` labelled by its ``<title>`` and ``<desc>``; the page
shows the same rows as a table and a text summary. Colour never carries
meaning alone: every status has its own fill pattern, the legend names it,
and each bar's ``<title>`` and the table give the status in words.
Milestones: a diamond for a status report, a triangle for a decision.
The viewBox is A4 landscape-friendly (wide, scales to the page in print).
"""

from __future__ import annotations

import datetime

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from portfolio.choices import InitiativeStatus
from portfolio.roadmap.timeline import Roadmap

WIDTH = 1100
LABEL_W = 300
RIGHT = 20
TOP = 34
ROW_H = 22
GROUP_H = 26
BAR_H = 12
TEXT = "#1b1f24"
GRID = "#c9ced6"

#: status -> (fill colour, pattern id, pattern drawing over the fill); 3:1 against white
STYLES = {
    InitiativeStatus.IDE: ("#5f6b7a", "p-ide", ""),
    InitiativeStatus.KVALIFICERING: ("#1d4ed8", "p-kval", "dots"),
    InitiativeStatus.PRIORITERING: ("#6d28d9", "p-prio", "vertical"),
    InitiativeStatus.BESLUTAD: ("#0f766e", "p-besl", "diagonal"),
    InitiativeStatus.GENOMFORANDE: ("#b45309", "p-genf", "horizontal"),
    InitiativeStatus.AVSLUTAD: ("#15803d", "p-avsl", "cross"),
    InitiativeStatus.AVSLAGEN: ("#b91c1c", "p-avsg", "back"),
    InitiativeStatus.AVBRUTEN: ("#374151", "p-avbr", "grid"),
}
PATTERN_PATHS = {
    "dots": '<circle cx="3" cy="3" r="1.3" fill="#fff"/>',
    "vertical": '<path d="M3 0V6" stroke="#fff" stroke-width="1.4"/>',
    "diagonal": '<path d="M0 6L6 0" stroke="#fff" stroke-width="1.4"/>',
    "horizontal": '<path d="M0 3H6" stroke="#fff" stroke-width="1.4"/>',
    "cross": '<path d="M0 6L6 0M0 0L6 6" stroke="#fff" stroke-width="1.1"/>',
    "back": '<path d="M0 0L6 6" stroke="#fff" stroke-width="1.4"/>',
    "grid": '<path d="M3 0V6M0 3H6" stroke="#fff" stroke-width="1.1"/>',
}


def _patterns() -> str:
    parts = []
    for colour, pid, drawing in STYLES.values():
        parts.append(
            f'<pattern id="{pid}" width="6" height="6" patternUnits="userSpaceOnUse">'
            f'<rect width="6" height="6" fill="{colour}"/>{PATTERN_PATHS.get(drawing, "")}'
            "</pattern>"
        )
    return "<defs>" + "".join(parts) + "</defs>"


def _short(text: str, limit: int = 42) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def legend_items() -> list[dict]:
    """Status legend for the page (HTML, beside the SVG): the swatch names its pattern."""
    return [
        {"status": s.value, "label": s.label, "pattern": STYLES[s][1], "colour": STYLES[s][0]}
        for s in InitiativeStatus
    ]


def legend_swatch(pattern: str, colour: str) -> SafeString:
    """A legend swatch using the chart's own pattern (defined once, in the chart)."""
    return format_html(
        '<svg width="28" height="14" viewBox="0 0 28 14" aria-hidden="true" focusable="false">'
        '<rect x="1" y="1" width="26" height="12" fill="url(#{})" stroke="{}"/></svg>',
        pattern,
        colour,
    )


def render_svg(roadmap: Roadmap, *, title: str, desc: str, today: datetime.date) -> SafeString:
    """The chart, or an empty string when no row has dates."""
    if roadmap.first_year is None:
        return mark_safe("")
    start = datetime.date(roadmap.first_year, 1, 1)
    end = datetime.date(roadmap.last_year + 1, 1, 1)
    span = (end - start).days
    plot_w = WIDTH - LABEL_W - RIGHT

    def x(day: datetime.date) -> float:
        day = min(max(day, start), end)
        return round(LABEL_W + (day - start).days / span * plot_w, 1)

    rows_h = sum(GROUP_H + ROW_H * len(g.rows) for g in roadmap.groups)
    height = TOP + rows_h + 10
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart roadmap-chart" '
        f'viewBox="0 0 {WIDTH} {height}" aria-labelledby="roadmap-title roadmap-desc" '
        f'font-family="DejaVu Sans, sans-serif">',
        f'<title id="roadmap-title">{escape(title)}</title>',
        f'<desc id="roadmap-desc">{escape(desc)}</desc>',
        _patterns(),
    ]
    # Year columns and labels.
    for year in range(roadmap.first_year, roadmap.last_year + 2):
        xx = x(datetime.date(year, 1, 1))
        out.append(f'<line x1="{xx}" y1="{TOP - 8}" x2="{xx}" y2="{height - 10}" stroke="{GRID}"/>')
        if year <= roadmap.last_year:
            mid = x(datetime.date(year, 7, 1))
            out.append(
                f'<text x="{mid}" y="{TOP - 14}" text-anchor="middle" font-size="13" '
                f'fill="{TEXT}">{year}</text>'
            )
    if start <= today < end:
        tx = x(today)
        out.append(
            f'<line x1="{tx}" y1="{TOP - 8}" x2="{tx}" y2="{height - 10}" stroke="{TEXT}" '
            'stroke-width="1.5" stroke-dasharray="4 3"/>'
            f'<text x="{tx + 3}" y="{TOP - 1}" font-size="10" fill="{TEXT}">'
            f"{escape(_('I dag'))}</text>"
        )
    y = TOP
    for group in roadmap.groups:
        out.append(
            f'<rect x="0" y="{y}" width="{WIDTH}" height="{GROUP_H - 2}" fill="#eef1f5"/>'
            f'<text x="6" y="{y + 17}" font-size="13" font-weight="bold" fill="{TEXT}">'
            f"{escape(_short(group.name, 90))}</text>"
        )
        y += GROUP_H
        for row in group.rows:
            initiative = row.initiative
            colour, pid, _drawing = STYLES.get(row.status, STYLES[InitiativeStatus.IDE])
            out.append(
                f'<text x="6" y="{y + 15}" font-size="12" fill="{TEXT}">'
                f"{escape(_short(initiative.title))}</text>"
            )
            bar_y = y + (ROW_H - BAR_H) / 2
            tip = f"{initiative.title}: {row.status_label}"
            if row.start and row.end:
                x1, x2 = x(row.start), x(row.end)
                tip += f", {row.start.isoformat()}–{row.end.isoformat()}"
                out.append(
                    f'<rect x="{x1}" y="{bar_y}" width="{max(x2 - x1, 3)}" height="{BAR_H}" '
                    f'fill="url(#{pid})" stroke="{colour}" rx="2"><title>{escape(tip)}</title>'
                    "</rect>"
                )
            elif row.start or row.end:
                # One date only: an open-ended marker at the known date.
                known = row.start or row.end
                xx = x(known)
                text = _("från %(date)s") if row.start else _("till %(date)s")
                tip += ", " + text % {"date": known.isoformat()}
                out.append(
                    f'<rect x="{xx - 2}" y="{bar_y}" width="4" height="{BAR_H}" fill="{colour}">'
                    f"<title>{escape(tip)}</title></rect>"
                    f'<text x="{xx + 5}" y="{bar_y + 10}" font-size="10" fill="{TEXT}">'
                    f"{escape(text % {'date': known.isoformat()})}</text>"
                )
            else:
                out.append(
                    f'<text x="{LABEL_W + 4}" y="{y + 15}" font-size="11" fill="{TEXT}" '
                    f'font-style="italic">{escape(_("Saknar datum"))}</text>'
                )
            for milestone in row.milestones:
                mx, my = x(milestone.date), y + ROW_H / 2
                if milestone.kind == "decision":
                    shape = (
                        f'<path d="M{mx} {my - 7}L{mx + 6} {my + 5}L{mx - 6} {my + 5}Z" '
                        f'fill="#fff" stroke="{TEXT}" stroke-width="1.5">'
                    )
                    out.append(f"{shape}<title>{escape(milestone.label)}</title></path>")
                else:
                    shape = (
                        f'<path d="M{mx} {my - 5}L{mx + 5} {my}L{mx} {my + 5}L{mx - 5} {my}Z" '
                        f'fill="{TEXT}" stroke="#fff" stroke-width="1">'
                    )
                    out.append(f"{shape}<title>{escape(milestone.label)}</title></path>")
            y += ROW_H
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped
