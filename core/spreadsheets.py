"""Spreadsheets as Indonesian offices make and open them: reading CSV and XLSX into rows under a
recognised header, and writing CSV and XLSX that are safe to open.

Reading (every import of the project goes through ``read_table``):

- The format is judged by the content, never by the file name: an XLSX workbook is a ZIP with
  the parts of a workbook; anything else must be text — UTF-8 with or without BOM, UTF-16
  (Excel's "Unicode text") or Windows-1252 (with a warning).
- Caps are checked before anything is parsed (``Limits``): the file's size, for a workbook the
  size its parts unpack to (a small ZIP can unpack to gigabytes), and the number of rows read.
- The header row is looked for within the first ``HEADER_SEARCH_ROWS`` rows, so a title line
  above the table is fine; a CSV's delimiter (comma, semicolon or tab) is the one that makes
  that header row name the required columns, not whatever the first line happens to hold.
- Headers are matched through aliases (``"Nama Lengkap"``, ``"nama"`` → ``name``); when two
  columns could hold one field the alias of lower priority wins, two of equal priority are an
  error.

Writing (``spreadsheet_bytes``): every value is cleaned the same way for CSV and XLSX —
characters a workbook cannot hold are removed first, then a value that a spreadsheet would run
as a formula (starting with ``= + - @``, tab or CR) gets an apostrophe in front (OWASP, CSV
injection). The escaping comes last, so no cleaning step can uncover a formula after it.
``cell_text`` removes that apostrophe again when the file comes back.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from core.files import zip_unpacked_size

CSV = "csv"
XLSX = "xlsx"
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
HEADER_SEARCH_ROWS = 10
DELIMITERS = (";", ",", "\t")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# C0 control characters (but tab, LF and CR) and the two non-characters: an XLSX cannot hold
# them, and a CSV reader may drop them, which would leave what follows at the start.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_HEADER_JUNK = re.compile(r"[^0-9a-z]")
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97–2003 .xls
_BINARY = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf")
_BINARY += (b"MZ", b"\x7fELF")


class SpreadsheetError(Exception):
    """The file as a whole cannot be read; the message says why (translated)."""


@dataclass(frozen=True)
class Limits:
    """What one import may read: the file's bytes, a workbook's unpacked bytes and the rows.
    The defaults come from ``SELARAS_SPREADSHEET_MAX_BYTES`` / ``_MAX_UNPACKED`` /
    ``_MAX_ROWS``."""

    max_bytes: int = 0
    max_unpacked: int = 0
    max_rows: int = 0

    @classmethod
    def default(cls, **overrides) -> "Limits":
        values = {
            "max_bytes": settings.SELARAS_SPREADSHEET_MAX_BYTES,
            "max_unpacked": settings.SELARAS_SPREADSHEET_MAX_UNPACKED,
            "max_rows": settings.SELARAS_SPREADSHEET_MAX_ROWS,
        }
        return cls(**{**values, **overrides})


def _size(file) -> int:
    file.seek(0, io.SEEK_END)
    size = file.tell()
    file.seek(0)
    return size


def _head(file, size=4096) -> bytes:
    file.seek(0)
    data = file.read(size)
    file.seek(0)
    return data


def _too_big(what, size, limit):
    return SpreadsheetError(
        _("%(what)s is %(size)s; at most %(max)s can be read.")
        % {"what": what, "size": filesizeformat(size), "max": filesizeformat(limit)}
    )


def check_size(file, limits: Limits) -> None:
    """Refuse a file over ``limits.max_bytes``, and a workbook whose parts unpack to more than
    ``limits.max_unpacked`` (judged from the ZIP's directory, before anything is unpacked)."""
    size = _size(file)
    if limits.max_bytes and size > limits.max_bytes:
        raise _too_big(_("The file"), size, limits.max_bytes)
    if not limits.max_unpacked:
        return
    unpacked = zip_unpacked_size(file)  # None: not a ZIP, or detect_format says what is wrong
    if unpacked is not None and unpacked > limits.max_unpacked:
        raise _too_big(_("Unpacked, the workbook"), unpacked, limits.max_unpacked)


def detect_format(file) -> str:
    """``"xlsx"`` or ``"csv"`` judged by the bytes of ``file`` (an open binary file), or
    SpreadsheetError saying what the file is instead."""
    head = _head(file)
    if head.startswith(_ZIP):
        try:
            with zipfile.ZipFile(file) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            names = set()
        finally:
            file.seek(0)
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise SpreadsheetError(_("This file is a ZIP archive, not an Excel workbook (.xlsx)."))
        return XLSX
    if head.startswith(_OLE):
        raise SpreadsheetError(
            _(
                "This is an old Excel 97–2003 workbook (.xls). Save it as Excel Workbook (.xlsx) "
                "or as CSV and upload it again."
            )
        )
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
    if head.startswith(_BINARY) or (b"\x00" in head and not utf16) or not head.strip():
        raise SpreadsheetError(
            _("This file is not a table in CSV or XLSX: it is empty or holds binary data.")
        )
    return CSV


def _decode(data: bytes, warnings: list) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise SpreadsheetError(_("This file claims to be UTF-16 text but is not.")) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise SpreadsheetError(
            _("This file is not text in UTF-8 or Windows-1252: it cannot be read as CSV.")
        ) from None
    warnings.append(
        _(
            "The file is not UTF-8; it was read as Windows-1252 (Excel's CSV on Windows). "
            "Check names with accents in the preview, or save as CSV UTF-8."
        )
    )
    return text


def header_key(value) -> str:
    """A header as compared with the aliases: lower case, letters and digits only."""
    return _HEADER_JUNK.sub("", str(value or "").lower())


def is_filled(cell) -> bool:
    return cell is not None and str(cell).strip() != ""


def cell_text(value) -> str:
    """A cell as text, without the apostrophe our export puts before formula characters; a
    whole number that a spreadsheet stored as a float loses its ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_START:
        text = text[1:]
    return text


# Reading ---------------------------------------------------------------------------------------


@dataclass
class Table:
    """A table being read: its format, the columns found (field → (index, header as written)),
    the header's row number and the warnings. Iterating yields ``(row number, {field: raw
    value})`` for each non-empty row below the header, numbered as the spreadsheet shows them
    (first row = 1). Reading more than the row limit raises SpreadsheetError."""

    format: str
    columns: dict
    header_row: int
    warnings: list
    max_rows: int
    _rows: Iterator = field(repr=False)

    def __iter__(self):
        positions = [(name, index) for name, (index, _header) in self.columns.items()]
        count = 0
        for number, cells in self._rows:
            if not any(is_filled(cell) for cell in cells):
                continue
            count += 1
            if self.max_rows and count > self.max_rows:
                raise SpreadsheetError(
                    _("The file has more than %(max)d rows; split it into smaller files.")
                    % {"max": self.max_rows}
                )
            yield number, {name: cells[i] if i < len(cells) else None for name, i in positions}

    def column(self, name) -> str:
        """The header of a field's column as the file writes it ("" when absent)."""
        return self.columns[name][1] if name in self.columns else ""


