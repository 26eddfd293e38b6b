"""Case studies on the site and in the admin: who opens what (a draft is its authors' alone;
anyone else gets "not found"), the phone-friendly forms, files served only through views that
check, the organisers' review list and page, and query counts that stay flat."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation
from PIL import Image

from casestudies.models import CaseStudy, EvidencePhoto
from cohorts.models import Theme
from core.roles import Role
from tests.casestudies.factories import (
    SEOUL,
    category,
    make_author,
    make_case_study,
    make_group,
    make_ready,
    make_submitted,
    move,
    pdf_bytes,
    photo_bytes,
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


def read(response) -> bytes:
    """The whole streamed body (the test client closes the response once it is read)."""
    return b"".join(response.streaming_content)


def detail_urls(case_study):
    photo = case_study.photos.first()
    urls = [
        reverse("casestudies:detail", args=[case_study.pk]),
        reverse("casestudies:edit", args=[case_study.pk]),
        reverse("casestudies:paper_download", args=[case_study.pk]),
    ]
    if photo:
        urls += [
            reverse("casestudies:photo_image", args=[photo.pk, "kecil"]),
            reverse("casestudies:photo_original", args=[photo.pk]),
        ]
    return urls


def test_a_participant_cannot_open_another_participants_draft(client, region_tree, author):
    case_study = make_ready(make_case_study(*author), author[1])
    _other, other_user = make_author(region_tree["kelurahan"])
    client.force_login(other_user)
    for url in detail_urls(case_study):
        assert client.get(url).status_code == 404, url
    for name in ("paper_upload", "photo_upload", "submit"):
        assert client.post(reverse(f"casestudies:{name}", args=[case_study.pk])).status_code == 404
    photo = case_study.photos.get()
    response = client.post(reverse("casestudies:photo_delete", args=[photo.pk]))
    assert response.status_code == 404 and EvidencePhoto.objects.filter(pk=photo.pk).exists()
    assert case_study.title not in client.get(reverse("casestudies:list")).content.decode()


def test_organisers_do_not_open_drafts_but_review_what_is_submitted(client, author, organiser):
    draft = make_ready(make_case_study(*author), author[1])
    client.force_login(organiser)
    assert client.get(reverse("casestudies:detail", args=[draft.pk])).status_code == 404
    review = reverse("casestudies_casestudy:review", args=[draft.pk])
    assert client.get(review).status_code == 404
    submitted = make_submitted(*author, title="Terkirim")
    assert client.get(reverse("casestudies:detail", args=[submitted.pk])).status_code == 200
    assert (
        client.get(reverse("casestudies_casestudy:review", args=[submitted.pk])).status_code == 200
    )


def test_every_group_member_sees_and_edits_the_same_draft(client, region_tree, author):
    member, member_user = make_author(region_tree["kelurahan"])
    group = make_group([author[0], member])
    case_study = make_case_study(*author, group=group)
    client.force_login(member_user)
    assert case_study.title in client.get(reverse("casestudies:list")).content.decode()
    response = client.post(
        reverse("casestudies:edit", args=[case_study.pk]),
        {
            "title": "Judul baru",
            "summary": "Ringkasan",
            "visit_place": "Seoul",
            "visit_starts": "2019-10-14",
            "visit_ends": "2019-10-18",
        },
    )
    assert response.status_code == 302
    case_study.refresh_from_db()
    assert case_study.title == "Judul baru"


def test_staff_without_a_participant_profile_are_told_why(client, organiser):
    client.force_login(organiser)
    response = client.get(reverse("casestudies:list"))
    assert response.status_code == 403
    assert client.get(reverse("casestudies:create")).status_code == 403


def test_the_empty_list_says_what_to_do(client, author):
    client.force_login(author[1])
    response = client.get(reverse("casestudies:list"))
    assert response.status_code == 200
    assert reverse("casestudies:create") in response.content.decode()
    assert 'class="card empty-state"' in response.content.decode()


def test_a_participant_writes_uploads_and_submits_from_the_site(client, author):
    participant, user = author
    client.force_login(user)
    theme = Theme.objects.first()
    response = client.post(
        reverse("casestudies:create"),
        {"kind": "thematic", "title": "Penanganan sampah", "theme": theme.pk, "group": ""},
    )
    assert response.status_code == 302
    case_study = CaseStudy.objects.get(title="Penanganan sampah")
    assert case_study.author == participant
    detail = reverse("casestudies:detail", args=[case_study.pk])
    page = client.get(detail).content.decode()
    assert 'accept="image/jpeg' in page and "data-geolocate" in page
    assert "geolocation.js" in page
    # a file disguised by its extension is refused with the reason
    response = client.post(
        reverse("casestudies:paper_upload", args=[case_study.pk]),
        {"paper": upload(b"MZ\x90\x00", "makalah.pdf")},
    )
    assert response.status_code == 400
    assert "not a PDF" in response.content.decode()
    client.post(
        reverse("casestudies:paper_upload", args=[case_study.pk]),
        {"paper": upload(pdf_bytes(), "makalah.pdf")},
    )
    response = client.post(
        reverse("casestudies:photo_upload", args=[case_study.pk]),
        {
            "photo": upload(photo_bytes(taken_at=datetime.datetime(2019, 10, 15, 10, 0)), "a.jpg"),
            "category": category("taman-inovatif").pk,
            "caption": "Taman di atap",
            "latitude": "-6.175",
            "longitude": "106.8272",
        },
    )
    assert response.status_code == 302
    photo = case_study.photos.get()
    assert (photo.reported_latitude, photo.reported_longitude) == (-6.175, 106.8272)
    response = client.post(reverse("casestudies:submit", args=[case_study.pk]), {"comment": ""})
    assert response.status_code == 302
    case_study.refresh_from_db()
    assert case_study.status == Status.SUBMITTED
    # handed in: no more forms, and the edit page sends back with the reason
    page = client.get(detail).content.decode()
    assert "data-geolocate" not in page
    response = client.get(reverse("casestudies:edit", args=[case_study.pk]))
    assert response.status_code == 302


def test_a_bomb_photo_upload_is_refused_with_a_clear_message(client, author):
    from tests.casestudies.factories import png_bomb_bytes

    case_study = make_case_study(*author)
    client.force_login(author[1])
    response = client.post(
        reverse("casestudies:photo_upload", args=[case_study.pk]),
        {"photo": upload(png_bomb_bytes(), "bom.png"), "category": category().pk, "caption": "x"},
    )
    assert response.status_code == 400
    assert "decompression bomb" in response.content.decode()


def test_files_are_served_through_views_originals_as_attachments(client, author):
    participant, user = author
    case_study = make_ready(make_case_study(participant, user), user)
    photo = case_study.photos.get()
    client.force_login(user)
    original = client.get(reverse("casestudies:photo_original", args=[photo.pk]))
    assert original.status_code == 200
    assert read(original) == photo.original.open("rb").read()
    photo.original.close()
    assert original["Content-Disposition"].startswith("attachment")
    assert original["Content-Type"] == "application/octet-stream"
    web = client.get(reverse("casestudies:photo_image", args=[photo.pk, "besar"]))
    assert web["Content-Type"] == "image/jpeg"
    assert "attachment" not in web.get("Content-Disposition", "")
    image = Image.open(io.BytesIO(read(web)))
    assert "exif" not in image.info
    paper = client.get(reverse("casestudies:paper_download", args=[case_study.pk]))
    assert paper["Content-Disposition"].startswith("attachment")
    assert paper["Content-Type"] == "application/pdf"
    assert read(paper) == pdf_bytes()
    assert (
        client.get(reverse("casestudies:photo_image", args=[photo.pk, "asli"])).status_code == 404
    )


def test_list_queries_stay_flat(client, author, django_assert_max_num_queries):
    participant, user = author
    client.force_login(user)
    make_ready(make_case_study(participant, user, title="Satu"), user)
    url = reverse("casestudies:list")
    client.get(url)  # the session's first request saves it
    with django_assert_max_num_queries(30) as few:
        assert client.get(url).status_code == 200
    for n in range(6):
        make_ready(make_case_study(participant, user, title=f"Studi {n}"), user, photos=2)
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = client.get(url)
    assert response.content.decode().count("Studi ") == 6
    assert len(many.captured_queries) == len(few.captured_queries)


def test_detail_queries_stay_flat(client, author, django_assert_max_num_queries):
    participant, user = author
    client.force_login(user)
    case_study = make_ready(make_case_study(participant, user), user)
    url = reverse("casestudies:detail", args=[case_study.pk])
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    make_ready(case_study, user, photos=5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_admin_review_list_filters_and_queries_stay_flat(
    client, author, organiser, django_assert_max_num_queries
):
    participant, user = author
    make_submitted(participant, user, title="Pertama")
    make_case_study(participant, user, title="Masih draf")
    client.force_login(organiser)
    url = reverse("casestudies_casestudy:index")
    client.get(url)
    with django_assert_max_num_queries(60) as few:
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Pertama" in page and "Masih draf" not in page
    for n in range(5):
        make_submitted(participant, user, title=f"Kiriman {n}")
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = client.get(url)
    assert response.content.decode().count("Kiriman ") >= 5
    assert len(many.captured_queries) == len(few.captured_queries)
    filtered = client.get(url, {"status": "accepted"})
    assert filtered.status_code == 200 and "Kiriman 0" not in filtered.content.decode()


def test_admin_review_page_moves_through_review_with_comments(client, author, organiser):
    participant, user = author
    case_study = make_submitted(participant, user)
    client.force_login(organiser)
    url = reverse("casestudies_casestudy:review", args=[case_study.pk])
    page = client.get(url).content.decode()
    assert "Start the review" in page and "Accept" not in page
    assert reverse("casestudies:photo_image", args=[case_study.photos.get().pk, "kecil"]) in page
    client.post(url, {"status": Status.IN_REVIEW, "comment": "Mulai"})
    response = client.post(url, {"status": Status.REVISION_REQUESTED, "comment": ""}, follow=True)
    assert "comment is required" in response.content.decode()
    client.post(url, {"status": Status.REVISION_REQUESTED, "comment": "Perbaiki peta"})
    case_study.refresh_from_db()
    assert case_study.status == Status.REVISION_REQUESTED
    last = case_study.transitions.last()
    assert (last.by, last.comment) == (organiser, "Perbaiki peta")
    # an invalid move posted by hand is refused
    response = client.post(url, {"status": Status.PRESENTED, "comment": "x"}, follow=True)
    assert "cannot go from" in response.content.decode()
    client.post(url, {"action": "deadline", "deadline": "2019-11-01T17:00"})
    case_study.refresh_from_db()
    assert case_study.deadline is not None
    assert "Perbaiki peta" in client.get(url).content.decode()


def test_admin_refuses_other_roles(client, author, staff_client):
    case_study = make_submitted(*author)
    fasilitator = staff_client(Role.FASILITATOR)
    url = reverse("casestudies_casestudy:review", args=[case_study.pk])
    assert fasilitator.get(url).status_code in (302, 403)
    client.force_login(author[1])
    assert client.get(reverse("casestudies_casestudy:index")).status_code == 302


def test_photo_categories_are_edited_in_the_admin(client, organiser):
    client.force_login(organiser)
    response = client.post(
        reverse("casestudies_photocategory:add"),
        {"name": "Jalur sepeda", "slug": "jalur-sepeda", "sort_order": 7},
    )
    assert response.status_code == 302
    assert "Jalur sepeda" in client.get(reverse("casestudies_photocategory:index")).content.decode()


def test_seoul_coordinates_show_to_authors(client, author):
    participant, user = author
    case_study = make_ready(make_case_study(participant, user), user)
    client.force_login(user)
    page = client.get(reverse("casestudies:detail", args=[case_study.pk])).content.decode()
    assert f"{SEOUL[0]:.4f}"[:6] in page
    assert move  # the helper is shared with the service tests


@pytest.fixture(autouse=True)
def _english(client, settings):
    """Refusals and pages are matched in their English source text (the catalogue would
    otherwise answer in Indonesian, the default language)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
