"""What the scheduling assistant reads before it proposes: the proposal's sessions with their
free seats and the venues' beds by night, and the people to place — with the sessions each may
go to and without those already seated elsewhere at the same time. Fixed query counts, in
chunks of ``CHUNK`` ids (SQLite takes at most 32,766 parameters a query)."""

import bisect
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, Sum

from cohorts.models import (
    CohortMembership,
    Participant,
    Region,
    Room,
    ScheduleProposal,
    SessionBooking,
    SessionDay,
    TrainingSession,
)
from cohorts.scheduling.algorithm import (
    Person,
    Session,
)

SEATED = list(SessionBooking.SEATED)
InvitedCohort = TrainingSession.invited_cohorts.through
InvitedParticipant = TrainingSession.invited_participants.through
ProposalSession = ScheduleProposal.sessions.through


CHUNK = 10_000  # ids per IN (…) list: SQLite takes at most 32,766 parameters


def chunks(ids):
    ids = list(ids)
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


@dataclass
class Inputs:
    people: list
    sessions: list  # scheduler.Session, ordered by start
    beds: dict
    names: dict  # kecamatan code → name
    rows: dict  # session id → TrainingSession (venue and room loaded)
    seated: int = 0  # participants left out: already seated in the programme
    busy: int = 0  # participants kept out of some sessions: seated elsewhere at that time


def _nights(dates):
    """The nights an overnight session spends at its venue: each day but the last (a one-day
    overnight session: that day)."""
    dates = sorted(dates)
    return dates[:-1] if len(dates) > 1 else dates


def proposal_sessions(proposal):
    """The proposal's scheduled sessions as scheduler.Session, and the free beds of each
    (venue, night) pool. Free seats: min(capacity, room seats) - seats taken. Free beds: the
    venue's lodging beds less the seats taken by every overnight session there that night (of
    any programme). A venue without lodging rooms is not limited by beds. Four queries."""
    rows = list(
        proposal.sessions.filter(status=TrainingSession.Status.SCHEDULED)
        .select_related("venue", "room")
        .order_by("starts_at", "pk")
    )
    if not rows:
        return [], {}, {}
    venue_ids = {row.venue_id for row in rows if row.overnight}
    beds = dict(
        Room.objects.filter(venue_id__in=venue_ids, kind=Room.Kind.LODGING)
        .values_list("venue_id")
        .annotate(beds=Sum("beds"))
        .values_list("venue_id", "beds")
    )
    start = min(row.starts_at for row in rows)
    end = max(row.ends_at for row in rows)
    days = defaultdict(list)
    taken = {}
    venue_of = {}
    overnight_days = SessionDay.objects.filter(
        Q(session__in=[row.pk for row in rows])
        | Q(
            session__venue_id__in=beds,
            session__overnight=True,
            session__status=TrainingSession.Status.SCHEDULED,
            session__starts_at__lt=end,
            session__ends_at__gt=start,
        )
    ).values_list("session_id", "date", "session__seats_taken", "session__venue_id")
    for session_id, day, seats_taken, venue_id in overnight_days:
        days[session_id].append(day)
        taken[session_id] = seats_taken
        venue_of[session_id] = venue_id
    chosen = {row.pk: row for row in rows}
    pool_free = {}
    for session_id, dates in days.items():
        venue_id = venue_of[session_id]
        if venue_id not in beds:
            continue
        row = chosen.get(session_id)
        if row is not None and not row.overnight:
            continue
        for night in _nights(dates):
            key = (venue_id, night.isoformat())
            pool_free.setdefault(key, beds[venue_id])
            pool_free[key] -= taken[session_id]
    sessions = []
    for row in rows:
        pools = ()
        if row.overnight and row.venue_id in beds:
            pools = tuple((row.venue_id, night.isoformat()) for night in _nights(days[row.pk]))
        seats = min(row.capacity, row.room.capacity) - row.seats_taken
        sessions.append(
            Session(
                id=row.pk,
                starts_at=row.starts_at,
                ends_at=row.ends_at,
                capacity=max(0, seats),
                pools=pools,
                label=row.title,
            )
        )
    return sessions, {key: max(0, free) for key, free in pool_free.items()}, chosen


def person_rows(queryset):
    return queryset.values_list(
        "pk", "position", "theme_id", "unit__level", "unit__code", "unit__name",
        "unit__parent__code", "unit__parent__name",
    )  # fmt: skip


def person_from_row(row, eligible, names):
    pk, position, theme, level, code, name, parent_code, parent_name = row
    kecamatan = None
    if position == Participant.Position.CAMAT and level == Region.Level.DISTRICT:
        kecamatan, names[code] = code, name
    elif position == Participant.Position.LURAH and level == Region.Level.VILLAGE and parent_code:
        kecamatan, names[parent_code] = parent_code, parent_name
    return Person(pk, position, kecamatan, theme, eligible)


