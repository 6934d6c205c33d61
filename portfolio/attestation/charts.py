"""The share confirmed per förvaltning as a server-drawn SVG bar chart (with a text alternative).

Widths are SVG attributes, not inline styles, so the CSP needs no 'unsafe-inline'.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

ROW = 28
LABEL = 230
BAR = 300


def share_bars(rows: list[dict]) -> dict:
    bars = []
    for index, row in enumerate(rows):
        y = index * ROW
        bars.append(
            {
                "label": row["forvaltning"],
                "y": y + 6,
                "text_y": y + 19,
                "width": round(BAR * row["share"] / 100),
                "share": row["share"],
            }
        )
    summary = "; ".join(
        _("%(forvaltning)s %(share)s procent (%(confirmed)s av %(total)s)")
        % {
            "forvaltning": r["forvaltning"],
            "share": r["share"],
            "confirmed": r["confirmed"],
            "total": r["total"],
        }
        for r in rows
    )
    return {
        "bars": bars,
        "height": max(len(rows), 1) * ROW,
        "width": LABEL + BAR + 60,
        "label_width": LABEL,
        "bar_width": BAR,
        "value_x": LABEL + BAR + 8,
        "text": _("Andel bekräftade system per förvaltning: %(summary)s.") % {"summary": summary}
        if rows
        else _("Omgången har inga system."),
    }
