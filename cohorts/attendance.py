"""Attendance (presensi) per session day: marks by hand, in a grid for a whole day, by a
participant's own QR check-in or from a CSV; closing a session's attendance into its
bookings; and the rates that reports and the completion rule read.

Rules every writer keeps:

- Only a participant holding a seat in the day's session (``SessionBooking.SEATED``) is
  marked; a cancelled session takes no marks. A day that has not come yet takes only Izin
  or Sakit (announced in advance), never Hadir, Terlambat or Alpa.
- Every mark keeps who made it, when and how (manual, QR, import). A mark equal to the
  stored one is not written again, so its history stays that of the first writer.

The check-in token is an HMAC with the secret key over (day id, time step); a step lasts
``SELARAS_CHECKIN_STEP`` seconds (60) and only the current and the previous step are
accepted, inside the day's window: from ``SELARAS_CHECKIN_EARLY`` minutes (60) before the day
starts until it ends. After ``SELARAS_CHECKIN_GRACE`` minutes (15) past the start a check-in
is Terlambat. A code photographed yesterday, or three minutes ago, does not work.

Rates count seat-days: marks of seated participants on days of sessions not cancelled,
present (Hadir or Terlambat) over marked.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import (
    Count,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
)
from django.utils import formats, timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cohorts import roster
from cohorts.models import (
    Attendance,
    Cohort,
    Participant,
    SessionBooking,
    SessionDay,
    TrainingSession,
)
from cohorts.validators import normalize_nip
from lms.models import DomainError

Status = Attendance.Status
Method = Attendance.Method
SEATED = SessionBooking.SEATED
PRESENT = Attendance.PRESENT_STATUSES
IN_ADVANCE = frozenset({Status.EXCUSED, Status.SICK})
TOKEN_SALT = "selaras.attendance.checkin"  # noqa: S105 — an HMAC salt, not a secret
NAMES_SHOWN = 10


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def checkin_step() -> int:
    """Seconds one check-in code lasts (``SELARAS_CHECKIN_STEP``, default 60)."""
    return max(1, _setting("SELARAS_CHECKIN_STEP", 60))


def checkin_early() -> datetime.timedelta:
    return datetime.timedelta(minutes=_setting("SELARAS_CHECKIN_EARLY", 60))


def checkin_grace() -> datetime.timedelta:
    return datetime.timedelta(minutes=_setting("SELARAS_CHECKIN_GRACE", 15))


def _names(names) -> str:
    names = list(names)
    shown = ", ".join(names[:NAMES_SHOWN])
    if len(names) > NAMES_SHOWN:
        shown += " " + _("and %(count)d more") % {"count": len(names) - NAMES_SHOWN}
    return shown


def day_label(day: SessionDay) -> str:
    """``Selasa, 5 Maret 2019`` in the active language's date format."""
    return formats.date_format(day.date, "DATE_FORMAT")


def time_label(value: datetime.datetime | datetime.time) -> str:
    """``08.00 WIB`` (local time with the zone's Indonesian abbreviation)."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).time()
    return f"{formats.time_format(value, 'TIME_FORMAT')} WIB"


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


def _seated_ids(session_id: int, participant_ids) -> set[int]:
    return set(
        SessionBooking.objects.filter(
            session_id=session_id, participant_id__in=list(participant_ids), status__in=SEATED
        ).values_list("participant_id", flat=True)
    )


# Marking -----------------------------------------------------------------------------------


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
    not_seated = set(marks) - _seated_ids(session.pk, marks)
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
    if not _seated_ids(session.pk, [participant.pk]):
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


# Closing a session's attendance ------------------------------------------------------------


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
    programme (``attendance_completion_recheck``): closing is the moment a session's
    attendance is final, so marks and check-ins alone never complete anyone.
    """
    from cohorts.booking import bookings_set_outcome

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
    attendance_completion_recheck(session=session)
    return result


def attendance_completion_recheck(*, session: TrainingSession, participant_ids=None) -> int:
    """Complete the programme for seated participants whom only the attendance rule held
    back (every live module done, enrolment open). Returns how many were completed.

    Runs only when the programme has an attendance rule; the candidates are found in one
    query, and only they are checked one by one.
    """
    from cms.models import ModulePage, ProgrammePage
    from lms.services.learning import programme_completion_check

    programme = ProgrammePage.objects.get(pk=session.programme_id)
    if not programme.min_attendance_percent:
        return 0
    modules = ModulePage.objects.child_of(programme).live()
    module_count = modules.count()
    candidates = Participant.objects.filter(
        bookings__session=session,
        bookings__status__in=SEATED,
        enrolments__programme=programme,
        enrolments__completed_at__isnull=True,
    ).annotate(
        done=Count(
            "module_completions",
            filter=Q(module_completions__module__in=modules.values("pk")),
            distinct=True,
        )
    )
    if participant_ids is not None:
        candidates = candidates.filter(pk__in=list(participant_ids))
    completed = 0
    for participant in candidates.filter(done__gte=module_count):
        completed += programme_completion_check(participant=participant, programme=programme)
    return completed


