"""The scheduling assistant's services: an organiser asks for a proposal (computed in the
background by :mod:`cohorts.scheduling.algorithm`), adjusts it by moving people, then confirms
it into bookings — all or nothing — or discards it.

Lifecycle: COMPUTING → READY (or FAILED) → CONFIRMED or DISCARDED. Confirming books each
session's participants with ``bookings_create_bulk`` in one transaction; a proposal of
more than ``SYNC_CONFIRM_LIMIT`` participants is confirmed by a Celery task while the page
shows that it is being booked (``stats["confirming"]``).
"""

import bisect
import time
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

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
    evaluate,
    explanation_order,
    explanation_text,
    overfull,
    propose,
)
from cohorts.services.bookings import bookings_create_bulk
from core.errors import DomainError
from core.jobs import enqueue_on_commit

Status = ScheduleProposal.Status
SEATED = list(SessionBooking.SEATED)
SYNC_CONFIRM_LIMIT = 2_000
CHUNK = 10_000  # ids per IN (…) list: SQLite takes at most 32,766 parameters
TRANSITIONS = {
    Status.COMPUTING: {Status.READY, Status.FAILED, Status.DISCARDED},
    Status.READY: {Status.CONFIRMED, Status.DISCARDED},
    Status.FAILED: {Status.DISCARDED},
    Status.CONFIRMED: set(),
    Status.DISCARDED: set(),
}
InvitedCohort = TrainingSession.invited_cohorts.through
InvitedParticipant = TrainingSession.invited_participants.through
ProposalSession = ScheduleProposal.sessions.through


def _check(proposal, status):
    if status not in TRANSITIONS[Status(proposal.status)]:
        if proposal.status == Status.CONFIRMED:
            raise DomainError(_("This proposal is already confirmed: its bookings were made."))
        raise DomainError(
            _("A proposal that is “%(old)s” cannot become “%(new)s”.")
            % {"old": proposal.get_status_display(), "new": Status(status).label}
        )


def _chunks(ids):
    ids = list(ids)
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


# Creating ---------------------------------------------------------------------------------------


@transaction.atomic
def proposal_create(
    *, programme, sessions, mode: str, by: AbstractBaseUser | None
) -> ScheduleProposal:
    """A new proposal (COMPUTING) for some scheduled sessions of the programme; the compute
    task is enqueued once the transaction commits. Refuses no session, a session of another
    programme or a cancelled one, and an unknown mode."""
    sessions = list(sessions)
    if mode not in ScheduleProposal.Mode.values:
        raise DomainError(_("Choose how to treat each kecamatan's leaders."))
    if not sessions:
        raise DomainError(_("Choose at least one session."))
    foreign = [s.title for s in sessions if s.programme_id != programme.pk]
    if foreign:
        raise DomainError(
            _("These sessions belong to another programme: %(titles)s.")
            % {"titles": ", ".join(foreign)}
        )
    cancelled = [s.title for s in sessions if s.status != TrainingSession.Status.SCHEDULED]
    if cancelled:
        raise DomainError(
            _("These sessions are cancelled: %(titles)s.") % {"titles": ", ".join(cancelled)}
        )
    proposal = ScheduleProposal.objects.create(
        programme=programme, mode=mode, status=Status.COMPUTING, created_by=by
    )
    proposal.sessions.set(sessions)
    enqueue_on_commit("cohorts.tasks.schedule_proposal_compute_task", proposal.pk)
    return proposal


# Loading the inputs -----------------------------------------------------------------------------


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


def _load_sessions(proposal):
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


def _person_fields(queryset):
    return queryset.values_list(
        "pk", "position", "theme_id", "unit__level", "unit__code", "unit__name",
        "unit__parent__code", "unit__parent__name",
    )  # fmt: skip


