"""A facilitator sees only the sessions he facilitates in the admin: the session list, a
session's participants page, its attendance pages, PDFs and export. Organisers, leaders
and assessors keep their view of every session."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from cohorts.models import TrainingSession
from cohorts.permissions import may_view_session, sessions_visible_to
from cohorts.services.bookings import bookings_create_bulk
from cohorts.services.sessions import session_save
from tests.factories import make_participant, make_programme, make_session, make_venue

pytestmark = pytest.mark.django_db

AJAX = {"x-requested-with": "XMLHttpRequest"}  # Wagtail answers a refusal with 403 here


def make_user(django_user_model, *roles, username=None):
    username = username or "-".join(role.lower() for role in roles)
    user = django_user_model.objects.create_user(
        username=username, email=f"{username}@example.go.id", first_name=roles[0]
    )
    user.groups.add(*Group.objects.filter(name__in=roles))
    return user


@pytest.fixture
def world(region_tree, django_user_model):
    facilitator = make_user(django_user_model, "Fasilitator", username="widyaiswara")
    programme = make_programme(modules=1, lessons=1, questions=1)
    venue = make_venue(classrooms=(("Kelas A", 60), ("Kelas B", 60)))
    room_a, room_b = venue.rooms.filter(kind="classroom").order_by("name")
    his = make_session(
        programme=programme,
        venue=venue,
        room=room_a,
        title="Sesi Miliknya",
        facilitators=[facilitator],
    )
    other = make_session(
        programme=programme,
        venue=venue,
        room=room_b,
        start=datetime.date(2019, 3, 11),
        title="Sesi Orang Lain",
    )
    for session in (his, other):
        person = make_participant(unit=region_tree["kelurahan"])
        bookings_create_bulk(session=session, participant_ids=[person.pk])
    return facilitator, his, other


def session_urls(session):
    day = session.days.order_by("date").first()
    return [
        reverse("cohorts_session:bookings", args=[session.pk]),
        reverse("cohorts_session:attendance", args=[session.pk, "csv"]),
        reverse("cohorts_session:attendance", args=[session.pk, "xlsx"]),
        reverse("cohorts_attendance:grid", args=[day.pk]),
        reverse("cohorts_attendance:qr", args=[day.pk]),
        reverse("cohorts_attendance:sheet_pdf", args=[day.pk]),
        reverse("cohorts_attendance:import", args=[session.pk]),
        reverse("cohorts_attendance:roster_pdf", args=[session.pk]),
    ]


def test_facilitator_lists_only_his_sessions(client, world):
    facilitator, his, _other = world
    client.force_login(facilitator)
    response = client.get(reverse("cohorts_session:index"))
    assert response.status_code == 200
    assert [session.pk for session in response.context["object_list"]] == [his.pk]
    html = response.content.decode()
    assert "Sesi Miliknya" in html and "Sesi Orang Lain" not in html


def test_facilitator_opens_his_session_and_is_refused_the_others(client, world):
    facilitator, his, other = world
    client.force_login(facilitator)
    for url in session_urls(his):
        assert client.get(url).status_code == 200, url
    for url in session_urls(other):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("wagtailadmin_home"), url
        assert client.get(url, headers=AJAX).status_code == 403, url
        assert not response.get("Content-Disposition")


@pytest.mark.parametrize("role", ["Penyelenggara", "Pimpinan", "Penilai"])
def test_other_roles_still_list_every_session(client, world, django_user_model, role):
    _facilitator, his, other = world
    client.force_login(make_user(django_user_model, role))
    response = client.get(reverse("cohorts_session:index"))
    assert {session.pk for session in response.context["object_list"]} == {his.pk, other.pk}
    bookings = reverse("cohorts_session:bookings", args=[other.pk])
    assert client.get(bookings).status_code == 200


def test_pimpinan_who_also_facilitates_sees_every_session_but_marks_only_his(
    client, world, django_user_model
):
    _facilitator, his, other = world
    both = make_user(django_user_model, "Fasilitator", "Pimpinan")
    session_save(session=his, facilitators=[*his.facilitators.all(), both])
    client.force_login(both)
    listed = client.get(reverse("cohorts_session:index")).context["object_list"]
    assert {session.pk for session in listed} == {his.pk, other.pk}
    assert client.get(reverse("cohorts_session:bookings", args=[other.pk])).status_code == 200
    grid = reverse("cohorts_attendance:grid", args=[other.days.first().pk])
    assert client.get(grid, headers=AJAX).status_code == 403
    assert (
        client.get(reverse("cohorts_attendance:grid", args=[his.days.first().pk])).status_code
        == 200
    )


def test_predicate_and_list_filter_agree(world, django_user_model):
    facilitator, his, other = world
    visible = sessions_visible_to(facilitator, TrainingSession.objects.all())
    assert list(visible) == [his]
    assert may_view_session(facilitator, his) and not may_view_session(facilitator, other)
    participant_user = make_user(django_user_model, "Peserta")
    assert not sessions_visible_to(participant_user, TrainingSession.objects.all()).exists()


def test_facilitator_list_keeps_its_query_count(client, world, django_assert_max_num_queries):
    facilitator, his, _other = world
    client.force_login(facilitator)
    url = reverse("cohorts_session:index")
    client.get(url)
    with django_assert_max_num_queries(60) as few:
        assert client.get(url).status_code == 200
    programme = his.programme
    for week in range(1, 6):
        start = datetime.date(2019, 3, 11) + datetime.timedelta(weeks=week)
        make_session(programme=programme, start=start, facilitators=[facilitator])
        make_session(programme=programme, start=start)
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = client.get(url)
    assert len(response.context["object_list"]) == 6
    assert len(many.captured_queries) == len(few.captured_queries)


def test_facilitator_home_lists_only_his_upcoming_sessions(client, world):
    facilitator, his, _other = world
    soon = timezone.localdate() + datetime.timedelta(days=10)
    make_session(
        programme=his.programme,
        start=soon,
        title="Sesi Segera Miliknya",
        facilitators=[facilitator],
    )
    make_session(programme=his.programme, start=soon, title="Sesi Segera Lain")
    client.force_login(facilitator)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Sesi Segera Miliknya" in html and "Sesi Segera Lain" not in html


def test_facilitator_still_views_people_places_and_cohorts(client, world, region_tree):
    facilitator, _his, _other = world
    client.force_login(facilitator)
    for url in (
        reverse("cohorts_participant:index"),
        reverse("cohorts_region:index"),
        reverse("cohorts_region:inspect", args=[region_tree["kelurahan"].pk]),
        reverse("cohorts_theme:index"),
        reverse("cohorts_venue:index"),
        reverse("cohorts_cohort:index"),
    ):
        assert client.get(url).status_code == 200, url
