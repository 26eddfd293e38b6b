"""Attendance (presensi) per session day: marks by hand or in a grid for a whole day, and
closing a session's attendance into its bookings.

Rules every writer keeps:

- Only a participant holding a seat in the day's session (``SessionBooking.SEATED``) is
  marked; a cancelled session takes no marks. A day that has not come yet takes only Izin
  or Sakit (announced in advance), never Hadir, Terlambat or Alpa.
- Every mark keeps who made it, when and how (manual, QR, import). A mark equal to the
  stored one is not written again, so its history stays that of the first writer.

The participant's own QR check-in is in ``cohorts.services.checkin``, the import of marks
from a CSV or XLSX in ``cohorts.services.attendance_import``; both write through
``marks_write`` and keep the rules above with ``refuse_cancelled`` and ``advance_error``.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cohorts.models import Attendance, Participant, SessionBooking, SessionDay, TrainingSession
from cohorts.selectors import seated_participant_ids
from cohorts.services.bookings import bookings_set_outcome
from cohorts.signals import attendance_closed
from core.errors import DomainError
from core.formatting import day_label

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


def refuse_cancelled(session: TrainingSession):
    if session.is_cancelled:
        raise DomainError(
            _("“%(session)s” is cancelled: it takes no attendance.") % {"session": session.title}
        )


def advance_error(day: SessionDay, status: str, today: datetime.date) -> str | None:
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


def marks_write(entries, *, by, method: str, existing: dict, result: MarkResult, keep_note=False):
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
    refuse_cancelled(session)
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
        message = advance_error(day, status, today)
        if message:
            raise DomainError(message)
    existing = {
        (mark.day_id, mark.participant_id): mark
        for mark in Attendance.objects.select_for_update().filter(
            day_id=day.pk, participant_id__in=list(marks)
        )
    }
    entries = [(day.pk, pk, status, None) for pk, status in marks.items()]
    return marks_write(
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
    refuse_cancelled(session)
    if status not in Status:
        raise DomainError(_("Unknown attendance status: %(values)s.") % {"values": status})
    if method not in Method:
        raise DomainError(_("Unknown way of marking: %(value)s.") % {"value": method})
    if not seated_participant_ids(session.pk, [participant.pk]):
        raise DomainError(
            _("%(name)s has no seat in “%(session)s” and cannot be marked.")
            % {"name": participant.name, "session": session.title}
        )
    message = advance_error(day, status, timezone.localdate())
    if message:
        raise DomainError(message)
    existing = {
        (mark.day_id, mark.participant_id): mark
        for mark in Attendance.objects.select_for_update().filter(
            day_id=day.pk, participant_id=participant.pk
        )
    }
    marks_write(
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
    refuse_cancelled(session)
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