# QR self check-in --------------------------------------------------------------------------


def checkin_window(day: SessionDay) -> tuple[datetime.datetime, datetime.datetime]:
    """(opens, closes): from SELARAS_CHECKIN_EARLY minutes before the day starts to its end."""
    return day.start_datetime - checkin_early(), day.end_datetime


def checkin_is_open(day: SessionDay, at: datetime.datetime | None = None) -> bool:
    opens, closes = checkin_window(day)
    return opens <= (at or timezone.now()) <= closes


def _step(at: datetime.datetime) -> int:
    return int(at.timestamp()) // checkin_step()


def _mac(day_id: int, step: int) -> str:
    return salted_hmac(TOKEN_SALT, f"{day_id}:{step}", algorithm="sha256").hexdigest()[:24]


def checkin_token(day: SessionDay, at: datetime.datetime | None = None) -> str:
    """The code for ``day`` at time ``at`` (now): ``<step in hex>-<hmac>``, URL-safe."""
    step = _step(at or timezone.now())
    return f"{step:x}-{_mac(day.pk, step)}"


def _token_step(day: SessionDay, token: str) -> int | None:
    """The step a genuine token for this day was made in, or None."""
    step_text, _sep, mac = str(token or "").partition("-")
    if not re.fullmatch(r"[0-9a-f]{1,12}", step_text):
        return None
    step = int(step_text, 16)
    return step if constant_time_compare(mac, _mac(day.pk, step)) else None


def checkin_verify(*, day: SessionDay, token: str, at: datetime.datetime | None = None):
    """Refuse (DomainError, saying why) a code that is not this day's, is outside the day's
    window, has expired or belongs to a cancelled session. Writes nothing."""
    at = at or timezone.now()
    session = day.session
    if session.is_cancelled:
        raise DomainError(
            _("“%(session)s” is cancelled: there is nothing to check in to.")
            % {"session": session.title}
        )
    step = _token_step(day, token)
    current = _step(at)
    if step is None or step > current:
        raise DomainError(
            _("This check-in code is not valid. Scan the code shown in the room again.")
        )
    opens, closes = checkin_window(day)
    if not opens <= at <= closes:
        raise DomainError(
            _("Check-in for %(session)s on %(date)s is open only from %(opens)s to %(closes)s.")
            % {
                "session": session.title,
                "date": day_label(day),
                "opens": time_label(opens),
                "closes": time_label(closes),
            }
        )
    if step < current - 1:
        raise DomainError(
            _(
                "This check-in code has expired: the code changes every %(seconds)d seconds. "
                "Scan the code shown in the room now."
            )
            % {"seconds": checkin_step()}
        )


def checkin_check(
    *, day: SessionDay, participant: Participant, token: str, at: datetime.datetime | None = None
):
    """Every refusal of ``attendance_check_in`` (code, window, cancelled, no seat) without
    writing: the confirm page shows it before the participant presses the button."""
    checkin_verify(day=day, token=token, at=at)
    if not _seated_ids(day.session_id, [participant.pk]):
        raise DomainError(
            _("You have no seat in “%(session)s”, so you cannot check in. Ask the organiser.")
            % {"session": day.session.title}
        )


@dataclass
class CheckIn:
    attendance: Attendance
    created: bool


@transaction.atomic
def attendance_check_in(
    *, day: SessionDay, participant: Participant, token: str, at: datetime.datetime | None = None
) -> CheckIn:
    """A participant's own check-in with the code shown in the room.

    Hadir, or Terlambat after the grace period past the day's start. Refused (DomainError)
    for a code not of this day, expired or outside the window, a cancelled session, or a
    participant without a seat. A second check-in — or one after the organiser marked the
    participant — keeps the first mark (``created`` is False).
    """
    at = at or timezone.now()
    day = SessionDay.objects.select_related("session").get(pk=day.pk)
    checkin_check(day=day, participant=participant, token=token, at=at)
    existing = Attendance.objects.filter(day=day, participant=participant).first()
    if existing is not None:
        return CheckIn(existing, False)
    late = at > day.start_datetime + checkin_grace()
    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(
                day=day,
                participant=participant,
                status=Status.LATE if late else Status.PRESENT,
                method=Method.QR,
                marked_by_id=Participant.objects.filter(pk=participant.pk)
                .values_list("user_id", flat=True)
                .first(),
                marked_at=at,
            )
    except IntegrityError:  # a second device of the same person at the same moment
        return CheckIn(Attendance.objects.get(day=day, participant=participant), False)
    return CheckIn(attendance, True)


