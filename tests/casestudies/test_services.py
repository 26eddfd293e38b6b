"""Case-study services: drafts by one author or a group, the paper and photos checked by
content, the workflow with every transition and refusal, late submissions, the history."""

import datetime
import hashlib

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from PIL import ExifTags, Image

from casestudies.models import CaseStudy, CaseStudyTransition, EvidencePhoto
from casestudies.services.case_studies import (
    case_study_paper_upload,
    case_study_save,
    case_study_set_status,
    case_study_submit,
)
from casestudies.services.categories import photo_category_delete
from casestudies.services.photos import photo_add, photo_delete
from cohorts.models import Theme
from core.errors import DomainError
from core.roles import Role
from tests.casestudies.factories import (
    SEOUL,
    VISIT,
    category,
    docx_bytes,
    make_author,
    make_case_study,
    make_group,
    make_ready,
    make_submitted,
    move,
    pdf_bytes,
    photo_bytes,
    png_bomb_bytes,
    upload,
)

Status = CaseStudy.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def author(region_tree):
    return make_author(region_tree["kelurahan"])


@pytest.fixture
def organiser():
    user = get_user_model().objects.create_user(
        username="penyelenggara", email="org@example.go.id", password="x"
    )
    user.groups.add(Group.objects.get(name=Role.PENYELENGGARA))
    return user


def test_categories_are_seeded_as_an_editable_list():
    from casestudies.models import PhotoCategory

    assert list(PhotoCategory.objects.values_list("name", flat=True)) == [
        "Trotoar",
        "Perlakuan pohon",
        "Sungai",
        "Penataan reklame",
        "Taman inovatif",
        "Aksesoris kota",
    ]


def test_a_draft_by_one_author_records_its_creation(author):
    participant, user = author
    case_study = make_case_study(participant, user)
    assert case_study.status == Status.DRAFT and case_study.author == participant
    step = case_study.transitions.get()
    assert (step.from_status, step.to_status, step.by) == ("", Status.DRAFT, user)


def test_a_group_draft_is_shared_by_every_member(region_tree):
    (first, first_user), (second, second_user) = (
        make_author(region_tree["kelurahan"]),
        make_author(region_tree["kelurahan"]),
    )
    group = make_group([first, second])
    case_study = make_case_study(first, first_user, group=group)
    assert case_study.author is None and case_study.group == group
    changed = case_study_save(case_study=case_study, by=second_user, summary="Ditulis bersama")
    assert changed.summary == "Ditulis bersama"


def test_a_group_the_author_is_not_in_is_refused(region_tree, author):
    other, _user = make_author(region_tree["kelurahan"])
    group = make_group([other])
    with pytest.raises(DomainError, match="member"):
        make_case_study(*author, group=group)


def test_kinds_need_what_they_are_about(author):
    participant, user = author
    with pytest.raises(ValidationError) as error:
        make_case_study(participant, user, kind=CaseStudy.Kind.THEMATIC, theme=None)
    assert "theme" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        make_case_study(participant, user, visit_starts=None, visit_ends=None)
    assert "visit_starts" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        make_case_study(participant, user, visit_starts=VISIT[1], visit_ends=VISIT[0])
    assert "visit_ends" in error.value.message_dict
    theme = Theme.objects.first()
    thematic = make_case_study(
        participant, user, kind=CaseStudy.Kind.THEMATIC, theme=theme, title="Sampah"
    )
    change = make_case_study(
        participant,
        user,
        kind=CaseStudy.Kind.CHANGE_PROJECT,
        visit_starts=None,
        visit_ends=None,
        title="Aksi perubahan",
    )
    assert thematic.theme == theme and change.kind == CaseStudy.Kind.CHANGE_PROJECT


def test_someone_else_cannot_change_a_draft(region_tree, author):
    case_study = make_case_study(*author)
    _other, other_user = make_author(region_tree["kelurahan"])
    with pytest.raises(DomainError, match="authors"):
        case_study_save(case_study=case_study, by=other_user, title="Bukan milikku")
    with pytest.raises(DomainError, match="authors"):
        case_study_paper_upload(
            case_study=case_study, file=upload(pdf_bytes(), "x.pdf"), by=other_user
        )


def test_the_paper_is_checked_by_content_and_stored_privately_with_its_hash(author):
    participant, user = author
    case_study = make_case_study(participant, user)
    with pytest.raises(DomainError, match="not a PDF"):
        case_study_paper_upload(
            case_study=case_study, file=upload(b"#!/bin/sh\nrm -rf /\n", "makalah.pdf"), by=user
        )
    case_study = case_study_paper_upload(
        case_study=case_study, file=upload(docx_bytes(), "makalah.docx"), by=user
    )
    assert case_study.paper_format == "docx" and len(case_study.paper_sha256) == 64
    assert case_study.paper.name.startswith("studi-kasus/")
    with pytest.raises(ValueError, match="private"):
        case_study.paper.url  # noqa: B018 — private storage has no address