def _person(row, eligible, names):
    pk, position, theme, level, code, name, parent_code, parent_name = row
    kecamatan = None
    if position == Participant.Position.CAMAT and level == Region.Level.DISTRICT:
        kecamatan, names[code] = code, name
    elif position == Participant.Position.LURAH and level == Region.Level.VILLAGE and parent_code:
        kecamatan, names[parent_code] = parent_code, parent_name
    return Person(pk, position, kecamatan, theme, eligible)


def _load(proposal) -> Inputs:
    """Everything :func:`scheduler.propose` needs, in a fixed number of queries.

    Eligible: the members of a cohort a session invites and the participants it invites
    directly; when none of the sessions invites anybody, everyone enrolled in the programme or
    member of one of its cohorts, for every session. Participants seated in a session of the
    programme are left out; a seat in an overlapping session elsewhere removes that session.
    """
    sessions, beds, rows = _load_sessions(proposal)
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
        for row in _person_fields(candidates.exclude(pk__in=seated_ids)):
            pk = row[0]
            key = (tuple(sorted(cohorts_of.get(pk, ()))), frozenset(direct.get(pk, ())))
            eligible = shared.get(key)
            if eligible is None:
                eligible = frozenset().union(key[1], *(by_cohort[c] for c in key[0]))
                shared[key] = eligible
            people.append(_person(row, eligible, names))
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
            _person(row, everyone, names)
            for row in _person_fields(candidates.exclude(pk__in=seated_ids))
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


# Computing --------------------------------------------------------------------------------------


def _fail(proposal_id, message):
    ScheduleProposal.objects.filter(pk=proposal_id, status=Status.COMPUTING).update(
        status=Status.FAILED, message=message[:2000]
    )


def proposal_compute(*, proposal_id: int) -> ScheduleProposal:
    """Compute a COMPUTING proposal: load the inputs, run the algorithm, store the assignment
    (participant id → session id or None), the explanations and the stats: READY.

    Idempotent: any other status is returned untouched (a redelivered task does nothing; a
    proposal discarded meanwhile stays discarded). Loading and computing run outside a
    transaction; the result is stored under a lock. An error marks it FAILED with a message
    (and is raised again unless it is a DomainError).
    """
    proposal = ScheduleProposal.objects.select_related("programme").get(pk=proposal_id)
    if proposal.status != Status.COMPUTING:
        return proposal
    started = time.perf_counter()
    try:
        inputs = _load(proposal)
        if not inputs.sessions:
            raise DomainError(_("None of the chosen sessions is still scheduled."))
        loaded = time.perf_counter()
        plan = propose(
            inputs.people,
            inputs.sessions,
            mode=proposal.mode,
            beds=inputs.beds,
            kecamatan_names=inputs.names,
        )
        computed = time.perf_counter()
        explanations = plan.explanations
        if inputs.seated:
            explanations.append({"kind": "already_seated", "count": inputs.seated})
        if inputs.busy:
            explanations.append({"kind": "busy", "count": inputs.busy})
        explanations.sort(key=explanation_order)
        stats = {
            **plan.stats,
            "already_seated": inputs.seated,
            "load_ms": round((loaded - started) * 1000, 1),
            "compute_ms": round((computed - loaded) * 1000, 1),
        }
        with transaction.atomic():
            proposal = ScheduleProposal.objects.select_for_update().get(pk=proposal_id)
            if proposal.status != Status.COMPUTING:
                return proposal
            proposal.assignments = {str(pk): sid for pk, sid in plan.assignment.items()}
            proposal.explanations = explanations
            proposal.stats = stats
            proposal.message = ""
            proposal.status = Status.READY
            proposal.save(
                update_fields=["assignments", "explanations", "stats", "message", "status"]
            )
    except DomainError as error:
        _fail(proposal_id, str(error))
        proposal.refresh_from_db()
    except Exception as error:
        _fail(
            proposal_id,
            _("The proposal could not be computed: %(error)s") % {"error": repr(error)},
        )
        raise
    return proposal


# Adjusting --------------------------------------------------------------------------------------


