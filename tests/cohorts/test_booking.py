"""Sessions and sign-ups: clashes, seats, the waitlist and the status history."""

import datetime

import pytest
from django.utils import translation

from cohorts.models import BookingEvent, Room, SessionBooking, SessionNotice, TrainingSession
from cohorts.services.bookings import (
    booking_create,
    booking_set_status,
    bookings_create_bulk,
    bookings_set_outcome,
    session_invite,
)
from cohorts.services.cohorts import cohort_set_members
from cohorts.services.sessions import session_assign_lodging, session_cancel, session_save
from core.errors import DomainError
from tests.factories import make_participant, make_programme, make_session, make_venue

Status = SessionBooking.Status
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The services' refusals are matched in their English source text."""
    with translation.override("en"):
        yield


@pytest.fixture
def programme():
    return make_programme(modules=1, lessons=1, questions=1)


@pytest.fixture
def people(region_tree):
    return [make_participant(unit=region_tree["kelurahan"]) for _ in range(4)]


def test_session_span_follows_its_days(programme):
    session = make_session(programme=programme, start=datetime.date(2019, 3, 4), days=2)
    session.refresh_from_db()
    assert [day.date.day for day in session.days.all()] == [4, 5]
    assert session.starts_at.isoformat() == "2019-03-04T01:00:00+00:00"  # 08.00 WIB
    assert session.ends_at.isoformat() == "2019-03-05T09:00:00+00:00"  # 16.00 WIB


def test_room_booked_twice_is_refused(programme):
    venue = make_venue()
    make_session(programme=programme, venue=venue, start=datetime.date(2019, 3, 4))
    with pytest.raises(DomainError, match="already booked"):
        make_session(programme=programme, venue=venue, start=datetime.date(2019, 3, 5))
    with pytest.raises(DomainError, match="already booked"):
        make_session(
            programme=programme,
            venue=venue,
            start=datetime.date(2019, 3, 5),
            override_reason="tetap",
        )
    # the next week is free
    make_session(programme=programme, venue=venue, start=datetime.date(2019, 3, 11))


def test_days_must_make_sense(programme):
    venue = make_venue()
    session = TrainingSession(
        programme=programme, title="X", venue=venue, room=venue.rooms.first(), capacity=10
    )
    with pytest.raises(DomainError, match="at least one day"):
        session_save(session=session, days=[])
    with pytest.raises(DomainError, match="ends before it starts"):
        session_save(
            session=session,
            days=[(datetime.date(2019, 3, 4), datetime.time(16), datetime.time(8))],
        )


def test_over_capacity_and_beds_are_flagged_and_pass_with_a_reason(programme):
    venue = make_venue(classrooms=(("Kelas", 20),), lodging=(("Asrama", 10),))
    with pytest.raises(DomainError, match="holds 20") as refusal:
        make_session(programme=programme, venue=venue, capacity=25)
    assert "only 10 beds" in str(refusal.value)
    assert "Give a reason" in str(refusal.value)
    session = make_session(
        programme=programme, venue=venue, capacity=25, override_reason="kursi tambahan"
    )
    assert session.override_reason == "kursi tambahan"
    # without an overnight stay the beds do not matter
    make_session(
        programme=programme,
        venue=venue,
        capacity=20,
        overnight=False,
        start=datetime.date(2019, 4, 1),
    )


def test_facilitator_in_two_overlapping_sessions_is_flagged(programme, django_user_model):
    teacher = django_user_model.objects.create_user(
        username="wi", email="wi@example.go.id", first_name="Hendra"
    )
    make_session(programme=programme, facilitators=[teacher])
    with pytest.raises(DomainError, match="Facilitator Hendra"):
        make_session(programme=programme, facilitators=[teacher])
    make_session(programme=programme, facilitators=[teacher], override_reason="pagi dan sore")


def test_booking_takes_a_seat_and_records_history(programme, people, django_user_model):
    organiser = django_user_model.objects.create_user(username="o", email="o@example.go.id")
    session = make_session(programme=programme, capacity=2)
    booking = booking_create(session=session, participant=people[0], by=organiser)
    session.refresh_from_db()
    assert booking.status == Status.BOOKED and session.seats_taken == 1
    event = booking.events.get()
    assert (event.from_status, event.to_status, event.by) == ("", Status.BOOKED, organiser)
    # booking again changes nothing
    again = booking_create(session=session, participant=people[0])
    assert again.pk == booking.pk
    session.refresh_from_db()
    assert session.seats_taken == 1 and booking.events.count() == 1