def test_a_photo_records_server_time_reported_place_hash_and_exif(
    author, django_capture_on_commit_callbacks
):
    participant, user = author
    case_study = make_case_study(participant, user)
    data = photo_bytes(
        size=(2000, 1500), taken_at=datetime.datetime(2019, 10, 15, 9, 30), position=SEOUL
    )
    before = timezone.now()
    photo = photo_add(
        case_study=case_study,
        file=upload(data, "IMG_0001.jpg"),
        category=category("sungai"),
        caption="Sungai Cheonggyecheon",
        latitude=37.5701,
        longitude=126.9784,
        by=user,
    )
    assert photo.uploaded_at >= before
    assert (photo.reported_latitude, photo.reported_longitude) == (37.5701, 126.9784)
    assert photo.exif_date == datetime.date(2019, 10, 15)
    assert photo.exif_time == datetime.time(9, 30)
    assert photo.exif_latitude == pytest.approx(SEOUL[0], abs=1e-5)
    assert not photo.exif_outside_visit
    assert photo.sha256 == hashlib.sha256(data).hexdigest()
    with photo.large.open("rb") as large:
        image = Image.open(large)
        assert image.format == "JPEG" and max(image.size) == 1600
        assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert "exif" not in image.info
    with photo.thumbnail.open("rb") as thumbnail:
        assert max(Image.open(thumbnail).size) == 400
    with photo.original.open("rb") as original:  # the original keeps its EXIF, privately
        assert original.read() == data


def test_a_photo_taken_outside_the_visit_is_flagged_not_refused(author):
    participant, user = author
    case_study = make_case_study(participant, user)
    photo = photo_add(
        case_study=case_study,
        file=upload(photo_bytes(taken_at=datetime.datetime(2018, 1, 2, 8, 0)), "lama.jpg"),
        category=category(),
        caption="Foto lama",
        by=user,
    )
    assert photo.exif_outside_visit


def test_heic_photos_are_accepted_and_converted(author):
    participant, user = author
    case_study = make_case_study(participant, user)
    data = photo_bytes(
        size=(640, 480), format="HEIF", taken_at=datetime.datetime(2019, 10, 16, 14, 0)
    )
    photo = photo_add(
        case_study=case_study,
        file=upload(data, "IMG_0002.HEIC"),
        category=category(),
        caption="Dari iPhone",
        by=user,
    )
    assert photo.original_format == "HEIF" and photo.original.name.endswith(".heic")
    assert photo.exif_date == datetime.date(2019, 10, 16)
    with photo.large.open("rb") as large:
        assert Image.open(large).format == "JPEG"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"GIF89a not really", "not a photo"),
        (b"%PDF-1.4 named foto.jpg", "not a photo"),
        (png_bomb_bytes(), "decompression bomb"),
    ],
)
def test_photos_are_refused_by_content(author, data, message):
    case_study = make_case_study(*author)
    with pytest.raises(DomainError, match=message):
        photo_add(
            case_study=case_study,
            file=upload(data, "foto.jpg"),
            category=category(),
            caption="x",
            by=author[1],
        )
    assert not EvidencePhoto.objects.exists()


def test_an_oversized_photo_is_refused(author, settings):
    settings.SELARAS_IMAGE_MAX_BYTES = 500
    with pytest.raises(DomainError, match="at most"):
        photo_add(
            case_study=make_case_study(*author),
            file=upload(photo_bytes(size=(300, 300)), "besar.jpg"),
            category=category(),
            caption="x",
            by=author[1],
        )


def test_a_photo_needs_a_caption_and_a_valid_position(author):
    case_study = make_case_study(*author)
    with pytest.raises(DomainError, match="caption"):
        photo_add(
            case_study=case_study,
            file=upload(photo_bytes(), "a.jpg"),
            category=category(),
            caption="  ",
            by=author[1],
        )
    with pytest.raises(DomainError, match="latitude"):
        photo_add(
            case_study=case_study,
            file=upload(photo_bytes(), "a.jpg"),
            category=category(),
            caption="x",
            latitude=123.0,
            longitude=10.0,
            by=author[1],
        )


def test_submitting_needs_a_paper_and_a_photo(author):
    participant, user = author
    case_study = make_case_study(participant, user)
    with pytest.raises(DomainError, match="paper"):
        case_study_submit(case_study=case_study, by=user)
    case_study = case_study_paper_upload(
        case_study=case_study, file=upload(pdf_bytes(), "m.pdf"), by=user
    )
    with pytest.raises(DomainError, match="photo"):
        case_study_submit(case_study=case_study, by=user)


def test_only_an_author_submits(region_tree, author):
    case_study = make_ready(make_case_study(*author), author[1])
    _other, other_user = make_author(region_tree["kelurahan"])
    with pytest.raises(DomainError, match="authors"):
        case_study_submit(case_study=case_study, by=other_user)


