"""Presentations: a slot on a session day for an accepted case study and its refusals (not
accepted, a second live slot, a room of another venue, times outside the day, a room taken, a
panellist who is no facilitator, an author, conflicted or on another panel at the time), held →
presented through the lifecycle with its history, cancelled → still accepted; the panel's
scores on the rubric and their mean by hand; the selectors' query counts."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from casestudies.models import CaseStudy, PanelMember, PresentationSlot, RubricCriterion
from casestudies.scoring import panel_mean
from casestudies.selectors import (
    case_study_presentation,
    panel_list_for_user,
    panel_scores,
    presentation_slot_list,
)
from casestudies.services.presentations import (
    panel_score,
    presentation_slot_cancel,
    presentation_slot_hold,
    presentation_slot_schedule,
)
from casestudies.services.reviews import conflict_declare
from cohorts.models import Room
from core.errors import DomainError
from core.roles import Role
from tests.casestudies.factories import make_author, make_submitted, move
from tests.factories import make_session, make_venue

Status = CaseStudy.Status
pytestmark = pytest.mark.django_db
T = datetime.time
NINE, TEN = T(9), T(10)


def make_staff(role, name):
    user = get_user_model().objects.create_user(
        username=name, email=f"{name}@example.go.id", password="x", first_name=name
    )
    user.groups.add(Group.objects.get(name=role))
    return user


def make_accepted(participant, user, organiser, title):
    case_study = make_submitted(participant, user, title=title)
    return move(case_study, Status.IN_REVIEW, Status.ACCEPTED, by=organiser)


@pytest.fixture
def world(region_tree):
    participant, author = make_author(region_tree["kelurahan"])
    organiser = make_staff(Role.PENYELENGGARA, "org")
    venue = make_venue(classrooms=(("Kelas A", 60), ("Kelas B", 40)))
    session = make_session(venue=venue, start=datetime.date(2019, 3, 4), days=2)
    rooms = list(venue.rooms.filter(kind=Room.Kind.CLASSROOM).order_by("name"))
    return {
        "participant": participant,
        "author": author,
        "organiser": organiser,
        "panel": [make_staff(Role.FASILITATOR, "p1"), make_staff(Role.FASILITATOR, "p2")],
        "session": session,
        "day": session.days.order_by("date").first(),
        "rooms": rooms,
        "lodging": venue.rooms.get(kind=Room.Kind.LODGING),
        "first": make_accepted(participant, author, organiser, "Satu"),
        "second": make_accepted(participant, author, organiser, "Dua"),
    }


def schedule(world, case_study=None, *, room=None, starts=NINE, ends=TEN, panel=None, day=None):
    return presentation_slot_schedule(
        case_study=case_study or world["first"],
        day=day or world["day"],
        room=room or world["rooms"][0],
        starts=starts,
        ends=ends,
        panel=world["panel"] if panel is None else panel,
        by=world["organiser"],
    )


def levels(value):
    return dict.fromkeys(RubricCriterion.objects.values_list("pk", flat=True), value)


def test_a_slot_is_scheduled_held_and_the_case_study_presented(world):
    slot = schedule(world)
    assert slot.status == PresentationSlot.Status.SCHEDULED
    assert {m.panellist for m in slot.panel.all()} == set(world["panel"])
    assert case_study_presentation(world["first"]) == slot
    presentation_slot_hold(slot=slot, by=world["organiser"])
    case_study = CaseStudy.objects.get(pk=world["first"].pk)
    assert case_study.status == Status.PRESENTED
    last = case_study.transitions.last()
    assert (last.from_status, last.to_status, last.by) == (
        Status.ACCEPTED,
        Status.PRESENTED,
        world["organiser"],
    )
    with pytest.raises(DomainError, match="cannot go from"):
        presentation_slot_cancel(slot=slot, by=world["organiser"])


def test_a_cancelled_slot_leaves_the_case_study_accepted_and_frees_it(world):
    slot = schedule(world)
    presentation_slot_cancel(slot=slot, by=world["organiser"])
    assert CaseStudy.objects.get(pk=world["first"].pk).status == Status.ACCEPTED
    assert case_study_presentation(world["first"]) is None
    with pytest.raises(DomainError, match="cannot go from"):
        presentation_slot_hold(slot=slot, by=world["organiser"])
    again = schedule(world)  # the same room and time are free again
    assert again.status == PresentationSlot.Status.SCHEDULED


def test_only_an_accepted_case_study_once(world, region_tree):
    submitted = make_submitted(world["participant"], world["author"], title="Tiga")
    with pytest.raises(DomainError, match="Only an accepted case study"):
        schedule(world, submitted)
    schedule(world)
    with pytest.raises(DomainError, match="already has a presentation slot"):
        schedule(world, starts=T(13), ends=T(14))


def test_room_and_time_refusals(world):
    other_room = make_venue(name="Gedung Lain").rooms.filter(kind=Room.Kind.CLASSROOM).first()
    with pytest.raises(DomainError, match="not a classroom of the session's venue"):
        schedule(world, room=other_room)
    with pytest.raises(DomainError, match="not a classroom of the session's venue"):
        schedule(world, room=world["lodging"])
    with pytest.raises(DomainError, match="end after it starts"):
        schedule(world, starts=T(10), ends=T(10))
    with pytest.raises(DomainError, match="within the day's hours, 08:00–16:00"):
        schedule(world, starts=T(15), ends=T(17))
    schedule(world, starts=T(9), ends=T(10))
    with pytest.raises(DomainError, match="already taken at that time"):
        schedule(world, world["second"], starts=T(9, 30), ends=T(10, 30), panel=[])
    # back to back in the same room, or at the same time in another room with another panel
    schedule(world, world["second"], starts=T(10), ends=T(11))


def test_panel_refusals(world, region_tree):
    with pytest.raises(DomainError, match="at least one panellist"):
        schedule(world, panel=[])
    with pytest.raises(DomainError, match="not a facilitator"):
        schedule(world, panel=[world["organiser"]])
    conflicted = make_staff(Role.FASILITATOR, "kin")
    conflict_declare(
        reviewer=conflicted,
        participant=world["participant"],
        kind="kinship",
        reason="Saudara ipar",
        by=world["organiser"],
    )
    with pytest.raises(DomainError, match=r"conflict of interest: Declared kinship.*Saudara ipar"):
        schedule(world, panel=[world["panel"][0], conflicted])
    schedule(world, starts=T(9), ends=T(10))
    with pytest.raises(DomainError, match="already on another panel at that time"):
        schedule(world, world["second"], room=world["rooms"][1], starts=T(9, 30), ends=T(11))
    free = make_staff(Role.FASILITATOR, "p3")
    slot = schedule(world, world["second"], room=world["rooms"][1], panel=[free])
    assert slot.starts == T(9)


def test_an_author_is_not_on_the_panel(world, region_tree):
    participant, user = make_author(region_tree["kelurahan"], name="Penulis Fasilitator")
    user.groups.add(Group.objects.get(name=Role.FASILITATOR))
    case_study = make_accepted(participant, user, world["organiser"], "Empat")
    with pytest.raises(DomainError, match="one of its authors"):
        schedule(world, case_study, panel=[user])


def test_the_panel_mean_by_hand():
    # criteria weighted 2 and 1; panellist A: 4, 2 → (8+2)/3 × 25 = 83.33;
    # B: 3, 3 → 75.00; C incomplete, left out; mean (83.333… rounded 83.33 + 75) / 2 = 79.17
    weights = {1: 2, 2: 1}
    assert panel_mean([{1: 4, 2: 2}, {1: 3, 2: 3}, {1: 4}], weights) == Decimal("79.17")
    assert panel_mean([{1: 1, 2: 1}], weights) == Decimal("25.00")
    assert panel_mean([{1: 4}], weights) is None
    assert panel_mean([], weights) is None


def test_panellists_score_on_the_rubric(world):
    slot = schedule(world)
    first, second = slot.panel.order_by("pk")
    with pytest.raises(DomainError, match="Only the panellist himself"):
        panel_score(member=first, levels=levels(3), feedback="", by=world["panel"][1])
    with pytest.raises(DomainError, match="every criterion"):
        panel_score(member=first, levels={}, feedback="", by=world["panel"][0])
    with pytest.raises(DomainError, match="1 to 4"):
        panel_score(member=first, levels=levels(0), feedback="", by=world["panel"][0])
    presentation_slot_hold(slot=slot, by=world["organiser"])
    panel_score(member=first, levels=levels(4), feedback="Jelas", by=world["panel"][0])
    panel_score(member=first, levels=levels(3), feedback="Cukup jelas", by=world["panel"][0])
    panel_score(member=second, levels=levels(2), feedback="Kurang data", by=world["panel"][1])
    result = panel_scores(slot)
    assert [m.score for m in result["members"]] == [Decimal("75.00"), Decimal("50.00")]
    assert result["mean"] == Decimal("62.50")
    assert result["members"][0].feedback == "Cukup jelas"


def test_a_coming_presentation_is_neither_held_nor_scored_before_its_day(world):
    from django.utils import timezone

    from tests.factories import make_session

    coming = make_session(
        venue=world["rooms"][0].venue, start=timezone.localdate() + datetime.timedelta(days=3)
    )
    slot = schedule(world, day=coming.days.order_by("date").first())
    with pytest.raises(DomainError, match="on its day or later"):
        presentation_slot_hold(slot=slot, by=world["organiser"])
    with pytest.raises(DomainError, match="on its day or once it is held"):
        panel_score(member=slot.panel.first(), levels=levels(3), feedback="", by=world["panel"][0])
    assert CaseStudy.objects.get(pk=world["first"].pk).status == Status.ACCEPTED


def test_a_cancelled_presentation_is_not_scored(world):
    slot = schedule(world)
    presentation_slot_cancel(slot=slot, by=world["organiser"])
    with pytest.raises(DomainError, match="on its day or once it is held"):
        panel_score(member=slot.panel.first(), levels=levels(3), feedback="", by=world["panel"][0])


def test_the_selectors_take_a_fixed_number_of_queries(world, django_assert_num_queries):
    schedule(world)
    with django_assert_num_queries(2):
        slots = list(presentation_slot_list())
        [m.panellist.username for s in slots for m in s.panel.all()]
    with django_assert_num_queries(1):
        [m.slot.case_study.title for m in panel_list_for_user(world["panel"][0])]
    with django_assert_num_queries(3):
        panel_scores(slots[0])
    schedule(world, world["second"], starts=T(11), ends=T(12))
    with django_assert_num_queries(2):
        slots = list(presentation_slot_list())
        [m.panellist.username for s in slots for m in s.panel.all()]
    assert len(slots) == 2
    with django_assert_num_queries(1):
        [m.slot.room.name for m in panel_list_for_user(world["panel"][0])]


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_organiser_schedules_holds_and_lists_in_the_admin(client, world):
    client.force_login(world["organiser"])
    url = reverse("casestudies_presentation:schedule")
    assert client.get(url).status_code == 200
    data = {
        "case_study": world["first"].pk,
        "day": world["day"].pk,
        "room": world["rooms"][0].pk,
        "starts": "09:00",
        "ends": "17:00",
        "panel": [u.pk for u in world["panel"]],
    }
    response = client.post(url, data)
    assert response.status_code == 400 and "within the day" in response.text
    response = client.post(url, {**data, "ends": "10:00"})
    slot = PresentationSlot.objects.get()
    assert response.url == reverse("casestudies_presentation:slot", args=[slot.pk])
    page = client.get(response.url)
    assert "Panel mean" in page.text and "Final score of the review" in page.text
    client.post(response.url, {"action": "hold"})
    assert CaseStudy.objects.get(pk=world["first"].pk).status == Status.PRESENTED


def test_the_slot_list_takes_the_same_queries_for_more_slots(client, world, region_tree):
    client.force_login(world["organiser"])
    url = reverse("casestudies_presentation:index")
    schedule(world)
    one = _queries(client, url)
    schedule(world, world["second"], starts=T(11), ends=T(12))
    third = make_accepted(world["participant"], world["author"], world["organiser"], "Tiga")
    schedule(world, third, starts=T(13), ends=T(14), panel=[make_staff(Role.FASILITATOR, "p9")])
    assert _queries(client, url) == one
    filtered = client.get(url, {"date": "2019-03-05"})
    assert "No presentation is scheduled." in filtered.text
    shown = client.get(url, {"date": "2019-03-04", "status": "scheduled"})
    assert shown.context["page"].paginator.count == 3


def test_my_panels_and_scoring_there(client, world):
    panellist = world["panel"][0]
    client.force_login(panellist)
    url = reverse("casestudies_panel:index")
    schedule(world)
    one = _queries(client, url)
    schedule(world, world["second"], starts=T(11), ends=T(12))
    assert _queries(client, url) == one
    member = PanelMember.objects.filter(panellist=panellist).order_by("pk").first()
    score_url = reverse("casestudies_panel:score", args=[member.pk])
    assert client.get(score_url).status_code == 200
    data = {f"criterion_{pk}": "3" for pk in RubricCriterion.objects.values_list("pk", flat=True)}
    client.post(score_url, {**data, "feedback": "Runtut"})
    member.refresh_from_db()
    assert member.feedback == "Runtut" and member.scores.count() == len(data)
    other = PanelMember.objects.exclude(panellist=panellist).first()
    assert client.get(reverse("casestudies_panel:score", args=[other.pk])).status_code == 302


def test_the_authors_see_their_slot(client, world):
    schedule(world)
    client.force_login(world["author"])
    page = client.get(reverse("casestudies:detail", args=[world["first"].pk]))
    assert "Scheduled for" in page.text and "Kelas A" in page.text and "09.00" in page.text


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
