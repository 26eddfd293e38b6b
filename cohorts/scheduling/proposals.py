"""The scheduling assistant's services: an organiser asks for a proposal (computed in the
background by :mod:`cohorts.scheduling.algorithm`), adjusts it by moving people, then confirms
it into bookings — all or nothing — or discards it.

Lifecycle: COMPUTING → READY (or FAILED) → CONFIRMED or DISCARDED. Confirming books each
session's participants with ``bookings_create_bulk`` in one transaction; a proposal of
more than ``SYNC_CONFIRM_LIMIT`` participants is confirmed by a Celery task while the page
shows that it is being booked (``stats["confirming"]``).
"""

import time
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.models import (
    Participant,
    ScheduleProposal,
    SessionBooking,
    TrainingSession,
)
from cohorts.scheduling.algorithm import (
    evaluate,
    explanation_order,
    explanation_text,
    overfull,
    propose,
)
from cohorts.scheduling.inputs import (
    SEATED,
    chunks,
    person_from_row,
    person_rows,
    proposal_inputs,
    proposal_sessions,
)
from cohorts.services.bookings import bookings_create_bulk
from core.errors import DomainError
from core.jobs import enqueue_on_commit

Status = ScheduleProposal.Status


SYNC_CONFIRM_LIMIT = 2_000


def _check(proposal, status):
    """Refuse a move the proposal's lifecycle does not allow (a confirmed proposal says so)."""
    if proposal.status == Status.CONFIRMED and not proposal.may_become(status):
        raise DomainError(_("This proposal is already confirmed: its bookings were made."))
    proposal.transition_check(status)


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


def _fail(proposal_id, message):
    ScheduleProposal.objects.filter(
        pk=proposal_id, status__in=ScheduleProposal.may_reach(Status.FAILED)
    ).update(status=Status.FAILED, message=message[:2000])


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
        inputs = proposal_inputs(proposal)
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
            proposal.set_status(Status.READY)
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


def _people_of(ids, names):
    people = []
    for chunk in chunks(ids):
        people.extend(
            person_from_row(row, frozenset(), names)
            for row in person_rows(Participant.objects.filter(pk__in=chunk))
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
    sessions, beds, _rows = proposal_sessions(proposal)
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
            proposal.set_status(Status.CONFIRMED)
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
    for chunk in chunks([pk for ids in by_session.values() for pk in ids]):
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
    proposal.set_status(Status.DISCARDED)
    proposal.save(update_fields=["status"])
    return proposal


def proposal_progress(proposal: ScheduleProposal) -> dict:
    """What the status URL returns (JSON-ready)."""
    return {
        "status": proposal.status,
        "label": proposal.get_status_display(),
        "confirming": bool(proposal.stats.get("confirming")),
        "done": proposal.status != Status.COMPUTING and not proposal.stats.get("confirming"),
    }
