"""Demo of the face-to-face side: five thematic cohorts, two venues with rooms and beds, six
sessions of 2 days and 1 night in March 2019, every participant scheduled by the assistant,
lodging rooms, attendance for the sessions held and a waitlist on one session.

Idempotent: themes are given only to participants without one, and the sessions, bookings and
attendance are made once (found again by title on a second run). Everything goes through the
services, as an organiser's clicks would.
"""

import datetime
import random
import zlib
from collections import Counter

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cohorts.models import (
    Attendance,
    Cohort,
    Participant,
    Region,
    Room,
    ScheduleProposal,
    SessionBooking,
    SessionNotice,
    Theme,
    TrainingSession,
    Venue,
)
from cohorts.scheduling.proposals import proposal_compute, proposal_confirm, proposal_create
from cohorts.services.attendance import attendance_mark_grid, session_attendance_close
from cohorts.services.bookings import booking_create
from cohorts.services.cohorts import cohort_save
from cohorts.services.sessions import session_assign_lodging, session_save
from cohorts.services.venues import venue_save
from core.roles import Role

VENUES = [
    {
        "name": "Kampus Diklat Kalibata",
        "address": "Jl. Raya Kalibata (alamat demo), Pancoran, Jakarta Selatan 12750",
        "region": "31.74",
        "classrooms": [("Aula Utama", 60), ("Ruang Kelas Cendana", 40)],
        "lodging": [(f"Wisma Melati {n}", 4) for n in range(1, 9)]
        + [(f"Wisma Mawar {n}", 4) for n in range(1, 9)],
    },
    {
        "name": "Wisma Diklat Cibubur",
        "address": "Jl. Lapangan Tembak (alamat demo), Cipayung, Jakarta Timur 13840",
        "region": "31.75",
        "classrooms": [("Aula Cibubur", 60)],
        "lodging": [(f"Pondok {n}", 4) for n in range(1, 16)],
    },
]
# (title, venue index, first day, capacity): 5 × 55 + 42 = 317 seats, Angkatan VI full
SESSIONS = [
    ("Angkatan I", 0, datetime.date(2019, 3, 4), 55),
    ("Angkatan II", 1, datetime.date(2019, 3, 6), 55),
    ("Angkatan III", 0, datetime.date(2019, 3, 11), 55),
    ("Angkatan IV", 1, datetime.date(2019, 3, 13), 55),
    ("Angkatan V", 0, datetime.date(2019, 3, 18), 55),
    ("Angkatan VI", 1, datetime.date(2019, 3, 20), 42),
]
DAY_HOURS = [(datetime.time(8, 0), datetime.time(21, 0)), (datetime.time(7, 30), datetime.time(16))]
WAITLISTED = 5  # participants booked elsewhere who also asked for Angkatan VI
MARKS = [("hadir", 90), ("terlambat", 5), ("izin", 2), ("sakit", 2), ("alpa", 1)]


def _rng(key):
    return random.Random(zlib.crc32(key.encode()))  # noqa: S311 — demo data, not security


def _themes_for_people(themes):
    """Each kelurahan gets a theme from its code; a camat takes his kelurahans' most common
    theme, a wali kota/bupati his kota's. Only participants without a theme are touched."""
    by_code = {}
    kelurahan = Region.objects.filter(code__startswith="31.", level=Region.Level.VILLAGE)
    for code in kelurahan.values_list("code", flat=True):
        by_code[code] = themes[zlib.crc32(code.encode()) % len(themes)]
    per_parent = {}
    for code, theme in by_code.items():
        for parent in (code.rsplit(".", 1)[0], code.rsplit(".", 2)[0]):
            per_parent.setdefault(parent, Counter())[theme.pk] += 1
    themes_by_pk = {theme.pk: theme for theme in themes}
    changed = []
    for participant in Participant.objects.filter(theme__isnull=True).select_related("unit"):
        code = participant.unit.code
        if code in by_code:
            participant.theme = by_code[code]
        elif code in per_parent:
            participant.theme = themes_by_pk[per_parent[code].most_common(1)[0][0]]
        else:
            continue
        changed.append(participant)
    Participant.objects.bulk_update(changed, ["theme"], batch_size=500)


def _cohorts(programme, themes, by):
    cohorts = []
    for theme in themes:
        name = f"Kelompok {theme.name}"
        cohort = Cohort.objects.filter(name=name, programme=programme).first()
        if cohort is None or not cohort.rules_applied_at:
            cohort = cohort_save(
                cohort=cohort
                or Cohort(
                    name=name,
                    programme=programme,
                    theme=theme,
                    description=f"Camat, lurah dan wali kota/bupati dengan tema {theme.name}.",
                ),
                rule_themes=[theme],
                by=by,
            )
        cohorts.append(cohort)
    return cohorts


