"""The organiser's admin for themes, venues, sessions and sign-ups, and cohort rules."""

import datetime

import pytest
from django.urls import reverse

from cohorts.models import Cohort, Participant, Room, SessionBooking, Theme, TrainingSession, Venue
from cohorts.services.bookings import booking_create, booking_set_status, bookings_create_bulk
from cohorts.services.cohorts import cohort_member_add, cohort_member_remove
from tests.factories import make_participant, make_programme, make_session, make_venue

pytestmark = pytest.mark.django_db


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


def session_post(programme, venue, room, *, date="2019-03-04", capacity=40, **extra):
    return {
        "programme": programme.pk,
        "title": "Angkatan I — Rawan Banjir",
        "venue": venue.pk,
        "room": room.pk,
        "capacity": str(capacity),
        "overnight": "on",
        "override_reason": "",
        "notes": "",
        **inline(
            "days",
            [
                {"date": date, "starts": "08:00", "ends": "16:00"},
                {
                    "date": "2019-03-05" if date == "2019-03-04" else date,
                    "starts": "08:00",
                    "ends": "12:00",
                },
            ][: 2 if date == "2019-03-04" else 1],
        ),
        **extra,
    }


def test_organiser_creates_a_venue_with_rooms(staff_client):
    client = staff_client("Penyelenggara")
    data = {
        "name": "Kampus BPSDM Kalibata",
        "address": "Jl. Raya Kalibata No. 1, Jakarta Selatan",
        "region": "",
        "phone": "",
        "notes": "",
        **inline(
            "rooms",
            [
                {"name": "Aula", "kind": "classroom", "capacity": "60", "beds": "0"},
                {"name": "Wisma A", "kind": "lodging", "capacity": "0", "beds": "40"},
                {"name": "Wisma B", "kind": "lodging", "capacity": "0", "beds": "24"},
            ],
        ),
    }
    response = client.post(reverse("cohorts_venue:add"), data)
    assert response.status_code == 302, response.context["form"].errors
    venue = Venue.objects.get(name="Kampus BPSDM Kalibata")
    assert venue.rooms.count() == 3
    index = client.get(reverse("cohorts_venue:index"))
    row = next(v for v in index.context["object_list"] if v.pk == venue.pk)
    assert (row.seats, row.beds) == (60, 64)


def test_organiser_creates_a_two_day_session(staff_client):
    programme = make_programme(modules=1, lessons=1, questions=1)
    venue = make_venue()
    room = venue.rooms.get(kind=Room.Kind.CLASSROOM)
    client = staff_client("Penyelenggara")
    response = client.post(reverse("cohorts_session:add"), session_post(programme, venue, room))
    assert response.status_code == 302, response.context["form"].errors
    session = TrainingSession.objects.get()
    assert [d.date.day for d in session.days.all()] == [4, 5]
    assert session.starts_at.isoformat() == "2019-03-04T01:00:00+00:00"
    assert session.ends_at.isoformat() == "2019-03-05T05:00:00+00:00"


def test_room_clash_is_refused_in_the_form_with_its_reason(staff_client):
    programme = make_programme(modules=1, lessons=1, questions=1)
    venue = make_venue()
    room = venue.rooms.get(kind=Room.Kind.CLASSROOM)
    make_session(programme=programme, venue=venue, room=room, title="Sesi Pertama")
    client = staff_client("Penyelenggara")
    response = client.post(reverse("cohorts_session:add"), session_post(programme, venue, room))
    assert response.status_code == 200
    assert "Sesi Pertama" in str(response.context["form"].non_field_errors())
    assert TrainingSession.objects.count() == 1