def test_the_whole_workflow_with_its_history(author, organiser):
    participant, user = author
    case_study = make_submitted(participant, user)
    assert case_study.status == Status.SUBMITTED and case_study.submitted_at
    assert not case_study.late
    case_study = move(case_study, Status.IN_REVIEW, by=organiser)
    with pytest.raises(DomainError, match="comment"):
        case_study_set_status(
            case_study=case_study, status=Status.REVISION_REQUESTED, by=organiser, comment=" "
        )
    case_study = move(case_study, Status.REVISION_REQUESTED, by=organiser, comment="Tambah foto")
    assert case_study.editable
    case_study = case_study_save(case_study=case_study, by=user, summary="Diperbaiki")
    case_study = case_study_submit(case_study=case_study, by=user, comment="Sudah diperbaiki")
    case_study = move(case_study, Status.IN_REVIEW, Status.ACCEPTED, Status.PRESENTED, by=organiser)
    assert case_study.status == Status.PRESENTED
    history = list(
        CaseStudyTransition.objects.filter(case_study=case_study).values_list(
            "from_status", "to_status", "by", "comment"
        )
    )
    assert history == [
        ("", Status.DRAFT, user.pk, ""),
        (Status.DRAFT, Status.SUBMITTED, user.pk, ""),
        (Status.SUBMITTED, Status.IN_REVIEW, organiser.pk, "Catatan"),
        (Status.IN_REVIEW, Status.REVISION_REQUESTED, organiser.pk, "Tambah foto"),
        (Status.REVISION_REQUESTED, Status.SUBMITTED, user.pk, "Sudah diperbaiki"),
        (Status.SUBMITTED, Status.IN_REVIEW, organiser.pk, "Catatan"),
        (Status.IN_REVIEW, Status.ACCEPTED, organiser.pk, "Catatan"),
        (Status.ACCEPTED, Status.PRESENTED, organiser.pk, "Catatan"),
    ]


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ((), Status.IN_REVIEW),  # a draft is not reviewed
        ((), Status.ACCEPTED),
        (("submit",), Status.ACCEPTED),  # accepted without review
        (("submit",), Status.PRESENTED),
        (("submit", Status.IN_REVIEW), Status.PRESENTED),  # presented before accepted
        (("submit", Status.IN_REVIEW, Status.ACCEPTED), Status.REVISION_REQUESTED),
        (("submit", Status.IN_REVIEW, Status.ACCEPTED, Status.PRESENTED), Status.IN_REVIEW),
    ],
)
def test_invalid_transitions_are_refused(author, organiser, path, target):
    participant, user = author
    case_study = make_ready(make_case_study(participant, user), user)
    for step in path:
        if step == "submit":
            case_study = case_study_submit(case_study=case_study, by=user)
        else:
            case_study = move(case_study, step, by=organiser)
    before = case_study.status
    with pytest.raises(DomainError, match="cannot go from"):
        case_study_set_status(case_study=case_study, status=target, by=organiser, comment="x")
    case_study.refresh_from_db()
    assert case_study.status == before


def test_reviewers_do_not_submit_and_authors_cannot_resubmit_what_is_in_review(author, organiser):
    participant, user = author
    case_study = make_submitted(participant, user)
    with pytest.raises(DomainError, match="authors submit"):
        case_study_set_status(case_study=case_study, status=Status.SUBMITTED, by=organiser)
    with pytest.raises(DomainError, match="cannot go from"):
        case_study_submit(case_study=case_study, by=user)


def test_a_submitted_case_study_can_no_longer_be_changed(author):
    participant, user = author
    case_study = make_submitted(participant, user)
    with pytest.raises(DomainError, match="no longer"):
        case_study_save(case_study=case_study, by=user, title="Diubah diam-diam")
    with pytest.raises(DomainError, match="no longer"):
        photo_add(
            case_study=case_study,
            file=upload(photo_bytes(), "a.jpg"),
            category=category(),
            caption="x",
            by=user,
        )
    with pytest.raises(DomainError, match="no longer"):
        photo_delete(photo=case_study.photos.first(), by=user)


def test_a_late_submission_is_flagged_on_the_case_study_and_in_its_history(author):
    participant, user = author
    past = timezone.now() - datetime.timedelta(days=1)
    case_study = make_case_study(participant, user, deadline=past)
    assert case_study.overdue
    case_study = case_study_submit(case_study=make_ready(case_study, user), by=user)
    assert case_study.late
    assert case_study.transitions.get(to_status=Status.SUBMITTED).late
    on_time = make_submitted(
        participant, user, deadline=timezone.now() + datetime.timedelta(days=1), title="Tepat"
    )
    assert not on_time.late


def test_deleting_a_photo_removes_its_files_after_commit(
    author, django_capture_on_commit_callbacks
):
    participant, user = author
    case_study = make_ready(make_case_study(participant, user), user)
    photo = case_study.photos.get()
    storage, names = photo.original.storage, [photo.original.name, photo.large.name]
    with django_capture_on_commit_callbacks(execute=True):
        photo_delete(photo=photo, by=user)
    assert not any(storage.exists(name) for name in names)


def test_a_category_in_use_is_not_deleted(author):
    make_ready(make_case_study(*author), author[1])
    with pytest.raises(DomainError, match="used by 1 photo"):
        photo_category_delete(category=category())
    photo_category_delete(category=category("sungai"))


@pytest.fixture(autouse=True)
def _english(client, settings):
    """Refusals and pages are matched in their English source text (the catalogue would
    otherwise answer in Indonesian, the default language)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
