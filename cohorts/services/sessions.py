"""Sessions: their days and clashes, saving and cancelling, and lodging.

A session is saved only when it clashes with nothing that is refused outright, and with
nothing flagged unless a reason is given (``session_clashes``). Saving and cancelling tell the
booked participants (change and cancellation notices).
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cohorts.models import BookingEvent, Room, SessionBooking, SessionDay, TrainingSession
from cohorts.selectors import SEATED, sessions_overlapping
from cohorts.services.notices import notices_queue
from core.errors import DomainError

Status = SessionBooking.Status


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
    overlapping = sessions_overlapping(start, end, exclude_pk=session.pk).select_related("room")
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
            get_user_model()
            .objects.filter(pk__in=facilitator_ids, facilitated_sessions__in=overlapping)
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
    by: AbstractBaseUser | None = None,
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
def session_cancel(
    *, session: TrainingSession, by: AbstractBaseUser | None = None, reason: str = ""
) -> int:
    """Cancel a session: every open booking is cancelled (history kept), seats are freed and
    cancellation notices go out. Returns how many bookings were cancelled."""
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if session.is_cancelled:
        return 0
    session.set_status(TrainingSession.Status.CANCELLED)
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
    notices_queue(booking_ids=[b.pk for b in open_bookings], kind="cancellation")
    return len(open_bookings)


def _notify_session(session, kind):
    ids = list(
        SessionBooking.objects.filter(session=session, status__in=SEATED).values_list(
            "pk", flat=True
        )
    )
    notices_queue(booking_ids=ids, kind=kind)


@transaction.atomic
def session_assign_lodging(*, session: TrainingSession, by: AbstractBaseUser | None = None) -> dict:
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
    overlapping = sessions_overlapping(session.starts_at, session.ends_at).filter(
        venue_id=session.venue_id
    )
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
