"""The roster as CSV or XLSX, in the columns the roster import reads back unchanged.

CSV is UTF-8 with a BOM (Excel then reads the names right) and comma separated; Excel still
shows a NIP in a CSV as a number — open the CSV through Data › From Text and mark NIP as Text,
or use the XLSX, where NIP is a text cell. ``core.spreadsheets`` makes every value safe to open.

The CSV can be produced piece by piece (``roster_export_csv_stream``) for a streamed download:
memory stays flat whatever the roster's size. The XLSX cannot be streamed: openpyxl's
write-only mode keeps the rows out of memory (in a temporary file) but zips the workbook only
once it is complete. So a request never builds it: ``roster_export_write`` writes it to a file
in a background job (``cohorts.services.roster_export``), reporting its progress, and the
organiser downloads it when it is ready.
"""

from cohorts.models import Participant
from core.spreadsheets import csv_stream, spreadsheet_bytes, write_xlsx

PROGRESS_EVERY = 1000
WIDTHS = (21, 36, 18, 15, 28, 17, 30, 16, 16)

POSITION_EXPORT = {
    Participant.Position.HEAD: "Wali Kota/Bupati",
    Participant.Position.CAMAT: "Camat",
    Participant.Position.LURAH: "Lurah",
    Participant.Position.OTHER: "Lainnya",
}


EXPORT_HEADERS = [
    "NIP",
    "Nama",
    "Jabatan",
    "Kode Wilayah",
    "Nama Wilayah",
    "Pangkat/Golongan",
    "Email",
    "Telepon",
    "Tema",
]


def _national_phone(phone: str) -> str:
    return "0" + phone[3:] if phone.startswith("+62") else phone


def _export_rows(queryset):
    rows = queryset.order_by("nip").values_list(
        "nip",
        "name",
        "position",
        "unit__code",
        "unit__name",
        "grade",
        "email",
        "phone",
        "theme__name",
    )
    for nip, name, position, code, unit_name, grade, email, phone, theme in rows.iterator(2000):
        yield [
            nip,
            name,
            POSITION_EXPORT.get(position, position),
            code,
            unit_name,
            grade,
            email,
            _national_phone(phone),
            theme or "",
        ]


def roster_export(*, format: str, queryset) -> bytes:
    """The participants of ``queryset`` as a roster the importer reads back unchanged.

    ``format`` is ``"csv"`` (UTF-8 with BOM, comma separated) or ``"xlsx"`` (NIP a text
    cell). Values that would start a formula get an apostrophe in front.
    """
    return spreadsheet_bytes(
        format=format,
        headers=EXPORT_HEADERS,
        rows=_export_rows(queryset),
        sheet_name="Peserta",
        widths=WIDTHS,
    )


def roster_export_write(out, *, queryset, progress=None) -> int:
    """Write the participants of ``queryset`` to ``out`` (a binary file) as the roster XLSX
    that ``roster_export`` makes, row by row; ``progress(rows written)`` is called every
    ``PROGRESS_EVERY`` rows. Returns the number of rows."""
    written = 0

    def rows():
        nonlocal written
        for row in _export_rows(queryset):
            yield row
            written += 1
            if progress and written % PROGRESS_EVERY == 0:
                progress(written)

    write_xlsx(out, headers=EXPORT_HEADERS, rows=rows(), sheet_name="Peserta", widths=WIDTHS)
    return written


def roster_export_csv_stream(*, queryset):
    """The participants of ``queryset`` as a roster CSV, yielded in pieces of bytes (UTF-8
    with BOM, comma separated, every value made safe) for a ``StreamingHttpResponse``."""
    return csv_stream(headers=EXPORT_HEADERS, rows=_export_rows(queryset))
