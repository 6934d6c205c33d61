"""The charge sheet (debiteringsunderlag) of one förvaltning in one run, as XLSX and PDF.

XLSX through ``portfolio.exports.write_xlsx`` (typed numbers, formula-like text
neutralised); PDF through ``portfolio.pdf.render_pdf`` from an autoescaped
template, so names typed by users are text in both.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from portfolio.exports import XLSX_CONTENT_TYPE, write_xlsx
from portfolio.pdf import render_pdf

MONTH_NAMES = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def _filename(run, forvaltning, ext: str) -> str:
    return f"debiteringsunderlag-{run.year}-{slugify(forvaltning.name) or forvaltning.pk}.{ext}"


def sheets(run, forvaltning, result) -> list:
    summary = [
        (_("Kommun"), run.kommun.name),
        (_("Förvaltning"), forvaltning.name),
        (_("År"), run.year),
        (_("Fördelningskörning"), run.number),
        (_("Körd"), timezone.localtime(run.created_at).replace(tzinfo=None)),
        (_("Gemensamma kostnader"), result.pool_total),
        (_("Hyressystemet"), result.rent_total),
        (_("Summa"), result.total),
    ]
    pools = [
        [
            row["name"],
            row["owner"],
            row["pool_amount"],
            row["kommun_key"] or None,
            row["kommun_amount"],
            row["key"],
            row["key_value"],
            row["key_total"],
            round(row["share"], 2) if row["share"] is not None else None,
            row["amount"],
        ]
        for row in result.pool_rows
    ]
    rent = [
        [row["kind"], row["count"], row["price"], row["period"], *row["months"], row["total"]]
        for row in result.rent_rows
    ]
    return [
        (_("Sammanfattning"), [_("Uppgift"), _("Värde")], summary),
        (
            _("Gemensamma kostnader"),
            [
                _("Kostnadspool"),
                _("Kommun eller samverkan"),
                _("Poolens belopp"),
                _("Nyckel mellan kommuner"),
                _("Kommunens del"),
                _("Nyckel"),
                _("Nyckelvärde"),
                _("Nyckelns summa"),
                _("Andel (%)"),
                _("Belopp"),
            ],
            pools,
        ),
        (
            _("Hyra per månad"),
            [_("Utrustning"), _("Antal"), _("Pris"), _("Period"), *MONTH_NAMES, _("Summa")],
            rent,
        ),
    ]


def sheet_xlsx(run, forvaltning, result) -> HttpResponse:
    response = HttpResponse(
        write_xlsx(sheets(run, forvaltning, result)), content_type=XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{_filename(run, forvaltning, "xlsx")}"'
    )
    return response


def sheet_html(run, forvaltning, result) -> str:
    return render_to_string(
        "portfolio/chargeback/sheet_pdf.html",
        {
            "run": run,
            "forvaltning": forvaltning,
            "result": result,
            "month_names": MONTH_NAMES,
            "title": _("Debiteringsunderlag %(year)s: %(name)s")
            % {"year": run.year, "name": forvaltning.name},
        },
    )


def sheet_pdf(run, forvaltning, result) -> HttpResponse:
    rendered = render_pdf(sheet_html(run, forvaltning, result))
    response = HttpResponse(rendered.data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(run, forvaltning, "pdf")}"'
    return response
