"""Sessions and sign-ups: clash detection, race-safe seats, the waitlist and status history.

Seats: ``TrainingSession.seats_taken`` moves only by a conditional UPDATE (``... WHERE
seats_taken + n <= capacity``) whose row count says whether the seats were there. That holds
under concurrent requests on PostgreSQL and SQLite alike, where check-then-insert overbooks.
Lock order, to stay free of deadlocks: the session row first, then booking rows.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cohorts.models import (
    BookingEvent,
    Participant,
    Room,
    SessionBooking,
    SessionDay,
    TrainingSession,
)
from lms.models import DomainError, User

Status = SessionBooking.Status
SEATED = list(SessionBooking.SEATED)


@dataclass(frozen=True)
class Clash:
    """A conflict found for a session. ``overridable`` ones pass with a reason."""

    kind: str  # room | facilitator | participant | capacity | beds | days
    message: str
    overridable: bool


def _span(days):
    """(start, end) aware datetimes over (date, starts, ends) triples, or (None, None)."""
    if not days:
        return None, None
    first = min(days, key=lambda day: (day[0], day[1]))
    last = max(days, key=lambda day: (day[0], day[2]))
    return (
        timezone.make_aware(datetime.datetime.combine(first[0], first[1])),
        timezone.make_aware(datetime.datetime.combine(last[0], last[2])),
    )


def _days_of(session):
    return [(day.date, day.starts, day.ends) for day in session.days.all()]


def _overlapping(start, end, *, exclude_pk=None):
    sessions = TrainingSession.objects.filter(
        status=TrainingSession.Status.SCHEDULED, starts_at__lt=end, ends_at__gt=start
    )
    if exclude_pk:
        sessions = sessions.exclude(pk=exclude_pk)
    return sessions


def _when(session):
    start = timezone.localtime(session.starts_at)
    end = timezone.localtime(session.ends_at)
    return f"{date_format(start, 'j M Y')}–{date_format(end, 'j M Y')}"


def session_clashes(*, session: TrainingSession, days=None, facilitators=None) -> list[Clash]:
    """Every conflict of the session as it would be saved with these days and facilitators.

    Refused outright: no day, a day ending before it starts, the same room in an overlapping
    session, capacity below the seats already taken. Flagged (a reason lets it pass): more
    seats than the room has, fewer beds than seats for an overnight session, a facilitator in
    an overlapping session.
    """
    days = _days_of(session) if days is None else list(days)
    clashes = []
    if not days:
        return [Clash("days", _("A session needs at least one day."), False)]
    for date, starts, ends in days:
        if ends <= starts:
            clashes.append(
                Clash(
                    "days",
                    _("On %(date)s the session ends before it starts.")
                    % {"date": date_format(date, "j F Y")},
                    False,
                )
            )
    if len({day[0] for day in days}) != len(days):
        clashes.append(Clash("days", _("A date is listed twice."), False))
    start, end = _span(days)
    overlapping = _overlapping(start, end, exclude_pk=session.pk).select_related("room")
    if session.room_id:
        for other in overlapping.filter(room_id=session.room_id):
            clashes.append(
                Clash(
                    "room",
                    _("Room %(room)s is already booked by “%(session)s” (%(when)s).")
                    % {"room": other.room.name, "session": other.title, "when": _when(other)},
                    False,
                )
            )
        room = Room.objects.get(pk=session.room_id)
        if session.capacity and session.capacity > room.capacity:
            clashes.append(
                Clash(
                    "capacity",
                    _("The session has %(capacity)d seats but room %(room)s holds %(seats)d.")
                    % {"capacity": session.capacity, "room": room.name, "seats": room.capacity},
                    True,
                )
            )
    taken = (
        TrainingSession.objects.filter(pk=session.pk).values_list("seats_taken", flat=True).first()
        if session.pk
        else 0
    )
    if taken and session.capacity < taken:
        clashes.append(
            Clash(
                "capacity",
                _("%(taken)d seats are already taken: the capacity cannot go below that.")
                % {"taken": taken},
                False,
            )
        )
    if session.overnight and session.venue_id:
        beds = (
            Room.objects.filter(venue_id=session.venue_id, kind=Room.Kind.LODGING).aggregate(
                beds=Sum("beds")
            )["beds"]
            or 0
        )
        shared = (
            overlapping.filter(venue_id=session.venue_id, overnight=True).aggregate(
                seats=Sum("capacity")
            )["seats"]
            or 0
        )
        if session.capacity + shared > beds:
            clashes.append(
                Clash(
                    "beds",
                    _(
                        "Overnight: %(seats)d seats (with the venue's overlapping sessions) but "
                        "only %(beds)d beds at %(venue)s."
                    )
                    % {"seats": session.capacity + shared, "beds": beds, "venue": session.venue},
                    True,
                )
            )
    if facilitators is None:
        facilitators = list(session.facilitators.all()) if session.pk else []
    facilitator_ids = [getattr(user, "pk", user) for user in facilitators]
    if facilitator_ids:
        busy = (
            User.objects.filter(pk__in=facilitator_ids, facilitated_sessions__in=overlapping)
            .distinct()
            .order_by("first_name")
        )
        for user in busy:
            clashes.append(
                Clash(
                    "facilitator",
                    _("Facilitator %(name)s teaches another session at the same time.")
                    % {"name": str(user)},
                    True,
                )
            )
    if session.pk:
        double = (
            SessionBooking.objects.filter(
                session=session,
                status__in=SEATED,
                participant__bookings__status__in=SEATED,
                participant__bookings__session__in=overlapping,
            )
            .values_list("participant__name", flat=True)
            .distinct()
        )
        names = sorted(double)
        if names:
            clashes.append(
                Clash(
                    "participant",
                    _("At these dates %(names)s would be in two sessions at once.")
                    % {"names": ", ".join(names[:10]) + ("…" if len(names) > 10 else "")},
                    True,
                )
            )
    return clashes


def clashes_check(clashes: list[Clash], *, override_reason: str) -> None:
    """Raise DomainError for hard clashes, and for flagged ones unless a reason is given."""
    hard = [clash.message for clash in clashes if not clash.overridable]
    if hard:
        raise DomainError(" ".join(hard))
    soft = [clash.message for clash in clashes if clash.overridable]
    if soft and not override_reason.strip():
        raise DomainError(
            " ".join(soft) + " " + _("Give a reason to save it anyway, or change the session.")
        )


@transaction.atomic
def session_save(
    *,
    session: TrainingSession,
    days=None,
    facilitators=None,
    by: User | None = None,
    override_reason: str = "",
) -> TrainingSession:
    """Validate and save a session with its days (list of (date, starts, ends)).

    Keeps ``starts_at``/``ends_at`` in step with the days. A change of dates, hours, venue or
    room on a session with bookings raises the calendar SEQUENCE and sends change notices.
    """
    replace_days = days is not None
    days = list(days) if replace_days else (_days_of(session) if session.pk else [])
    if session.room_id:
        # two organisers saving sessions in one room at once: the second waits, then sees
        # the first one's session as a clash
        Room.objects.select_for_update().filter(pk=session.room_id).first()
    clashes_check(
        session_clashes(session=session, days=days, facilitators=facilitators),
        override_reason=override_reason,
    )
    session.starts_at, session.ends_at = _span(days)
    session.override_reason = override_reason.strip()[:255]
    changed = False
    if session.pk:
        before = TrainingSession.objects.select_for_update().get(pk=session.pk)
        changed = (
            sorted(_days_of(before)) != sorted(days)
            or before.venue_id != session.venue_id
            or before.room_id != session.room_id
        )
        session.seats_taken = before.seats_taken  # never from a stale copy
        if changed:
            session.sequence = before.sequence + 1
    if facilitators is not None:
        session.facilitators.set(facilitators)  # a ParentalManyToManyField: saved with the row
    session.save()
    if replace_days:
        SessionDay.objects.filter(session=session).delete()
        SessionDay.objects.bulk_create(
            [
                SessionDay(session=session, date=date, starts=starts, ends=ends, sort_order=i)
                for i, (date, starts, ends) in enumerate(sorted(days))
            ]
        )
    if changed:
        _notify_session(session, "change")
    return session


@transaction.atomic
def session_cancel(*, session: TrainingSession, by: User | None = None, reason: str = "") -> int:
    """Cancel a session: every open booking is cancelled (history kept), seats are freed and
    cancellation notices go out. Returns how many bookings were cancelled."""
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if session.is_cancelled:
        return 0
    session.status = TrainingSession.Status.CANCELLED
    session.sequence += 1
    # attended and no-show stay as history and keep their seats; the open ones are freed
    session.seats_taken = SessionBooking.objects.filter(
        session=session, status__in=[Status.ATTENDED, Status.NO_SHOW]
    ).count()
    session.save(update_fields=["status", "sequence", "seats_taken", "updated_at"])
    open_bookings = list(
        SessionBooking.objects.select_for_update().filter(
            session=session, status__in=[Status.INVITED, Status.BOOKED, Status.WAITLISTED]
        )
    )
    note = reason or _("The session was cancelled.")
    BookingEvent.objects.bulk_create(
        [
            BookingEvent(
                booking=b, from_status=b.status, to_status=Status.CANCELLED, by=by, note=note
            )
            for b in open_bookings
        ]
    )
    SessionBooking.objects.filter(pk__in=[b.pk for b in open_bookings]).update(
        status=Status.CANCELLED, waitlisted_at=None, updated_at=timezone.now()
    )
    _notify_bookings([b.pk for b in open_bookings], "cancellation")
    return len(open_bookings)


# Seats ------------------------------------------------------------------------------------------


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
    overlapping = _overlapping(session.starts_at, session.ends_at, exclude_pk=session.pk)
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
    booking.status = new
    booking.waitlisted_at = timezone.now() if new == Status.WAITLISTED else None
    booking.save(update_fields=["status", "waitlisted_at", "updated_at"])
    _event(booking, old, new, by, note)


def waitlist_position():
    """An annotation: a waitlisted booking's place in the queue (1 = the next to get a seat,
    the order ``_promote_waitlist`` follows); None for any other booking."""
    ahead = (
        SessionBooking.objects.filter(session=OuterRef("session"), status=Status.WAITLISTED)
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
        _notify_bookings([booking.pk], "invitation")
        return booking
    return None


@transaction.atomic
def booking_create(
    *,
    session: TrainingSession,
    participant: Participant,
    by: User | None = None,
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
        _notify_bookings([booking.pk], "invitation")
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
    *, session: TrainingSession, participant_ids, by: User | None = None, note: str = ""
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
    _notify_bookings([booked[pk].pk for pk in todo], "invitation")
    return len(todo)


@transaction.atomic
def booking_set_status(
    *,
    booking: SessionBooking,
    status: str,
    by: User | None = None,
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
    booking.check_transition(status)
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
        _notify_bookings([booking.pk], "cancellation")
    elif status == Status.BOOKED:
        _notify_bookings([booking.pk], "invitation")
    return booking


def booking_cancel(*, booking: SessionBooking, by: User | None = None, note: str = ""):
    """Cancel a sign-up; a freed seat promotes the next on the waitlist at once."""
    return booking_set_status(booking=booking, status=Status.CANCELLED, by=by, note=note)


@transaction.atomic
def session_invite(*, session: TrainingSession, by: User | None = None) -> int:
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
    _notify_bookings([b.pk for b in created], "invitation")
    return len(new)


# Notifications (cohorts.notifications owns the notices; imported late: it imports us) ---------


def _notify_bookings(booking_ids, kind):
    from cohorts import notifications

    notifications.notices_queue(booking_ids=booking_ids, kind=kind)


def _notify_session(session, kind):
    ids = list(
        SessionBooking.objects.filter(session=session, status__in=SEATED).values_list(
            "pk", flat=True
        )
    )
    _notify_bookings(ids, kind)


@transaction.atomic
def session_assign_lodging(*, session: TrainingSession, by: User | None = None) -> dict:
    """Give every seated participant without one a bed in the venue's lodging rooms.

    Beds already used by overlapping sessions at the same venue are not given twice; people
    of one kecamatan are put side by side (by unit code), so roommates know each other's work.
    Returns {"assigned": n, "without_bed": n}.
    """
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    rooms = list(
        Room.objects.filter(venue_id=session.venue_id, kind=Room.Kind.LODGING, beds__gt=0).order_by(
            "sort_order", "name"
        )
    )
    overlapping = _overlapping(session.starts_at, session.ends_at).filter(venue_id=session.venue_id)
    used = dict(
        SessionBooking.objects.filter(
            session__in=overlapping, status__in=SEATED, lodging_room__isnull=False
        )
        .values_list("lodging_room_id")
        .annotate(n=Count("pk"))
    )
    free = [[room, room.beds - used.get(room.pk, 0)] for room in rooms]
    waiting = list(
        SessionBooking.objects.select_for_update()
        .filter(session=session, status__in=SEATED, lodging_room__isnull=True)
        .select_related("participant__unit")
        .order_by("participant__unit__code", "participant__name")
    )
    assigned = []
    for booking in waiting:
        slot = next((item for item in free if item[1] > 0), None)
        if slot is None:
            break
        booking.lodging_room = slot[0]
        slot[1] -= 1
        assigned.append(booking)
    SessionBooking.objects.bulk_update(assigned, ["lodging_room"])
    return {"assigned": len(assigned), "without_bed": len(waiting) - len(assigned)}


@transaction.atomic
def bookings_set_outcome(
    *, session: TrainingSession, outcomes: dict, by: User | None = None, note: str = ""
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
        booking.check_transition(target)
        events.append(
            BookingEvent(
                booking=booking,
                from_status=booking.status,
                to_status=target,
                at=now,
                by=by,
                note=note[:255],
            )
        )
        booking.status, booking.updated_at = target, now
        changed.append(booking)
    SessionBooking.objects.bulk_update(changed, ["status", "updated_at"])
    BookingEvent.objects.bulk_create(events)
    return len(changed)