def test_full_session_waitlists_and_a_freed_seat_promotes_the_first(programme, people):
    session = make_session(programme=programme, capacity=2)
    first, _second = (booking_create(session=session, participant=p) for p in people[:2])
    third = booking_create(session=session, participant=people[2])
    fourth = booking_create(session=session, participant=people[3])
    assert third.status == fourth.status == Status.WAITLISTED
    booking_set_status(booking=first, status="cancelled", note="sakit")
    third.refresh_from_db()
    fourth.refresh_from_db()
    session.refresh_from_db()
    assert third.status == Status.BOOKED
    assert fourth.status == Status.WAITLISTED
    assert session.seats_taken == 2
    assert list(third.events.values_list("to_status", flat=True)) == [
        Status.WAITLISTED,
        Status.BOOKED,
    ]
    first.refresh_from_db()
    assert first.status == Status.CANCELLED
    assert first.events.last().note == "sakit"


def test_participant_in_two_overlapping_sessions_is_refused_unless_a_reason(programme, people):
    one = make_session(programme=programme)
    other = make_session(programme=programme)  # same dates, another venue
    booking_create(session=one, participant=people[0])
    with pytest.raises(DomainError, match="another session at the same time"):
        booking_create(session=other, participant=people[0])
    assert not SessionBooking.objects.filter(session=other).exists()
    other.refresh_from_db()
    assert other.seats_taken == 0
    # an invitation is no clash; booking it with a reason passes and keeps the reason
    invited = booking_create(session=other, participant=people[0], status=Status.INVITED)
    assert invited.status == Status.INVITED
    booked = booking_create(session=other, participant=people[0], override_reason="hari kedua saja")
    assert booked.status == Status.BOOKED and booked.override_reason == "hari kedua saja"


def test_waitlisted_participant_booked_elsewhere_is_skipped_on_promotion(programme, people):
    session = make_session(programme=programme, capacity=1)
    other = make_session(programme=programme)
    holder = booking_create(session=session, participant=people[0])
    waiting = booking_create(session=session, participant=people[1])
    later = booking_create(session=session, participant=people[2])
    booking_create(session=other, participant=people[1])  # seat elsewhere, same dates
    booking_set_status(booking=holder, status="cancelled")
    waiting.refresh_from_db()
    later.refresh_from_db()
    assert waiting.status == Status.WAITLISTED
    assert later.status == Status.BOOKED


def test_illegal_transitions_are_refused(programme, people):
    session = make_session(programme=programme)
    booking = booking_create(session=session, participant=people[0])
    booking_set_status(booking=booking, status=Status.ATTENDED)
    with pytest.raises(DomainError, match="cannot go from"):
        booking_set_status(booking=booking, status=Status.WAITLISTED)
    session.refresh_from_db()
    assert session.seats_taken == 1  # attended still holds its seat


def test_bulk_booking_is_all_or_nothing(programme, people):
    session = make_session(programme=programme, capacity=3)
    other = make_session(programme=programme)
    booking_create(session=other, participant=people[3])
    with pytest.raises(DomainError, match=people[3].name):
        bookings_create_bulk(session=session, participant_ids=[p.pk for p in people])
    assert not SessionBooking.objects.filter(session=session).exists()
    with pytest.raises(DomainError, match="3 seat"):
        bookings_create_bulk(
            session=make_session(programme=programme, capacity=3, start=datetime.date(2019, 5, 6)),
            participant_ids=[p.pk for p in people],
        )
    assert bookings_create_bulk(session=session, participant_ids=[p.pk for p in people[:3]]) == 3
    session.refresh_from_db()
    assert session.seats_taken == 3
    assert BookingEvent.objects.filter(booking__session=session).count() == 3
    # again: nothing new
    assert bookings_create_bulk(session=session, participant_ids=[p.pk for p in people[:3]]) == 0


def test_capacity_cannot_drop_below_seats_taken(programme, people):
    session = make_session(programme=programme, capacity=3)
    bookings_create_bulk(session=session, participant_ids=[p.pk for p in people[:3]])
    session.capacity = 2
    with pytest.raises(DomainError, match="3 seats are already taken"):
        session_save(session=session)


def test_change_raises_the_sequence_and_records_change_notices(programme, people):
    session = make_session(programme=programme)
    booking = booking_create(session=session, participant=people[0])
    assert session.sequence == 0
    session_save(session=session)  # nothing changed
    session.refresh_from_db()
    assert session.sequence == 0
    new_days = [(datetime.date(2019, 3, 7), datetime.time(8), datetime.time(16))]
    session_save(session=session, days=new_days)
    session.refresh_from_db()
    assert session.sequence == 1
    assert [day.date.day for day in session.days.all()] == [7]
    kinds = set(booking.notices.values_list("kind", flat=True))
    assert kinds == {SessionNotice.Kind.INVITATION, SessionNotice.Kind.CHANGE}


