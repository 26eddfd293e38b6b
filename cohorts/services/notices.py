"""Session notices: invitation, reminder, change and cancellation — recorded once, sent once.

A notice is a ``SessionNotice`` row whose ``key`` names what it tells about (the booking, the
kind and the booking's latest event, the session's SEQUENCE for a change, or the session's
start date and the day count for a reminder). Recording the same notice twice finds the first
row (unique key), and the sending task locks the row and returns once it is SENT, so a task
delivered twice or retried after a failure sends one email. Every email carries the session's
calendar file (``cohorts.documents.calendar``).
"""

import datetime
import logging
from email.mime.text import MIMEText

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery, prefetch_related_objects
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cohorts.documents.calendar import (
    dashboard_url,
    session_day_labels,
    session_ics,
    session_location,
)
from cohorts.models import BookingEvent, SessionBooking, SessionNotice, TrainingSession
from cohorts.selectors import participant_email
from core.jobs import enqueue

logger = logging.getLogger(__name__)


Kind = SessionNotice.Kind


Status = SessionNotice.Status


Booking = SessionBooking.Status


SENDABLE = (Status.PENDING, Status.FAILED)


def _key(booking, kind, last_event):
    if kind == Kind.CHANGE:
        return f"b{booking.pk}:{kind}:s{booking.session.sequence}"
    return f"b{booking.pk}:{kind}:e{last_event or 0}"


def _reminder_key(booking, start_date, days):
    return f"b{booking.pk}:{Kind.REMINDER}:{start_date.isoformat()}:d{days}"


def _record(rows) -> list[SessionNotice]:
    """Record notices for (booking, kind, key) rows in a fixed number of queries, whatever
    their number; enqueue the new ones after commit. Returns the notices recorded now."""
    rows = list({key: (booking, kind, key) for booking, kind, key in rows}.values())
    if not rows:
        return []
    keys = [key for _booking, _kind, key in rows]
    existing = set(SessionNotice.objects.filter(key__in=keys).values_list("key", flat=True))
    fresh = [
        SessionNotice(
            booking=booking,
            kind=kind,
            key=key,
            sequence=booking.session.sequence,
            status=Status.PENDING if participant_email(booking.participant) else Status.SKIPPED,
        )
        for booking, kind, key in rows
        if key not in existing
    ]
    if not fresh:
        return []
    SessionNotice.objects.bulk_create(fresh, ignore_conflicts=True)
    notices = list(
        SessionNotice.objects.filter(key__in=[notice.key for notice in fresh]).order_by("pk")
    )
    pending = [notice.pk for notice in notices if notice.status == Status.PENDING]
    if pending:
        transaction.on_commit(lambda: _enqueue(pending))
    return notices


def _enqueue(notice_ids):
    for notice_id in notice_ids:
        enqueue("cohorts.tasks.session_notice_send_task", notice_id)


def notices_queue(*, booking_ids, kind: str) -> list[SessionNotice]:
    """Record one notice of ``kind`` for each booking and send them after commit.

    Idempotent: the key names the booking, the kind and the change it tells about (the
    booking's latest event, or the session's SEQUENCE for a change), so a second call for the
    same change records nothing. A participant without an email gets a SKIPPED notice, never
    a task. Runs in the caller's transaction (``cohorts.booking`` calls it) in four queries
    however many bookings there are. Returns the notices recorded by this call.
    """
    if kind not in Kind.values:
        raise ValueError(f"Unknown notice kind {kind!r}")
    last_event = BookingEvent.objects.filter(booking=OuterRef("pk")).order_by("-pk").values("pk")
    bookings = (
        SessionBooking.objects.filter(pk__in=list(booking_ids))
        .select_related("session", "participant__user")
        .annotate(last_event=Subquery(last_event[:1]))
        .order_by("pk")
    )
    return _record((b, kind, _key(b, kind, b.last_event)) for b in bookings)


def reminders_queue(*, now: datetime.datetime | None = None) -> int:
    """Record a REMINDER for every booked seat of a scheduled session that starts in N days,
    for each N in ``settings.SELARAS_REMINDER_DAYS`` (days counted in Asia/Jakarta).

    The key names the booking, the session's start date and N, so running this every hour
    sends each reminder once, and a session moved to other dates is reminded again.
    Returns how many reminders were recorded.
    """
    today = timezone.localdate(now or timezone.now())
    targets = {today + datetime.timedelta(days=n): n for n in sorted(set(_reminder_days()))}
    if not targets:
        return 0
    starting = Q(pk__in=[])
    for day in targets:
        starting |= Q(
            session__starts_at__gte=_midnight(day),
            session__starts_at__lt=_midnight(day + datetime.timedelta(days=1)),
        )
    bookings = (
        SessionBooking.objects.filter(
            starting, status=Booking.BOOKED, session__status=TrainingSession.Status.SCHEDULED
        )
        .select_related("session", "participant__user")
        .order_by("pk")
    )
    rows = []
    for booking in bookings:
        start = timezone.localdate(booking.session.starts_at)
        rows.append((booking, Kind.REMINDER, _reminder_key(booking, start, targets[start])))
    with transaction.atomic():
        return len(_record(rows))


