"""Reads of the cohorts app that cross tables, each in a fixed number of queries: a
participant's own profile, cohort history and sessions; overlapping sessions and waitlist
places; attendance rates, a day's grid and a session's roster; the notices of a session.

Rates count seat-days: marks of seated participants on days of sessions not cancelled,
present (Hadir or Terlambat) over marked.
"""

from dataclasses import dataclass

from django.db import connection
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
    Sum,
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
from cohorts.validators import normalize_nip

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
    relation = user.__class__.participant.related
    if relation.is_cached(user):  # loaded with the user (lms.adapters.AccountBackend.get_user)
        participant = relation.get_cached_value(user)
        user._selaras_participant = participant
        return participant
    participant = (
        Participant.objects.select_related("unit__parent__parent__parent").filter(user=user).first()
    )
    user._selaras_participant = participant
    return participant


def _prefix_end(prefix: str) -> str | None:
    """The least string above every string that starts with ``prefix`` (digits, with dots
    between groups): ``"1970"`` → ``"1971"``, ``"31.79"`` → ``"31.8"``; None after nines."""
    head = prefix.rstrip("9.")
    if not head:
        return None
    return head[:-1] + chr(ord(head[-1]) + 1)


def prefix_q(field: str, prefix: str) -> Q:
    """Rows whose ``field`` starts with ``prefix`` (digits and dots: a NIP, a region code) as
    a range the field's B-tree index answers on SQLite and PostgreSQL alike (a ``LIKE``
    prefix uses it on neither: SQLite's LIKE ignores case, PostgreSQL's needs a pattern
    opclass); ``startswith`` stays as the exact test."""
    q = Q(**{f"{field}__startswith": prefix, f"{field}__gte": prefix})
    end = _prefix_end(prefix)
    return q & Q(**{f"{field}__lt": end}) if end else q


def participant_search_q(query: str, *, prefix: str = "") -> Q:
    """What a search box finds among participants (``prefix`` reaches them through a
    relation, e.g. ``"participant__"``): typed digits are the start of a NIP (spaces and dots
    as people type them are ignored), found through the NIP's unique index; text with an @ is
    part of an email, other text part of the name (``icontains``: on PostgreSQL a trigram
    index answers it, see migration ``cohorts.0012``; SQLite reads the name index, not the
    table)."""
    text = " ".join(str(query or "").split())
    if not text:
        return Q()
    nip = normalize_nip(text)
    if nip.isdigit():
        return prefix_q(f"{prefix}nip", nip)
    if "@" in text:
        return Q(**{f"{prefix}email__icontains": text})
    return Q(**{f"{prefix}name__icontains": text})


def region_search_q(query: str) -> Q:
    """Regions by the start of their official code (``31.71``) or part of their name."""
    text = " ".join(str(query or "").split())
    if not text:
        return Q()
    if text.replace(".", "").isdigit():
        return prefix_q("code", text.rstrip("."))
    return Q(name__icontains=text)


def units_under_q(region_codes, *, field: str = "unit__code") -> Q:
    """Rows whose unit (``field``: its code) is one of ``region_codes`` or under one of them
    (a region takes every unit under it, by its Kemendagri code prefix). No codes: no row."""
    under = Q(pk__in=[])
    for code in region_codes:
        under |= Q(**{field: code}) | Q(**{f"{field}__startswith": f"{code}."})
    return under


def unit_is_under(unit_code: str, region_codes) -> bool:
    """``units_under_q`` for one unit code, without a query."""
    return any(unit_code == code or unit_code.startswith(f"{code}.") for code in region_codes)


def participants_in_audience(*, positions=(), region_codes=()) -> QuerySet[Participant]:
    """The participants an audience of positions and regions takes, as cohort rules and
    visioning materials define one: holding one of ``positions`` (none: any) with a unit in
    or under one of ``region_codes`` (none: anywhere)."""
    participants = Participant.objects.all()
    if positions:
        participants = participants.filter(position__in=list(positions))
    if region_codes:
        participants = participants.filter(units_under_q(region_codes))
    return participants


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


def cohort_member_count():
    """An annotation of cohorts: the number of current members, counted per cohort in the
    index of current memberships (not by joining and grouping every membership)."""
    return SubqueryCount(
        CohortMembership.objects.filter(cohort_id=OuterRef("pk"), left_at__isnull=True)
    )


def session_waitlist_count():
    """An annotation of sessions: how many are on the waitlist, counted per session in the
    bookings' (session, status) index rather than by grouping every booking."""
    return SubqueryCount(
        SessionBooking.objects.filter(
            session_id=OuterRef("pk"), status=SessionBooking.Status.WAITLISTED
        )
    )


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
    session_count: int
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


def _in_programme(programme, participant):
    """Whether the participant ``participant`` (an OuterRef) belongs to the programme: a
    current member of one of its cohorts, or enrolled in it."""
    member = CohortMembership.objects.filter(
        participant_id=participant, cohort__programme=programme, left_at__isnull=True
    )
    enrolled = programme.enrolments.filter(participant_id=participant)
    return Q(Exists(member)) | Q(Exists(enrolled))


