"""Uploaded import files: size limit, extension and content sniff, Swedish messages."""

import io
import zipfile

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from portfolio.uploads import ImportFileValidator, validate_import_file


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    wb = Workbook()
    wb.active["A1"] = "Namn"
    wb.save(buffer)
    return buffer.getvalue()


def upload(name, content: bytes):
    return SimpleUploadedFile(name, content)


def message(exc_info) -> str:
    return " ".join(exc_info.value.messages)


def test_utf8_csv_is_accepted():
    validate_import_file(upload("system.csv", "namn;kommun\nÄrendehantering;Lysekil\n".encode()))


def test_cp1252_csv_is_accepted():
    validate_import_file(upload("system.csv", "namn;kommun\nÅtgärd;Sotenäs\n".encode("cp1252")))


def test_utf8_bom_csv_is_accepted():
    validate_import_file(upload("system.csv", "\ufeffnamn\nx\n".encode()))


def test_real_xlsx_is_accepted():
    validate_import_file(upload("system.xlsx", xlsx_bytes()))


def test_too_large_file_is_refused(settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ValidationError) as exc:
        validate_import_file(upload("a.csv", b"namn;kommun\n"))
    assert "för stor" in message(exc)
    assert exc.value.error_list[0].code == "too_large"


def test_explicit_limit():
    with pytest.raises(ValidationError):
        ImportFileValidator(max_bytes=3)(upload("a.csv", b"abcd"))


@pytest.mark.parametrize("name", ["a.exe", "a.html", "a.xls", "a.csv.php", "noext"])
def test_wrong_extension_is_refused(name):
    with pytest.raises(ValidationError) as exc:
        validate_import_file(upload(name, b"namn\n"))
    assert "inte tillåten" in message(exc)


def test_empty_file_is_refused():
    with pytest.raises(ValidationError) as exc:
        validate_import_file(upload("a.csv", b""))
    assert "tom" in message(exc)


def test_binary_csv_is_refused():
    with pytest.raises(ValidationError) as exc:
        validate_import_file(upload("a.csv", b"MZ\x90\x00\x03\x00\x00\x00"))
    assert "textfil" in message(exc)


def test_csv_with_control_characters_is_refused():
    with pytest.raises(ValidationError):
        validate_import_file(upload("a.csv", b"namn\x01\x02\x03\n"))


def test_renamed_file_as_xlsx_is_refused():
    with pytest.raises(ValidationError) as exc:
        validate_import_file(upload("a.xlsx", b"namn;kommun\n"))
    assert "Excel" in message(exc)


def test_zip_without_content_types_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.txt", "x")
    with pytest.raises(ValidationError):
        validate_import_file(upload("a.xlsx", buffer.getvalue()))


def test_file_position_is_kept_for_the_parser():
    f = upload("a.xlsx", xlsx_bytes())
    validate_import_file(f)
    assert f.tell() == 0
    assert f.read(2) == b"PK"


def test_as_form_field_validator():
    class ImportForm(forms.Form):
        file = forms.FileField(label="Fil", validators=[validate_import_file])

    form = ImportForm(data={}, files={"file": upload("a.exe", b"MZ")})
    assert not form.is_valid()
    assert "inte tillåten" in form.errors["file"][0]
