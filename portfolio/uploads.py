"""Checks for uploaded files: size, extension, content, control characters, zip bombs.

Use ``validate_import_file`` as a form field validator
(``forms.FileField(validators=[validate_import_file])``) or call it from a
view. Uploaded files are never served back raw: imports are parsed and
discarded, and nothing under MEDIA_ROOT has a URL. Styrdokument (PDF only,
``ImportFileValidator((".pdf",), ...)``) are served only through their
permission-checked download view.
"""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

SNIFF_BYTES = 64 * 1024
#: C0 control characters except tab, LF and CR: never part of a register's text
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
#: members above this size must not be packed harder than XLSX_MAX_RATIO
XLSX_RATIO_FLOOR = 1024 * 1024
XLSX_MAX_MEMBERS = 10_000


def _read_all(uploaded) -> bytes:
    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    uploaded.seek(0)
    content = uploaded.read()
    uploaded.seek(position)
    return content


def decode_text(content: bytes) -> str:
    """UTF-8 (with or without BOM) or, failing that, Windows-1252 (older Swedish Excel)."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def sniff_delimiter(text: str) -> str:
    """Semicolon (Swedish Excel), comma or tab, judged from the header line."""
    header = text.split("\n", 1)[0]
    candidates = {";": header.count(";"), ",": header.count(","), "\t": header.count("\t")}
    best = max(candidates, key=candidates.get)
    return best if candidates[best] else ";"


def record_number(text: str, position: int) -> int:
    """The CSV record (the header is 1) that the character at ``position`` belongs to.

    A quoted cell may span lines, so the records before it are counted with the
    CSV reader; this is what a spreadsheet calls the row.
    """
    prefix = text[:position] + " "
    try:
        reader = csv.reader(io.StringIO(prefix, newline=""), delimiter=sniff_delimiter(text))
        return max(sum(1 for _row in reader), 1)
    except csv.Error:
        return prefix.count("\n") + 1


def control_character_message(line: int, character: str) -> str:
    return _(
        "Rad %(line)s innehåller ett otillåtet styrtecken (U+%(code)04X). En importfil ska "
        "vara en textfil utan styrtecken: ta bort tecknet och spara filen igen."
    ) % {"line": line, "code": ord(character)}


def find_control_character(content: bytes) -> tuple[int, str] | None:
    """(row, character) of the first C0 control character anywhere in a CSV file, or None.

    The bytes are searched, not the text: in UTF-8 and Windows-1252 alike a byte
    below 0x20 is that control character and never part of another character.
    """
    match = CONTROL_BYTES.search(content)
    if match is None:
        return None
    text = decode_text(content[: match.start()])
    return record_number(text, len(text)), chr(content[match.start()])


def _check_csv(uploaded) -> None:
    content = _read_all(uploaded)
    if content.startswith(UTF16_BOMS):
        raise ValidationError(
            _(
                "Filen är sparad som Unicode-text (UTF-16). Spara den i Excel som "
                "”CSV UTF-8 (kommaavgränsad)” och ladda upp den igen."
            ),
            code="utf16",
        )
    found = find_control_character(content)
    if found is not None:
        raise ValidationError(control_character_message(*found), code="control_character")
    head = content[:SNIFF_BYTES]
    # Cut at the last line break so a multi-byte character is not split.
    if len(head) == SNIFF_BYTES and b"\n" in head:
        head = head[: head.rfind(b"\n")]
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError:
            continue
        return
    raise ValidationError(
        _("Filen kunde inte läsas som text. Spara den som CSV med teckenkodning UTF-8."),
        code="bad_encoding",
    )


def not_excel_error() -> ValidationError:
    return ValidationError(
        _(
            "Filen kan inte läsas som Excel (.xlsx): den är skadad eller ingen Excel-arbetsbok. "
            "Öppna den i Excel och spara den igen som Excel-arbetsbok eller som CSV."
        ),
        code="not_xlsx",
    )


def check_xlsx_archive(fileobj) -> None:
    """Refuse a file that is no XLSX, or that would unpack to too much (a zip bomb).

    Only the archive's directory is read: the sizes it declares are what
    Python's zipfile (and so openpyxl) will ever unpack, so nothing is
    decompressed here. Limits: ``IMPORT_XLSX_MAX_UNPACKED_BYTES`` in all, and
    ``IMPORT_XLSX_MAX_RATIO`` for each member over 1 MiB.
    """
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise not_excel_error() from None
    finally:
        fileobj.seek(0)
    if not any(m.filename == "[Content_Types].xml" for m in members):
        raise not_excel_error()
    limit = settings.IMPORT_XLSX_MAX_UNPACKED_BYTES
    unpacked = sum(m.file_size for m in members)
    if unpacked > limit or len(members) > XLSX_MAX_MEMBERS:
        raise ValidationError(
            _(
                "Excel-filen packas upp till %(size)s, mer än de %(limit)s som tillåts. "
                "Dela upp filen eller spara den som CSV."
            )
            % {"size": filesizeformat(unpacked), "limit": filesizeformat(limit)},
            code="xlsx_too_big",
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > XLSX_RATIO_FLOOR and ratio > settings.IMPORT_XLSX_MAX_RATIO:
            raise ValidationError(
                _(
                    "Excel-filen är packad %(ratio)s gånger, långt mer än en vanlig Excel-fil, "
                    "och läses inte (den kan vara en så kallad zip-bomb). Spara den igen i "
                    "Excel eller som CSV."
                )
                % {"ratio": f"{int(ratio):,}".replace(",", " ")},
                code="xlsx_ratio",
            )


def _check_xlsx(uploaded) -> None:
    check_xlsx_archive(uploaded)


def _check_pdf(uploaded) -> None:
    """A PDF has ``%PDF-`` in its first KiB (as readers allow) and ``%%EOF`` at its end."""
    content = _read_all(uploaded)
    if b"%PDF-" not in content[:1024] or b"%%EOF" not in content[-2048:]:
        raise ValidationError(
            _("Filen är ingen PDF. Spara dokumentet som PDF och ladda upp det igen."),
            code="not_pdf",
        )


CHECKS = {".csv": _check_csv, ".xlsx": _check_xlsx, ".pdf": _check_pdf}


@deconstructible
class ImportFileValidator:
    """Size limit (``IMPORT_MAX_UPLOAD_BYTES``), allowed extensions and content sniff."""

    def __init__(self, allowed_extensions=(".csv", ".xlsx"), max_bytes: int | None = None):
        self.allowed_extensions = tuple(e.lower() for e in allowed_extensions)
        self.max_bytes = max_bytes

    def __call__(self, uploaded) -> None:
        limit = self.max_bytes or settings.IMPORT_MAX_UPLOAD_BYTES
        if uploaded.size is not None and uploaded.size > limit:
            raise ValidationError(
                _("Filen är för stor (%(size)s). Största tillåtna storlek är %(limit)s.")
                % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)},
                code="too_large",
            )
        if not uploaded.size:
            raise ValidationError(_("Filen är tom."), code="empty")
        extension = os.path.splitext(uploaded.name or "")[1].lower()
        if extension not in self.allowed_extensions:
            raise ValidationError(
                _("Filtypen %(ext)s är inte tillåten. Tillåtna filtyper: %(allowed)s.")
                % {
                    "ext": extension or _("(ingen)"),
                    "allowed": ", ".join(self.allowed_extensions),
                },
                code="bad_extension",
            )
        check = CHECKS.get(extension)
        if check is not None:
            check(uploaded)

    def __eq__(self, other) -> bool:
        return (
            isinstance(other, ImportFileValidator)
            and self.allowed_extensions == other.allowed_extensions
            and self.max_bytes == other.max_bytes
        )


validate_import_file = ImportFileValidator()