def _people_of(ids, names):
    people = []
    for chunk in _chunks(ids):
        people.extend(
            _person(row, frozenset(), names)
            for row in _person_fields(Participant.objects.filter(pk__in=chunk))
        )
    return people


@transaction.atomic
def proposal_adjust(*, proposal: ScheduleProposal, moves: dict, by: AbstractBaseUser | None):
    """Move participants of a READY proposal: ``moves`` maps participant id → session id of
    the proposal, or None for "not scheduled". Refuses a participant not in the proposal, a
    session not in it, and moves that would put more people in a session than its free seats
    (checked again now) or its venue's free beds; then the stats and the explanations are
    computed again for the whole assignment. Returns how many participants moved."""
    proposal = ScheduleProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.stats.get("confirming"):
        raise DomainError(_("This proposal is being booked already."))
    if proposal.status != Status.READY:
        raise DomainError(_("Only a proposal ready to review can be changed."))
    sessions, beds, _rows = _load_sessions(proposal)
    session_ids = {s.id for s in sessions}
    assignment = {int(pk): sid for pk, sid in proposal.assignments.items()}
    changed = {}
    for pk, target in moves.items():
        pk = int(pk)
        target = int(target) if target not in (None, "") else None
        if pk not in assignment:
            raise DomainError(_("A participant moved is not part of this proposal."))
        if target is not None and target not in session_ids:
            raise DomainError(_("A participant was moved to a session outside this proposal."))
        if assignment[pk] != target:
            changed[pk] = target
    if not changed:
        return 0
    assignment.update(changed)
    targets = {target for target in changed.values() if target is not None}
    problems = [
        problem
        for problem in overfull(sessions, assignment, beds=beds)
        if set(problem["session_ids"]) & targets
    ]
    if problems:
        raise DomainError(
            _("Not changed: %(problems)s")
            % {"problems": " ".join(explanation_text(p) for p in problems)}
        )
    names = {}
    people = _people_of(assignment, names)
    moved = proposal.stats.get("moved", 0) + len(changed)
    stats, explanations = evaluate(
        people,
        sessions,
        assignment,
        mode=proposal.mode,
        beds=beds,
        kecamatan_names=names,
        note={"kind": "adjusted", "count": moved},
    )
    proposal.assignments = {str(pk): sid for pk, sid in assignment.items()}
    proposal.explanations = sorted(explanations, key=explanation_order)
    proposal.stats = {
        **stats,
        "moved": moved,
        "already_seated": proposal.stats.get("already_seated", 0),
    }
    proposal.save(update_fields=["assignments", "explanations", "stats"])
    return len(changed)


# Confirming and discarding ----------------------------------------------------------------------


def _assigned(proposal):
    by_session = defaultdict(list)
    for pk, sid in proposal.assignments.items():
        if sid is not None:
            by_session[sid].append(int(pk))
    return by_session


def proposal_confirm(*, proposal: ScheduleProposal, by: AbstractBaseUser | None) -> int:
    """Book every assigned participant of a READY proposal into his session, in one
    transaction: all or nothing (a session short of seats or a participant seated elsewhere at
    the same time refuses the whole confirmation, naming them). Participants who took a seat
    in a session of the programme since the proposal was made are left as they are.
    CONFIRMED afterwards; confirming again is refused. Returns how many were booked."""
    with transaction.atomic():
        _check(ScheduleProposal.objects.select_for_update().get(pk=proposal.pk), Status.CONFIRMED)
    try:
        with transaction.atomic():
            proposal = ScheduleProposal.objects.select_for_update().get(pk=proposal.pk)
            _check(proposal, Status.CONFIRMED)
            booked, left_seated = _book(proposal, by)
            proposal.status = Status.CONFIRMED
            proposal.confirmed_at = timezone.now()
            proposal.message = ""
            proposal.stats = {
                **{k: v for k, v in proposal.stats.items() if k != "confirming"},
                "booked": booked,
                "left_seated": left_seated,
            }
            proposal.save(update_fields=["status", "confirmed_at", "message", "stats"])
    except DomainError as error:
        raise DomainError(_("Nothing was booked: %(reason)s") % {"reason": error}) from error
    return booked


