"""The start page's charts per role: costs per year, initiatives per status, the load.

Each chart is server-rendered SVG (``role="img"`` with its own title and
description) followed by the same numbers in a table and a sentence that says
what the chart shows; one query per chart.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from portfolio import policy
from portfolio.choices import CostNature, InitiativeStatus, Role
from portfolio.models import Initiative, SystemCost
from portfolio.prioritisation.charts import bar_chart
from portfolio.templatetags.portal import format_kr

#: roles that see the costs per year
COST_ROLES = frozenset(
    {
        Role.IT_STRATEG,
        Role.KOMMUNDIREKTOR,
        Role.EKONOM,
        Role.FORVALTNINGSCHEF,
        Role.SYSTEMAGARE,
        Role.ADMINISTRATOR,
    }
)
#: roles that see initiatives per status
PORTFOLIO_ROLES = frozenset(
    {
        Role.IT_STRATEG,
        Role.KOMMUNDIREKTOR,
        Role.EKONOM,
        Role.FORVALTNINGSCHEF,
        Role.STYRGRUPPSLEDAMOT,
        Role.ADMINISTRATOR,
    }
)
#: roles that see the förvaltningar's load
LOAD_ROLES = frozenset(
    {Role.IT_STRATEG, Role.KOMMUNDIREKTOR, Role.STYRGRUPPSLEDAMOT, Role.FORVALTNINGSCHEF}
)
#: roles who read the costs of every system they see (not only their own)
WIDE_COST_ROLES = COST_ROLES - {Role.SYSTEMAGARE}
YEARS_BACK = 3
MAX_LOAD_ROWS = 12
COLOURS = {CostNature.DRIFT: "#1f5f99", CostNature.UTVECKLING: "#a15c00"}


def _count(value) -> str:
    return str(int(value))


def stacked_year_chart(rows: list[dict], chart_id: str, title: str, desc: str) -> str:
    """Vertical bars per year, drift below utveckling; every segment carries its value."""
    width, height, left, top, bottom = 560, 260, 20, 20, 60
    plot_h = height - top - bottom
    slot = (width - 2 * left) / max(len(rows), 1)
    top_value = max((r["total"] for r in rows), default=Decimal(0)) or Decimal(1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'class="chart bars" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - left}" y2="{top + plot_h}" '
        'stroke="#1b1f24"/>',
    ]
    for index, row in enumerate(rows):
        x = left + index * slot + slot * 0.2
        w = slot * 0.6
        base = top + plot_h
        for nature in (CostNature.DRIFT, CostNature.UTVECKLING):
            value = row[nature]
            h = float(value / top_value) * plot_h
            if h:
                label = f"{row['year']} {CostNature(nature).label}: {format_kr(value)}"
                parts.append(
                    f"<g><title>{escape(label)}</title>"
                    f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{w:.1f}" height="{h:.1f}" '
                    f'fill="{COLOURS[nature]}"/></g>'
                )
            base -= h
        parts.append(
            f'<text x="{x + w / 2:.1f}" y="{top + plot_h + 16}" text-anchor="middle" '
            f'font-size="12" fill="#1b1f24">{row["year"]}</text>'
            f'<text x="{x + w / 2:.1f}" y="{max(base - 4, 12):.1f}" text-anchor="middle" '
            f'font-size="11" fill="#1b1f24">{escape(format_kr(row["total"]))}</text>'
        )
    legend_y = height - 18
    for i, nature in enumerate((CostNature.DRIFT, CostNature.UTVECKLING)):
        lx = left + i * 160
        parts.append(
            f'<rect x="{lx}" y="{legend_y - 10}" width="12" height="12" '
            f'fill="{COLOURS[nature]}"/>'
            f'<text x="{lx + 18}" y="{legend_y}" font-size="12" fill="#1b1f24">'
            f"{escape(str(CostNature(nature).label))}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def cost_chart(user, scope) -> dict | None:
    year = timezone.localdate().year
    years = list(range(year - YEARS_BACK, year + 2))
    costs = policy.restrict(SystemCost.objects.filter(year__in=years), user)
    if not scope.has_role(*WIDE_COST_ROLES):
        costs = costs.filter(Q(system__owner=user) | Q(system__manager=user))
    sums = {
        (r["year"], r["nature"]): r["total"]
        for r in costs.values("year", "nature").annotate(total=Sum("amount")).order_by()
    }
    if not sums:
        return None
    rows = []
    for y in years:
        drift = sums.get((y, CostNature.DRIFT)) or Decimal(0)
        dev = sums.get((y, CostNature.UTVECKLING)) or Decimal(0)
        rows.append(
            {
                "year": y,
                CostNature.DRIFT: drift,
                CostNature.UTVECKLING: dev,
                "total": drift + dev,
            }
        )
    now = next(r for r in rows if r["year"] == year)
    summary = _(
        "Systemkostnader per år %(first)s–%(last)s, uppdelat på drift och utveckling. "
        "I år: drift %(drift)s och utveckling %(dev)s, totalt %(total)s."
    ) % {
        "first": years[0],
        "last": years[-1],
        "drift": format_kr(now[CostNature.DRIFT]),
        "dev": format_kr(now[CostNature.UTVECKLING]),
        "total": format_kr(now["total"]),
    }
    title = _("Kostnader per år: drift och utveckling")
    return {
        "id": "chart-costs",
        "title": title,
        "svg": stacked_year_chart(rows, "chart-costs-svg", title, summary),
        "summary": summary,
        "columns": [_("År"), _("Drift"), _("Utveckling"), _("Totalt")],
        "rows": [
            (
                r["year"],
                [
                    format_kr(r[CostNature.DRIFT]),
                    format_kr(r[CostNature.UTVECKLING]),
                    format_kr(r["total"]),
                ],
            )
            for r in rows
        ],
    }


def status_chart(user, scope) -> dict | None:
    counts = dict(
        policy.restrict(Initiative.objects.all(), user)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    if not counts:
        return None
    rows = [(str(label), counts.get(value, 0)) for value, label in InitiativeStatus.choices]
    total = sum(n for _label, n in rows)
    largest = max(rows, key=lambda r: r[1])
    summary = _("%(total)s initiativ per status. Flest är i status %(status)s (%(n)s).") % {
        "total": total,
        "status": largest[0],
        "n": largest[1],
    }
    title = _("Initiativ per status")
    return {
        "id": "chart-status",
        "title": title,
        "svg": bar_chart(rows, "chart-status-svg", title, summary, fmt=_count),
        "summary": summary,
        "columns": [_("Status"), _("Antal")],
        "rows": [(label, [n]) for label, n in rows],
    }


def load_chart(user, scope) -> dict | None:
    from portfolio.prioritisation.ranking import forvaltning_load

    kommuner = scope.kommun_ids(LOAD_ROLES - {Role.FORVALTNINGSCHEF})
    own = scope.forvaltning_ids({Role.FORVALTNINGSCHEF})
    if not kommuner and not own:
        return None
    from portfolio.models import Forvaltning

    kommun_ids = set(kommuner) | set(
        Forvaltning.objects.filter(pk__in=own).values_list("kommun_id", flat=True)
    )
    rows = forvaltning_load(kommun_ids, {}, with_kommun=len(kommun_ids) > 1)
    if not kommuner:
        rows = [r for r in rows if r.forvaltning_id in own]
    rows = sorted(rows, key=lambda r: (-r.total, r.name))[:MAX_LOAD_ROWS]
    if not rows:
        return None
    over = [r.name for r in rows if r.exceeded]
    summary = _(
        "Pågående initiativ (i genomförande) per förvaltning mot dess förändringskapacitet."
    )
    if over:
        summary += " " + _("Över kapaciteten: %(names)s.") % {"names": ", ".join(over)}
    else:
        summary += " " + _("Ingen förvaltning är över sin kapacitet.")
    title = _("Förvaltningarnas belastning")
    return {
        "id": "chart-load",
        "title": title,
        "svg": bar_chart(
            [(r.name, r.total) for r in rows], "chart-load-svg", title, summary, fmt=_count
        ),
        "summary": summary,
        "columns": [_("Förvaltning"), _("I genomförande"), _("Kapacitet"), _("Över kapacitet")],
        "rows": [
            (
                r.name,
                [
                    r.total,
                    "–" if r.capacity is None else r.capacity,
                    _("Ja") if r.exceeded else _("Nej"),
                ],
            )
            for r in rows
        ],
    }


def role_charts(request, scope):
    """The charts that matter to the user's roles (one query each)."""
    if scope.is_anonymous or scope.is_superuser:
        return None
    charts = []
    if scope.has_role(*COST_ROLES):
        charts.append(cost_chart(request.user, scope))
    if scope.has_role(*PORTFOLIO_ROLES):
        charts.append(status_chart(request.user, scope))
    if scope.has_role(*LOAD_ROLES):
        charts.append(load_chart(request.user, scope))
    charts = [c for c in charts if c]
    return {"charts": charts} if charts else None
