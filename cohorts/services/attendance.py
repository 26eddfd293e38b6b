"""Attendance (presensi) per session day: marks by hand, in a grid for a whole day, or from a
CSV or XLSX file; closing a session's attendance into its bookings.

Rules every writer keeps:

- Only a participant holding a seat in the day's session (``SessionBooking.SEATED``) is
  marked; a cancelled session takes no marks. A day that has not come yet takes only Izin
  or Sakit (announced in advance), never Hadir, Terlambat or Alpa.
- Every mark keeps who made it, when and how (manual, QR, import). A mark equal to the
  stored one is not written again, so its history stays that of the first writer.

The participant's own QR check-in is in ``cohorts.services.checkin``.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cohorts.models import Attendance, Participant, SessionBooking, SessionDay, TrainingSession
from cohorts.selectors import seated_participant_ids
from cohorts.services.bookings import bookings_set_outcome
from cohorts.signals import attendance_closed
from cohorts.validators import nip_from_cell, normalize_nip
from core.errors import DomainError
from core.formatting import day_label
from core.spreadsheets import Limits, SpreadsheetError, Table, cell_text, is_filled, read_table

Status = Attendance.Status


Method = Attendance.Method


SEATED = SessionBooking.SEATED


PRESENT = Attendance.PRESENT_STATUSES


IN_ADVANCE = frozenset({Status.EXCUSED, Status.SICK})


NAMES_SHOWN = 10


def _names(names) -> str:
    names = list(names)
    shown = ", ".join(names[:NAMES_SHOWN])
    if len(names) > NAMES_SHOWN:
        shown += " " + _("and %(count)d more") % {"count": len(names) - NAMES_SHOWN}
    return shown


def _refuse_cancelled(session: TrainingSession):
    if session.is_cancelled:
        raise DomainError(
            _("“%(session)s” is cancelled: it takes no attendance.") % {"session": session.title}
        )


def _advance_error(day: SessionDay, status: str, today: datetime.date) -> str | None:
    if day.date > today and status not in IN_ADVANCE:
        return _(
            "%(date)s has not come yet: only Izin or Sakit can be marked in advance, "
            "not %(status)s."
        ) % {"date": day_label(day), "status": Status(status).label}
    return None


@dataclass
class MarkResult:
    """What a grid save or an import did: rows created, updated, cleared or left alone."""

    created: int = 0
    updated: int = 0
    cleared: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.cleared


def _write(entries, *, by, method: str, existing: dict, result: MarkResult, keep_note=False):
    """Write ``entries`` — (day_id, participant_id, status, note) — against ``existing``
    marks keyed by (day_id, participant_id). Status "" removes a mark. One bulk statement
    per kind of change."""
    now = timezone.now()
    creates, updates, deletes = [], [], []
    for day_id, participant_id, status, note in entries:
        current = existing.get((day_id, participant_id))
        if not status:
            if current is None:
                result.unchanged += 1
            else:
                deletes.append(current.pk)
            continue
        if current is None:
            creates.append(
                Attendance(
                    day_id=day_id,
                    participant_id=participant_id,
                    status=status,
                    method=method,
                    marked_by=by,
                    marked_at=now,
                    note=note or "",
                )
            )
            continue
        new_note = current.note if keep_note or note is None else note
        if current.status == status and current.note == new_note:
            result.unchanged += 1
            continue
        current.status, current.note = status, new_note
        current.method, current.marked_by, current.marked_at = method, by, now
        updates.append(current)
    if creates:
        Attendance.objects.bulk_create(creates)
    if updates:
        Attendance.objects.bulk_update(
            updates, ["status", "note", "method", "marked_by", "marked_at"], batch_size=500
        )
    if deletes:
        Attendance.objects.filter(pk__in=deletes).delete()
    result.created += len(creates)
    result.updated += len(updates)
    result.cleared += len(deletes)
    return result


@transaction.atomic
def attendance_mark_grid(*, day: SessionDay, marks: dict, by) -> MarkResult:
    """Save a day's marks at once: ``marks`` maps participant ids to a status, or to "" to
    remove that participant's mark.

    All or nothing: refuses (DomainError naming them) when a participant holds no seat in the
    session, a status is unknown, the session is cancelled, or a day still to come gets
    anything but Izin/Sakit. Marks equal to the stored ones are not rewritten. One query
    per kind of write, whatever the number of rows.
    """
    session = TrainingSession.objects.get(pk=day.session_id)
    _refuse_cancelled(session)
    marks = {int(pk): (status or "") for pk, status in marks.items()}
    unknown = sorted({status for status in marks.values() if status and status not in Status})
    if unknown:
        raise DomainError(
            _("Unknown attendance status: %(values)s.") % {"values": ", ".join(unknown)}
        )
    not_seated = set(marks) - seated_participant_ids(session.pk, marks)
    if not_seated:
        names = Participant.objects.filter(pk__in=not_seated).order_by("name")
        raise DomainError(
            _("Only participants with a seat in this session can be marked. Not seated: %(n)s.")
            % {"n": _names(names.values_list("name", flat=True)) or ", ".join(map(str, not_seated))}
        )
    today = timezone.localdate()
    for status in {status for status in marks.values() if status}:
        message = _advance_error(day, status, today)
        if message:
            raise DomainError(message)
    existing = {
        (mark.day_id, mark.participant_id): mark
        for mark in Attendance.objects.select_for_update().filter(
            day_id=day.pk, participant_id__in=list(marks)
        )
    }
    entries = [(day.pk, pk, status, None) for pk, status in marks.items()]
    return _write(
        entries, by=by, method=Method.MANUAL, existing=existing, result=MarkResult(), keep_note=True
    )


@transaction.atomic
def attendance_mark(
    *,
    day: SessionDay,
    participant: Participant,
    status: str,
    by,
    method: str = Method.MANUAL,
    note: str = "",
) -> Attendance:
    """Mark one participant on one day (created or changed; an equal mark is left as it is,
    with its first writer). Same refusals as ``attendance_mark_grid``."""
    session = TrainingSession.objects.get(pk=day.session_id)
    _refuse_cancelled(session)
    if status not in Status:
        raise DomainError(_("Unknown attendance status: %(values)s.") % {"values": status})
    if method not in Method:
        raise DomainError(_("Unknown way of marking: %(value)s.") % {"value": method})
    if not seated_participant_ids(session.pk, [participant.pk]):
        raise DomainError(
            _("%(name)s has no seat in “%(session)s” and cannot be marked.")
            % {"name": participant.name, "session": session.title}
        )
    message = _advance_error(day, status, timezone.localdate())
    if message:
        raise DomainError(message)
    existing = {
        (mark.day_id, mark.participant_id): mark
        for mark in Attendance.objects.select_for_update().filter(
            day_id=day.pk, participant_id=participant.pk
        )
    }
    _write(
        [(day.pk, participant.pk, status, note)],
        by=by,
        method=method,
        existing=existing,
        result=MarkResult(),
    )
    return Attendance.objects.get(day_id=day.pk, participant_id=participant.pk)


@dataclass
class CloseResult:
    attended: int = 0
    no_show: int = 0
    unchanged: int = 0
    excused: int = 0  # never present, excused on some day: the booking is left as it is


@transaction.atomic
def session_attendance_close(*, session: TrainingSession, by=None) -> CloseResult:
    """Turn a fully marked session's attendance into its bookings' outcome.

    Needs its last day to have come and every seated participant marked on every day
    (DomainError saying who is missing). Present or late on at least one day → attended;
    absent (alpa) on every day → no-show; otherwise (excused or sick, never present) the
    booking stays as it is. Moves go through ``bookings_set_outcome`` (events written); running
    it again after a correction moves only what changed. Then, when the programme has an
    attendance rule, the seated participants whom only that rule held back complete the
    programme: ``attendance_closed`` is announced in this transaction and the learning engine
    re-checks completion. Closing is the moment a session's attendance is final, so marks
    and check-ins alone never complete anyone.
    """
    session = TrainingSession.objects.get(pk=session.pk)
    _refuse_cancelled(session)
    days = list(session.days.order_by("date"))
    if not days:
        raise DomainError(_("This session has no days."))
    if days[-1].date > timezone.localdate():
        raise DomainError(
            _("Attendance can be closed from the session's last day on (%(date)s).")
            % {"date": day_label(days[-1])}
        )
    in_session = Q(participant__attendance__day__session=session)
    bookings = list(
        session.bookings.filter(status__in=SEATED)
        .select_related("participant")
        .annotate(
            marked=Count("participant__attendance", filter=in_session),
            present=Count(
                "participant__attendance",
                filter=in_session & Q(participant__attendance__status__in=PRESENT),
            ),
            absent=Count(
                "participant__attendance",
                filter=in_session & Q(participant__attendance__status=Status.ABSENT),
            ),
        )
        .order_by("participant__name")
    )
    missing = [booking.participant.name for booking in bookings if booking.marked < len(days)]
    if missing:
        raise DomainError(
            ngettext(
                "%(count)d participant is not marked on every day yet: %(names)s.",
                "%(count)d participants are not marked on every day yet: %(names)s.",
                len(missing),
            )
            % {"count": len(missing), "names": _names(missing)}
        )
    result = CloseResult()
    outcomes = {}
    for booking in bookings:
        if booking.present:
            target = SessionBooking.Status.ATTENDED
        elif booking.absent == len(days):
            target = SessionBooking.Status.NO_SHOW
        else:
            result.excused += 1
            continue
        if booking.status == target:
            result.unchanged += 1
            continue
        outcomes[booking.pk] = target
        if target == SessionBooking.Status.ATTENDED:
            result.attended += 1
        else:
            result.no_show += 1
    bookings_set_outcome(session=session, outcomes=outcomes, by=by, note=_("Attendance closed"))
    attendance_closed.send(sender=TrainingSession, session=session)
    return result


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
            message = _advance_error(day, status, today)
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
    _refuse_cancelled(session)
    check, entries = attendance_import_check(session=session, file=file)
    if check.errors:
        return check
    existing = {
        (mark.day_id, mark.participant_id): mark
        for mark in Attendance.objects.select_for_update().filter(
            day__session=session, participant_id__in={pk for _d, pk, _s, _n in entries}
        )
    }
    _write(entries, by=by, method=Method.IMPORT, existing=existing, result=check.result)
    check.applied = True
    return check