def test_cancelling_a_session_cancels_its_bookings(programme, people):
    session = make_session(programme=programme, capacity=1)
    booked = booking_create(session=session, participant=people[0])
    waiting = booking_create(session=session, participant=people[1])
    assert session_cancel(session=session, reason="banjir") == 2
    session.refresh_from_db()
    assert session.is_cancelled and session.seats_taken == 0 and session.sequence == 1
    for booking in (booked, waiting):
        booking.refresh_from_db()
        assert booking.status == Status.CANCELLED
        assert booking.events.last().note == "banjir"
    with pytest.raises(DomainError, match="cancelled"):
        booking_create(session=session, participant=people[2])
    assert session_cancel(session=session) == 0


def test_cancelling_a_held_session_keeps_its_attendance_history(programme, people):
    session = make_session(programme=programme, capacity=3)
    attended = booking_create(session=session, participant=people[0])
    booking_set_status(booking=attended, status=Status.ATTENDED)
    booking_create(session=session, participant=people[1])
    assert session_cancel(session=session) == 1
    session.refresh_from_db()
    attended.refresh_from_db()
    assert attended.status == Status.ATTENDED and session.seats_taken == 1


def test_invite_creates_invited_bookings_for_cohort_members(programme, people):
    from cohorts.models import Cohort

    cohort = Cohort.objects.create(name="Angkatan I", programme=programme)
    cohort_set_members(cohort=cohort, participants=people[:3])
    session = make_session(programme=programme)
    session.invited_cohorts.add(cohort)
    session.invited_participants.add(people[3])
    session.save()
    assert session_invite(session=session) == 4
    assert session_invite(session=session) == 0
    assert set(SessionBooking.objects.values_list("status", flat=True)) == {Status.INVITED}
    session.refresh_from_db()
    assert session.seats_taken == 0


def test_lodging_rooms_are_not_classrooms():
    venue = make_venue()
    assert set(venue.rooms.values_list("kind", flat=True)) == {
        Room.Kind.CLASSROOM,
        Room.Kind.LODGING,
    }


def test_lodging_fills_rooms_without_giving_a_bed_twice(programme, region_tree):
    venue = make_venue(lodging=(("Wisma A", 2), ("Wisma B", 1)))
    people = [make_participant(unit=region_tree["kelurahan"]) for _ in range(4)]
    first = make_session(programme=programme, venue=venue, capacity=2, override_reason="x")
    bookings_create_bulk(session=first, participant_ids=[p.pk for p in people[:2]])
    assert session_assign_lodging(session=first) == {"assigned": 2, "without_bed": 0}
    # another session at the same venue and dates has one bed left
    second_room = Room.objects.create(venue=venue, name="Kelas B", capacity=30)
    second = make_session(
        programme=programme, venue=venue, room=second_room, capacity=2, override_reason="x"
    )
    bookings_create_bulk(session=second, participant_ids=[p.pk for p in people[2:]])
    assert session_assign_lodging(session=second) == {"assigned": 1, "without_bed": 1}
    rooms = SessionBooking.objects.filter(lodging_room__isnull=False).values_list(
        "lodging_room__name", flat=True
    )
    assert sorted(rooms) == ["Wisma A", "Wisma A", "Wisma B"]
    assert session_assign_lodging(session=first) == {"assigned": 0, "without_bed": 0}


def test_outcomes_in_bulk_keep_seats_and_write_events(programme, people, django_assert_num_queries):
    session = make_session(programme=programme, capacity=4)
    bookings = [booking_create(session=session, participant=p) for p in people]
    outcomes = {bookings[0].pk: "attended", bookings[1].pk: "no_show", bookings[2].pk: "attended"}
    assert bookings_set_outcome(session=session, outcomes=outcomes, note="tutup") == 3
    statuses = dict(SessionBooking.objects.values_list("pk", "status"))
    assert [statuses[b.pk] for b in bookings] == ["attended", "no_show", "attended", "booked"]
    assert bookings[1].events.last().note == "tutup"
    session.refresh_from_db()
    assert session.seats_taken == 4
    # again: nothing changes; a correction moves only what changed
    assert bookings_set_outcome(session=session, outcomes=outcomes) == 0
    assert bookings_set_outcome(session=session, outcomes={bookings[1].pk: "attended"}) == 1
    with pytest.raises(DomainError, match="attended or no-show"):
        bookings_set_outcome(session=session, outcomes={bookings[3].pk: "cancelled"})


def test_outcomes_in_bulk_take_the_same_queries_for_many(programme, region_tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(n):
        session = make_session(programme=programme, capacity=n, start=datetime.date(2019, 1, n))
        people = [make_participant(unit=region_tree["kelurahan"]) for _ in range(n)]
        bookings_create_bulk(session=session, participant_ids=[p.pk for p in people])
        ids = SessionBooking.objects.filter(session=session).values_list("pk", flat=True)
        with CaptureQueriesContext(connection) as captured:
            bookings_set_outcome(session=session, outcomes=dict.fromkeys(ids, "attended"))
        return len(captured.captured_queries)

    assert queries_for(2) == queries_for(12)
