"""Every admin form of the people and training screens saves through its service, and a
delete either goes through a service that refuses what is in use or does not exist."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import NoReverseMatch, reverse
from wagtail.models import ModelLogEntry

from cohorts.models import Cohort, Participant, Room, Theme, TrainingSession, Venue
from cohorts.services.bookings import booking_create
from tests.factories import make_participant, make_programme, make_session, make_venue

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client, django_user_model):
    client.force_login(
        django_user_model.objects.create_superuser(username="root", email="root@example.go.id")
    )
    return client


def messages_of(response):
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


def inline(prefix, rows, initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
        data.setdefault(f"{prefix}-{i}-ORDER", str(i + 1))
        data.setdefault(f"{prefix}-{i}-DELETE", "")
    return data


# Participants and regions ------------------------------------------------------------------


def test_participant_edit_is_cleaned_like_the_roster(staff_client, region_tree):
    person = make_participant(unit=region_tree["kelurahan"], nip="198001012005011001")
    other = make_participant(unit=region_tree["kelurahan"], email="siti@example.go.id")
    client = staff_client("Penyelenggara")
    url = reverse("cohorts_participant:edit", args=[person.pk])
    data = {
        "nip": "1980 0101 2005 01 1 009",
        "name": "  Budi   Santoso ",
        "position": "lurah",
        "unit": region_tree["kelurahan"].pk,
        "grade": "III/c",
        "theme": "",
        "email": "SITI@example.go.id",
        "phone": "0812-3456-7890",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    person.refresh_from_db()
    assert person.nip == "198001012005011001" and other.email == "siti@example.go.id"

    response = client.post(url, {**data, "email": ""})
    assert response.status_code == 302, response.context["form"].errors
    person.refresh_from_db()
    assert (person.nip, person.name, person.email) == ("198001012005011009", "Budi Santoso", "")


def test_nobody_deletes_a_participant_not_even_a_superuser(superuser_client, region_tree):
    person = make_participant(unit=region_tree["kelurahan"])
    booking_create(session=make_session(), participant=person)
    url = reverse("cohorts_participant:delete", args=[person.pk])
    edit = superuser_client.get(reverse("cohorts_participant:edit", args=[person.pk]))
    assert url not in edit.content.decode()
    assert superuser_client.get(url).status_code == 302
    assert superuser_client.post(url).status_code == 302
    assert Participant.objects.filter(pk=person.pk).exists()


def test_regions_are_read_only(superuser_client, region_tree):
    kelurahan = region_tree["kelurahan"]
    for name, args in (("add", []), ("edit", [kelurahan.pk]), ("delete", [kelurahan.pk])):
        with pytest.raises(NoReverseMatch):
            reverse(f"cohorts_region:{name}", args=args)
    assert superuser_client.get(f"/admin/wilayah/edit/{kelurahan.pk}/").status_code == 404
    index = superuser_client.get(reverse("cohorts_region:index"))
    assert index.status_code == 200 and "Cideng" in index.content.decode()
    inspect = superuser_client.get(reverse("cohorts_region:inspect", args=[kelurahan.pk]))
    assert inspect.status_code == 200 and "31.71.01.1002" in inspect.content.decode()


# Themes and venues -------------------------------------------------------------------------


def test_theme_in_use_is_not_deleted_and_an_unused_one_is(staff_client, region_tree):
    banjir = Theme.objects.get(slug="rawan-banjir")
    person = make_participant(unit=region_tree["kelurahan"])
    Participant.objects.filter(pk=person.pk).update(theme=banjir)
    client = staff_client("Penyelenggara")
    response = client.post(reverse("cohorts_theme:delete", args=[banjir.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("cohorts_theme:edit", args=[banjir.pk])
    assert "Rawan Banjir" in messages_of(response)
    assert Participant.objects.get(pk=person.pk).theme == banjir

    response = client.post(
        reverse("cohorts_theme:add"),
        {"name": "Kemacetan", "slug": "kemacetan", "description": "", "sort_order": "9"},
    )
    assert response.status_code == 302, response.context["form"].errors
    unused = Theme.objects.get(slug="kemacetan")
    client.post(reverse("cohorts_theme:delete", args=[unused.pk]))
    assert not Theme.objects.filter(slug="kemacetan").exists()
    assert ModelLogEntry.objects.filter(action="wagtail.delete", label="Kemacetan").exists()
    assert not ModelLogEntry.objects.filter(action="wagtail.delete", label="Rawan Banjir").exists()


def venue_post(venue, rooms):
    return {
        "name": venue.name,
        "address": venue.address,
        "region": "",
        "phone": "",
        "notes": "",
        **inline(
            "rooms",
            [
                {
                    "id": str(room.pk),
                    "name": room.name,
                    "kind": room.kind,
                    "capacity": str(room.capacity),
                    "beds": str(room.beds),
                    "DELETE": "on" if deleted else "",
                }
                for room, deleted in rooms
            ],
            initial=len(rooms),
        ),
    }


def test_venue_form_refuses_deleting_or_shrinking_what_sessions_use(staff_client, region_tree):
    venue = make_venue(classrooms=(("Kelas A", 30),), lodging=(("Wisma", 30),))
    classroom = venue.rooms.get(name="Kelas A")
    lodging = venue.rooms.get(name="Wisma")
    make_session(venue=venue, room=classroom, title="Angkatan I")
    upcoming = make_session(
        venue=venue,
        room=classroom,
        title="Angkatan II",
        start=datetime.date.today() + datetime.timedelta(days=30),
    )
    for _ in range(2):
        booking_create(
            session=upcoming, participant=make_participant(unit=region_tree["kelurahan"])
        )
    client = staff_client("Penyelenggara")
    url = reverse("cohorts_venue:edit", args=[venue.pk])

    response = client.post(url, venue_post(venue, [(classroom, True), (lodging, False)]))
    assert response.status_code == 200
    assert "Angkatan I" in str(response.context["form"].non_field_errors())
    classroom.capacity = 1
    response = client.post(url, venue_post(venue, [(classroom, False), (lodging, False)]))
    assert response.status_code == 200
    assert "2" in str(response.context["form"].non_field_errors())
    assert Room.objects.get(pk=classroom.pk).capacity == 30

    classroom.capacity = 2
    response = client.post(url, venue_post(venue, [(classroom, False), (lodging, True)]))
    assert response.status_code == 302, response.context["form"].errors
    assert list(venue.rooms.values_list("name", "capacity")) == [("Kelas A", 2)]


def test_venue_of_a_session_is_not_deleted(staff_client):
    used, unused = make_venue(), make_venue()
    make_session(venue=used, title="Angkatan I")
    client = staff_client("Penyelenggara")
    response = client.post(reverse("cohorts_venue:delete", args=[used.pk]))
    assert response.status_code == 302
    assert Venue.objects.filter(pk=used.pk).exists()
    client.post(reverse("cohorts_venue:delete", args=[unused.pk]))
    assert not Venue.objects.filter(pk=unused.pk).exists()


# Cohorts and sessions ----------------------------------------------------------------------


def test_nobody_deletes_a_cohort_or_a_session(superuser_client, region_tree):
    programme = make_programme(modules=1, lessons=1, questions=1)
    cohort = Cohort.objects.create(name="Angkatan I", programme=programme)
    session = make_session(programme=programme)
    booking_create(session=session, participant=make_participant(unit=region_tree["kelurahan"]))
    for url in (
        reverse("cohorts_cohort:delete", args=[cohort.pk]),
        reverse("cohorts_session:delete", args=[session.pk]),
    ):
        assert superuser_client.post(url).status_code == 302
    assert Cohort.objects.filter(pk=cohort.pk).exists()
    assert TrainingSession.objects.get(pk=session.pk).bookings.count() == 1


def test_members_page_adds_by_nip_and_removes_with_a_reason(staff_client, region_tree):
    programme = make_programme(modules=1, lessons=1, questions=1)
    cohort = Cohort.objects.create(name="Angkatan I", programme=programme)
    person = make_participant(unit=region_tree["kelurahan"], nip="198001012005011004")
    client = staff_client("Penyelenggara")
    url = reverse("cohorts_cohort:members", args=[cohort.pk])
    assert 'name="add-nip"' in client.get(url).content.decode()

    response = client.post(url, {"action": "add", "add-nip": "1980 0101 2005 01 1 999"})
    assert response.status_code == 200
    assert "198001012005011999" in str(response.context["add_form"].errors)
    response = client.post(
        url, {"action": "add", "add-nip": "1980 0101 2005 01 1 004", "add-reason": "pindahan"}
    )
    assert response.status_code == 302
    assert cohort.overrides.get(participant=person).reason == "pindahan"
    assert cohort.memberships.active().get().participant == person

    client.post(url, {"action": "remove", "participant": person.pk, "reason": "mutasi"})
    stay = cohort.memberships.get(participant=person)
    assert stay.left_at is not None and stay.leave_reason == "mutasi"
    assert "mutasi" in client.get(url).content.decode()


def test_members_page_changes_need_the_permission(staff_client, region_tree):
    cohort = Cohort.objects.create(
        name="Angkatan I", programme=make_programme(modules=1, lessons=1, questions=1)
    )
    person = make_participant(unit=region_tree["kelurahan"])
    client = staff_client("Pimpinan")
    url = reverse("cohorts_cohort:members", args=[cohort.pk])
    assert 'name="add-nip"' not in client.get(url).content.decode()
    client.post(url, {"action": "add", "add-nip": person.nip})
    assert not cohort.memberships.exists()


@pytest.mark.parametrize("who", ["organiser", "superuser"])
def test_every_changed_screen_opens(who, request, region_tree):
    programme = make_programme(modules=1, lessons=1, questions=1)
    venue = make_venue()
    session = make_session(programme=programme, venue=venue)
    cohort = Cohort.objects.create(name="Angkatan I", programme=programme)
    theme = Theme.objects.first()
    person = make_participant(unit=region_tree["kelurahan"])
    urls = [
        reverse("cohorts_participant:index"),
        reverse("cohorts_participant:add"),
        reverse("cohorts_participant:edit", args=[person.pk]),
        reverse("cohorts_participant:inspect", args=[person.pk]),
        reverse("cohorts_region:inspect", args=[region_tree["kecamatan"].pk]),
        reverse("cohorts_theme:index"),
        reverse("cohorts_theme:add"),
        reverse("cohorts_theme:edit", args=[theme.pk]),
        reverse("cohorts_theme:delete", args=[theme.pk]),
        reverse("cohorts_venue:index"),
        reverse("cohorts_venue:add"),
        reverse("cohorts_venue:edit", args=[venue.pk]),
        reverse("cohorts_venue:delete", args=[venue.pk]),
        reverse("cohorts_cohort:add"),
        reverse("cohorts_cohort:edit", args=[cohort.pk]),
        reverse("cohorts_cohort:members", args=[cohort.pk]),
        reverse("cohorts_session:index"),
        reverse("cohorts_session:edit", args=[session.pk]),
    ]
    if who == "organiser":
        client = request.getfixturevalue("staff_client")("Penyelenggara")
    else:
        client = request.getfixturevalue("superuser_client")
    for url in urls:
        assert client.get(url).status_code == 200, url
