"""``venue_save`` and ``venue_delete``: rooms are saved with their venue, and nothing the
sessions rely on (their classroom, their seats, their participants' beds) is taken away."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cohorts.models import Room, SessionBooking, Venue
from cohorts.services.bookings import bookings_create_bulk
from cohorts.services.sessions import session_assign_lodging
from cohorts.services.venues import venue_delete, venue_save
from core.errors import DomainError
from tests.factories import make_participant, make_session, make_venue

pytestmark = pytest.mark.django_db


def soon(days=30):
    return timezone.localdate() + datetime.timedelta(days=days)


def rooms_of(venue):
    return {room.name: room for room in Room.objects.filter(venue=venue)}


def resave(venue, rooms):
    """The venue as the admin form leaves it: ``rooms`` in memory, then the service."""
    venue = Venue.objects.get(pk=venue.pk)
    venue.rooms = rooms
    return venue_save(venue=venue)


def seated(session, region_tree, n):
    people = [make_participant(unit=region_tree["kelurahan"]) for _ in range(n)]
    bookings_create_bulk(session=session, participant_ids=[p.pk for p in people])
    return people


def test_creates_a_venue_with_its_rooms():
    venue = venue_save(
        venue=Venue(
            name="Kampus Kalibata",
            address="Jl. Raya Kalibata No. 1",
            rooms=[
                Room(name="Aula", kind=Room.Kind.CLASSROOM, capacity=60),
                Room(name="Wisma A", kind=Room.Kind.LODGING, beds=40),
            ],
        )
    )
    assert {name: (r.capacity, r.beds) for name, r in rooms_of(venue).items()} == {
        "Aula": (60, 0),
        "Wisma A": (0, 40),
    }


def test_changes_adds_and_removes_unused_rooms():
    venue = make_venue(classrooms=(("Kelas A", 30), ("Kelas B", 20)), lodging=(("Asrama", 30),))
    rooms = rooms_of(venue)
    rooms["Kelas A"].capacity = 40
    resave(
        venue,
        [
            rooms["Kelas A"],
            rooms["Asrama"],
            Room(name="Kelas C", kind=Room.Kind.CLASSROOM, capacity=25),
        ],
    )
    assert {name: r.capacity for name, r in rooms_of(venue).items()} == {
        "Kelas A": 40,
        "Asrama": 0,
        "Kelas C": 25,
    }


def test_refuses_invalid_fields():
    with pytest.raises(ValidationError) as refused:
        venue_save(venue=Venue(name="", address="Jl. Uji"))
    assert "name" in refused.value.message_dict
    assert not Venue.objects.exists()


def test_refuses_to_delete_or_convert_a_classroom_a_session_uses():
    venue = make_venue(classrooms=(("Kelas A", 30), ("Kelas B", 30)))
    session = make_session(venue=venue, room=rooms_of(venue)["Kelas A"], title="Angkatan I")
    rooms = rooms_of(venue)
    with pytest.raises(DomainError, match="Angkatan I"):
        resave(venue, [rooms["Kelas B"], rooms["Asrama 1"]])
    rooms["Kelas A"].kind = Room.Kind.LODGING
    with pytest.raises(DomainError, match="Angkatan I"):
        resave(venue, list(rooms.values()))
    assert rooms_of(venue)["Kelas A"].kind == Room.Kind.CLASSROOM
    assert session.room.name == "Kelas A"


def test_refuses_to_delete_a_lodging_room_whose_beds_are_given(region_tree):
    venue = make_venue(lodging=(("Wisma A", 10), ("Wisma B", 10)))
    session = make_session(venue=venue, capacity=5, title="Angkatan I")
    seated(session, region_tree, 2)
    session_assign_lodging(session=session)
    rooms = rooms_of(venue)
    with pytest.raises(DomainError, match="Wisma A"):
        resave(venue, [rooms["Kelas A"], rooms["Wisma B"]])
    assert SessionBooking.objects.filter(lodging_room__name="Wisma A").count() == 2
    resave(venue, [rooms["Kelas A"], rooms["Wisma A"]])  # the unused one may go
    assert set(rooms_of(venue)) == {"Kelas A", "Wisma A"}


def test_refuses_fewer_seats_than_a_session_to_come_has_taken(region_tree):
    venue = make_venue(classrooms=(("Kelas A", 30),))
    session = make_session(venue=venue, start=soon(), capacity=30)
    seated(session, region_tree, 3)
    rooms = rooms_of(venue)
    rooms["Kelas A"].capacity = 2
    with pytest.raises(DomainError, match="3"):
        resave(venue, list(rooms.values()))
    assert rooms_of(venue)["Kelas A"].capacity == 30
    rooms["Kelas A"].capacity = 3
    resave(venue, list(rooms.values()))
    assert rooms_of(venue)["Kelas A"].capacity == 3


def test_a_held_session_does_not_hold_the_room_size(region_tree):
    venue = make_venue(classrooms=(("Kelas A", 30),))
    session = make_session(venue=venue, start=datetime.date(2019, 3, 4), capacity=30)
    seated(session, region_tree, 3)
    rooms = rooms_of(venue)
    rooms["Kelas A"].capacity = 1
    resave(venue, list(rooms.values()))
    assert rooms_of(venue)["Kelas A"].capacity == 1


def test_refuses_fewer_beds_than_sessions_to_come_give_at_one_time(region_tree):
    venue = make_venue(classrooms=(("Kelas A", 30), ("Kelas B", 30)), lodging=(("Wisma", 10),))
    classrooms = rooms_of(venue)
    first = make_session(venue=venue, room=classrooms["Kelas A"], start=soon(), capacity=5)
    second = make_session(venue=venue, room=classrooms["Kelas B"], start=soon(), capacity=5)
    later = make_session(venue=venue, room=classrooms["Kelas A"], start=soon(60), capacity=5)
    for session, n in ((first, 3), (second, 2), (later, 4)):
        seated(session, region_tree, n)
        session_assign_lodging(session=session)
    rooms = rooms_of(venue)
    rooms["Wisma"].beds = 4  # the two sessions at the same time use 5
    with pytest.raises(DomainError, match="5"):
        resave(venue, list(rooms.values()))
    rooms["Wisma"].beds = 5
    resave(venue, list(rooms.values()))
    assert rooms_of(venue)["Wisma"].beds == 5


def test_deletes_a_venue_no_session_used_with_its_rooms():
    venue = make_venue()
    venue_delete(venue=venue)
    assert not Venue.objects.exists() and not Room.objects.exists()


def test_refuses_to_delete_the_venue_of_a_session():
    venue = make_venue()
    make_session(venue=venue, title="Angkatan I")
    with pytest.raises(DomainError, match="Angkatan I"):
        venue_delete(venue=venue)
    assert Venue.objects.filter(pk=venue.pk).exists() and venue.rooms.count() == 2
