"""The organiser dashboard: upcoming sessions, seats, waitlists, attendance, unscheduled."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorts.admin.dashboard import organiser_dashboard_get
from cohorts.models import Cohort, Theme
from cohorts.services.attendance import attendance_mark_grid
from cohorts.services.bookings import booking_create, bookings_create_bulk
from cohorts.services.cohorts import cohort_set_members
from tests.factories import make_participant, make_programme, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(region_tree):
    programme = make_programme(modules=1, lessons=1, questions=1)
    people = [make_participant(unit=region_tree["kelurahan"]) for _ in range(5)]
    cohort = Cohort.objects.create(
        name="Kelompok Banjir", programme=programme, theme=Theme.objects.get(slug="rawan-banjir")
    )
    cohort_set_members(cohort=cohort, participants=people)
    held = make_session(programme=programme, capacity=2, title="Sesi Maret")
    coming = make_session(
        programme=programme,
        capacity=10,
        title="Sesi Depan",
        start=timezone.localdate() + datetime.timedelta(days=14),
    )
    return {
        "programme": programme,
        "people": people,
        "cohort": cohort,
        "held": held,
        "coming": coming,
    }


def test_dashboard_figures(setup):
    people, held, coming = setup["people"], setup["held"], setup["coming"]
    for person in people[:3]:
        booking_create(session=held, participant=person)  # the third waits
    booking_create(session=coming, participant=people[3])
    day = held.days.order_by("date").first()
    attendance_mark_grid(day=day, marks={people[0].pk: "hadir", people[1].pk: "alpa"}, by=None)

    dashboard = organiser_dashboard_get(programme=setup["programme"])
    assert [s.title for s in dashboard.upcoming] == ["Sesi Depan"]
    assert [s.title for s in dashboard.recent] == ["Sesi Maret"]
    assert (dashboard.seats_taken, dashboard.seats_total, dashboard.waitlisted) == (3, 12, 1)
    march = dashboard.recent[0]
    assert march.attendance_rate == 50.0 and march.fill_percent == 100
    assert dashboard.cohorts[0].attendance_rate == 50.0
    # the waitlisted one and the one never booked are not scheduled
    assert {p.pk for p in dashboard.unscheduled} == {people[2].pk, people[4].pk}
    assert dashboard.unscheduled_count == 2 and dashboard.participant_total == 5


def test_dashboard_page_and_its_query_count(
    setup, staff_client, region_tree, django_assert_max_num_queries
):
    client = staff_client("Penyelenggara")
    url = reverse("cohorts_dashboard") + f"?pelatihan={setup['programme'].pk}"
    client.get(url)
    with django_assert_max_num_queries(100) as few:
        response = client.get(url)
    assert response.status_code == 200
    assert "Sesi Depan" in response.content.decode()
    more = [make_participant(unit=region_tree["kelurahan"]) for _ in range(10)]
    cohort_set_members(cohort=setup["cohort"], participants=[*setup["people"], *more])
    bookings_create_bulk(session=setup["coming"], participant_ids=[p.pk for p in more[:5]])
    make_session(programme=setup["programme"], start=datetime.date(2019, 6, 3))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_dashboard_is_refused_to_participants(client, django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(username="p", email="p@example.go.id")
    user.groups.add(Group.objects.get(name="Peserta"))
    client.force_login(user)
    response = client.get(reverse("cohorts_dashboard"))
    assert response.status_code in (302, 403)
    assert "Sesi" not in response.content.decode()


def test_admin_home_shows_the_next_sessions(setup, staff_client):
    response = staff_client("Penyelenggara").get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert "Sesi Depan" in response.content.decode()