def _venues():
    venues = []
    for spec in VENUES:
        venue = Venue.objects.filter(name=spec["name"]).first()
        if venue is None:
            venue = venue_save(
                venue=Venue(
                    name=spec["name"],
                    address=spec["address"],
                    region=Region.objects.filter(code=spec["region"]).first(),
                    phone="021-0000000",
                    rooms=[
                        Room(name=name, kind=Room.Kind.CLASSROOM, capacity=seats, sort_order=i)
                        for i, (name, seats) in enumerate(spec["classrooms"])
                    ]
                    + [
                        Room(name=name, kind=Room.Kind.LODGING, beds=beds, sort_order=100 + i)
                        for i, (name, beds) in enumerate(spec["lodging"])
                    ],
                )
            )
        venues.append(venue)
    return venues


def _sessions(programme, venues, cohorts, facilitator):
    sessions = []
    for title, venue_index, first_day, capacity in SESSIONS:
        venue = venues[venue_index]
        existing = TrainingSession.objects.filter(programme=programme, title=title).first()
        if existing:
            sessions.append(existing)
            continue
        session = TrainingSession(
            programme=programme,
            title=title,
            venue=venue,
            room=venue.rooms.filter(kind=Room.Kind.CLASSROOM).order_by("sort_order").first(),
            capacity=capacity,
            overnight=True,
            notes="Hari 1: kelas dan diskusi malam; hari 2: studi lapangan dan paparan.",
        )
        days = [
            (first_day + datetime.timedelta(days=i), starts, ends)
            for i, (starts, ends) in enumerate(DAY_HOURS)
        ]
        session = session_save(
            session=session, days=days, facilitators=[facilitator] if facilitator else []
        )
        session.invited_cohorts.set(cohorts)
        session.save()
        sessions.append(session)
    return sessions


def _schedule(programme, sessions, by):
    if SessionBooking.objects.filter(session__in=sessions).exists():
        return
    proposal = proposal_create(
        programme=programme, sessions=sessions, mode=ScheduleProposal.Mode.SPREAD, by=by
    )
    proposal = proposal_compute(proposal_id=proposal.pk)
    proposal_confirm(proposal=proposal, by=by)
    full = sessions[-1]
    others = (
        SessionBooking.objects.filter(session__in=sessions[:-1], status__in=SessionBooking.SEATED)
        .select_related("participant")
        .order_by("participant__unit__code")
    )
    for seat in others[:WAITLISTED]:
        booking_create(
            session=full,
            participant=seat.participant,
            status=SessionBooking.Status.WAITLISTED,
            by=by,
            note="Ingin pindah ke Angkatan VI.",
        )
    for session in sessions:
        session_assign_lodging(session=session, by=by)


def _attendance(sessions, by, now):
    for session in sessions:
        days = list(session.days.order_by("date"))
        if not days or days[-1].end_datetime > now:
            continue  # not held yet
        if Attendance.objects.filter(day__session=session).exists():
            continue
        seated = list(
            SessionBooking.objects.filter(session=session, status__in=SessionBooking.SEATED)
            .order_by("participant_id")
            .values_list("participant_id", flat=True)
        )
        for day in days:
            rng = _rng(f"{session.title}:{day.date}")
            statuses, weights = zip(*MARKS, strict=True)
            marks = {pk: rng.choices(statuses, weights)[0] for pk in seated}
            attendance_mark_grid(day=day, marks=marks, by=by)
            # marked on the day itself, as the facilitator would have done in 2019
            Attendance.objects.filter(day=day).update(marked_at=day.end_datetime)
        session_attendance_close(session=session, by=by)


@transaction.atomic
def scheduling_demo_load(*, programme, now=None) -> dict:
    """Load the face-to-face demo for ``programme``. Returns a few figures for the log."""
    now = now or timezone.now()
    organiser = (
        get_user_model().objects.filter(groups__name=Role.PENYELENGGARA).order_by("pk").first()
    )
    facilitator = (
        get_user_model().objects.filter(groups__name=Role.FASILITATOR).order_by("pk").first()
    )
    themes = list(Theme.objects.order_by("sort_order", "pk"))
    _themes_for_people(themes)
    cohorts = _cohorts(programme, themes, organiser)
    venues = _venues()
    sessions = _sessions(programme, venues, cohorts, facilitator)
    _schedule(programme, sessions, organiser)
    # The demo's sessions are history (2019): their invitations count as sent back then, so
    # the worker does not mail 317 people about them when `make run` starts.
    for session in sessions:
        SessionNotice.objects.filter(
            booking__session=session, status=SessionNotice.Status.PENDING
        ).update(
            status=SessionNotice.Status.SENT,
            sent_at=session.starts_at - datetime.timedelta(days=7),
        )
    _attendance(sessions, organiser, now)
    return {
        "sessions": len(sessions),
        "booked": SessionBooking.objects.filter(
            session__in=sessions, status__in=SessionBooking.SEATED
        ).count(),
        "waitlisted": SessionBooking.objects.filter(
            session__in=sessions, status=SessionBooking.Status.WAITLISTED
        ).count(),
    }