# CSV import --------------------------------------------------------------------------------

IMPORT_COLUMNS = {
    **dict.fromkeys(["nip", "nipbaru", "nomorindukpegawai"], "nip"),
    **dict.fromkeys(["tanggal", "tgl", "date", "haritanggal", "tanggalsesi"], "date"),
    **dict.fromkeys(["status", "kehadiran", "presensi", "statuskehadiran", "attendance"], "status"),
    **dict.fromkeys(["keterangan", "ket", "catatan", "note", "notes", "remarks"], "note"),
}
IMPORT_REQUIRED = {"nip": "NIP", "date": "Tanggal", "status": "Status"}
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


def _import_header(cells) -> dict | None:
    columns = {}
    for index, cell in enumerate(cells):
        name = IMPORT_COLUMNS.get(roster._header_key(cell))
        if name and name not in columns:
            columns[name] = (index, str(cell).strip())
    return columns if "nip" in columns else None


def _parse_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = roster._text(value)
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


def _read_rows(file, check: AttendanceImport):
    """(columns, rows) of the file, rows being (number, cells) under the header; a file
    that cannot be read adds one error on no row and gives (None, [])."""
    try:
        file_format = roster.roster_detect_format(file)
        reader = roster._xlsx_rows if file_format == "xlsx" else roster._csv_rows
        rows = reader(file, check.warnings)
        for number, cells in rows:
            columns = _import_header(cells)
            if columns is not None:
                break
            if number >= roster.HEADER_SEARCH_ROWS:
                columns = None
                break
        else:
            columns = None
        if columns is None:
            raise roster.RosterFileError(
                _(
                    "No header row with a NIP column in the first %(count)d rows. The columns "
                    "are: NIP, Tanggal, Status, Keterangan."
                )
                % {"count": roster.HEADER_SEARCH_ROWS}
            )
        missing = [label for name, label in IMPORT_REQUIRED.items() if name not in columns]
        if missing:
            raise roster.RosterFileError(
                _("Required column(s) missing: %(columns)s.") % {"columns": ", ".join(missing)}
            )
        return columns, list(rows)
    except roster.RosterFileError as error:
        check.add_error(None, "", error)
        return None, []


def attendance_import_check(*, session: TrainingSession, file) -> tuple[AttendanceImport, list]:
    """Validate every row of a marks file for ``session`` without writing anything.

    Returns the check (errors with row and column) and the valid entries as
    (day_id, participant_id, status, note or None when the file has no Keterangan column).
    """
    check = AttendanceImport()
    columns, rows = _read_rows(file, check)
    if columns is None:
        return check, []
    days = {day.date: day for day in session.days.all()}
    parsed = []
    nips = set()
    for number, cells in rows:
        values = {
            name: (cells[index] if index < len(cells) else None)
            for name, (index, _header) in columns.items()
        }
        if not any(roster._is_filled(value) for value in values.values()):
            continue
        check.total_rows += 1
        try:
            nip = normalize_nip(roster._clean_nip(values["nip"]))
        except ValidationError as error:
            check.add_error(number, columns["nip"][1], " ".join(error.messages))
            nip = None
        if nip is not None:
            if not nip:
                check.add_error(number, columns["nip"][1], _("The NIP is empty."))
                nip = None
            else:
                nips.add(nip)
        parsed.append((number, nip, values))
    if not check.total_rows and not check.errors:
        check.add_error(None, "", _("The file has a header but no rows."))
        return check, []
    participants = dict(Participant.objects.filter(nip__in=list(nips)).values_list("nip", "pk"))
    seated = _seated_ids(session.pk, participants.values())
    today = timezone.localdate()
    day_list = ", ".join(date.strftime("%d/%m/%Y") for date in sorted(days))
    first_row = {}
    entries = []
    nip_column, date_column = columns["nip"][1], columns["date"][1]
    status_column = columns["status"][1]
    note_column = columns.get("note")
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
                % {"value": roster._text(raw_date)}
                if roster._is_filled(raw_date)
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
        raw_status = roster._text(values.get("status"))
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
        note = roster._text(values.get("note"))[:255] if note_column else None
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


# Selectors ---------------------------------------------------------------------------------


