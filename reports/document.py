"""The report's HTML: templates plus the SVG charts of the trend section."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.charts import bar_chart
from reports.choices import ReportKind
from reports.sections.common import KEY_FIGURES


def _trend_charts(part: dict) -> list[dict]:
    rows = part["trends"]["rows"]
    specs = [
        ("it_cost_total", _("IT-kostnad totalt per år"), "kr"),
        ("it_cost_per_invanare", _("IT-kostnad per invånare per år"), "kr"),
        ("utveckling_share", _("Andel utveckling per år"), "%"),
    ]
    charts = []
    for key, title, unit in specs:
        points = [(str(r["year"]), r[key]) for r in rows]
        charts.append(
            {
                "title": title,
                "unit": unit,
                "points": points,
                "svg": bar_chart(
                    title,
                    _(
                        "Stapeldiagram för %(kommun)s, åren %(first)s–%(last)s. Värdena finns i "
                        "tabellen under diagrammet; år utan uppgifter saknar stapel."
                    )
                    % {
                        "kommun": part["kommun"].name,
                        "first": rows[0]["year"],
                        "last": rows[-1]["year"],
                    },
                    points,
                    unit,
                ),
            }
        )
    return charts


TEMPLATES = {
    ReportKind.IT_BOKSLUT: "reports/pdf/it_bokslut.html",
    ReportKind.HANDLINGSPLAN: "reports/pdf/handlingsplan.html",
    ReportKind.IT_PLAN: "reports/pdf/it_plan.html",
    ReportKind.IT_PLANER: "reports/pdf/it_planer.html",
    ReportKind.MOGNADSRAPPORT: "reports/pdf/mognadsrapport.html",
}


def render_html(job, data: dict) -> str:
    if job.kind == ReportKind.IT_BOKSLUT:
        for part in data["parts"]:
            part["charts"] = _trend_charts(part)
    template = TEMPLATES[job.kind]
    context = {
        **data,
        "key_figures": KEY_FIGURES,
        "generated_at": timezone.now(),
        "title": f"{job.get_kind_display()} {job.year} – {job.scope}",
    }
    return render_to_string(template, context)