def test_over_capacity_needs_a_reason(staff_client):
    programme = make_programme(modules=1, lessons=1, questions=1)
    venue = make_venue(classrooms=(("Kelas", 30),), lodging=(("Asrama", 100),))
    room = venue.rooms.get(kind=Room.Kind.CLASSROOM)
    client = staff_client("Penyelenggara")
    data = session_post(programme, venue, room, capacity=35)
    response = client.post(reverse("cohorts_session:add"), data)
    assert response.status_code == 200
    assert "hanya memuat 30" in str(response.context["form"].non_field_errors())
    data["override_reason"] = "Kursi tambahan dari aula"
    response = client.post(reverse("cohorts_session:add"), data)
    assert response.status_code == 302
    assert TrainingSession.objects.get().override_reason == "Kursi tambahan dari aula"


def test_room_of_another_venue_is_refused(staff_client):
    programme = make_programme(modules=1, lessons=1, questions=1)
    venue, other = make_venue(), make_venue()
    room = other.rooms.get(kind=Room.Kind.CLASSROOM)
    client = staff_client("Penyelenggara")
    response = client.post(reverse("cohorts_session:add"), session_post(programme, venue, room))
    assert response.status_code == 200
    assert "milik" in str(response.context["form"].errors["room"])


def test_facilitator_sees_his_sessions_but_cannot_change_them(
    staff_client, region_tree, django_user_model
):
    client = staff_client("Fasilitator")
    session = make_session(facilitators=[django_user_model.objects.get(username="fasilitator")])
    assert client.get(reverse("cohorts_session:index")).status_code == 200
    assert client.get(reverse("cohorts_session:edit", args=[session.pk])).status_code in (302, 403)
    url = reverse("cohorts_session:bookings", args=[session.pk])
    assert client.get(url).status_code == 200
    person = make_participant(unit=region_tree["kelurahan"])
    response = client.post(
        url, {"action": "add", "add-participant": person.pk, "add-status": "booked"}
    )
    assert response.status_code in (302, 403)  # Wagtail turns a refusal into a redirect
    assert response.get("Location", "/admin/") == "/admin/"
    assert not SessionBooking.objects.exists()


def test_participants_and_anonymous_are_refused(client, django_user_model, region_tree):
    session = make_session()
    url = reverse("cohorts_session:bookings", args=[session.pk])
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]
    user = django_user_model.objects.create_user(username="p", email="p@example.go.id")
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get(name="Peserta"))
    client.force_login(user)
    assert client.get(url).status_code in (302, 403)
    assert client.post(url, {"action": "invite"}).status_code in (302, 403)
    assert client.get(reverse("cohorts_session:index")).status_code in (302, 403)


