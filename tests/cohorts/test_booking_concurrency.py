"""Two people taking the last seat at the same moment never overbook: real threads, each with
its own database connection, on whichever database the suite runs (CI: SQLite, then
PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections

from cohorts.models import SessionBooking, TrainingSession
from cohorts.services.bookings import booking_create, booking_set_status
from tests.factories import make_participant, make_programme, make_region_tree, make_session


def _race(session, participants, action):
    barrier = threading.Barrier(len(participants))
    errors = []

    def run(participant):
        try:
            barrier.wait(timeout=10)
            action(session, participant)
        except Exception as error:  # collected and asserted on below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(p,)) for p in participants]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("capacity", "people"), [(1, 2), (5, 12)])
def test_concurrent_bookings_never_overbook(base_data, capacity, people):
    programme = make_programme(modules=1, lessons=1, questions=1)
    unit = make_region_tree()["kelurahan"]
    participants = [make_participant(unit=unit) for _ in range(people)]
    session = make_session(programme=programme, capacity=capacity)

    errors = _race(
        session,
        participants,
        lambda s, p: booking_create(session=s, participant=p),
    )

    assert errors == []
    session.refresh_from_db()
    statuses = list(SessionBooking.objects.filter(session=session).values_list("status", flat=True))
    assert session.seats_taken == capacity
    assert statuses.count(SessionBooking.Status.BOOKED) == capacity
    assert statuses.count(SessionBooking.Status.WAITLISTED) == people - capacity
    # every waitlisted booking has its place in the queue
    assert not SessionBooking.objects.filter(
        session=session, status="waitlisted", waitlisted_at__isnull=True
    ).exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_cancellations_promote_each_waiting_person_once(base_data):
    programme = make_programme(modules=1, lessons=1, questions=1)
    unit = make_region_tree()["kelurahan"]
    participants = [make_participant(unit=unit) for _ in range(6)]
    session = make_session(programme=programme, capacity=3)
    bookings = [booking_create(session=session, participant=p) for p in participants]
    holders = bookings[:3]

    errors = _race(
        session,
        holders,
        lambda s, b: booking_set_status(booking=b, status="cancelled"),
    )

    assert errors == []
    session.refresh_from_db()
    assert session.seats_taken == 3
    booked = SessionBooking.objects.filter(session=session, status="booked")
    assert set(booked.values_list("pk", flat=True)) == {b.pk for b in bookings[3:]}
    assert TrainingSession.objects.get(pk=session.pk).seats_taken <= session.capacity
    assert connection.vendor in ("sqlite", "postgresql")


@pytest.mark.django_db(transaction=True)
def test_one_person_booked_into_two_overlapping_sessions_at_once_gets_one_seat(base_data):
    programme = make_programme(modules=1, lessons=1, questions=1)
    person = make_participant(unit=make_region_tree()["kelurahan"])
    sessions = [make_session(programme=programme) for _ in range(2)]  # same dates
    barrier = threading.Barrier(2)
    errors = []

    def book(session):
        try:
            barrier.wait(timeout=10)
            booking_create(session=session, participant=person)
        except Exception as error:  # the refusal is asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book, args=(s,)) for s in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert SessionBooking.objects.filter(participant=person, status="booked").count() == 1
    assert len(errors) == 1 and "waktu yang sama" in str(
        errors[0]
    )  # Indonesian: the default language
