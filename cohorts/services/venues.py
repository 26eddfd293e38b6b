"""Venues with their classrooms and lodging rooms.

A venue is saved together with its rooms (``venue_save``): the rooms it carries in memory (a
modelcluster relation, as the admin form leaves it or as code sets it) become its rooms, and a
stored room missing from them is deleted. What the sessions rely on is kept: a room a session
uses stays, a classroom keeps the seats its upcoming sessions have taken, a lodging room keeps
the beds given to their participants (``venue_check``).
"""

from collections import Counter

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.models import Room, SessionBooking, TrainingSession, Venue
from core.errors import DomainError

SHOWN_NAMES = 3


def _names(titles) -> str:
    titles = sorted(set(titles))
    shown = ", ".join(f"“{title}”" for title in titles[:SHOWN_NAMES])
    return shown + ("…" if len(titles) > SHOWN_NAMES else "")


def _upcoming_sessions():
    """Sessions still to be held or under way: what a smaller room would hurt."""
    return TrainingSession.objects.exclude(status=TrainingSession.Status.CANCELLED).filter(
        ends_at__gte=timezone.now()
    )


def _beds_in_use(room_id: int) -> int:
    """The most beds of ``room_id`` given at one time to seated participants of upcoming
    sessions (sessions at the same time share the room's beds)."""
    counts = Counter(
        SessionBooking.objects.filter(
            lodging_room_id=room_id,
            status__in=SessionBooking.SEATED,
            session__in=_upcoming_sessions(),
        ).values_list("session_id", flat=True)
    )
    if not counts:
        return 0
    spans = {
        pk: (starts, ends)
        for pk, starts, ends in TrainingSession.objects.filter(pk__in=counts).values_list(
            "pk", "starts_at", "ends_at"
        )
    }
    most = 0
    for pk, (starts, ends) in spans.items():
        together = sum(
            count
            for other, count in counts.items()
            if other == pk or (spans[other][0] < ends and spans[other][1] > starts)
        )
        most = max(most, together)
    return most


def venue_check(*, venue: Venue, rooms: list[Room]) -> None:
    """Refuse (DomainError with every reason) the venue with ``rooms`` as its rooms (stored
    ones keep their pk; a stored room not listed is to be deleted) when that breaks its
    sessions: a classroom a session uses deleted or made a lodging room; a lodging room whose
    beds are given to participants deleted or made a classroom (the lodging history would be
    lost); a classroom given fewer seats than an upcoming session in it has taken; a lodging
    room given fewer beds than upcoming sessions have given out at one time. Reads only."""
    if venue.pk is None:
        return
    stored = {room.pk: room for room in Room.objects.filter(venue_id=venue.pk)}
    wanted = {room.pk: room for room in rooms if room.pk in stored}
    problems = []
    for pk, room in stored.items():
        new = wanted.get(pk)
        gone = new is None
        if (gone or new.kind != Room.Kind.CLASSROOM) and room.kind == Room.Kind.CLASSROOM:
            titles = TrainingSession.objects.filter(room_id=pk).values_list("title", flat=True)
            if titles:
                problems.append(
                    _("Classroom %(room)s is used by %(sessions)s: it must stay a classroom.")
                    % {"room": room.name, "sessions": _names(titles)}
                )
                continue
        if (gone or new.kind != Room.Kind.LODGING) and room.kind == Room.Kind.LODGING:
            titles = SessionBooking.objects.filter(lodging_room_id=pk).values_list(
                "session__title", flat=True
            )
            if titles:
                problems.append(
                    _(
                        "Beds in %(room)s are given to participants of %(sessions)s: it must "
                        "stay a lodging room."
                    )
                    % {"room": room.name, "sessions": _names(titles)}
                )
                continue
        if gone:
            continue
        if new.kind == Room.Kind.CLASSROOM and new.capacity < room.capacity:
            taken = (
                _upcoming_sessions().filter(room_id=pk).aggregate(taken=Max("seats_taken"))["taken"]
                or 0
            )
            if new.capacity < taken:
                problems.append(
                    _(
                        "Classroom %(room)s cannot have fewer than %(taken)d seats: a session "
                        "to come has taken that many."
                    )
                    % {"room": room.name, "taken": taken}
                )
        if new.kind == Room.Kind.LODGING and new.beds < room.beds:
            used = _beds_in_use(pk)
            if new.beds < used:
                problems.append(
                    _(
                        "Lodging room %(room)s cannot have fewer than %(used)d beds: that many "
                        "are given to participants of sessions to come."
                    )
                    % {"room": room.name, "used": used}
                )
    if problems:
        raise DomainError(" ".join(problems))


@transaction.atomic
def venue_save(*, venue: Venue) -> Venue:
    """Validate and save ``venue`` (new or changed) with the rooms it carries in memory; a
    stored room not among them is deleted. Field errors are ValidationError keyed by field;
    what would break the venue's sessions is refused as ``venue_check`` says.

    The venue's rooms are locked first, so a session being saved in one of them at the same
    time (``session_save`` locks its room) waits, then sees the rooms as saved here.
    """
    rooms = list(venue.rooms.all())
    venue.full_clean()
    for room in rooms:
        room.full_clean(exclude=["venue"])
    if venue.pk is not None:
        list(Room.objects.select_for_update().filter(venue_id=venue.pk).order_by("pk"))
    venue_check(venue=venue, rooms=rooms)
    venue.save()  # a ClusterableModel: saves, adds and deletes its rooms with it
    return venue


def venue_delete_check(*, venue: Venue) -> None:
    """Refuse (DomainError) to delete a venue any session, held or to come, took place at:
    the session keeps its venue and rooms as history. Reads only."""
    titles = TrainingSession.objects.filter(venue=venue).values_list("title", flat=True)
    if titles:
        raise DomainError(
            _("%(venue)s is the venue of %(sessions)s: it cannot be deleted.")
            % {"venue": venue.name, "sessions": _names(titles)}
        )


@transaction.atomic
def venue_delete(*, venue: Venue) -> None:
    """Delete a venue no session uses, with its rooms; refused as ``venue_delete_check``
    says otherwise."""
    venue = Venue.objects.select_for_update().get(pk=venue.pk)
    venue_delete_check(venue=venue)
    venue.delete()
