"""A report's figures as XLSX for the ekonomer. Text cells are neutralised against formulas.

Built once, when the report is generated, and archived with the PDF
(``ReportFile``); a download serves those bytes. A missing figure (None) is
an empty cell, never 0.
"""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Prefix ' to text a spreadsheet would run as a formula (CSV/XLSX injection)."""
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


def build_xlsx(job, data) -> bytes:
    from openpyxl import Workbook

    from reports.choices import ReportKind

    wb = Workbook()
    wb.remove(wb.active)
    if job.kind == ReportKind.MOGNADSRAPPORT:
        ws = wb.create_sheet(title="Mognad")
        for row in _rows_mognadsrapport(data):
            ws.append([neutralise(v) for v in row])
    rows_for = _rows_it_bokslut if job.kind == ReportKind.IT_BOKSLUT else _rows_handlingsplan
    for part in data["parts"]:
        ws = wb.create_sheet(title=part["kommun"].name[:31])
        for row in rows_for(part):
            ws.append([neutralise(v) for v in row])
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