def proposal_inputs(proposal) -> Inputs:
    """Everything :func:`scheduler.propose` needs, in a fixed number of queries.

    Eligible: the members of a cohort a session invites and the participants it invites
    directly; when none of the sessions invites anybody, everyone enrolled in the programme or
    member of one of its cohorts, for every session. Participants seated in a session of the
    programme are left out; a seat in an overlapping session elsewhere removes that session.
    """
    sessions, beds, rows = proposal_sessions(proposal)
    session_ids = [s.id for s in sessions]
    by_cohort = defaultdict(set)
    for session_id, cohort_id in InvitedCohort.objects.filter(
        trainingsession_id__in=session_ids
    ).values_list("trainingsession_id", "cohort_id"):
        by_cohort[cohort_id].add(session_id)
    direct = defaultdict(set)
    for session_id, participant_id in InvitedParticipant.objects.filter(
        trainingsession_id__in=session_ids
    ).values_list("trainingsession_id", "participant_id"):
        direct[participant_id].add(session_id)
    programme = proposal.programme_id
    seated_ids = SessionBooking.objects.filter(
        session__programme_id=programme, status__in=SEATED
    ).values("participant_id")
    names = {}
    people = []
    if by_cohort or direct:
        cohorts_of = defaultdict(list)
        for participant_id, cohort_id in (
            CohortMembership.objects.active()
            .filter(cohort_id__in=list(by_cohort))
            .values_list("participant_id", "cohort_id")
        ):
            cohorts_of[participant_id].append(cohort_id)
        candidates = Participant.objects.filter(
            Q(
                pk__in=CohortMembership.objects.active()
                .filter(cohort_id__in=list(by_cohort))
                .values("participant_id")
            )
            | Q(
                pk__in=InvitedParticipant.objects.filter(trainingsession_id__in=session_ids).values(
                    "participant_id"
                )
            )
        )
        shared = {}
        for row in person_rows(candidates.exclude(pk__in=seated_ids)):
            pk = row[0]
            key = (tuple(sorted(cohorts_of.get(pk, ()))), frozenset(direct.get(pk, ())))
            eligible = shared.get(key)
            if eligible is None:
                eligible = frozenset().union(key[1], *(by_cohort[c] for c in key[0]))
                shared[key] = eligible
            people.append(person_from_row(row, eligible, names))
    else:
        everyone = frozenset(session_ids)
        candidates = Participant.objects.filter(
            # enrolled in the programme: lms's Enrolment, read through its reverse relation
            Q(pk__in=Participant.objects.filter(enrolments__programme_id=programme).values("pk"))
            | Q(
                pk__in=CohortMembership.objects.active()
                .filter(cohort__programme_id=programme)
                .values("participant_id")
            )
        )
        people = [
            person_from_row(row, everyone, names)
            for row in person_rows(candidates.exclude(pk__in=seated_ids))
        ]
    seated = candidates.filter(pk__in=seated_ids).count()
    people, busy = _without_busy(people, sessions, candidates, proposal)
    return Inputs(people, sessions, beds, names, rows, seated=seated, busy=busy)


def _without_busy(people, sessions, candidates, proposal):
    """Remove from each participant's eligible sessions those overlapping a seat he holds in
    a session outside this proposal. One query; sessions found by bisecting their starts."""
    if not sessions:
        return people, 0
    start = min(s.starts_at for s in sessions)
    end = max(s.ends_at for s in sessions)
    busy = defaultdict(list)
    for participant_id, starts, ends in (
        SessionBooking.objects.filter(
            status__in=SEATED,
            session__status=TrainingSession.Status.SCHEDULED,
            session__starts_at__lt=end,
            session__ends_at__gt=start,
            participant__in=candidates,
        )
        .exclude(
            session__in=ProposalSession.objects.filter(scheduleproposal=proposal).values(
                "trainingsession_id"
            )
        )
        .values_list("participant_id", "session__starts_at", "session__ends_at")
    ):
        busy[participant_id].append((starts, ends))
    if not busy:
        return people, 0
    starts = [s.starts_at for s in sessions]
    longest = max(s.ends_at - s.starts_at for s in sessions)
    shared = {}
    changed = 0
    result = []
    for person in people:
        spans = busy.get(person.id)
        if not spans:
            result.append(person)
            continue
        clash = set()
        for begins, ends in spans:
            i = bisect.bisect_left(starts, ends)  # sessions starting before the seat ends
            while i > 0:
                i -= 1
                s = sessions[i]
                if s.starts_at < begins - longest:
                    break
                if s.ends_at > begins:
                    clash.add(s.id)
        clash &= person.eligible
        if not clash:
            result.append(person)
            continue
        changed += 1
        key = (person.eligible, frozenset(clash))
        eligible = shared.setdefault(key, person.eligible - clash)
        result.append(Person(person.id, person.position, person.kecamatan, person.theme, eligible))
    return result, changed
