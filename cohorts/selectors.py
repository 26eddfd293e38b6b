"""Reads of the cohorts app that cross tables, each in a fixed number of queries: a
participant's own profile, cohort history and sessions; overlapping sessions and waitlist
places; attendance rates, a day's grid and a session's roster; the notices of a session.

Rates count seat-days: marks of seated participants on days of sessions not cancelled,
present (Hadir or Terlambat) over marked.
"""

from dataclasses import dataclass

from django.db.models import (
    Count,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from cms.models import ProgrammePage
from cohorts.models import (
    Attendance,
    Cohort,
    CohortMembership,
    Participant,
    SessionBooking,
    SessionDay,
    SessionNotice,
    TrainingSession,
)

Status = Attendance.Status
SEATED = list(SessionBooking.SEATED)
PRESENT = list(Attendance.PRESENT_STATUSES)
UNSCHEDULED_SHOWN = 50


def participant_get_for_user(user):
    """The participant profile of ``user`` with its unit and the unit's ancestors, or None.
    Kept on the user object, so one request asks once."""
    if not user.is_authenticated:
        return None
    cached = getattr(user, "_selaras_participant", False)
    if cached is not False:
        return cached
    participant = (
        Participant.objects.select_related("unit__parent__parent__parent").filter(user=user).first()
    )
    user._selaras_participant = participant
    return participant


def participant_cohort_history(*, participant: Participant) -> QuerySet[CohortMembership]:
    """Every stay of a participant in a cohort, newest first, with cohort and programme."""
    return (
        CohortMembership.objects.filter(participant=participant)
        .select_related("cohort__programme", "cohort__theme", "added_by", "removed_by")
        .order_by("-joined_at", "-pk")
    )


def sessions_overlapping(start, end, *, exclude_pk=None) -> QuerySet[TrainingSession]:
    """Scheduled sessions overlapping the span [start, end), but ``exclude_pk``."""
    sessions = TrainingSession.objects.filter(
        status=TrainingSession.Status.SCHEDULED, starts_at__lt=end, ends_at__gt=start
    )
    if exclude_pk:
        sessions = sessions.exclude(pk=exclude_pk)
    return sessions


def waitlist_position():
    """An annotation: a waitlisted booking's place in the queue (1 = the next to get a seat,
    the order ``_promote_waitlist`` follows); None for any other booking."""
    ahead = (
        SessionBooking.objects.filter(
            session=OuterRef("session"), status=SessionBooking.Status.WAITLISTED
        )
        .filter(
            Q(waitlisted_at__lt=OuterRef("waitlisted_at"))
            | Q(waitlisted_at=OuterRef("waitlisted_at"), pk__lte=OuterRef("pk"))
        )
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Subquery(ahead[:1], output_field=IntegerField())


def participant_email(participant) -> str:
    """Where a participant's notices go: the roster email, else the account's."""
    if participant.email:
        return participant.email
    return participant.user.email if participant.user_id and participant.user else ""


def notices_for_session(session: TrainingSession) -> QuerySet[SessionNotice]:
    """A session's notices with their participant and outbox email, newest first (for the
    session admin)."""
    return (
        SessionNotice.objects.filter(booking__session=session)
        .select_related("booking__participant", "outbound_email")
        .order_by("-created_at", "-pk")
    )


def seated_participant_ids(session_id: int, participant_ids) -> set[int]:
    """Which of ``participant_ids`` hold a seat in the session."""
    return set(
        SessionBooking.objects.filter(
            session_id=session_id, participant_id__in=list(participant_ids), status__in=SEATED
        ).values_list("participant_id", flat=True)
    )


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


def booking_list_for_participant(*, participant) -> QuerySet[SessionBooking]:
    """The participant's bookings that are not cancelled, soonest session first, with the
    session, venue, room, lodging room and days loaded (two queries in all) and, for a
    waitlisted booking, ``waitlist_position`` (1 = next to get a seat, the order in which
    ``cohorts.booking`` promotes)."""
    return (
        SessionBooking.objects.filter(participant=participant)
        .exclude(status=SessionBooking.Status.CANCELLED)
        .select_related("session__venue", "session__room", "lodging_room")
        .prefetch_related(
            Prefetch("session__days", queryset=SessionDay.objects.order_by("date", "starts"))
        )
        .annotate(waitlist_position=waitlist_position())
        .order_by("session__starts_at", "session__title", "pk")
    )


@dataclass
class OrganiserDashboard:
    programme: ProgrammePage | None
    programmes: list
    upcoming: list
    running: list
    recent: list
    sessions: list
    cohorts: list
    seats_taken: int
    seats_total: int
    waitlisted: int
    unscheduled_count: int
    unscheduled: list
    participant_total: int

    @property
    def seats_percent(self):
        return round(100 * self.seats_taken / self.seats_total) if self.seats_total else 0


def _scope(programme):
    return Q(programme=programme) if programme else Q()


def organiser_dashboard_get(*, programme=None, now=None) -> OrganiserDashboard:
    """Figures for one programme (or all), in a fixed number of queries. Sessions are coming
    up until they start, running until their last day ends, then held."""
    now = now or timezone.now()
    sessions = list(
        session_list_with_attendance(
            TrainingSession.objects.filter(_scope(programme))
            .exclude(status=TrainingSession.Status.CANCELLED)
            .select_related("venue", "room", "programme")
            .annotate(
                waitlist_count=Count(
                    "bookings", filter=Q(bookings__status=SessionBooking.Status.WAITLISTED)
                )
            )
            .order_by("starts_at", "title")
        )
    )
    for session in sessions:
        session.attendance_rate = attendance_percent(
            session.attendance_present, session.attendance_marked
        )
        session.fill_percent = (
            round(100 * session.seats_taken / session.capacity) if session.capacity else 0
        )
    cohorts = list(
        cohort_list_with_attendance(
            Cohort.objects.filter(_scope(programme))
            .select_related("theme")
            .annotate(
                member_count=Count("memberships", filter=Q(memberships__left_at__isnull=True))
            )
            .order_by("name")
        )
    )
    for cohort in cohorts:
        cohort.attendance_rate = attendance_percent(
            cohort.attendance_present, cohort.attendance_marked
        )
    # the programme's people: its cohorts' current members and its enrolled participants
    people = Participant.objects.all()
    if programme:
        people = people.filter(
            Q(memberships__cohort__programme=programme, memberships__left_at__isnull=True)
            | Q(enrolments__programme=programme)
        ).distinct()
    seat = SessionBooking.objects.filter(
        participant=OuterRef("pk"),
        status__in=SEATED,
        session__status=TrainingSession.Status.SCHEDULED,
    )
    if programme:
        seat = seat.filter(session__programme=programme)
    unscheduled = people.filter(~Exists(seat))
    unscheduled_count = unscheduled.count()
    return OrganiserDashboard(
        programme=programme,
        programmes=list(ProgrammePage.objects.live().order_by("title")),
        upcoming=[s for s in sessions if s.starts_at and s.starts_at >= now][:10],
        running=[
            s for s in sessions if s.starts_at and s.ends_at and s.starts_at < now < s.ends_at
        ],
        recent=[s for s in sessions if s.ends_at and s.ends_at <= now][-10:][::-1],
        sessions=sessions,
        cohorts=cohorts,
        seats_taken=sum(s.seats_taken for s in sessions),
        seats_total=sum(s.capacity for s in sessions),
        waitlisted=sum(s.waitlist_count for s in sessions),
        unscheduled_count=unscheduled_count,
        unscheduled=list(
            unscheduled.select_related("unit").order_by("position", "name")[:UNSCHEDULED_SHOWN]
        ),
        participant_total=people.count(),
    )
