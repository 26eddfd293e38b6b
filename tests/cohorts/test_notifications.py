"""Session notices (issue 4, item 7) and the trainee's sessions on the Dasbor."""

import datetime
import smtplib
import time
import zoneinfo

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse
from icalendar import Calendar

from cohorts.models import Room, SessionBooking, SessionNotice
from cohorts.selectors import booking_list_for_participant, notices_for_session
from cohorts.services.bookings import booking_create, booking_set_status
from cohorts.services.notices import (
    notice_hand_over,
    notice_send,
    notices_queue,
    notices_sweep,
    reminders_queue,
)
from cohorts.services.sessions import session_cancel, session_save
from cohorts.tasks import session_notice_send_task, session_reminders_task
from core.models import OutboundEmail
from lms.celery import app
from lms.services.accounts import user_create_for_participant
from tests.factories import make_participant, make_region_tree, make_session, make_venue

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
Kind = SessionNotice.Kind
Notice = SessionNotice.Status


def at(day, hour=9):
    return datetime.datetime(2019, 3, day, hour, tzinfo=JAKARTA)


def ics_of(message):
    """(Content-Type method parameter, parsed calendar) of an email's one .ics attachment."""
    parts = [part for part in message.attachments if hasattr(part, "get_content_type")]
    assert len(parts) == 1
    part = parts[0]
    assert part.get_content_type() == "text/calendar"
    assert part.get_filename().endswith(".ics")
    return part.get_param("method"), Calendar.from_ical(part.get_payload(decode=True))


def send_all(kind=None):
    """Send every pending notice (of a kind) the way the task does; returns how many went."""
    notices = SessionNotice.objects.filter(status=Notice.PENDING)
    if kind:
        notices = notices.filter(kind=kind)
    return sum(notice_send(notice_id=pk) for pk in notices.values_list("pk", flat=True))


@pytest.fixture
def session(db):
    return make_session(start=datetime.date(2019, 3, 4), days=2, capacity=2, title="Sesi Banjir")


# The calendar file ------------------------------------------------------------------------------


def test_invitation_carries_a_calendar_event_in_jakarta_time(session, participant):
    booking = booking_create(session=session, participant=participant)
    notice = SessionNotice.objects.get(booking=booking)
    assert (notice.kind, notice.status, notice.sequence) == (Kind.INVITATION, Notice.PENDING, 0)

    assert notice_send(notice_id=notice.pk) is True
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [participant.email]
    assert "Sesi Banjir" in message.subject
    # Indonesian (settings.LANGUAGE_CODE) even though no request is active
    assert "Senin, 4 Maret 2019, 08.00–16.00 WIB" in message.body
    assert "Selasa, 5 Maret 2019, 08.00–16.00 WIB" in message.body
    html = message.alternatives[0]
    assert html.mimetype == "text/html" and "Sesi Banjir" in html.content

    method, calendar = ics_of(message)
    assert method == "REQUEST"
    assert calendar["METHOD"] == "REQUEST"
    (event,) = calendar.events
    assert str(event["UID"]) == f"sesi-{session.pk}@127.0.0.1"
    assert event["SEQUENCE"] == 0
    assert event["DTSTART"].params["TZID"] == "Asia/Jakarta"
    assert event["DTEND"].params["TZID"] == "Asia/Jakarta"
    assert event.start == datetime.datetime(2019, 3, 4, 8, tzinfo=JAKARTA)
    assert event.end == datetime.datetime(2019, 3, 5, 16, tzinfo=JAKARTA)
    assert event.start.utcoffset() == datetime.timedelta(hours=7)
    assert [tz["TZID"] for tz in calendar.timezones] == ["Asia/Jakarta"]
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["SUMMARY"]) == "Sesi Banjir"
    assert session.venue.name in str(event["LOCATION"])
    assert session.room.name in str(event["LOCATION"])
    assert "Jl. Uji" in str(event["LOCATION"])
    assert "Senin, 4 Maret 2019" in str(event["DESCRIPTION"])
    assert str(event["ORGANIZER"]) == "mailto:noreply@selaras.test"
    attendee = event["ATTENDEE"]
    assert str(attendee) == f"mailto:{participant.email}"
    assert attendee.params["CN"] == participant.name
    assert attendee.params["PARTSTAT"] == "ACCEPTED"
    assert event["DTSTAMP"].dt.tzinfo is not None

    notice.refresh_from_db()
    assert notice.status == Notice.SENT and notice.sent_at and notice.attempts == 1