def _map_header(cells, aliases) -> dict:
    """{field: (index, header)} for the cells of one row. ``aliases`` maps a ``header_key`` to
    a field or to (field, priority)."""
    found = {}  # field → (priority, index, header)
    for index, cell in enumerate(cells):
        alias = aliases.get(header_key(cell))
        if alias is None:
            continue
        name, priority = alias if isinstance(alias, tuple) else (alias, 0)
        header = str(cell).strip()
        if name in found and found[name][0] == priority:
            raise SpreadsheetError(
                _("Two columns, %(first)s and %(second)s, both hold the %(field)s.")
                % {"first": found[name][2], "second": header, "field": name}
            )
        if name not in found or priority < found[name][0]:
            found[name] = (priority, index, header)
    return {name: (index, header) for name, (_p, index, header) in found.items()}


def _csv_header(text: str, aliases, key: str) -> tuple[str, int, dict] | None:
    """(delimiter, row number, columns) of the first of the first lines that, split by one of
    the delimiters, names the ``key`` column (most columns recognised wins)."""
    lines = text.splitlines()[:HEADER_SEARCH_ROWS]
    for number, line in enumerate(lines, start=1):
        best = None
        for delimiter in DELIMITERS:
            try:
                cells = next(csv.reader([line], delimiter=delimiter))
            except (csv.Error, StopIteration):
                continue
            columns = _map_header(cells, aliases)
            if key in columns and (best is None or len(columns) > len(best[2])):
                best = (delimiter, number, columns)
        if best:
            return best
    return None


