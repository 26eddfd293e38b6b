"""Sign-ups for a session: race-safe seats, the waitlist and every change of status kept.

Seats: ``TrainingSession.seats_taken`` moves only by a conditional UPDATE (``... WHERE
seats_taken + n <= capacity``) whose row count says whether the seats were there. That holds
under concurrent requests on PostgreSQL and SQLite alike, where check-then-insert overbooks.
Lock order, to stay free of deadlocks: the session row first, then booking rows, then
participant rows (in primary-key order).
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.models import BookingEvent, Participant, SessionBooking, TrainingSession
from cohorts.selectors import sessions_overlapping
from cohorts.services.notices import notices_queue
from core.errors import DomainError

Status = SessionBooking.Status


SEATED = list(SessionBooking.SEATED)


def _take_seats(session_id: int, n: int = 1) -> bool:
    return bool(
        TrainingSession.objects.filter(
            pk=session_id,
            status=TrainingSession.Status.SCHEDULED,
            seats_taken__lte=F("capacity") - n,
        ).update(seats_taken=F("seats_taken") + n)
    )


def _free_seat(session_id: int) -> None:
    TrainingSession.objects.filter(pk=session_id, seats_taken__gt=0).update(
        seats_taken=F("seats_taken") - 1
    )


def participant_clashes(*, participant_ids, session: TrainingSession):
    """Names of the participants who hold a seat in another session overlapping this one."""
    overlapping = sessions_overlapping(session.starts_at, session.ends_at, exclude_pk=session.pk)
    return sorted(
        Participant.objects.filter(
            pk__in=participant_ids,
            bookings__status__in=SEATED,
            bookings__session__in=overlapping,
        )
        .values_list("name", flat=True)
        .distinct()
    )


def _event(booking, old, new, by, note):
    BookingEvent.objects.create(
        booking=booking, from_status=old or "", to_status=new, by=by, note=note[:255]
    )


def _move(booking, new, *, by, note):
    """Set a locked booking's status with its event; seat counter is the caller's job."""
    old = booking.status
    booking.set_status(new)
    booking.waitlisted_at = timezone.now() if new == Status.WAITLISTED else None
    booking.save(update_fields=["status", "waitlisted_at", "updated_at"])
    _event(booking, old, new, by, note)


def _promote_waitlist(session_id: int, *, by) -> SessionBooking | None:
    """Give a freed seat to the longest-waiting participant, in the caller's transaction."""
    session = TrainingSession.objects.get(pk=session_id)
    candidates = (
        SessionBooking.objects.select_for_update()
        .filter(session_id=session_id, status=Status.WAITLISTED)
        .order_by("waitlisted_at", "pk")
    )
    for booking in candidates:
        if participant_clashes(participant_ids=[booking.participant_id], session=session):
            continue  # booked elsewhere at the same time meanwhile: keep waiting
        if not _take_seats(session_id):
            return None
        _move(booking, Status.BOOKED, by=by, note=_("A seat became free: moved off the waitlist."))
        notices_queue(booking_ids=[booking.pk], kind="invitation")
        return booking
    return None


@transaction.atomic
def booking_create(
    *,
    session: TrainingSession,
    participant: Participant,
    by: AbstractBaseUser | None = None,
    status: str = Status.BOOKED,
    override_reason: str = "",
    note: str = "",
) -> SessionBooking:
    """Sign a participant up: INVITED, or BOOKED — WAITLISTED when the session is full.

    Refuses a cancelled session, and a participant seated in an overlapping session unless
    ``override_reason`` is given. An existing booking is moved (re-booking a cancelled one),
    never duplicated.
    """
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if session.is_cancelled:
        raise DomainError(_("“%(session)s” is cancelled.") % {"session": session.title})
    if status not in (Status.INVITED, Status.BOOKED, Status.WAITLISTED):
        raise DomainError(_("A new booking is invited, booked or waitlisted."))
    booking = (
        SessionBooking.objects.select_for_update()
        .filter(session=session, participant=participant)
        .first()
    )
    if booking is not None:
        return booking_set_status(
            booking=booking, status=status, by=by, note=note, override_reason=override_reason
        )
    if status != Status.INVITED:
        _refuse_clash(participant, session, override_reason)
    if status == Status.BOOKED and not _take_seats(session.pk):
        status = Status.WAITLISTED
    booking = SessionBooking.objects.create(
        session=session,
        participant=participant,
        status=status,
        waitlisted_at=timezone.now() if status == Status.WAITLISTED else None,
        override_reason=override_reason.strip()[:255],
    )
    _event(booking, "", status, by, note)
    if status in (Status.BOOKED, Status.INVITED):
        notices_queue(booking_ids=[booking.pk], kind="invitation")
    return booking


