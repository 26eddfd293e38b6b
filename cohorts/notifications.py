"""Session notices: invitation, reminder, change and cancellation, each recorded once."""

from django.db.models import Max

from cohorts.models import SessionBooking, SessionNotice


def _key(booking, kind, last_event):
    if kind == SessionNotice.Kind.CHANGE:
        return f"b{booking.pk}:{kind}:s{booking.session.sequence}"
    return f"b{booking.pk}:{kind}:e{last_event or 0}"


def notices_queue(*, booking_ids, kind: str) -> list[SessionNotice]:
    """Record the notice for each booking, once: the key names the booking, the kind and the
    change it tells about (the booking's latest event, or the session's SEQUENCE for a change),
    so calling this twice for the same change finds the first notice."""
    bookings = list(
        SessionBooking.objects.filter(pk__in=booking_ids)
        .select_related("session")
        .annotate(last_event=Max("events__pk"))
    )
    notices = [
        SessionNotice(
            booking=booking,
            kind=kind,
            key=_key(booking, kind, booking.last_event),
            sequence=booking.session.sequence,
        )
        for booking in bookings
    ]
    SessionNotice.objects.bulk_create(notices, ignore_conflicts=True)
    return notices