def test_change_notice_updates_the_same_event(session, participant):
    booking = booking_create(session=session, participant=participant)
    send_all()
    first = ics_of(mail.outbox[0])[1].events[0]

    session_save(
        session=session,
        days=[(datetime.date(2019, 3, 11), datetime.time(9), datetime.time(15, 30))],
    )
    session.refresh_from_db()
    assert session.sequence == 1
    change = SessionNotice.objects.get(booking=booking, kind=Kind.CHANGE)
    assert change.sequence == 1
    assert send_all() == 1
    assert "Senin, 11 Maret 2019, 09.00–15.30 WIB" in mail.outbox[1].body
    method, calendar = ics_of(mail.outbox[1])
    event = calendar.events[0]
    assert method == "REQUEST"
    assert str(event["UID"]) == str(first["UID"])
    assert event["SEQUENCE"] == 1 > first["SEQUENCE"]
    assert event.start == datetime.datetime(2019, 3, 11, 9, tzinfo=JAKARTA)
    assert event.end == datetime.datetime(2019, 3, 11, 15, 30, tzinfo=JAKARTA)

    # saving without a change of dates, venue or room raises nothing and notifies nobody
    session_save(session=session)
    assert SessionNotice.objects.filter(kind=Kind.CHANGE).count() == 1


def test_session_cancellation_cancels_the_event(session, participant, region_tree):
    booking = booking_create(session=session, participant=participant)
    send_all()
    uid = str(ics_of(mail.outbox[0])[1].events[0]["UID"])

    session_cancel(session=session, reason="Banjir di lokasi")
    notice = SessionNotice.objects.get(booking=booking, kind=Kind.CANCELLATION)
    assert send_all() == 1
    assert "Sesi Banjir" in mail.outbox[1].subject
    method, calendar = ics_of(mail.outbox[1])
    event = calendar.events[0]
    assert method == "CANCEL"
    assert calendar["METHOD"] == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == uid
    assert event["SEQUENCE"] == 1
    notice.refresh_from_db()
    assert notice.status == Notice.SENT


def test_a_cancelled_booking_cancels_the_event_for_that_participant(session, participant):
    booking = booking_create(session=session, participant=participant)
    booking_set_status(booking=booking, status="cancelled")
    # the invitation was not sent yet: it is obsolete, only the cancellation goes out
    assert send_all() == 1
    assert len(mail.outbox) == 1
    invitation = SessionNotice.objects.get(booking=booking, kind=Kind.INVITATION)
    assert invitation.status == Notice.SKIPPED and invitation.last_error
    method, calendar = ics_of(mail.outbox[0])
    assert method == "CANCEL"
    event = calendar.events[0]
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["ATTENDEE"]) == f"mailto:{participant.email}"


# Sent once --------------------------------------------------------------------------------------


def test_the_task_running_twice_sends_one_email(session, participant):
    booking = booking_create(session=session, participant=participant)
    notice = SessionNotice.objects.get(booking=booking)
    assert session_notice_send_task.apply(args=[notice.pk]).get() is True
    assert session_notice_send_task.apply(args=[notice.pk]).get() is False
    assert len(mail.outbox) == 1
    notice.refresh_from_db()
    assert (notice.status, notice.attempts) == (Notice.SENT, 1)