def test_organiser_books_changes_and_cancels(staff_client, region_tree):
    session = make_session(capacity=1)
    people = [make_participant(unit=region_tree["kelurahan"]) for _ in range(2)]
    client = staff_client("Penyelenggara")
    url = reverse("cohorts_session:bookings", args=[session.pk])
    for person in people:
        client.post(url, {"action": "add", "add-participant": person.pk, "add-status": "booked"})
    statuses = dict(SessionBooking.objects.values_list("participant_id", "status"))
    assert statuses == {people[0].pk: "booked", people[1].pk: "waitlisted"}
    page = client.get(url)
    assert page.status_code == 200
    assert [n.kind for n in page.context["notices"]] == ["invitation"]  # not for the waitlist
    assert "urutan ke-1 dalam daftar tunggu" in page.content.decode()

    first = SessionBooking.objects.get(participant=people[0])
    client.post(
        url, {"action": "change", "booking": first.pk, "status": "cancelled", "note": "dinas luar"}
    )
    statuses = dict(SessionBooking.objects.values_list("participant_id", "status"))
    assert statuses == {people[0].pk: "cancelled", people[1].pk: "booked"}

    client.post(url, {"action": "lodging"})
    assert SessionBooking.objects.get(participant=people[1]).lodging_room.name == "Asrama 1"

    response = client.post(url, {"action": "cancel", "cancel-reason": "Banjir di lokasi"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.is_cancelled
    assert set(SessionBooking.objects.values_list("status", flat=True)) == {"cancelled"}


def test_clash_on_the_bookings_page_is_explained(staff_client, region_tree):
    one, other = make_session(title="Sesi A"), make_session(title="Sesi B")
    person = make_participant(unit=region_tree["kelurahan"])
    booking_create(session=one, participant=person)
    client = staff_client("Penyelenggara")
    url = reverse("cohorts_session:bookings", args=[other.pk])
    response = client.post(
        url, {"action": "add", "add-participant": person.pk, "add-status": "booked"}, follow=True
    )
    assert "sesi lain pada waktu yang sama" in response.content.decode()
    assert not SessionBooking.objects.filter(session=other).exists()


def test_session_pages_keep_their_query_count(
    staff_client, region_tree, django_assert_max_num_queries
):
    programme = make_programme(modules=1, lessons=1, questions=1)
    client = staff_client("Penyelenggara")
    session = make_session(programme=programme, capacity=60)
    index, detail = (
        reverse("cohorts_session:index"),
        reverse("cohorts_session:bookings", args=[session.pk]),
    )

    def counts():
        client.get(index)
        client.get(detail)
        with django_assert_max_num_queries(200) as on_index:
            assert client.get(index).status_code == 200
        with django_assert_max_num_queries(200) as on_detail:
            assert client.get(detail).status_code == 200
        return len(on_index.captured_queries), len(on_detail.captured_queries)

    people = [make_participant(unit=region_tree["kelurahan"]) for _ in range(2)]
    bookings_create_bulk(session=session, participant_ids=[p.pk for p in people])
    before = counts()
    for start in (datetime.date(2019, 4, 1), datetime.date(2019, 5, 6)):
        make_session(programme=programme, start=start)
    more = [make_participant(unit=region_tree["kelurahan"]) for _ in range(20)]
    bookings_create_bulk(session=session, participant_ids=[p.pk for p in more])
    booking_set_status(booking=SessionBooking.objects.first(), status="cancelled")
    assert counts() == before


def test_cohort_rules_from_the_form_and_the_members_page(staff_client, region_tree):
    programme = make_programme(modules=1, lessons=1, questions=1)
    banjir = Theme.objects.get(slug="rawan-banjir")
    lurah = make_participant(unit=region_tree["kelurahan"])
    camat = make_participant(unit=region_tree["kecamatan"], position="camat")
    Participant.objects.filter(pk__in=[lurah.pk, camat.pk]).update(theme=banjir)
    client = staff_client("Penyelenggara")
    response = client.post(
        reverse("cohorts_cohort:add"),
        {
            "name": "Kelompok Rawan Banjir",
            "programme": programme.pk,
            "theme": banjir.pk,
            "description": "",
            "rule_positions": ["lurah"],
            "rule_themes": [banjir.pk],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    cohort = Cohort.objects.get(name="Kelompok Rawan Banjir")
    assert list(cohort.memberships.active().values_list("participant", flat=True)) == [lurah.pk]

    # the form saves the rules and leaves the members alone (they are the members page's)
    response = client.post(
        reverse("cohorts_cohort:edit", args=[cohort.pk]),
        {
            "name": cohort.name,
            "programme": programme.pk,
            "theme": banjir.pk,
            "description": "",
            "rule_positions": ["lurah"],
            "rule_themes": [banjir.pk],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert list(cohort.memberships.active().values_list("participant", flat=True)) == [lurah.pk]

    # removing the lurah by hand on the members page keeps him out when the rules run again
    # (this was the form's member list, a select of every participant, before)
    members_url = reverse("cohorts_cohort:members", args=[cohort.pk])
    client.post(members_url, {"action": "remove", "participant": lurah.pk, "reason": ""})
    client.post(members_url, {"action": "apply"})
    assert not cohort.memberships.active().exists()
    page = client.get(members_url)
    assert page.status_code == 200
    assert lurah.name in page.content.decode()
    assert len(page.context["former"]) == 1 and len(page.context["overrides"]) == 1
    client.post(members_url, {"action": "clear", "participant": lurah.pk})
    assert cohort.memberships.active().count() == 1


def test_members_page_refuses_changes_without_permission(staff_client):
    programme = make_programme(modules=1, lessons=1, questions=1)
    cohort = Cohort.objects.create(name="A", programme=programme)
    client = staff_client("Pimpinan")
    url = reverse("cohorts_cohort:members", args=[cohort.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "apply"})
    assert response.status_code in (302, 403) and response.get("Location", "/admin/") == "/admin/"
    assert cohort.rules_applied_at is None
    cohort.refresh_from_db()
    assert cohort.rules_applied_at is None


def test_participant_page_shows_cohort_history_and_sessions(staff_client, region_tree):

    programme = make_programme(modules=1, lessons=1, questions=1)
    person = make_participant(unit=region_tree["kelurahan"])
    first = Cohort.objects.create(name="Angkatan Lama", programme=programme)
    second = Cohort.objects.create(name="Angkatan Baru", programme=programme)
    cohort_member_add(cohort=first, participant=person)
    cohort_member_remove(cohort=first, participant=person, reason="pindah")
    cohort_member_add(cohort=second, participant=person)
    session = make_session(programme=programme, title="Sesi Kalibata")
    booking_create(session=session, participant=person)
    response = staff_client("Penyelenggara").get(
        reverse("cohorts_participant:inspect", args=[person.pk])
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Angkatan Lama" in content and "Angkatan Baru" in content and "pindah" in content
    assert "Sesi Kalibata" in content


def test_attendance_export_per_session(staff_client, region_tree, django_assert_max_num_queries):
    import csv
    import io

    import openpyxl

    from cohorts.services.attendance import attendance_mark_grid

    session = make_session(title="Angkatan I")
    people = [
        make_participant(unit=region_tree["kelurahan"], name='=HYPERLINK("x")'),
        make_participant(unit=region_tree["kelurahan"], name="Siti Aminah"),
    ]
    bookings_create_bulk(session=session, participant_ids=[p.pk for p in people])
    first, second = session.days.order_by("date")
    attendance_mark_grid(day=first, marks={people[0].pk: "hadir", people[1].pk: "alpa"}, by=None)
    attendance_mark_grid(day=second, marks={people[1].pk: "terlambat"}, by=None)
    client = staff_client("Penyelenggara")

    response = client.get(reverse("cohorts_session:attendance", args=[session.pk, "csv"]))
    assert response.status_code == 200
    assert 'filename="presensi-angkatan-i.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["No", "NIP", "Nama"] and len(rows) == 3
    by_name = {row[2]: row for row in rows[1:]}
    assert '\'=HYPERLINK("x")' in by_name  # a formula is neutralised
    siti = by_name["Siti Aminah"]
    assert siti[6:11] == ["Alpa", "Terlambat", "1/2", "50,0", "Terdaftar"]
    assert by_name['\'=HYPERLINK("x")'][6:10] == ["Hadir", "", "1/1", "100,0"]

    xlsx = client.get(reverse("cohorts_session:attendance", args=[session.pk, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert [cell.value for cell in sheet[1]][:3] == ["No", "NIP", "Nama"]
    assert {sheet.cell(row=r, column=2).value for r in (2, 3)} == {p.nip for p in people}

    more = [make_participant(unit=region_tree["kelurahan"]) for _ in range(10)]
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("cohorts_session:attendance", args=[session.pk, "csv"]))
    other = make_session(title="Angkatan II", start=datetime.date(2019, 4, 1), capacity=20)
    bookings_create_bulk(session=other, participant_ids=[p.pk for p in more])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("cohorts_session:attendance", args=[other.pk, "csv"]))


def test_attendance_export_is_refused_without_permission(staff_client):
    session = make_session()
    url = reverse("cohorts_session:attendance", args=[session.pk, "csv"])
    response = staff_client("Penilai").get(url)
    assert response.status_code in (302, 403)
    assert not response.get("Content-Disposition")
    assert (
        staff_client("Penyelenggara")
        .get(reverse("cohorts_session:attendance", args=[session.pk, "pdf"]))
        .status_code
        == 404
    )
