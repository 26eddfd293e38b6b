"""Session notices: invitation, reminder, change and cancellation — recorded once, sent once.

A notice is a ``SessionNotice`` row whose ``key`` names what it tells about (the booking, the
kind and the booking's latest event, the session's SEQUENCE for a change, or the session's
start date and the day count for a reminder). Recording the same notice twice finds the first
row (unique key). Sending checks that the notice is still current, renders it and hands it to
the outbox (``core.outbox``, key ``notice:<pk>``), which sends it at most once, so a task
delivered twice, retried after a failure or killed mid-send sends one email. Every email
carries the session's calendar file (``cohorts.documents.calendar``). ``notices_sweep`` sends
again the notices whose task was lost.
"""

import datetime
import logging

from django.conf import settings
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
from core.jobs import enqueue, enqueue_each
from core.models import OutboundEmail
from core.outbox import email_cancel, email_queue, email_send

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
    # Only those still pending once committed: one settled in the same transaction (the
    # demo's 2019 invitations, marked sent) needs no task.
    for start in range(0, len(notice_ids), 500):
        pending = SessionNotice.objects.filter(
            pk__in=notice_ids[start : start + 500], status=Status.PENDING
        )
        for notice_id in list(pending.order_by("pk").values_list("pk", flat=True)):
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


def _render(notice) -> dict:
    """The notice's email as ``email_queue`` arguments, with the session's .ics attached
    (METHOD:CANCEL for a cancellation or a cancelled session, else REQUEST)."""
    booking = notice.booking
    session = booking.session
    participant = booking.participant
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
    cancel = notice.kind == Kind.CANCELLATION or session.is_cancelled
    calendar = session_ics(session=session, booking=booking, cancel=cancel)
    return {
        "recipient": participant_email(participant),
        "subject": _subject(notice, session),
        "text": render_to_string(f"cohorts/email/session_{notice.kind}.txt", context),
        "html": render_to_string(f"cohorts/email/session_{notice.kind}.html", context),
        "attachments": [
            {
                "filename": f"sesi-{session.pk}.ics",
                "content_type": f"text/calendar; method={'CANCEL' if cancel else 'REQUEST'}",
                "content": calendar,
            }
        ],
    }


def notice_email_key(notice) -> str:
    return f"notice:{notice.pk}"


@transaction.atomic
def notice_hand_over(*, notice_id: int) -> int | None:
    """Check that the notice is still current, render it and queue its email in the outbox,
    once. Returns the outbox email's id, or None when there is nothing to send: the notice is
    SENT or SKIPPED or gone, or it is no longer current (then SKIPPED with the reason in
    ``last_error``, and an email handed over earlier but not yet sent is withdrawn)."""
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
        return None
    booking, session = notice.booking, notice.booking.session
    prefetch_related_objects([session], "days")
    with translation.override(settings.LANGUAGE_CODE):
        stale = _still_current(notice, booking, session)
        if not stale and not participant_email(booking.participant):
            stale = str(Status.SKIPPED.label)
        # Handed over before: withdraw it unless it went out (or is going out) already.
        withdrawn = stale and notice.outbound_email_id
        if withdrawn and not email_cancel(email_ids=[notice.outbound_email_id], reason=stale):
            return notice.outbound_email_id
        if stale:
            notice.set_status(Status.SKIPPED)
            notice.last_error = stale
            notice.save(update_fields=["status", "last_error"])
            return None
        if notice.outbound_email_id:
            return notice.outbound_email_id
        email = email_queue(key=notice_email_key(notice), send=False, **_render(notice))
    notice.outbound_email = email
    notice.save(update_fields=["outbound_email"])
    return email.pk


def notice_send(*, notice_id: int) -> bool:
    """Send one notice by email with its .ics, once. Returns True when the email went out
    now, False when there was nothing to send (already SENT or SKIPPED, deleted, in flight
    elsewhere, or no longer current — then SKIPPED with the reason in ``last_error``).

    The notice is handed to the outbox (``notice_hand_over``), which commits SENDING before
    the message leaves, so a task delivered twice, or a worker killed mid-send, never sends
    it twice. A failure marks the notice FAILED with the error and is raised again for the
    task's retry; a later attempt checks again that the notice is current, then sends it.
    Must not run inside a transaction.
    """
    try:
        email_id = notice_hand_over(notice_id=notice_id)
        if email_id is None:
            return False
        sent = email_send(email_id=email_id)
    except Exception as exc:
        notice_mark_failed(notice_id=notice_id, error=repr(exc))
        raise
    notice_sync(notice_id=notice_id)
    return sent


@transaction.atomic
def notice_sync(*, notice_id: int) -> None:
    """Mirror the outbox: a notice whose email is SENT becomes SENT (with the email's time
    and attempts); one whose email was withdrawn is SKIPPED."""
    notice = (
        SessionNotice.objects.select_for_update(of=("self",))
        .select_related("outbound_email")
        .filter(pk=notice_id)
        .first()
    )
    if notice is None or notice.status not in SENDABLE or notice.outbound_email is None:
        return
    email = notice.outbound_email
    if email.status == OutboundEmail.Status.SENT:
        notice.set_status(Status.SENT)
        notice.sent_at = email.sent_at
        notice.last_error = ""
    elif email.status == OutboundEmail.Status.CANCELLED:
        notice.set_status(Status.SKIPPED)
        notice.last_error = email.last_error
    else:
        return
    notice.attempts = email.attempts
    notice.save(update_fields=["status", "sent_at", "attempts", "last_error"])


@transaction.atomic
def notice_mark_failed(*, notice_id: int, error: str) -> None:
    """Record a failed attempt (FAILED, the error, the attempts); a SENT notice stays SENT."""
    notice = (
        SessionNotice.objects.select_for_update(of=("self",))
        .select_related("outbound_email")
        .filter(pk=notice_id)
        .first()
    )
    if notice is None or notice.status not in SENDABLE:
        return
    email = notice.outbound_email
    notice.set_status(Status.FAILED)
    notice.attempts = email.attempts if email else notice.attempts + 1
    notice.last_error = error[:2000]
    notice.save(update_fields=["status", "attempts", "last_error"])
    logger.warning("Session notice %s failed: %s", notice_id, error)


def notices_sweep(*, now: datetime.datetime | None = None) -> int:
    """Send again every notice whose task was lost (a broker outage, a dead worker): PENDING
    or FAILED, older than ``SELARAS_SWEEP_DELAY`` seconds, and either not yet handed to the
    outbox or with its email SENT or withdrawn there (then only its state is mirrored).
    An email still pending or failing in the outbox is the outbox sweep's. Returns how many
    tasks were sent."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.SELARAS_SWEEP_DELAY)
    lost = (
        SessionNotice.objects.filter(status__in=SENDABLE, created_at__lt=cutoff)
        .filter(
            Q(outbound_email__isnull=True)
            | Q(
                outbound_email__status__in=(
                    OutboundEmail.Status.SENT,
                    OutboundEmail.Status.CANCELLED,
                )
            )
        )
        .order_by("pk")
        .values_list("pk", flat=True)[: settings.SELARAS_SWEEP_BATCH]
    )
    return enqueue_each("cohorts.tasks.session_notice_send_task", list(lost))
