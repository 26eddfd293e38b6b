"""A session as an iCalendar file (RFC 5545/5546), attached to every notice and downloadable
from the Dasbor.

One event spans the session, from the first day's start to the last day's end (the days and
hours are in its description), and keeps one UID, ``sesi-<pk>@<host>``, whatever happens to the
days: a change notice carries the same UID with a higher SEQUENCE, a cancellation METHOD:CANCEL
with STATUS:CANCELLED — so calendar programs update or remove the event instead of adding
another, and removing a day can never leave a stale event behind.
"""

import datetime
import zoneinfo
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from cohorts.models import SessionBooking, TrainingSession
from cohorts.selectors import participant_email

Booking = SessionBooking.Status


def _host():
    return urlsplit(settings.SELARAS_BASE_URL).hostname or "selaras.local"


def session_uid(session: TrainingSession) -> str:
    """The iCalendar UID of a session's event: the same in every notice about it."""
    return f"sesi-{session.pk}@{_host()}"


def session_day_labels(session: TrainingSession) -> list[str]:
    """Each day as "Senin, 4 Maret 2019, 08.00–16.00 WIB", in the active language."""
    labels = []
    for day in session.days.all():
        zone = day.start_datetime.tzname() or ""
        labels.append(
            f"{date_format(day.date, 'DATE_FORMAT')}, "
            f"{time_format(day.starts)}–{time_format(day.ends)} {zone}".rstrip()
        )
    return labels


def session_location(session: TrainingSession) -> str:
    parts = [session.venue.name, session.room.name, " ".join(session.venue.address.split())]
    return ", ".join(part for part in parts if part)


def dashboard_url() -> str:
    return settings.SELARAS_BASE_URL.rstrip("/") + reverse("lms:dashboard")


def _address(email, name):
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["CN"] = vText(name)
    return address


_PARTSTAT = {
    Booking.BOOKED: "ACCEPTED",
    Booking.ATTENDED: "ACCEPTED",
    Booking.NO_SHOW: "ACCEPTED",
    Booking.WAITLISTED: "TENTATIVE",
    Booking.CANCELLED: "DECLINED",
}


def session_ics(
    *, session: TrainingSession, booking: SessionBooking | None = None, cancel: bool = False
) -> bytes:
    """The session as an iCalendar object (RFC 5545/5546): METHOD REQUEST, or CANCEL with
    STATUS CANCELLED, one VEVENT from the first day's start to the last day's end in
    Asia/Jakarta (with its VTIMEZONE), UID ``sesi-<pk>@<host>`` and SEQUENCE = the session's
    sequence. With a booking, its participant is the ATTENDEE and the lodging room is named.
    Texts are in the active language."""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    cancel = cancel or session.is_cancelled
    calendar = Calendar()
    calendar.add("prodid", "-//BPSDM//Selaras//ID")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if cancel else "REQUEST")

    event = Event()
    event.add("uid", session_uid(session))
    event.add("sequence", session.sequence)
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", session.starts_at.astimezone(zone))
    event.add("dtend", session.ends_at.astimezone(zone))
    event.add("summary", session.title)
    event.add("location", session_location(session))
    lines = [session.programme.title if session.programme_id else "", ""]
    lines += session_day_labels(session)
    lines += ["", _("Venue: %(location)s") % {"location": session_location(session)}]
    if booking is not None and booking.lodging_room_id:
        lines.append(_("Your lodging room: %(room)s") % {"room": booking.lodging_room.name})
    lines += ["", _("Your sessions on the Dashboard: %(url)s") % {"url": dashboard_url()}]
    event.add("description", "\n".join(lines).strip())
    event.add("url", dashboard_url())
    organizer_name, organizer_email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    event.add("organizer", _address(organizer_email, organizer_name or "BPSDM"))
    if booking is not None:
        email = participant_email(booking.participant)
        if email:
            attendee = _address(email, booking.participant.name)
            attendee.params["ROLE"] = "REQ-PARTICIPANT"
            attendee.params["PARTSTAT"] = _PARTSTAT.get(booking.status, "NEEDS-ACTION")
            attendee.params["RSVP"] = "FALSE"
            event.add("attendee", attendee)
    event.add("status", "CANCELLED" if cancel else "CONFIRMED")
    event.add("transp", "OPAQUE")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
