"""The open datasets of a kommun: their columns and how they are written as CSV and JSON.

Each dataset is a list of ``Column`` over the plain value rows of
``governance.opendata.selection``; the writers stream, so a large kommun is
written row by row from one query. The CSV is Swedish Excel style (``;``,
UTF-8 with BOM) with formula neutralisation; the JSON is one object with a
``metadata`` block (title, publisher, licence, generated time, source URL)
and the rows in ``data``. Stored text can break neither: control characters
(NUL and the other C0 characters except tab, CR and LF) are dropped.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.choices import DecisionType
from portfolio.choices import SystemCategory, SystemKind
from portfolio.exports import neutralise_cell

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: rows per chunk the writers hand to the streaming response
CHUNK_ROWS = 500


def clean_text(value):
    """Drop the control characters no CSV reader, JSON store or XML file accepts."""
    if isinstance(value, str):
        return CONTROL_CHARACTERS.sub("", value)
    return value


@dataclass(frozen=True)
class Column:
    """One public column: its JSON key, its CSV header and how it is read from a row.

    With ``choices`` the row holds the stored code and the file its label.
    """

    key: str
    header: str
    value: Callable[[dict], object]
    choices: type[models.TextChoices] | None = None

    def reader(self) -> Callable[[dict], object]:
        """Row -> cell, the labels translated once per file (not once per row)."""
        if self.choices is None:
            return self.value
        labels = {code: str(label) for code, label in self.choices.choices}
        value = self.value
        return lambda row: labels.get(value(row), value(row))


@dataclass(frozen=True)
class Dataset:
    """A dataset a kommun may publish; ``slug`` names its files (``beslut.csv``)."""

    slug: str
    title: str
    description: str
    columns: tuple[Column, ...]
    setting: str  # the OpenDataPublication flag that publishes it
    theme: str  # the EU data theme (DCAT)


DECISIONS = Dataset(
    slug="beslut",
    title=_("Justerade beslut om IT och digitalisering"),
    description=_(
        "Justerade beslut i kommunens IT-styrning som inte omfattas av sekretess, med länk "
        "till det justerade protokollet där det får publiceras."
    ),
    columns=(
        Column("council", _("Beslutande"), lambda r: r["council__name"]),
        Column("year", _("År"), lambda r: r["year"]),
        Column("paragraph", _("§"), lambda r: r["number"]),
        Column("decision_date", _("Beslutsdatum"), lambda r: r["decision_date"].isoformat()),
        Column("title", _("Rubrik"), lambda r: r["title"]),
        Column("decision_type", _("Beslut"), lambda r: r["decision_type"], DecisionType),
        Column("text", _("Beslutstext"), lambda r: r["text"]),
        Column("conditions", _("Villkor"), lambda r: r["conditions"]),
        Column("minutes_url", _("Protokoll"), lambda r: r.get("minutes_url")),
    ),
    setting="publish_decisions",
    theme="GOVE",
)

SYSTEMS = Dataset(
    slug="system",
    title=_("Kommunens IT-system"),
    description=_(
        "Förteckning över kommunens IT-system: namn, typ, kategori och leverantör. "
        "Avvecklade system ingår inte."
    ),
    columns=(
        Column("name", _("Namn"), lambda r: r["name"]),
        Column("kind", _("Typ"), lambda r: r["kind"], SystemKind),
        Column("category", _("Kategori"), lambda r: r["category"], SystemCategory),
        Column("supplier", _("Leverantör"), lambda r: r["supplier__name"]),
    ),
    setting="publish_systems",
    theme="TECH",
)

DATASETS = (DECISIONS, SYSTEMS)


def published_datasets(publication) -> list[Dataset]:
    """The datasets ``publication`` (an OpenDataPublication or None) turns on."""
    if publication is None:
        return []
    return [d for d in DATASETS if getattr(publication, d.setting)]


class _Line:
    """A file-like object whose ``write`` returns the line (the csv module writes one row)."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(dataset: Dataset, rows: Iterable[dict]) -> Iterator[str]:
    """The dataset as Swedish Excel CSV: BOM, ``;``, formulas neutralised."""
    writer = csv.writer(_Line(), delimiter=";", lineterminator="\r\n")
    header = writer.writerow([str(c.header) for c in dataset.columns])
    yield "\ufeff" + header
    readers = [c.reader() for c in dataset.columns]
    chunk = []
    for row in rows:
        chunk.append(writer.writerow([neutralise_cell(clean_text(r(row))) for r in readers]))
        if len(chunk) >= CHUNK_ROWS:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


def json_chunks(dataset: Dataset, metadata: dict, rows: Iterable[dict]) -> Iterator[str]:
    """The dataset as ``{"metadata": {...}, "data": [...]}``, one row object per line."""
    yield '{"metadata": ' + json.dumps(metadata, ensure_ascii=False) + ', "data": ['
    readers = [(c.key, c.reader()) for c in dataset.columns]
    chunk = []
    separator = "\n"
    for row in rows:
        record = {key: clean_text(read(row)) for key, read in readers}
        chunk.append(separator + json.dumps(record, ensure_ascii=False))
        separator = ",\n"
        if len(chunk) >= CHUNK_ROWS:
            yield "".join(chunk)
            chunk = []
    yield "".join(chunk) + "\n]}\n"
