"""Participants and regions are chosen through choosers with search, never from a select of
every row: the session form's invited participants, the session's "add a participant", the
enrolment form and the cohort rules' regions (README: at national size a select of every
participant was 7–17 MB of HTML)."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorts.models import Cohort, Region, TrainingSession
from lms.models import Enrolment
from tests.cohorts.test_admin_sessions import inline
from tests.factories import make_participant, make_programme, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(region_tree):
    return [
        make_participant(unit=region_tree["kelurahan"], name=f"Rahmat Sitompul {n:02d}")
        for n in range(30)
    ]


def chooser_results(client, query="", **params):
    response = client.get(reverse("participant_chooser:choose_results"), {"q": query, **params})
    assert response.status_code == 200
    return response


def listed_pks(response):
    html = response.content.decode()
    return {int(pk) for pk in re.findall(r"pilih-peserta/chosen/(\d+)/", html)}


def test_the_participant_chooser_finds_by_name_nip_and_email(staff_client, region_tree, people):
    lurah = make_participant(
        unit=region_tree["kelurahan"], name="Dra. Siti Nurhaliza", email="siti.n@jakarta.go.id"
    )
    client = staff_client("Penyelenggara")
    assert listed_pks(chooser_results(client, "nurhaliz")) == {lurah.pk}
    assert listed_pks(chooser_results(client, "SITI.N@jakarta")) == {lurah.pk}
    spaced = f"{lurah.nip[:8]} {lurah.nip[8:14]} {lurah.nip[14]} {lurah.nip[15:]}"
    assert listed_pks(chooser_results(client, spaced)) == {lurah.pk}
    by_start = {p.pk for p in [*people, lurah] if p.nip.startswith(lurah.nip[:16])}
    assert listed_pks(chooser_results(client, lurah.nip[:16])) == by_start
    # 20 a page, by name
    page = chooser_results(client, "sitompul")
    assert len(listed_pks(page)) == 20
    assert "Rahmat Sitompul 00" in page.content.decode()
    assert "Rahmat Sitompul 25" not in page.content.decode()
    assert len(listed_pks(chooser_results(client, "sitompul", p=2))) == 10


def test_the_participant_chooser_shows_position_and_unit(staff_client, region_tree):
    make_participant(unit=region_tree["kelurahan"], name="Lurah Gambir")
    html = chooser_results(staff_client("Penyelenggara"), "gambir").content.decode()
    assert "Lurah Gambir" in html
    assert region_tree["kelurahan"].name in html


def test_the_participant_chooser_chooses_several(staff_client, people):
    client = staff_client("Fasilitator")  # every admin role may use the admin's choosers
    page = client.get(reverse("participant_chooser:choose"), {"multiple": "1"})
    assert page.status_code == 200
    assert "data-multiple-choice-select" in json.loads(page.content)["html"]
    chosen = client.get(
        reverse("participant_chooser:chosen_multiple"), {"id": [people[0].pk, people[1].pk]}
    )
    result = json.loads(chosen.content)
    assert result["step"] == "chosen"
    assert {item["id"] for item in result["result"]} == {str(people[0].pk), str(people[1].pk)}


def test_the_chooser_costs_the_same_queries_for_30_or_300_participants(
    staff_client, region_tree, people, django_assert_num_queries
):
    client = staff_client("Penyelenggara")
    chooser_results(client, "sitompul")
    with CaptureQueriesContext(connection) as few:
        chooser_results(client, "sitompul")
    for n in range(270):
        make_participant(unit=region_tree["kelurahan"], name=f"Rahmat Sitompul {n + 100}")
    with django_assert_num_queries(len(few.captured_queries)):
        response = chooser_results(client, "sitompul")
    assert len(listed_pks(response)) == 20


def test_a_participant_is_the_peserta_nobody_else_may_choose(client, participant):
    """The public gets no chooser (it lists names and NIPs)."""
    response = client.get(reverse("participant_chooser:choose_results"), {"q": ""})
    assert response.status_code == 302
    assert participant.nip.encode() not in response.content


# Forms ------------------------------------------------------------------------------------------


def options_of_people(html, people):
    """Those of ``people`` whose name the page shows."""
    return [p for p in people if p.name in html]


def test_the_enrolment_form_uses_the_chooser(staff_client, region_tree, people):
    programme = make_programme(modules=1, lessons=1, questions=1)
    client = staff_client("Penyelenggara")
    url = reverse("lms_enrolment:add")
    small = client.get(url)
    html = small.content.decode()
    assert small.status_code == 200
    assert reverse("participant_chooser:choose") in html
    assert not options_of_people(html, people)
    for n in range(100):
        make_participant(unit=region_tree["kelurahan"], name=f"Peserta Tambahan {n}")
    large = client.get(url)
    assert abs(len(large.content) - len(small.content)) < 100  # no row per participant

    response = client.post(url, {"participant": people[3].pk, "programme": programme.pk})
    assert response.status_code == 302
    assert Enrolment.objects.filter(participant=people[3], programme=programme).exists()


def test_the_session_form_invites_participants_through_the_chooser(
    staff_client, region_tree, people
):
    session = make_session()
    session.invited_participants.add(people[0])
    session.save()  # a ParentalManyToManyField is saved with its session
    client = staff_client("Penyelenggara")
    url = reverse("cohorts_session:edit", args=[session.pk])
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-controller=\\"selaras-multiple-chooser\\"' in html  # rendered by Wagtail's JS
    assert reverse("participant_chooser:choose") in html
    assert options_of_people(html, people) == [people[0]]  # only the one invited is shown

    def post(invited):
        days = list(session.days.order_by("date"))
        data = {
            "programme": session.programme.pk,
            "title": session.title,
            "venue": session.venue.pk,
            "room": session.room.pk,
            "capacity": str(session.capacity),
            "overnight": "on",
            "override_reason": "",
            "notes": "",
            **inline(
                "days",
                [
                    {"id": d.pk, "date": d.date.isoformat(), "starts": "08:00", "ends": "16:00"}
                    for d in days
                ],
                initial=len(days),
            ),
        }
        if invited:  # none chosen: nothing is posted
            data["invited_participants"] = [person.pk for person in invited]
        response = client.post(url, data)
        assert response.status_code == 302, response.context["form"].errors
        return set(TrainingSession.objects.get(pk=session.pk).invited_participants.all())

    assert post([people[1], people[2]]) == {people[1], people[2]}
    assert post([]) == set()


def test_the_session_bookings_page_adds_through_the_chooser(staff_client, people):
    session = make_session()
    client = staff_client("Penyelenggara")
    url = reverse("cohorts_session:bookings", args=[session.pk])
    html = client.get(url).content.decode()
    assert reverse("participant_chooser:choose") in html
    assert "chooser-widget.js" in html
    assert not options_of_people(html, people)
    response = client.post(
        url, {"action": "add", "add-participant": people[5].pk, "add-status": "booked"}
    )
    assert response.status_code == 302
    assert session.bookings.get().participant == people[5]


def test_the_cohort_form_has_no_member_list_and_chooses_rule_regions(staff_client, region_tree):
    people = [make_participant(unit=region_tree["kelurahan"]) for _ in range(5)]
    programme = make_programme(modules=1, lessons=1, questions=1)
    client = staff_client("Penyelenggara")
    page = client.get(reverse("cohorts_cohort:add"))
    html = page.content.decode()
    assert "member_list" not in page.context["form"].fields
    assert not options_of_people(html, people)
    assert reverse("region_chooser:choose") + "?level__lte=3" in html
    assert region_tree["kecamatan"].name not in html  # regions are not listed
    assert region_tree["kota"].name not in html

    data = {
        "name": "Kelompok Gambir",
        "programme": programme.pk,
        "theme": "",
        "description": "",
        "rule_positions": [],
        "rule_regions": [region_tree["kecamatan"].pk],
    }
    response = client.post(reverse("cohorts_cohort:add"), data)
    assert response.status_code == 302, response.context["form"].errors
    cohort = Cohort.objects.get(name="Kelompok Gambir")
    assert list(cohort.rule_regions.all()) == [region_tree["kecamatan"]]
    assert cohort.memberships.active().count() == 5  # the rule applied on save
    edit = client.get(reverse("cohorts_cohort:edit", args=[cohort.pk])).content.decode()
    assert region_tree["kecamatan"].name in edit  # the chosen region is shown

    # a village is not a rule region (the chooser does not offer it; the form refuses it)
    data.update(name="Kelompok Kelurahan", rule_regions=[region_tree["kelurahan"].pk])
    response = client.post(reverse("cohorts_cohort:add"), data)
    assert response.status_code == 200
    assert "rule_regions" in response.context["form"].errors


def test_the_region_chooser_offers_only_the_levels_asked_and_finds_by_code(
    staff_client, region_tree
):
    client = staff_client("Penyelenggara")

    def found(**params):
        response = client.get(reverse("region_chooser:choose_results"), params)
        assert response.status_code == 200
        return {
            int(pk) for pk in re.findall(r"pilih-wilayah/chosen/(\d+)/", response.content.decode())
        }

    every = found(q="")
    assert region_tree["kelurahan"].pk in every
    assert region_tree["kelurahan"].pk not in found(q="", level__lte="3")
    assert found(q="31.71.01") == {region_tree["kecamatan"].pk, region_tree["kelurahan"].pk}
    assert found(q="31.71.01.") == found(q="31.71.01")
    assert found(q="31.7") >= {region_tree["kota"].pk, region_tree["kelurahan"].pk}
    assert found(q="31.8") == set()
    assert found(q=region_tree["kelurahan"].name[:5].lower()) >= {region_tree["kelurahan"].pk}
    assert Region.objects.count() == len(every)
