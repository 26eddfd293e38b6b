"""The case-study demo on a small world: ten study-visit papers by ten camat in every state,
with photos carrying EXIF dates and Seoul positions, thematic group work per theme, and a
second run that adds nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from PIL import ExifTags, Image

from casestudies.demo import VISIT, case_studies_demo_load
from casestudies.models import CaseStudy, EvidencePhoto, ReviewAssignment
from cohorts.models import Cohort, Participant, Region, Theme
from cohorts.services.cohorts import cohort_member_add
from core.roles import Role
from lms.services.accounts import user_create_for_participant
from tests.factories import make_participant, make_programme

Status = CaseStudy.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def small_world(region_tree):
    organiser = get_user_model().objects.create_user(
        username="org", email="org@example.go.id", password="x"
    )
    organiser.groups.add(Group.objects.get(name=Role.PENYELENGGARA))
    facilitator = get_user_model().objects.create_user(
        username="fas", email="fas@example.go.id", password="x"
    )
    facilitator.groups.add(Group.objects.get(name=Role.FASILITATOR))
    for n in range(10):
        kecamatan = Region.objects.create(
            code=f"31.71.{n + 11:02d}",
            name=f"Kecamatan Uji {n}",
            level=Region.Level.DISTRICT,
            kind=Region.Kind.KECAMATAN,
            parent=region_tree["kota"],
        )
        make_participant(unit=kecamatan, position=Participant.Position.CAMAT)
    programme = make_programme(modules=0)
    for theme in Theme.objects.order_by("sort_order")[:2]:
        cohort = Cohort.objects.create(
            name=f"Kelompok {theme.name}", programme=programme, theme=theme
        )
        for n in range(2):
            member = make_participant(unit=region_tree["kelurahan"], name=f"Lurah {theme} {n}")
            cohort_member_add(cohort=cohort, participant=member)
    return organiser


def test_the_demo_makes_every_state_with_exif_photos_once(small_world):
    made = case_studies_demo_load(account_for=user_create_for_participant)
    assert made == 12
    papers = CaseStudy.objects.filter(kind=CaseStudy.Kind.STUDY_VISIT)
    statuses = sorted(papers.values_list("status", flat=True))
    assert statuses.count(Status.PRESENTED) == 3
    assert statuses.count(Status.ACCEPTED) == 2
    assert statuses.count(Status.IN_REVIEW) == 3
    assert statuses.count(Status.REVISION_REQUESTED) == 1
    assert papers.filter(status=Status.SUBMITTED, late=True).count() == 1
    assert CaseStudy.objects.filter(kind=CaseStudy.Kind.THEMATIC, group__isnull=False).count() == 2
    photos = EvidencePhoto.objects.filter(case_study__kind=CaseStudy.Kind.STUDY_VISIT)
    assert photos.count() == 60
    seoul = photos.filter(exif_latitude__range=(37.4, 37.7), exif_longitude__range=(126.8, 127.2))
    assert seoul.count() == 59  # one came through a chat app without EXIF
    assert photos.filter(exif_date__range=VISIT).count() == 58
    assert sum(photo.exif_outside_visit for photo in photos.select_related("case_study")) == 1
    with photos.first().large.open("rb") as large:
        assert not Image.open(large).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    reviewed = ReviewAssignment.objects.filter(case_study__kind=CaseStudy.Kind.STUDY_VISIT)
    assert reviewed.count() == 9  # all but the late one, still waiting
    assert reviewed.filter(scored_at__isnull=False).count() == 5  # accepted and presented
    assert case_studies_demo_load(account_for=user_create_for_participant) == 0
    assert CaseStudy.objects.count() == 12


def test_the_demo_declares_conflicts_sets_weights_and_releases_feedback_once(small_world):
    from casestudies.models import ConflictOfInterest, FeedbackRelease
    from casestudies.selectors import review_weights_get

    case_studies_demo_load(account_for=user_create_for_participant)
    conflicts = ConflictOfInterest.objects.order_by("pk")
    assert conflicts.count() == 2
    assert [c.pinned for c in conflicts] == [True, False]
    assert review_weights_get().as_dict() == {"penguji": 50, "coach": 30, "mentor": 20}
    released = FeedbackRelease.objects.count()
    assert released == 3  # the presented papers, scored by the facilitator
    case_studies_demo_load(account_for=user_create_for_participant)
    assert ConflictOfInterest.objects.count() == 2
    assert FeedbackRelease.objects.count() == released


def test_the_demo_presents_in_held_slots_and_schedules_one_coming(small_world):
    import datetime

    from django.utils import timezone

    from casestudies.models import PanelScore, PresentationSlot
    from tests.factories import make_session

    make_session(start=datetime.date(2019, 3, 4), days=2)
    coming = make_session(
        start=timezone.localdate() + datetime.timedelta(days=10), days=1, title="Angkatan II 2026"
    )
    case_studies_demo_load(account_for=user_create_for_participant)
    held = PresentationSlot.objects.filter(status=PresentationSlot.Status.HELD)
    assert held.count() == 3
    assert {slot.day.date for slot in held} == {datetime.date(2019, 3, 5)}
    assert set(held.values_list("case_study__status", flat=True)) == {Status.PRESENTED}
    assert PanelScore.objects.filter(member__slot__in=held).exists()
    scheduled = PresentationSlot.objects.get(status=PresentationSlot.Status.SCHEDULED)
    assert scheduled.day.session == coming and scheduled.case_study.status == Status.ACCEPTED
    case_studies_demo_load(account_for=user_create_for_participant)
    assert PresentationSlot.objects.count() == 4
