"""core.forms.SpreadsheetFileField: size, content and unpacked size checked on upload."""

import io
import zipfile

import openpyxl
import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from core.forms import SpreadsheetFileField
from tests.core.test_spreadsheets import xlsx_bomb


class UploadForm(forms.Form):
    file = SpreadsheetFileField(label="File", max_bytes=1000)


def errors_for(content: bytes, name="daftar.csv") -> list:
    form = UploadForm(files={"file": SimpleUploadedFile(name, content)})
    form.is_valid()
    return form.errors.get("file", [])


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_a_table_passes_with_its_format_found_by_content():
    form = UploadForm(files={"file": SimpleUploadedFile("daftar.txt", b"NIP;Nama\r\n1;Ani\r\n")})
    assert form.is_valid()
    upload = form.cleaned_data["file"]
    assert upload.spreadsheet_format == "csv" and upload.tell() == 0


def test_too_large_refused_with_the_limit():
    [message] = errors_for(b"NIP;Nama\r\n" + b"x" * 2000)
    assert "at most 1000" in message


def test_content_not_a_table_refused_whatever_the_name():
    assert "binary data" in errors_for(b"\x89PNG\r\n\x1a\n" + bytes(64))[0]
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    assert "not an Excel workbook" in errors_for(docx.getvalue(), name="daftar.xlsx")[0]


def test_a_workbook_unpacking_past_the_limit_is_refused(settings):
    settings.SELARAS_SPREADSHEET_MAX_UNPACKED = 1_000_000
    bomb = xlsx_bomb(2_000_000)
    form = type("Form", (forms.Form,), {"file": SpreadsheetFileField()})(
        files={"file": SimpleUploadedFile("daftar.xlsx", bomb)}
    )
    assert not form.is_valid()
    assert "Unpacked, the workbook" in form.errors["file"][0]
    small = io.BytesIO()
    openpyxl.Workbook().save(small)
    form = type("Form", (forms.Form,), {"file": SpreadsheetFileField()})(
        files={"file": SimpleUploadedFile("daftar.xlsx", small.getvalue())}
    )
    assert form.is_valid() and form.cleaned_data["file"].spreadsheet_format == "xlsx"


def test_errors_are_translated():
    with translation.override("id"):
        [message] = errors_for(b"\x89PNG\r\n\x1a\n" + bytes(64))
    assert "binary data" not in message