def _refuse_clash(participant, session, override_reason):
    """Refuse a seat overlapping one the participant holds, unless a reason is given. Locks
    the participant (after the session: one lock order), so two overlapping bookings of
    the same person made at the same moment are checked one after the other."""
    if override_reason.strip():
        return
    Participant.objects.select_for_update().filter(pk=participant.pk).first()
    if participant_clashes(participant_ids=[participant.pk], session=session):
        raise DomainError(
            _("%(name)s already has a seat in another session at the same time.")
            % {"name": participant.name}
            + " "
            + _("Give a reason to book anyway.")
        )


@transaction.atomic
def bookings_create_bulk(
    *, session: TrainingSession, participant_ids, by: AbstractBaseUser | None = None, note: str = ""
) -> int:
    """Book many participants into one session at once (the scheduling assistant's confirm).

    All or nothing: refuses when the seats are not there or when a participant is seated in
    an overlapping session (naming them). Participants already seated here are skipped.
    Returns how many were booked.
    """
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if session.is_cancelled:
        raise DomainError(_("“%(session)s” is cancelled.") % {"session": session.title})
    wanted = set(participant_ids)
    existing = {
        booking.participant_id: booking
        for booking in SessionBooking.objects.select_for_update().filter(
            session=session, participant_id__in=wanted
        )
    }
    todo = sorted(pk for pk in wanted if not (pk in existing and existing[pk].holds_seat))
    if not todo:
        return 0
    # the participants after the session, in pk order, as booking_create does
    list(Participant.objects.select_for_update().filter(pk__in=todo).order_by("pk").values("pk"))
    names = participant_clashes(participant_ids=todo, session=session)
    if names:
        raise DomainError(
            _("These participants already have a seat in another session at the same time: %(n)s.")
            % {"n": ", ".join(names)}
        )
    if not _take_seats(session.pk, len(todo)):
        raise DomainError(
            _("“%(session)s” has %(left)d seat(s) left, not %(wanted)d.")
            % {"session": session.title, "left": session.seats_left, "wanted": len(todo)}
        )
    now = timezone.now()
    fresh = [
        SessionBooking(session=session, participant_id=pk, status=Status.BOOKED)
        for pk in todo
        if pk not in existing
    ]
    SessionBooking.objects.bulk_create(fresh)
    moved = [existing[pk] for pk in todo if pk in existing]
    SessionBooking.objects.filter(pk__in=[b.pk for b in moved]).update(
        status=Status.BOOKED, waitlisted_at=None, updated_at=now
    )
    booked = {
        b.participant_id: b
        for b in SessionBooking.objects.filter(session=session, participant_id__in=todo)
    }
    old = {b.participant_id: b.status for b in moved}
    BookingEvent.objects.bulk_create(
        [
            BookingEvent(
                booking=booked[pk],
                from_status=old.get(pk, ""),
                to_status=Status.BOOKED,
                at=now,
                by=by,
                note=note[:255],
            )
            for pk in todo
        ]
    )
    notices_queue(booking_ids=[booked[pk].pk for pk in todo], kind="invitation")
    return len(todo)