def test_notices_are_enqueued_after_commit_and_recorded_once(
    session, participant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        booking = booking_create(session=session, participant=participant)
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    # the same change told again: nothing new recorded, nothing sent
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = notices_queue(booking_ids=[booking.pk], kind=Kind.INVITATION)
    assert again == [] and callbacks == []
    assert SessionNotice.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_retry_after_an_smtp_failure_sends_once(session, participant, monkeypatch):
    booking = booking_create(session=session, participant=participant)
    notice = SessionNotice.objects.get(booking=booking)
    real_send = EmailBackend.send_messages
    failures = []

    def flaky(self, messages):
        if not failures:
            failures.append(1)
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", flaky)

    with pytest.raises(smtplib.SMTPServerDisconnected):
        notice_send(notice_id=notice.pk)
    notice.refresh_from_db()
    assert notice.status == Notice.FAILED
    assert "SMTPServerDisconnected" in notice.last_error
    assert notice.attempts == 1 and notice.sent_at is None
    assert mail.outbox == []

    assert notice_send(notice_id=notice.pk) is True
    assert notice_send(notice_id=notice.pk) is False
    assert len(mail.outbox) == 1
    notice.refresh_from_db()
    assert (notice.status, notice.attempts, notice.last_error) == (Notice.SENT, 2, "")


def test_the_task_retries_an_smtp_failure(session, participant, monkeypatch):
    booking = booking_create(session=session, participant=participant)
    notice = SessionNotice.objects.get(booking=booking)
    real_send = EmailBackend.send_messages
    calls = []

    def flaky(self, messages):
        calls.append(1)
        if len(calls) == 1:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", flaky)
    # eager, not propagating: Celery runs the retry at once instead of raising Retry
    result = session_notice_send_task.apply(args=[notice.pk], throw=False)
    assert result.get() is True
    assert len(calls) == 2
    assert len(mail.outbox) == 1
    notice.refresh_from_db()
    assert (notice.status, notice.attempts) == (Notice.SENT, 2)


def test_a_participant_without_email_is_skipped(
    session, region_tree, django_capture_on_commit_callbacks
):
    nobody = make_participant(unit=region_tree["kelurahan"], email="")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        booking = booking_create(session=session, participant=nobody)
    notice = SessionNotice.objects.get(booking=booking)
    assert notice.status == Notice.SKIPPED
    assert callbacks == []
    assert mail.outbox == []
    assert notice_send(notice_id=notice.pk) is False


def test_recording_notices_takes_the_same_queries_for_many_bookings(
    region_tree, django_assert_num_queries
):
    def bookings(n):
        session = make_session(capacity=10)
        return [
            SessionBooking.objects.create(
                session=session,
                participant=make_participant(unit=region_tree["kelurahan"]),
                status=SessionBooking.Status.BOOKED,
            ).pk
            for _ in range(n)
        ]

    few, many = bookings(1), bookings(6)
    with django_assert_num_queries(4) as small:
        assert len(notices_queue(booking_ids=few, kind=Kind.CHANGE)) == 1
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(notices_queue(booking_ids=many, kind=Kind.CHANGE)) == 6
    assert SessionNotice.objects.filter(status=Notice.PENDING).count() == 7


# Reminders --------------------------------------------------------------------------------------


def test_reminders_go_out_once_per_day_for_sessions_n_days_ahead(
    session, participant, region_tree, settings
):
    settings.SELARAS_REMINDER_DAYS = [3, 1]
    other = make_participant(unit=region_tree["kelurahan"])
    waiting = make_participant(unit=region_tree["kelurahan"])
    invited = make_participant(unit=region_tree["kelurahan"])
    booked = booking_create(session=session, participant=participant)  # starts 4 March
    booking_create(session=session, participant=other)
    assert booking_create(session=session, participant=waiting).status == "waitlisted"
    booking_create(session=session, participant=invited, status="invited")
    later = make_session(start=datetime.date(2019, 3, 5), days=1)
    later_booking = booking_create(
        session=later, participant=make_participant(unit=region_tree["kelurahan"])
    )
    cancelled = make_session(start=datetime.date(2019, 3, 4), days=1)
    booking_create(session=cancelled, participant=make_participant(unit=region_tree["kelurahan"]))
    session_cancel(session=cancelled)

    assert reminders_queue(now=at(1, 7)) == 2  # 3 days before 4 March
    reminders = SessionNotice.objects.filter(kind=Kind.REMINDER)
    assert {n.booking.participant for n in reminders} == {participant, other}
    assert reminders_queue(now=at(1, 8)) == 0  # the next hour: nothing new
    assert reminders_queue(now=at(1, 23)) == 0
    assert reminders_queue(now=at(2)) == 1  # 3 days before 5 March
    assert reminders.get(booking=later_booking).key.endswith(":2019-03-05:d3")
    assert reminders_queue(now=at(3)) == 2  # 1 day before 4 March
    assert reminders_queue(now=at(3, 20)) == 0
    assert SessionNotice.objects.filter(kind=Kind.REMINDER, booking=booked).count() == 2

    assert send_all(Kind.REMINDER) == 0  # sessions of 2019 have started: reminders are stale
    assert mail.outbox == []


def test_reminder_email_before_the_session(
    participant, settings, django_capture_on_commit_callbacks
):
    settings.SELARAS_REMINDER_DAYS = [2]
    start = datetime.date.today() + datetime.timedelta(days=2)
    session = make_session(start=start, days=1, title="Sesi Sampah")
    booking_create(session=session, participant=participant)
    SessionNotice.objects.update(status=Notice.SENT)  # the invitation went out
    with django_capture_on_commit_callbacks(execute=True):
        session_reminders_task.apply().get()
    (message,) = mail.outbox
    assert "Sesi Sampah" in message.subject
    method, calendar = ics_of(message)
    assert method == "REQUEST" and calendar.events[0]["SEQUENCE"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        session_reminders_task.apply().get()
    assert len(mail.outbox) == 1


def test_beat_runs_the_reminders_task():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "cohorts.tasks.session_reminders_task" in tasks
    assert "cohorts.tasks.session_reminders_task" in app.tasks


# Admin selector ---------------------------------------------------------------------------------


def test_notices_for_session_lists_its_notices_with_participants(
    session, participant, region_tree, django_assert_num_queries
):
    booking_create(session=session, participant=participant)
    other = make_session()
    booking_create(session=other, participant=make_participant(unit=region_tree["kelurahan"]))
    session_save(
        session=session, days=[(datetime.date(2019, 3, 18), datetime.time(8), datetime.time(16))]
    )
    with django_assert_num_queries(1):
        notices = list(notices_for_session(session))
        names = [notice.booking.participant.name for notice in notices]
    assert [notice.kind for notice in notices] == [Kind.CHANGE, Kind.INVITATION]
    assert names == [participant.name, participant.name]


# Through a real worker --------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
def test_invitation_through_a_real_worker(celery_worker, base_data):
    tree = make_region_tree()
    person = make_participant(unit=tree["kelurahan"])
    session = make_session(start=datetime.date(2019, 3, 4), days=2, title="Sesi Tawuran")
    booking = booking_create(session=session, participant=person)  # commits: task to the broker
    notice = SessionNotice.objects.get(booking=booking)
    deadline = time.monotonic() + 30
    while notice.status == Notice.PENDING and time.monotonic() < deadline:
        time.sleep(0.05)
        notice.refresh_from_db()
    assert notice.status == Notice.SENT
    (message,) = mail.outbox
    assert message.to == [person.email]
    method, calendar = ics_of(message)
    assert method == "REQUEST"
    assert str(calendar.events[0]["UID"]) == f"sesi-{session.pk}@127.0.0.1"


# The trainee's Dasbor ---------------------------------------------------------------------------


@pytest.fixture
def trainee(participant, client):
    client.force_login(user_create_for_participant(participant=participant))
    participant.refresh_from_db()
    return participant


def test_dashboard_lists_my_sessions(client, trainee, region_tree):
    venue = make_venue(name="Wisma Diklat Cipayung", lodging=(("Kamar 12", 40),))
    venue.address = "Jl. Raya Cipayung No. 1, Jakarta Timur"
    venue.save()
    booked_session = make_session(venue=venue, start=datetime.date(2019, 3, 4), title="Sesi Banjir")
    booked = booking_create(session=booked_session, participant=trainee)
    SessionBooking.objects.filter(pk=booked.pk).update(
        lodging_room=venue.rooms.get(kind=Room.Kind.LODGING)
    )
    full = make_session(start=datetime.date(2019, 3, 18), capacity=1, title="Sesi Sampah")
    for _ in range(2):
        booking_create(session=full, participant=make_participant(unit=region_tree["kelurahan"]))
    waiting = booking_create(session=full, participant=trainee)
    dropped = booking_create(
        session=make_session(start=datetime.date(2019, 3, 25)), participant=trainee
    )
    booking_set_status(booking=dropped, status="cancelled")

    response = client.get(reverse("lms:dashboard"))
    assert response.status_code == 200
    listed = response.context["session_bookings"]
    assert [b.pk for b in listed] == [booked.pk, waiting.pk]  # soonest first, cancelled left out
    assert listed[1].waitlist_position == 2
    assert listed[0].waitlist_position is None
    html = response.content.decode()
    assert "Senin, 4 Maret 2019, 08.00–16.00 WIB" in html
    assert "Selasa, 5 Maret 2019, 08.00–16.00 WIB" in html
    assert "Wisma Diklat Cipayung" in html and "Jl. Raya Cipayung No. 1" in html
    assert booked_session.room.name in html
    assert "Kamar 12" in html
    assert reverse("cohorts:booking_ics", args=[booked.pk]) in html
    assert reverse("cohorts:booking_ics", args=[waiting.pk]) in html
    assert reverse("cohorts:booking_ics", args=[dropped.pk]) not in html
    assert f"{booked.get_status_display()}</span>" in html
    assert f"{waiting.get_status_display()} · " in html


def test_dashboard_sessions_keep_a_flat_query_count(
    client, trainee, region_tree, django_assert_max_num_queries
):
    booking_create(session=make_session(start=datetime.date(2019, 3, 4)), participant=trainee)
    url = reverse("lms:dashboard")
    client.get(url)  # warm per-process caches
    with django_assert_max_num_queries(60) as small:
        assert client.get(url).status_code == 200
    for week in (2, 3, 4):
        session = make_session(start=datetime.date(2019, 3, 4 + 7 * (week - 1)), days=3)
        booking = booking_create(session=session, participant=trainee)
        SessionBooking.objects.filter(pk=booking.pk).update(
            lodging_room=session.venue.rooms.get(kind=Room.Kind.LODGING)
        )
    with django_assert_max_num_queries(len(small.captured_queries)) as big:
        response = client.get(url)
    assert len(response.context["session_bookings"]) == 4
    assert len(big.captured_queries) == len(small.captured_queries)


def test_booking_list_for_participant_takes_two_queries(trainee, django_assert_num_queries):
    for start in (4, 11):
        booking_create(
            session=make_session(start=datetime.date(2019, 3, start)), participant=trainee
        )
    with django_assert_num_queries(2):
        bookings = list(booking_list_for_participant(participant=trainee))
        labels = [
            (b.session.venue.name, b.session.room.name, len(b.session.days.all())) for b in bookings
        ]
    assert [label[2] for label in labels] == [2, 2]


def test_calendar_download_is_only_for_the_bookings_participant(
    client, trainee, session, region_tree
):
    booking = booking_create(session=session, participant=trainee)
    url = reverse("cohorts:booking_ics", args=[booking.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    event = calendar.events[0]
    assert str(event["UID"]) == f"sesi-{session.pk}@127.0.0.1"
    assert str(event["ATTENDEE"]) == f"mailto:{trainee.email}"

    someone = make_participant(unit=region_tree["kelurahan"])
    client.force_login(user_create_for_participant(participant=someone))
    assert client.get(url).status_code == 404
    assert client.get(reverse("cohorts:booking_ics", args=[booking.pk + 999])).status_code == 404

    client.logout()
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("account_login") in response.url


# Through the outbox, and work lost with the broker ----------------------------------------------


def test_a_notice_is_sent_through_the_outbox(session, participant):
    booking = booking_create(session=session, participant=participant)
    notice = SessionNotice.objects.get(booking=booking)
    assert notice_send(notice_id=notice.pk) is True
    notice.refresh_from_db()
    email = notice.outbound_email
    assert (email.key, email.status, email.recipient) == (
        f"notice:{notice.pk}",
        "sent",
        participant.email,
    )
    assert email.attachments[0]["content_type"] == "text/calendar; method=REQUEST"
    assert notice.sent_at == email.sent_at


def test_a_notice_out_of_date_before_its_retry_is_withdrawn(session, participant, monkeypatch):
    booking = booking_create(session=session, participant=participant)
    notice = SessionNotice.objects.get(booking=booking)
    real_send = EmailBackend.send_messages

    def down(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(EmailBackend, "send_messages", down)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        notice_send(notice_id=notice.pk)
    monkeypatch.setattr(EmailBackend, "send_messages", real_send)
    # before the retry, the invitation became out of date
    booking_set_status(booking=booking, status="cancelled")

    assert notice_send(notice_id=notice.pk) is False
    notice.refresh_from_db()
    assert notice.status == Notice.SKIPPED and notice.last_error
    assert notice.outbound_email.status == "cancelled"
    assert mail.outbox == []


def test_a_booking_saved_with_the_broker_down_is_notified_by_the_sweep(
    session, participant, settings, django_capture_on_commit_callbacks
):
    from cohorts.tasks import notices_sweep_task
    from tests.core.test_faults import broker_unreachable

    with broker_unreachable(), django_capture_on_commit_callbacks(execute=True):
        booking = booking_create(session=session, participant=participant)
    notice = SessionNotice.objects.get(booking=booking)
    assert (notice.status, notice.outbound_email) == (Notice.PENDING, None)
    assert mail.outbox == []

    assert notices_sweep_task.apply().get() == 0  # too young: its own task may still come
    settings.SELARAS_SWEEP_DELAY = 0
    assert notices_sweep_task.apply().get() == 1
    assert notices_sweep_task.apply().get() == 0
    notice.refresh_from_db()
    assert notice.status == Notice.SENT
    assert [m.to for m in mail.outbox] == [[participant.email]]


def test_the_sweep_marks_sent_a_notice_whose_worker_died_after_sending(
    session, participant, settings
):
    from core.outbox import email_send

    booking = booking_create(session=session, participant=participant)
    notice = SessionNotice.objects.get(booking=booking)
    email_send(email_id=notice_hand_over(notice_id=notice.pk))  # then the worker died
    settings.SELARAS_SWEEP_DELAY = 0
    assert notices_sweep() == 1
    notice.refresh_from_db()
    assert (notice.status, notice.attempts) == (Notice.SENT, 1)
    assert len(mail.outbox) == 1


def test_the_migration_gives_sent_notices_their_outbox_history(session, participant):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("cohorts.migrations.0011_notice_outbox")
    booking = booking_create(session=session, participant=participant)
    sent = SessionNotice.objects.get(booking=booking)
    SessionNotice.objects.filter(pk=sent.pk).update(status=Notice.SENT, sent_at=at(1))
    booking_set_status(booking=booking, status="cancelled")
    pending = SessionNotice.objects.get(booking=booking, kind=Kind.CANCELLATION)

    migration.sent_notices_to_outbox(apps, None)
    sent.refresh_from_db()
    pending.refresh_from_db()
    assert (sent.outbound_email.key, sent.outbound_email.status) == (f"notice:{sent.pk}", "sent")
    assert sent.outbound_email.recipient == participant.email
    assert sent.outbound_email.sent_at == at(1)
    assert pending.outbound_email is None  # picked up by the sweep


def test_the_session_page_shows_each_notices_state(session, participant, staff_client):
    booking = booking_create(session=session, participant=participant)
    notice = SessionNotice.objects.get(booking=booking)
    email_id = notice_hand_over(notice_id=notice.pk)
    OutboundEmail.objects.filter(pk=email_id).update(status=OutboundEmail.Status.UNCERTAIN)
    page = staff_client("Penyelenggara").get(reverse("cohorts_session:bookings", args=[session.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert str(Notice.PENDING.label) in html
    assert str(OutboundEmail.Status.UNCERTAIN.label) in html