class SubqueryCount(Subquery):
    """``COUNT(*)`` of a queryset as a correlated subquery (no GROUP BY needed)."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()

    def __init__(self, queryset, **extra):
        super().__init__(queryset.order_by().values("pk"), **extra)


def seated_marks():
    """Marks that count for rates: of a participant holding a seat in the day's session,
    the session not cancelled."""
    seat = SessionBooking.objects.filter(
        session_id=OuterRef("day__session_id"),
        participant_id=OuterRef("participant_id"),
        status__in=SEATED,
    )
    return Attendance.objects.filter(Exists(seat)).exclude(
        day__session__status=TrainingSession.Status.CANCELLED
    )


def attendance_percent(present: int | None, marked: int | None) -> float | None:
    """Present over marked as a percentage (one decimal), None when nothing is marked."""
    if not marked:
        return None
    return round(100 * (present or 0) / marked, 1)


def _with_rate(queryset, marks):
    return queryset.annotate(
        attendance_marked=SubqueryCount(marks),
        attendance_present=SubqueryCount(marks.filter(status__in=PRESENT)),
    )


def session_list_with_attendance(queryset=None):
    """Sessions annotated with ``attendance_marked`` and ``attendance_present`` (seat-days);
    ``attendance_percent(s.attendance_present, s.attendance_marked)`` gives the rate."""
    queryset = TrainingSession.objects.all() if queryset is None else queryset
    return _with_rate(queryset, seated_marks().filter(day__session_id=OuterRef("pk")))


def cohort_list_with_attendance(queryset=None):
    """Cohorts annotated like ``session_list_with_attendance``: the marks of the cohort's
    current members in the sessions of the cohort's programme."""
    queryset = Cohort.objects.all() if queryset is None else queryset
    marks = seated_marks().filter(
        day__session__programme_id=OuterRef("programme_id"),
        participant__memberships__cohort_id=OuterRef("pk"),
        participant__memberships__left_at__isnull=True,
    )
    return _with_rate(queryset, marks)


def participant_attendance_rate(*, participant, programme) -> tuple[int, int]:
    """(present or late, marked) seat-days of a participant in a programme's sessions."""
    totals = (
        seated_marks()
        .filter(participant=participant, day__session__programme=programme)
        .aggregate(marked=Count("pk"), present=Count("pk", filter=Q(status__in=PRESENT)))
    )
    return totals["present"], totals["marked"]


def attendance_day_rows(*, day: SessionDay, search: str = ""):
    """The grid of one day: the seated bookings of its session, with the participant, unit
    (and its parent), lodging room and the day's mark annotated (``mark_status``,
    ``mark_method``, ``mark_at``, ``mark_note`` and the marker's names) — one query."""
    rows = (
        SessionBooking.objects.filter(session_id=day.session_id, status__in=SEATED)
        .select_related("participant__unit__parent", "lodging_room")
        .annotate(
            mark=FilteredRelation(
                "participant__attendance", condition=Q(participant__attendance__day_id=day.pk)
            ),
            mark_id=F("mark__pk"),
            mark_status=F("mark__status"),
            mark_method=F("mark__method"),
            mark_at=F("mark__marked_at"),
            mark_note=F("mark__note"),
            mark_by_first=F("mark__marked_by__first_name"),
            mark_by_last=F("mark__marked_by__last_name"),
            mark_by_username=F("mark__marked_by__username"),
        )
        .order_by("participant__name", "pk")
    )
    search = " ".join(str(search or "").split())
    if search:
        rows = rows.filter(
            Q(participant__name__icontains=search) | Q(participant__nip__contains=search)
        )
    return rows


def attendance_day_summary(*, day: SessionDay) -> dict:
    """Counts for one day: ``seated``, ``marked``, ``present`` and one per status."""
    counts = dict(
        seated_marks()
        .filter(day_id=day.pk)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    seated = SessionBooking.objects.filter(session_id=day.session_id, status__in=SEATED).count()
    marked = sum(counts.values())
    return {
        "seated": seated,
        "marked": marked,
        "unmarked": max(0, seated - marked),
        "present": sum(counts.get(status, 0) for status in PRESENT),
        "by_status": [(status, label, counts.get(status, 0)) for status, label in Status.choices],
        "percent": attendance_percent(sum(counts.get(status, 0) for status in PRESENT), marked),
    }


def session_roster(*, session: TrainingSession):
    """The seated bookings of a session by lodging room then name, with participant, unit
    (and parent) and room loaded."""
    return (
        SessionBooking.objects.filter(session_id=session.pk, status__in=SEATED)
        .select_related("participant__unit__parent", "lodging_room")
        .order_by(F("lodging_room__name").asc(nulls_last=True), "participant__name", "pk")
    )


def day_get(pk: int) -> SessionDay:
    """A day with its session, venue, room and programme loaded (404 handled by callers)."""
    return SessionDay.objects.select_related(
        "session__venue", "session__room", "session__programme"
    ).get(pk=pk)
