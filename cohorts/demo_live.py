"""The face-to-face side of the demo's current programme, dated from today (Asia/Jakarta):
a cohort of the camat and lurah of Jakarta Pusat and Jakarta Utara, one session running
today (it began yesterday; yesterday's attendance is complete, today's partly checked in by
QR, so the rest can still check in) and three sessions in the coming weeks, the last one
full with a waitlist. Some participants are not scheduled yet.

Idempotent: the cohort and the sessions are found again by name, bookings and attendance are
made once. Their dates are those of the first load; a fresh database (``make clean``) moves
them to the new today. Everything goes through the services, as an organiser's clicks and
the participants' phones would.
"""

import datetime
import random
import zlib

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cohorts.models import (
    Attendance,
    Cohort,
    Participant,
    Region,
    Room,
    SessionBooking,
    SessionNotice,
    TrainingSession,
    Venue,
)
from cohorts.services.attendance import attendance_mark_grid
from cohorts.services.bookings import booking_create
from cohorts.services.checkin import attendance_check_in, checkin_token
from cohorts.services.cohorts import cohort_save
from cohorts.services.sessions import session_assign_lodging, session_save
from core.roles import Role

COHORT_NAME = "Visioning 2026 — Jakarta Pusat dan Jakarta Utara"
COHORT_REGIONS = ["31.71", "31.72"]
COHORT_POSITIONS = [Participant.Position.CAMAT, Participant.Position.LURAH]
# (title, venue name, classroom, first day counted from today or from next Monday, capacity,
#  seats booked); the venues are those of the 2019 demo (``cohorts.demo``).
RUNNING = ("Angkatan I 2026", "Kampus Diklat Kalibata", "Aula Utama", 30, 28)
UPCOMING = [
    ("Angkatan II 2026", "Wisma Diklat Cibubur", "Aula Cibubur", 0, 30, 25),
    ("Angkatan III 2026", "Kampus Diklat Kalibata", "Ruang Kelas Cendana", 7, 30, 16),
    ("Angkatan IV 2026", "Wisma Diklat Cibubur", "Aula Cibubur", 14, 12, 12),
]
WAITLISTED = 3  # asked for Angkatan IV once it was full
DAY_HOURS = [
    (datetime.time(8, 0), datetime.time(21, 0)),
    (datetime.time(7, 30), datetime.time(21, 0)),
    (datetime.time(7, 30), datetime.time(16, 0)),
]
NOTES = "Hari 1: kelas dan diskusi malam; hari 2: studi lapangan; hari 3: paparan rencana aksi."
ABSENT_YESTERDAY = [Attendance.Status.EXCUSED, Attendance.Status.SICK, Attendance.Status.ABSENT]
CHECKED_IN_TODAY = 0.6  # share of the seated (but the demo trainee) already checked in today
EXCUSED_TODAY = 2


def _rng(key):
    return random.Random(zlib.crc32(key.encode()))  # noqa: S311 — demo data, not security


def live_cohort_demo_load(*, programme, by=None) -> Cohort:
    """The current programme's cohort, filled by rule (camat and lurah of two kota)."""
    cohort = Cohort.objects.filter(name=COHORT_NAME, programme=programme).first()
    if cohort is not None and cohort.rules_applied_at:
        return cohort
    return cohort_save(
        cohort=cohort
        or Cohort(
            name=COHORT_NAME,
            programme=programme,
            description="Camat dan lurah Jakarta Pusat dan Jakarta Utara, tahun 2026.",
            rule_positions=list(COHORT_POSITIONS),
        ),
        rule_regions=Region.objects.filter(code__in=COHORT_REGIONS),
        by=by,
    )


def _session(programme, cohort, facilitator, title, venue_name, room_name, first_day, capacity):
    session = TrainingSession.objects.filter(programme=programme, title=title).first()
    if session is not None:
        return session, False
    venue = Venue.objects.get(name=venue_name)
    session = TrainingSession(
        programme=programme,
        title=title,
        venue=venue,
        room=venue.rooms.get(kind=Room.Kind.CLASSROOM, name=room_name),
        capacity=capacity,
        overnight=True,
        notes=NOTES,
    )
    days = [
        (first_day + datetime.timedelta(days=i), starts, ends)
        for i, (starts, ends) in enumerate(DAY_HOURS)
    ]
    session = session_save(session=session, days=days, facilitators=[facilitator])
    session.invited_cohorts.set([cohort])
    session.save()
    return session, True


def _book(session, people, by):
    for participant in people:
        booking_create(session=session, participant=participant, by=by)
    session_assign_lodging(session=session, by=by)