def cohort_attendance_totals(cohorts) -> dict:
    """{cohort id: (present, marked)} seat-days of each cohort's current members in the
    sessions of the cohort's programme — what ``cohort_list_with_attendance`` annotates, in
    one query for all of them: the marks are totalled per participant and programme first,
    then added up per cohort over its current memberships (joining every mark to every
    membership of its participant costs twice as much at national size)."""
    programme_of = {cohort.pk: cohort.programme_id for cohort in cohorts}
    if not programme_of:
        return {}
    per_person = (
        seated_marks()
        .filter(day__session__programme_id__in=set(programme_of.values()))
        .order_by()
        .values("participant_id", "day__session__programme_id")
        .annotate(present=Count("pk", filter=Q(status__in=PRESENT)), marked=Count("pk"))
    )
    sql, params = per_person.query.sql_with_params()
    quote = connection.ops.quote_name
    ids = list(programme_of)
    # The ORM cannot join an aggregate to another table: the outer level is written out
    # around the ORM's own SQL (its values stay parameters).
    outer = (  # noqa: S608 — names quoted, values passed as parameters
        "SELECT m.cohort_id, t.{programme}, SUM(t.present), SUM(t.marked) FROM ({inner}) t "
        "INNER JOIN {membership} m ON m.participant_id = t.participant_id "
        "WHERE m.left_at IS NULL AND m.cohort_id IN ({ids}) GROUP BY m.cohort_id, t.{programme}"
    ).format(
        programme=quote("day__session__programme_id"),
        inner=sql,
        membership=quote(CohortMembership._meta.db_table),
        ids=", ".join(["%s"] * len(ids)),
    )
    with connection.cursor() as cursor:
        cursor.execute(outer, [*params, *ids])
        rows = cursor.fetchall()
    return {
        cohort_id: (int(present), int(marked))
        for cohort_id, programme_id, present, marked in rows
        if programme_of[cohort_id] == programme_id
    }


def organiser_dashboard_get(*, programme=None, now=None) -> OrganiserDashboard:
    """Figures for one programme (or all), in a fixed number of queries, each reading what it
    shows: totals aggregated in the database, the sessions shown (coming up, running, the
    last held) with their attendance, the cohorts with their members and attendance, and
    the participants not yet scheduled. Sessions are coming up until they start, running
    until their last day ends, then held."""
    now = now or timezone.now()
    scheduled = TrainingSession.objects.filter(_scope(programme)).exclude(
        status=TrainingSession.Status.CANCELLED
    )
    totals = scheduled.aggregate(
        count=Count("pk"), taken=Sum("seats_taken"), capacity=Sum("capacity")
    )
    shown = session_list_with_attendance(
        scheduled.select_related("venue", "room", "programme").annotate(
            waitlist_count=session_waitlist_count()
        )
    )
    upcoming = list(shown.filter(starts_at__gte=now).order_by("starts_at", "title")[:10])
    running = list(shown.filter(starts_at__lt=now, ends_at__gt=now).order_by("starts_at", "title"))
    recent = list(shown.filter(ends_at__lte=now).order_by("-starts_at", "-title")[:10])
    for session in [*upcoming, *running, *recent]:
        session.attendance_rate = attendance_percent(
            session.attendance_present, session.attendance_marked
        )
        session.fill_percent = (
            round(100 * session.seats_taken / session.capacity) if session.capacity else 0
        )
    cohorts = list(
        Cohort.objects.filter(_scope(programme))
        .select_related("theme")
        .annotate(member_count=cohort_member_count())
        .order_by("name")
    )
    rates = cohort_attendance_totals(cohorts)
    for cohort in cohorts:
        cohort.attendance_present, cohort.attendance_marked = rates.get(cohort.pk, (0, 0))
        cohort.attendance_rate = attendance_percent(
            cohort.attendance_present, cohort.attendance_marked
        )
    # the programme's people: its cohorts' current members and its enrolled participants
    people = Participant.objects.all()
    seats = SessionBooking.objects.filter(
        status__in=SEATED, session__status=TrainingSession.Status.SCHEDULED
    )
    if programme:
        people = people.filter(_in_programme(programme, OuterRef("pk")))
        seats = seats.filter(session__programme=programme).filter(
            _in_programme(programme, OuterRef("participant_id"))
        )
    participant_total = people.count()
    # who has a seat, counted among the bookings (a few per seat) rather than by asking for
    # each participant (every one in the country)
    seated = seats.order_by().values("participant_id").distinct().count()
    unscheduled = people.filter(~Exists(seats.filter(participant_id=OuterRef("pk"))))
    return OrganiserDashboard(
        programme=programme,
        programmes=list(ProgrammePage.objects.live().order_by("title")),
        upcoming=upcoming,
        running=running,
        recent=recent,
        session_count=totals["count"],
        cohorts=cohorts,
        seats_taken=totals["taken"] or 0,
        seats_total=totals["capacity"] or 0,
        waitlisted=SessionBooking.objects.filter(
            session__in=scheduled, status=SessionBooking.Status.WAITLISTED
        ).count(),
        unscheduled_count=participant_total - seated,
        # the index on (position, name) gives them in order: the first ones found are shown
        unscheduled=list(
            unscheduled.select_related("unit").order_by("position", "name")[:UNSCHEDULED_SHOWN]
        ),
        participant_total=participant_total,
    )