def _xlsx_rows(file, warnings) -> Iterator[tuple[int, tuple]]:
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception:
        raise SpreadsheetError(_("This Excel workbook is damaged and cannot be read.")) from None
    try:
        sheet = workbook.worksheets[0]
        if len(workbook.worksheets) > 1:
            warnings.append(
                _("Only the first sheet (%(sheet)s) was read.") % {"sheet": sheet.title}
            )
        yield from enumerate(sheet.iter_rows(values_only=True), start=1)
    finally:
        workbook.close()


def read_table(
    file,
    *,
    aliases: dict,
    required: dict,
    key: str,
    columns_hint: str,
    limits: Limits | None = None,
) -> Table:
    """Open a table (an open binary file) by its content and find its header row.

    ``aliases`` maps header keys to fields (or (field, priority)); ``required`` maps the
    required fields to the column names shown in errors; ``key`` is the field whose column
    identifies the header row; ``columns_hint`` lists the expected columns for the error when
    no header is found. Raises SpreadsheetError when the file is too large, not a table, has no
    header or misses a required column.
    """
    limits = limits or Limits.default()
    check_size(file, limits)
    file_format = detect_format(file)
    warnings = []
    if file_format == CSV:
        text = _decode(file.read(), warnings)
        found = _csv_header(text, aliases, key)
        if found is None:
            rows, header_row, columns = iter(()), 0, None
        else:
            delimiter, header_row, columns = found
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
            rows = _csv_rows_after(reader, header_row)
    else:
        rows = _xlsx_rows(file, warnings)
        columns, header_row = None, 0
        for number, cells in rows:
            mapped = _map_header(cells, aliases)
            if key in mapped:
                columns, header_row = mapped, number
                break
            if number >= HEADER_SEARCH_ROWS:
                break
    if columns is None:
        raise SpreadsheetError(
            _("No header row with a %(key)s column in the first %(count)d rows. %(hint)s")
            % {"key": required.get(key, key), "count": HEADER_SEARCH_ROWS, "hint": columns_hint}
        )
    missing = [label for name, label in required.items() if name not in columns]
    if missing:
        raise SpreadsheetError(
            _("Required column(s) missing: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    return Table(
        format=file_format,
        columns=columns,
        header_row=header_row,
        warnings=warnings,
        max_rows=limits.max_rows,
        _rows=rows,
    )


def _csv_rows_after(reader, header_row) -> Iterator[tuple[int, list]]:
    try:
        for number, cells in enumerate(reader, start=1):
            if number > header_row:
                yield number, cells
    except csv.Error as error:
        raise SpreadsheetError(
            _("The CSV is malformed near row %(row)d: %(error)s")
            % {"row": reader.line_num, "error": error}
        ) from None


# Writing ---------------------------------------------------------------------------------------


def cell_safe(value) -> str:
    """A value as spreadsheet text: characters a workbook cannot hold removed, then an
    apostrophe in front when it would start a formula. In this order, so that removing a
    character can never uncover a formula."""
    text = _CONTROL.sub("", "" if value is None else str(value))
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def _csv_chunks(headers, rows: Iterable) -> Iterator[bytes]:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    out.write("\ufeff")
    writer.writerow([cell_safe(value) for value in headers])
    for count, row in enumerate(rows, start=1):
        writer.writerow([cell_safe(value) for value in row])
        if count % 1000 == 0:
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode("utf-8")


def csv_stream(*, headers, rows: Iterable) -> Iterator[bytes]:
    """A CSV (UTF-8 with BOM, comma separated) produced piece by piece, for streaming."""
    return _csv_chunks(headers, rows)


def write_xlsx(out, *, headers, rows: Iterable, sheet_name: str, widths=()) -> None:
    """Write an XLSX whose every cell is text (NIPs keep their 18 digits) to ``out``; the
    rows are written as they come (openpyxl's write-only mode keeps memory flat)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append([cell_safe(value) for value in headers])
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=cell_safe(value))
            cell.number_format = "@"
            cells.append(cell)
        sheet.append(cells)
    workbook.save(out)


def spreadsheet_bytes(*, format: str, headers, rows: Iterable, sheet_name: str, widths=()) -> bytes:
    """``rows`` under ``headers`` as a CSV (UTF-8 with BOM, comma separated: what Excel opens
    right) or an XLSX whose every cell is text. Every value goes through ``cell_safe``."""
    if format == CSV:
        return b"".join(_csv_chunks(headers, rows))
    if format == XLSX:
        out = io.BytesIO()
        write_xlsx(out, headers=headers, rows=rows, sheet_name=sheet_name, widths=widths)
        return out.getvalue()
    raise ValueError(f"Unknown spreadsheet format: {format!r}")
