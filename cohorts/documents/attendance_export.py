"""A session's attendance as a spreadsheet (CSV or XLSX): one row per seated participant, one
column per day, the rate and the outcome — safe against formula injection."""

from django.db.models import Count, Q
from django.utils.formats import date_format

from cohorts.models import Attendance, SessionBooking, SessionDay, TrainingSession
from core.spreadsheets import spreadsheet_bytes

PRESENT = [Attendance.Status.PRESENT, Attendance.Status.LATE]
MARK_TEXT = {
    Attendance.Status.PRESENT: "Hadir",
    Attendance.Status.LATE: "Terlambat",
    Attendance.Status.EXCUSED: "Izin",
    Attendance.Status.SICK: "Sakit",
    Attendance.Status.ABSENT: "Alpa",
}


def attendance_export(*, session: TrainingSession, format: str) -> bytes:
    """Every seated participant of ``session`` with his mark on each day (blank when not
    marked), the days present or late, the rate over the marked days and the booking's
    status. Three queries whatever the size."""
    days = list(SessionDay.objects.filter(session=session).order_by("date"))
    on_these_days = Q(participant__attendance__day__in=days)
    bookings = list(
        SessionBooking.objects.filter(session=session, status__in=SessionBooking.SEATED)
        .select_related("participant__unit", "lodging_room")
        .annotate(
            marked=Count("participant__attendance", filter=on_these_days),
            present=Count(
                "participant__attendance",
                filter=on_these_days & Q(participant__attendance__status__in=PRESENT),
            ),
        )
        .order_by("participant__name", "pk")
    )
    marks = {
        (participant_id, day_id): status
        for participant_id, day_id, status in Attendance.objects.filter(day__in=days).values_list(
            "participant_id", "day_id", "status"
        )
    }
    headers = [
        "No",
        "NIP",
        "Nama",
        "Jabatan",
        "Unit kerja",
        "Kamar",
        *(date_format(day.date, "D d/m/Y") for day in days),
        "Hadir/terlambat",
        "Persentase",
        "Status",
    ]
    rows = []
    for number, booking in enumerate(bookings, start=1):
        participant = booking.participant
        rate = (
            f"{100 * booking.present / booking.marked:.1f}".replace(".", ",")
            if booking.marked
            else ""
        )
        rows.append(
            [
                str(number),
                participant.nip,
                participant.name,
                participant.get_position_display(),
                participant.unit.name,
                booking.lodging_room.name if booking.lodging_room else "",
                *(MARK_TEXT.get(marks.get((participant.pk, day.pk)), "") for day in days),
                f"{booking.present}/{booking.marked}",
                rate,
                booking.get_status_display(),
            ]
        )
    return spreadsheet_bytes(
        format=format,
        headers=headers,
        rows=rows,
        sheet_name="Presensi",
        widths=(5, 21, 36, 16, 24, 16, *(14 for _ in days), 14, 12, 14),
    )