def _reminder_days():
    return [int(n) for n in getattr(settings, "SELARAS_REMINDER_DAYS", (3, 1)) if int(n) >= 0]


def _midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _still_current(notice, booking, session):
    """Why a notice should no longer go out (the booking or session moved on), or ""."""
    if notice.kind == Kind.CANCELLATION:
        if booking.status != Booking.CANCELLED:
            return _("The booking is no longer cancelled.")
        return ""
    if session.is_cancelled or booking.status == Booking.CANCELLED:
        return _("The booking or the session was cancelled before the notice was sent.")
    if notice.kind == Kind.INVITATION and booking.status not in (Booking.INVITED, Booking.BOOKED):
        return _("The booking is no longer invited or booked.")
    if notice.kind == Kind.REMINDER and (
        booking.status != Booking.BOOKED or session.starts_at <= timezone.now()
    ):
        return _("The session has started or the seat is no longer booked.")
    if notice.kind == Kind.CHANGE and booking.status not in SessionBooking.SEATED:
        return _("The booking no longer holds a seat.")
    return ""


def _subject(notice, session):
    values = {"session": session.title}
    if notice.kind == Kind.INVITATION:
        return _("[Selaras] Invitation: %(session)s") % values
    if notice.kind == Kind.REMINDER:
        values["date"] = date_format(timezone.localdate(session.starts_at), "DATE_FORMAT")
        return _("[Selaras] Reminder: %(session)s starts on %(date)s") % values
    if notice.kind == Kind.CHANGE:
        return _("[Selaras] Schedule changed: %(session)s") % values
    return _("[Selaras] Cancelled: %(session)s") % values


def _message(notice) -> EmailMultiAlternatives:
    booking = notice.booking
    session = booking.session
    participant = booking.participant
    cancel = notice.kind == Kind.CANCELLATION
    context = {
        "notice": notice,
        "booking": booking,
        "session": session,
        "participant": participant,
        "days": list(session.days.all()),
        "day_labels": session_day_labels(session),
        "location": session_location(session),
        "starts_at": session.starts_at,
        "session_cancelled": session.is_cancelled,
        "url": dashboard_url(),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    subject = _subject(notice, session)
    text = render_to_string(f"cohorts/email/session_{notice.kind}.txt", context)
    html = render_to_string(f"cohorts/email/session_{notice.kind}.html", context)
    message = EmailMultiAlternatives(subject, text, to=[participant_email(participant)])
    message.attach_alternative(html, "text/html")
    cancel = cancel or session.is_cancelled
    calendar = session_ics(session=session, booking=booking, cancel=cancel)
    ics = MIMEText(calendar.decode(), "calendar", "utf-8")
    ics.set_param("method", "CANCEL" if cancel else "REQUEST")
    ics.add_header("Content-Disposition", "attachment", filename=f"sesi-{session.pk}.ics")
    message.attach(ics)
    return message


def notice_send(*, notice_id: int) -> bool:
    """Send one notice by email with its .ics, once. Returns False when there was nothing
    to send (already SENT or SKIPPED, deleted, or no longer current — then SKIPPED with the
    reason in ``last_error``).

    The row stays locked while sending, so a second delivery of the task waits and then
    finds it SENT. A failure marks it FAILED with the error and re-raises for the task's
    retry; a later attempt sends it.
    """
    try:
        with transaction.atomic():
            notice = (
                SessionNotice.objects.select_for_update(of=("self",))
                .select_related(
                    "booking__participant__user",
                    "booking__session__venue",
                    "booking__session__room",
                    "booking__session__programme",
                    "booking__lodging_room",
                )
                .filter(pk=notice_id)
                .first()
            )
            if notice is None or notice.status not in SENDABLE:
                return False
            booking, session = notice.booking, notice.booking.session
            prefetch_related_objects([session], "days")
            with translation.override(settings.LANGUAGE_CODE):
                stale = _still_current(notice, booking, session)
                if not stale and not participant_email(booking.participant):
                    stale = str(Status.SKIPPED.label)
                if stale:
                    notice.status = Status.SKIPPED
                    notice.last_error = stale
                    notice.save(update_fields=["status", "last_error"])
                    return False
                notice.attempts += 1
                message = _message(notice)
            message.send()
            notice.status = Status.SENT
            notice.sent_at = timezone.now()
            notice.last_error = ""
            notice.save(update_fields=["status", "sent_at", "attempts", "last_error"])
    except Exception as exc:
        notice_mark_failed(notice_id=notice_id, error=repr(exc))
        raise
    return True


@transaction.atomic
def notice_mark_failed(*, notice_id: int, error: str) -> None:
    """Record a failed attempt (FAILED, attempts + 1, the error); a SENT notice stays SENT."""
    notice = SessionNotice.objects.select_for_update().filter(pk=notice_id).first()
    if notice is None or notice.status not in SENDABLE:
        return
    notice.status = Status.FAILED
    notice.attempts += 1
    notice.last_error = error[:2000]
    notice.save(update_fields=["status", "attempts", "last_error"])
    logger.warning("Session notice %s failed: %s", notice_id, error)