def _attendance_yesterday(day, seated, demo_participant, facilitator):
    """Most (the demo trainee among them) checked in by QR between 07:20 and 08:35 — late
    after the grace period —, the others marked absent, excused or sick by the facilitator."""
    rng = _rng(f"{day.session.title}:{day.date}")
    absent = {}
    for participant in seated:
        if rng.random() < 0.9 or participant.pk == demo_participant.pk:
            at = day.start_datetime + datetime.timedelta(minutes=rng.randint(-45, 20))
            attendance_check_in(
                day=day, participant=participant, token=checkin_token(day, at), at=at
            )
        else:
            absent[participant.pk] = rng.choice(ABSENT_YESTERDAY)
    if absent:
        attendance_mark_grid(day=day, marks=absent, by=facilitator)


def _attendance_today(day, seated, demo_participant, facilitator):
    """Part of the room checked in this morning; two excused in advance; the rest — the
    demo trainee among them — can still check in."""
    rng = _rng(f"{day.session.title}:{day.date}")
    others = [participant for participant in seated if participant.pk != demo_participant.pk]
    rng.shuffle(others)
    checked_in = others[: round(CHECKED_IN_TODAY * len(seated))]
    for participant in checked_in:
        at = day.start_datetime + datetime.timedelta(minutes=rng.randint(-45, 30))
        attendance_check_in(day=day, participant=participant, token=checkin_token(day, at), at=at)
    excused = others[len(checked_in) : len(checked_in) + EXCUSED_TODAY]
    attendance_mark_grid(
        day=day, marks={p.pk: Attendance.Status.EXCUSED for p in excused}, by=facilitator
    )


@transaction.atomic
def live_sessions_demo_load(*, programme, cohort, demo_participant, today=None) -> dict:
    """The current programme's sessions, bookings, lodging and attendance, dated from
    ``today`` (Asia/Jakarta). Returns a few figures for the log."""
    today = today or timezone.localdate()
    users = get_user_model().objects.order_by("pk")
    organiser = users.filter(groups__name=Role.PENYELENGGARA).first()
    facilitator = users.filter(groups__name=Role.FASILITATOR).first()
    people = sorted(
        Participant.objects.filter(memberships__cohort=cohort, memberships__left_at__isnull=True),
        key=lambda p: (p.pk != demo_participant.pk, zlib.crc32(p.nip.encode())),
    )
    next_monday = today + datetime.timedelta(days=7 - today.weekday())
    if next_monday <= today + datetime.timedelta(days=1):  # the running session ends then
        next_monday += datetime.timedelta(days=7)
    title, venue, room, capacity, booked = RUNNING
    plan = [(title, venue, room, today - datetime.timedelta(days=1), capacity, booked)]
    plan += [
        (title, venue, room, next_monday + datetime.timedelta(days=offset), capacity, booked)
        for title, venue, room, offset, capacity, booked in UPCOMING
    ]
    sessions, start = [], 0
    for title, venue, room, first_day, capacity, booked in plan:
        session, created = _session(
            programme, cohort, facilitator, title, venue, room, first_day, capacity
        )
        sessions.append(session)
        if created:
            _book(session, people[start : start + booked], organiser)
        start += booked
    if not SessionBooking.objects.filter(
        session=sessions[-1], status=SessionBooking.Status.WAITLISTED
    ).exists():
        for participant in people[start : start + WAITLISTED]:
            booking_create(
                session=sessions[-1],
                participant=participant,
                by=organiser,
                note="Hanya bisa hadir pada tanggal ini.",
            )
    # Invitations count as sent when the organiser booked them, so the worker mails nobody
    # when `make run` starts; reminders before each session follow by beat, as they would.
    SessionNotice.objects.filter(
        booking__session__in=sessions,
        kind=SessionNotice.Kind.INVITATION,
        status=SessionNotice.Status.PENDING,
    ).update(status=SessionNotice.Status.SENT, sent_at=timezone.now())

    running = sessions[0]
    seated = list(
        Participant.objects.filter(
            bookings__session=running, bookings__status__in=SessionBooking.SEATED
        ).order_by("pk")
    )
    for day in running.days.select_related("session").order_by("date"):
        if day.date > today or Attendance.objects.filter(day=day).exists():
            continue
        if day.date < today:
            _attendance_yesterday(day, seated, demo_participant, facilitator)
        else:
            _attendance_today(day, seated, demo_participant, facilitator)
    return {
        "sessions": len(sessions),
        "booked": SessionBooking.objects.filter(
            session__in=sessions, status__in=SessionBooking.SEATED
        ).count(),
        "waitlisted": SessionBooking.objects.filter(
            session__in=sessions, status=SessionBooking.Status.WAITLISTED
        ).count(),
        "marked": Attendance.objects.filter(day__session=running).count(),
    }
