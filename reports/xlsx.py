"""A report's figures as XLSX for the ekonomer. Text cells are neutralised against formulas.

Built once, when the report is generated, and archived with the PDF
(``ReportFile``); a download serves those bytes. A missing figure (None) is
an empty cell, never 0.
"""

from __future__ import annotations

import re
from decimal import Decimal
from io import BytesIO

from portfolio.exports import clean_text

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Prefix ' to text a spreadsheet would run as a formula (CSV/XLSX injection).

    Control characters a stored name may hold are left out: openpyxl refuses them.
    """
    if isinstance(value, str):
        value = clean_text(value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    if isinstance(value, Decimal):
        return float(value)
    return value


def _rows_it_bokslut(part):
    yield ("Nyckeltal", "Värde", "Föregående år", "Förändring (%)", "Definition")
    for r in part["summary"]["rows"]:
        yield (
            str(r["figure"].label),
            r["value"],
            r["previous"],
            r["change"],
            str(r["figure"].definition),
        )
    yield ()
    yield ("Kostnad per förvaltning", "Belopp (kr)")
    yield from part["costs"]["per_forvaltning"]
    yield ()
    yield ("De tio dyraste systemen", "Förvaltning", "Belopp (kr)")
    for s in part["costs"]["top_systems"]:
        yield (s["name"], s["forvaltning"], s["total"])
    yield ()
    yield ("Trend: år", "IT-kostnad (kr)", "Per invånare (kr)", "Andel utveckling (%)")
    for r in part["trends"]["rows"]:
        yield (r["year"], r["it_cost_total"], r["it_cost_per_invanare"], r["utveckling_share"])
    yield ()
    group = part["comparison"]["group"]
    yield (
        f"Jämförelse: {group.name}" if group else "Jämförelse: alla kommuner",
        "IT-kostnad (kr)",
        "Per invånare (kr)",
        "Per anställd (kr)",
        "Andel utveckling (%)",
    )
    for r in part["comparison"]["rows"]:
        yield (
            r["kommun"].name,
            r["it_cost_total"],
            r["it_cost_per_invanare"],
            r["it_cost_per_anstalld"],
            r["utveckling_share"],
        )


def _rows_handlingsplan(part):
    yield (
        "Initiativ",
        "Förvaltning",
        "Ansvarig",
        "Q1",
        "Q2",
        "Q3",
        "Q4",
        "Budget (kr)",
        "Tidplan",
    )
    for item in part["items"]:
        i = item["initiative"]
        yield (
            i.title,
            i.forvaltning.name,
            item["contact"],
            *("x" if q else "" for q in item["quarters"]),
            item["budget"],
            f"{i.start_date.isoformat()}–{i.end_date.isoformat() if i.end_date else ''}"
            if item["scheduled"]
            else "Saknar tidplan",
        )
    yield ()
    yield ("Finansieringskälla", "Belopp (kr)")
    for label, v in part["by_source"]:
        yield (str(label), v)


def _rows_mognadsrapport(data):
    """The network's distribution per question and the shared kommuner's levels (no person)."""
    baseline = data["baseline_label"]
    yield ("Fråga nr", "Fråga", "Alternativ", f"{data['job'].year} (%)", f"{baseline} (%)")
    for figure in data["figures"]:
        for o in figure["options"]:
            yield (
                figure["number"],
                figure["question"].text,
                o["option"].label,
                o["percent"],
                o["baseline"],
            )
    yield ()
    network = data.get("network")
    if network:
        yield ("Kommun", *(str(label) for _code, label in network["areas"]))
        yield ("Nätverkets median", *network["medians"])
        for row in network["named"]:
            yield (row["participation"].kommun.name, *row["levels"])


def _rows_plan_costs(part):
    """One plan's costs per year (the IT-plan PDFs)."""
    yield ("År", "Utveckling (kr)", "Drift (kr)", "Summa (kr)")
    for s in part["sums"]:
        yield (s.year, s.dev, s.ops, s.total)


def _rows_it_planer(data):
    c = data["c"]
    yield ("Förvaltning", "Status", *(str(y) for y in c.years), "Summa (kr)")
    for row in c.rows:
        status = row.plan.get_status_display() if row.plan else "Saknas"
        yield (row.forvaltning.name, str(status), *(y.total for y in row.years), row.total)
    yield ("Summa inlämnade planer", "", *(t.total for t in c.totals), c.total)


def _sheets(job, data):
    """(sheet title, rows) per sheet of the job's workbook."""
    from reports.choices import ReportKind

    if job.kind == ReportKind.IT_PLAN:
        return [(data["plan"].forvaltning.name, _rows_plan_costs(data["part"]))]
    if job.kind == ReportKind.MOGNADSRAPPORT:
        return [("Mognad", _rows_mognadsrapport(data))] + [
            (part["kommun"].name, _rows_handlingsplan(part)) for part in data["parts"]
        ]
    if job.kind == ReportKind.IT_PLANER:
        return [(f"IT-planer {job.year}", _rows_it_planer(data))] + [
            (part["plan"].forvaltning.name, _rows_plan_costs(part)) for part in data["plans"]
        ]
    rows_for = _rows_it_bokslut if job.kind == ReportKind.IT_BOKSLUT else _rows_handlingsplan
    return [(part["kommun"].name, rows_for(part)) for part in data["parts"]]


def build_xlsx(job, data) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in _sheets(job, data):
        # openpyxl refuses these characters in a sheet title (and renames duplicates).
        ws = wb.create_sheet(title=re.sub(r"[\\/*?:\[\]']", "", title)[:31] or "Blad")
        for row in rows:
            ws.append([neutralise(v) for v in row])
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
