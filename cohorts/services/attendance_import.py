"""Attendance marks imported from a CSV or XLSX for one session: NIP, Tanggal, Status and,
optionally, Keterangan. Every row is checked first, with the rules of the other writers
(``cohorts.services.attendance``: a seat in the session, nothing but Izin or Sakit for a day to
come); with a single error nothing is written. Otherwise every mark is written at once, with
the method "import"; marks equal to the stored ones are left alone.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohorts.models import Attendance, Participant, TrainingSession
from cohorts.selectors import seated_participant_ids
from cohorts.services.attendance import MarkResult, advance_error, marks_write, refuse_cancelled
from cohorts.validators import nip_from_cell, normalize_nip
from core.spreadsheets import Limits, SpreadsheetError, Table, cell_text, is_filled, read_table

Status = Attendance.Status


Method = Attendance.Method


IMPORT_COLUMNS = {
    **dict.fromkeys(["nip", "nipbaru", "nomorindukpegawai"], "nip"),
    **dict.fromkeys(["tanggal", "tgl", "date", "haritanggal", "tanggalsesi"], "date"),
    **dict.fromkeys(["status", "kehadiran", "presensi", "statuskehadiran", "attendance"], "status"),
    **dict.fromkeys(["keterangan", "ket", "catatan", "note", "notes", "remarks"], "note"),
}


IMPORT_REQUIRED = {"nip": "NIP", "date": "Tanggal", "status": "Status"}
IMPORT_HINT = gettext_lazy("The columns are: NIP, Tanggal, Status, Keterangan.")
MAX_IMPORT_BYTES = 2 * 1024 * 1024


STATUS_NAMES = {
    **dict.fromkeys(["hadir", "h", "present"], Status.PRESENT),
    **dict.fromkeys(["terlambat", "telat", "t", "late"], Status.LATE),
    **dict.fromkeys(["izin", "ijin", "i", "excused", "permission"], Status.EXCUSED),
    **dict.fromkeys(["sakit", "s", "sick"], Status.SICK),
    **dict.fromkeys(
        ["alpa", "alpha", "alfa", "a", "absent", "tanpa keterangan", "tk"], Status.ABSENT
    ),
}


_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


@dataclass
class AttendanceImport:
    """The outcome of an import: the errors (``{"row", "column", "message"}``), and when
    there were none, what was written."""

    total_rows: int = 0
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    applied: bool = False
    result: MarkResult = field(default_factory=MarkResult)

    def add_error(self, row, column, message):
        self.errors.append({"row": row, "column": column, "message": str(message)})


def _parse_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    match = _DMY.match(text)
    try:
        if match:
            return datetime.date(int(match[3]), int(match[2]), int(match[1]))
        match = _YMD.match(text)
        if match:
            return datetime.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    return None


def _read_table(file, check: AttendanceImport) -> Table | None:
    """The file as a table under its header; a file that cannot be read adds one error on
    no row and gives None."""
    try:
        table = read_table(
            file,
            aliases=IMPORT_COLUMNS,
            required=IMPORT_REQUIRED,
            key="nip",
            columns_hint=str(IMPORT_HINT),
            limits=Limits.default(max_bytes=MAX_IMPORT_BYTES),
        )
    except SpreadsheetError as error:
        check.add_error(None, "", error)
        return None
    check.warnings += table.warnings
    return table


def attendance_import_check(*, session: TrainingSession, file) -> tuple[AttendanceImport, list]:
    """Validate every row of a marks file for ``session`` without writing anything.

    Returns the check (errors with row and column) and the valid entries as
    (day_id, participant_id, status, note or None when the file has no Keterangan column).
    """
    check = AttendanceImport()
    table = _read_table(file, check)
    if table is None:
        return check, []
    days = {day.date: day for day in session.days.all()}
    parsed = []
    nips = set()
    nip_column = table.column("nip")
    try:
        for number, values in table:
            check.total_rows += 1
            try:
                nip = normalize_nip(nip_from_cell(values["nip"]))
            except ValidationError as error:
                check.add_error(number, nip_column, " ".join(error.messages))
                nip = None
            if nip is not None:
                if not nip:
                    check.add_error(number, nip_column, _("The NIP is empty."))
                    nip = None
                else:
                    nips.add(nip)
            parsed.append((number, nip, values))
    except SpreadsheetError as error:
        check.add_error(None, "", error)
        return check, []
    if not check.total_rows and not check.errors:
        check.add_error(None, "", _("The file has a header but no rows."))
        return check, []
    participants = dict(Participant.objects.filter(nip__in=list(nips)).values_list("nip", "pk"))
    seated = seated_participant_ids(session.pk, participants.values())
    today = timezone.localdate()
    day_list = ", ".join(date.strftime("%d/%m/%Y") for date in sorted(days))
    first_row = {}
    entries = []
    date_column, status_column = table.column("date"), table.column("status")
    note_column = "note" in table.columns
    for number, nip, values in parsed:
        participant_id = None
        if nip is not None:
            participant_id = participants.get(nip)
            if participant_id is None:
                message = _("No participant has NIP %(nip)s.") % {"nip": nip}
                check.add_error(number, nip_column, message)
            elif participant_id not in seated:
                check.add_error(
                    number,
                    nip_column,
                    _("The participant with NIP %(nip)s has no seat in this session.")
                    % {"nip": nip},
                )
                participant_id = None
        raw_date = values.get("date")
        date = _parse_date(raw_date)
        day = None
        if date is None:
            check.add_error(
                number,
                date_column,
                _("“%(value)s” is not a date: write it as dd/mm/yyyy or yyyy-mm-dd.")
                % {"value": cell_text(raw_date)}
                if is_filled(raw_date)
                else _("The date is required."),
            )
        else:
            day = days.get(date)
            if day is None:
                check.add_error(
                    number,
                    date_column,
                    _("%(date)s is not a day of this session (its days: %(days)s).")
                    % {"date": date.strftime("%d/%m/%Y"), "days": day_list},
                )
        raw_status = cell_text(values.get("status"))
        status = STATUS_NAMES.get(" ".join(raw_status.lower().split()))
        if status is None:
            check.add_error(
                number,
                status_column,
                _("Unknown status “%(value)s”: use Hadir, Terlambat, Izin, Sakit or Alpa.")
                % {"value": raw_status}
                if raw_status
                else _("The status is required."),
            )
        elif day is not None:
            message = advance_error(day, status, today)
            if message:
                check.add_error(number, status_column, message)
                status = None
        if participant_id is None or day is None or status is None:
            continue
        key = (day.pk, participant_id)
        if key in first_row:
            check.add_error(
                number,
                nip_column,
                _("NIP %(nip)s on %(date)s is already on row %(row)d of this file.")
                % {"nip": nip, "date": date.strftime("%d/%m/%Y"), "row": first_row[key]},
            )
            continue
        first_row[key] = number
        note = cell_text(values.get("note"))[:255] if note_column else None
        entries.append((day.pk, participant_id, status, note))
    check.errors.sort(key=lambda error: error["row"] or 0)
    return check, entries


@transaction.atomic
def attendance_import(*, session: TrainingSession, file, by) -> AttendanceImport:
    """Import marks for one session from a CSV (or XLSX): NIP, Tanggal, Status, Keterangan.

    Every row is validated first; with a single error nothing is written (the errors are
    returned with their row and column). Otherwise every mark is written in this one
    transaction, method "import". Rows equal to the stored marks are left alone, so
    importing the same file again changes nothing. Without a Keterangan column the stored
    notes are kept. Runs synchronously: a session's roster is a few hundred rows.
    """
    session = TrainingSession.objects.get(pk=session.pk)
    refuse_cancelled(session)
    check, entries = attendance_import_check(session=session, file=file)
    if check.errors:
        return check
    existing = {
        (mark.day_id, mark.participant_id): mark
        for mark in Attendance.objects.select_for_update().filter(
            day__session=session, participant_id__in={pk for _d, pk, _s, _n in entries}
        )
    }
    marks_write(entries, by=by, method=Method.IMPORT, existing=existing, result=check.result)
    check.applied = True
    return check