def _book(proposal, by):
    """Each session's participants in one bulk booking, sessions in id order (one lock order
    for every confirmation). Returns (booked, left out because seated meanwhile)."""
    by_session = _assigned(proposal)
    seated = set()
    for chunk in _chunks([pk for ids in by_session.values() for pk in ids]):
        seated.update(
            SessionBooking.objects.filter(
                session__programme_id=proposal.programme_id,
                status__in=SEATED,
                participant_id__in=chunk,
            ).values_list("participant_id", flat=True)
        )
    sessions = TrainingSession.objects.in_bulk(list(by_session))
    note = _("Booked by the scheduling assistant.")
    booked = 0
    for sid in sorted(by_session):
        session = sessions.get(sid)
        if session is None:
            raise DomainError(_("A session of the proposal no longer exists."))
        ids = [pk for pk in by_session[sid] if pk not in seated]
        if ids:
            booked += bookings_create_bulk(session=session, participant_ids=ids, by=by, note=note)
    return booked, len(seated)


@transaction.atomic
def proposal_queue_confirm(
    *, proposal: ScheduleProposal, by: AbstractBaseUser | None
) -> int | None:
    """Confirm now when the proposal is small (returns how many were booked); a larger one is
    marked as being confirmed and a task does it after commit (returns None)."""
    proposal = ScheduleProposal.objects.select_for_update().get(pk=proposal.pk)
    _check(proposal, Status.CONFIRMED)
    if proposal.stats.get("confirming"):
        raise DomainError(_("This proposal is being booked already."))
    if sum(len(ids) for ids in _assigned(proposal).values()) <= SYNC_CONFIRM_LIMIT:
        return proposal_confirm(proposal=proposal, by=by)
    proposal.stats = {**proposal.stats, "confirming": True}
    proposal.message = ""
    proposal.save(update_fields=["stats", "message"])
    enqueue_on_commit(
        "cohorts.tasks.schedule_proposal_confirm_task", proposal.pk, by.pk if by else None
    )
    return None


def proposal_confirm_queued(*, proposal_id: int, user_id: int | None) -> None:
    """The confirm task's work: confirm, or record why not (and let the organiser retry).
    Does nothing for a proposal no longer waiting to be booked."""
    proposal = ScheduleProposal.objects.get(pk=proposal_id)
    if proposal.status != Status.READY or not proposal.stats.get("confirming"):
        return
    by = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    try:
        proposal_confirm(proposal=proposal, by=by)
    except DomainError as error:
        with transaction.atomic():
            proposal = ScheduleProposal.objects.select_for_update().get(pk=proposal_id)
            if proposal.status == Status.READY:
                proposal.stats = {k: v for k, v in proposal.stats.items() if k != "confirming"}
                proposal.message = str(error)[:2000]
                proposal.save(update_fields=["stats", "message"])


@transaction.atomic
def proposal_discard(
    *, proposal: ScheduleProposal, by: AbstractBaseUser | None
) -> ScheduleProposal:
    """Set a proposal aside (nothing is booked); a confirmed one cannot be discarded."""
    proposal = ScheduleProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status == Status.DISCARDED:
        return proposal
    if proposal.stats.get("confirming"):
        raise DomainError(_("This proposal is being booked already."))
    _check(proposal, Status.DISCARDED)
    proposal.status = Status.DISCARDED
    proposal.save(update_fields=["status"])
    return proposal


# Reading ----------------------------------------------------------------------------------------


def proposal_progress(proposal: ScheduleProposal) -> dict:
    """What the status URL returns (JSON-ready)."""
    return {
        "status": proposal.status,
        "label": proposal.get_status_display(),
        "confirming": bool(proposal.stats.get("confirming")),
        "done": proposal.status != Status.COMPUTING and not proposal.stats.get("confirming"),
    }