@transaction.atomic
def booking_set_status(
    *,
    booking: SessionBooking,
    status: str,
    by: AbstractBaseUser | None = None,
    note: str = "",
    override_reason: str = "",
) -> SessionBooking:
    """Move a booking along its lifecycle with the seat counter in step.

    Leaving a seat (cancelled) gives it to the next on the waitlist in the same transaction;
    taking one (booked) needs a free seat, else the booking is waitlisted instead.
    """
    TrainingSession.objects.select_for_update().filter(pk=booking.session_id).first()
    booking = (
        SessionBooking.objects.select_for_update().select_related("session").get(pk=booking.pk)
    )
    if booking.status == status:
        return booking
    booking.transition_check(status)
    had_seat = booking.holds_seat
    wants_seat = status in SessionBooking.SEATED
    if override_reason.strip():
        booking.override_reason = override_reason.strip()[:255]
        booking.save(update_fields=["override_reason"])
    if wants_seat and not had_seat:
        _refuse_clash(booking.participant, booking.session, override_reason)
        if not _take_seats(booking.session_id):
            if status != Status.BOOKED:
                raise DomainError(_("The session is full."))
            status = Status.WAITLISTED
            if booking.status == status:
                return booking
    _move(booking, status, by=by, note=note)
    if had_seat and not wants_seat:
        _free_seat(booking.session_id)
        _promote_waitlist(booking.session_id, by=by)
    if status == Status.CANCELLED:
        notices_queue(booking_ids=[booking.pk], kind="cancellation")
    elif status == Status.BOOKED:
        notices_queue(booking_ids=[booking.pk], kind="invitation")
    return booking


@transaction.atomic
def session_invite(*, session: TrainingSession, by: AbstractBaseUser | None = None) -> int:
    """Create INVITED bookings for the invited cohorts' active members and the invited
    participants who have no booking yet. Returns how many were invited."""
    cohort_ids = [cohort.pk for cohort in session.invited_cohorts.all()]
    participant_ids = [participant.pk for participant in session.invited_participants.all()]
    wanted = set(
        Participant.objects.filter(
            Q(memberships__cohort__in=cohort_ids, memberships__left_at__isnull=True)
            | Q(pk__in=participant_ids)
        ).values_list("pk", flat=True)
    )
    have = set(
        SessionBooking.objects.filter(session=session, participant_id__in=wanted).values_list(
            "participant_id", flat=True
        )
    )
    new = [
        SessionBooking(session=session, participant_id=pk, status=Status.INVITED)
        for pk in sorted(wanted - have)
    ]
    SessionBooking.objects.bulk_create(new)
    created = SessionBooking.objects.filter(session=session, participant_id__in=wanted - have)
    created = list(created)
    BookingEvent.objects.bulk_create(
        [BookingEvent(booking=b, to_status=Status.INVITED, by=by) for b in created]
    )
    notices_queue(booking_ids=[b.pk for b in created], kind="invitation")
    return len(new)


@transaction.atomic
def bookings_set_outcome(
    *, session: TrainingSession, outcomes: dict, by: AbstractBaseUser | None = None, note: str = ""
) -> int:
    """Record attended or no-show for many seated bookings of one session at once (closing
    its attendance): ``outcomes`` maps booking ids to one of the two. These moves stay
    between seated statuses, so no seat changes hands and nobody is notified; each move is
    checked against the lifecycle and gets its event. Returns how many bookings changed."""
    final = {Status.ATTENDED, Status.NO_SHOW}
    if not set(outcomes.values()) <= final:
        raise DomainError(_("An outcome is attended or no-show."))
    TrainingSession.objects.select_for_update().filter(pk=session.pk).first()
    now = timezone.now()
    changed, events = [], []
    for booking in SessionBooking.objects.select_for_update().filter(
        session=session, pk__in=list(outcomes), status__in=SEATED
    ):
        target = outcomes[booking.pk]
        if booking.status == target:
            continue
        from_status = booking.status
        booking.set_status(target)
        booking.updated_at = now
        events.append(
            BookingEvent(
                booking=booking,
                from_status=from_status,
                to_status=target,
                at=now,
                by=by,
                note=note[:255],
            )
        )
        changed.append(booking)
    SessionBooking.objects.bulk_update(changed, ["status", "updated_at"])
    BookingEvent.objects.bulk_create(events)
    return len(changed)
