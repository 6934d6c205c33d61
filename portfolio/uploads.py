"""Checks for uploaded import files: size, extension and a content sniff.

Use ``validate_import_file`` as a form field validator
(``forms.FileField(validators=[validate_import_file])``) or call it from a
view. Uploaded files are never served back raw: imports are parsed and
discarded, and nothing under MEDIA_ROOT has a URL.
"""

from __future__ import annotations

import os
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

SNIFF_BYTES = 64 * 1024


def _read_head(uploaded, size: int) -> bytes:
    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    uploaded.seek(0)
    head = uploaded.read(size)
    uploaded.seek(position)
    return head


def _check_csv(uploaded) -> None:
    head = _read_head(uploaded, SNIFF_BYTES)
    if b"\x00" in head:
        raise ValidationError(
            _("Filen ser inte ut som en textfil (CSV): den innehåller binära tecken."),
            code="not_text",
        )
    # Cut at the last line break so a multi-byte character is not split.
    if len(head) == SNIFF_BYTES and b"\n" in head:
        head = head[: head.rfind(b"\n")]
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        if any(ord(c) < 32 and c not in "\t\r\n" for c in text):
            break
        return
    raise ValidationError(
        _("Filen kunde inte läsas som text. Spara den som CSV med teckenkodning UTF-8."),
        code="bad_encoding",
    )


def _check_xlsx(uploaded) -> None:
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        names = None
    finally:
        uploaded.seek(0)
    if not names or "[Content_Types].xml" not in names:
        raise ValidationError(
            _("Filen är ingen giltig Excel-fil (.xlsx)."),
            code="not_xlsx",
        )


CHECKS = {".csv": _check_csv, ".xlsx": _check_xlsx}


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
