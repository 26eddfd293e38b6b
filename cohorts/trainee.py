"""The trainee's face-to-face sessions: the Dasbor's list and the calendar file download."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache

from cohorts.booking import waitlist_position
from cohorts.models import SessionBooking, SessionDay
from cohorts.notifications import session_ics

Status = SessionBooking.Status


def booking_list_for_participant(*, participant) -> QuerySet[SessionBooking]:
    """The participant's bookings that are not cancelled, soonest session first, with the
    session, venue, room, lodging room and days loaded (two queries in all) and, for a
    waitlisted booking, ``waitlist_position`` (1 = next to get a seat, the order in which
    ``cohorts.booking`` promotes)."""
    return (
        SessionBooking.objects.filter(participant=participant)
        .exclude(status=Status.CANCELLED)
        .select_related("session__venue", "session__room", "lodging_room")
        .prefetch_related(
            Prefetch("session__days", queryset=SessionDay.objects.order_by("date", "starts"))
        )
        .annotate(waitlist_position=waitlist_position())
        .order_by("session__starts_at", "session__title", "pk")
    )


@never_cache
@login_required
def booking_ics(request, booking_id):
    """The calendar file of one of the signed-in participant's own bookings; 404 for anyone
    else's (no hint that it exists)."""
    booking = get_object_or_404(
        SessionBooking.objects.select_related(
            "session__venue", "session__room", "session__programme", "lodging_room", "participant"
        ),
        pk=booking_id,
        participant__user=request.user,
    )
    ics = session_ics(
        session=booking.session, booking=booking, cancel=booking.status == Status.CANCELLED
    )
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sesi-{booking.session_id}.ics"'
    return response
