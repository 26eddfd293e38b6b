"""The digital collection: who sees it (accepted and presented outputs only; drafts and work in
review never), its filters and search, web photos without positions loaded lazily, the
query counts of the gallery and the photo wall, the programme's PDF book (read back with
pypdf, built once however often its task runs) and the organisers' ZIP (read back)."""

import datetime
import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation
from PIL import Image
from pypdf import PdfReader

from casestudies import collection_views
from casestudies.models import CaseStudy, CollectionBook
from casestudies.services.case_studies import case_study_submit
from casestudies.services.collection import collection_book_build, collection_book_queue
from casestudies.services.photos import photo_add
from casestudies.tasks import collection_book_build_task
from cohorts.models import Cohort, Theme
from cohorts.services.cohorts import cohort_member_add
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
    photo_bytes,
    upload,
)
from tests.factories import make_programme

Status = CaseStudy.Status
pytestmark = pytest.mark.django_db


def _user(role, name=None):
    user = get_user_model().objects.create_user(
        username=name or role.lower(), email=f"{name or role.lower()}@example.go.id", password="x"
    )
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def organiser():
    return _user(Role.PENYELENGGARA, "penyelenggara")


@pytest.fixture
def author(region_tree):
    return make_author(region_tree["kelurahan"], name="Budi Santoso")


@pytest.fixture
def programme():
    return make_programme(modules=0, title="Pelatihan Kepemimpinan Seoul")


@pytest.fixture
def cohort(programme, author):
    cohort = Cohort.objects.create(name="Angkatan Seoul", programme=programme)
    cohort_member_add(cohort=cohort, participant=author[0], by=None)
    return cohort


def accepted(participant, user, organiser, *, presented=False, **fields):
    """Submitted with one photo (trotoar), reviewed and accepted (and presented)."""
    case_study = make_submitted(participant, user, **fields)
    statuses = ["in_review", "accepted"] + (["presented"] if presented else [])
    return move(case_study, *statuses, by=organiser)


def accepted_with(participant, user, organiser, *, photos, **fields):
    """Accepted, with ``photos`` photos of several categories."""
    case_study = make_case_study(participant, user, **fields)
    case_study = make_ready(case_study, user, photos=0)
    slugs = ["trotoar", "sungai", "taman-inovatif"]
    for n in range(photos):
        photo_add(
            case_study=case_study,
            file=upload(
                photo_bytes(
                    size=(120, 90),
                    taken_at=datetime.datetime(2019, 10, 15, 9, n),
                    position=SEOUL,
                    color=(20 * n % 255, 120, 200),
                ),
                f"foto{n}.jpg",
            ),
            category=category(slugs[n % len(slugs)]),
            caption=f"Foto {fields.get('title', '')} {n}",
            by=user,
        )
    case_study = case_study_submit(case_study=CaseStudy.objects.get(pk=case_study.pk), by=user)
    return move(case_study, "in_review", "accepted", by=organiser)


@pytest.fixture
def shelf(region_tree, author, organiser, cohort):
    """One case study in each state, by the same author (a member of ``cohort``)."""
    participant, user = author
    return {
        "draft": make_ready(make_case_study(participant, user, title="Draf Rahasia"), user),
        "submitted": make_submitted(participant, user, title="Baru Dikirim"),
        "in_review": move(
            make_submitted(participant, user, title="Sedang Dinilai"), "in_review", by=organiser
        ),
        "revision": move(
            make_submitted(participant, user, title="Perlu Revisi"),
            "in_review",
            "revision_requested",
            by=organiser,
        ),
        "accepted": accepted(participant, user, organiser, title="Trotoar Ramah Pejalan Kaki"),
        "presented": accepted(
            participant, user, organiser, presented=True, title="Sungai Cheonggyecheon"
        ),
    }


def test_the_gallery_shows_accepted_and_presented_outputs_only(client, shelf, region_tree):
    _reader, reader_user = make_author(region_tree["kelurahan"], name="Pembaca Lain")
    client.force_login(reader_user)
    page = client.get(reverse("casestudies:collection")).content.decode()
    assert "Trotoar Ramah Pejalan Kaki" in page and "Sungai Cheonggyecheon" in page
    for key in ("draft", "submitted", "in_review", "revision"):
        assert shelf[key].title not in page
        pk = shelf[key].pk
        photo = shelf[key].photos.first()
        assert client.get(reverse("casestudies:collection_detail", args=[pk])).status_code == 404
        assert client.get(reverse("casestudies:collection_paper", args=[pk])).status_code == 404
        image = reverse("casestudies:collection_image", args=[photo.pk, "kecil"])
        assert client.get(image).status_code == 404
    wall = client.get(reverse("casestudies:collection_photos")).content.decode()
    assert wall.count('loading="lazy"') == 2  # the accepted and the presented one's photos
    for key in ("draft", "submitted", "in_review", "revision"):
        assert shelf[key].title not in wall
        photo = shelf[key].photos.first()
        assert reverse("casestudies:collection_image", args=[photo.pk, "kecil"]) not in wall
    # not even their authors find them in the collection
    client.force_login(shelf["draft"].author.user)
    detail = reverse("casestudies:collection_detail", args=[shelf["in_review"].pk])
    assert client.get(detail).status_code == 404


def test_who_sees_the_collection(client, shelf):
    url = reverse("casestudies:collection")
    detail = reverse("casestudies:collection_detail", args=[shelf["accepted"].pk])
    response = client.get(url)
    assert response.status_code == 302 and "/akun/login/" in response.url
    nobody = get_user_model().objects.create_user(username="tamu", password="x")
    client.force_login(nobody)
    assert client.get(url).status_code == 403
    assert client.get(detail).status_code == 404
    for role in (Role.PENYELENGGARA, Role.FASILITATOR, Role.PIMPINAN, Role.PENILAI):
        client.force_login(_user(role, f"staf-{role.lower()}"))
        assert client.get(url).status_code == 200, role
        assert client.get(detail).status_code == 200, role


def test_the_detail_shows_web_photos_lazily_and_no_position(client, author, organiser, cohort):
    participant, user = author
    case_study = accepted_with(participant, user, organiser, photos=3, title="Taman Inovatif")
    _reader, reader_user = make_author(participant.unit, name="Pembaca")
    client.force_login(reader_user)
    response = client.get(reverse("casestudies:collection_detail", args=[case_study.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('loading="lazy"') == 3
    assert 'width="120" height="90"' in page  # the 1600 px version of a small photo: as is
    for photo in case_study.photos.all():  # addresses built from one reverse are the same
        assert reverse("casestudies:collection_image", args=[photo.pk, "besar"]) in page
    assert "/asli/" not in page
    assert str(SEOUL[0]) not in page and "37.5665" not in page
    assert "Trotoar" in page and "Sungai" in page  # photos grouped by category
    assert reverse("casestudies:collection_paper", args=[case_study.pk]) in page
    paper = client.get(reverse("casestudies:collection_paper", args=[case_study.pk]))
    assert paper.status_code == 200 and paper["Content-Type"] == "application/pdf"
    assert b"".join(paper.streaming_content).startswith(b"%PDF")
    photo = case_study.photos.first()
    image = client.get(reverse("casestudies:collection_image", args=[photo.pk, "kecil"]))
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(b"".join(image.streaming_content))) as web:
        assert not web.getexif() and "exif" not in web.info
    assert "private" in image["Cache-Control"]
    bogus = reverse("casestudies:collection_image", args=[photo.pk, "asli"])
    assert client.get(bogus).status_code == 404


def test_filters_and_search(client, region_tree, author, organiser, cohort):
    participant, user = author
    theme = Theme.objects.create(name="Tata Kota", slug="tata-kota")
    mine = accepted(participant, user, organiser, title="Trotoar Seoul", summary="Lebar trotoar")
    thematic = accepted(
        participant,
        user,
        organiser,
        kind=CaseStudy.Kind.THEMATIC,
        theme=theme,
        title="Kerja Tematik",
        summary="Penataan reklame di koridor",
    )
    # a group of two others (not in ``cohort``) writes one together
    siti, siti_user = make_author(region_tree["kelurahan"], name="Siti Rahmawati")
    joko, _joko_user = make_author(region_tree["kelurahan"], name="Joko Widodo")
    group = make_group([siti, joko], name="Kelompok Sungai")
    group_work = accepted(siti, siti_user, organiser, group=group, title="Karya Kelompok")
    sungai = accepted_with(siti, siti_user, organiser, photos=2, title="Sungai Bersih")
    client.force_login(user)
    url = reverse("casestudies:collection")

    def titles(**params):
        page = client.get(url, params).content.decode()
        everything = (mine, thematic, group_work, sungai)
        return {c.title for c in everything if c.title in page}

    assert titles() == {"Trotoar Seoul", "Kerja Tematik", "Karya Kelompok", "Sungai Bersih"}
    assert titles(kind="thematic") == {"Kerja Tematik"}
    assert titles(theme=theme.pk) == {"Kerja Tematik"}
    assert titles(cohort=cohort.pk) == {"Trotoar Seoul", "Kerja Tematik"}  # its member's
    # the group's own, and what a member wrote alone
    assert titles(cohort=group.pk) == {"Karya Kelompok", "Sungai Bersih"}
    assert titles(category=category("sungai").pk) == {"Sungai Bersih"}
    assert titles(q="reklame") == {"Kerja Tematik"}  # in the summary
    assert titles(q="budi") == {"Trotoar Seoul", "Kerja Tematik"}  # the author's name
    assert titles(q="joko") == {"Karya Kelompok"}  # a group member's name
    assert titles(q="sungai") == {"Karya Kelompok", "Sungai Bersih"}  # group name, title
    assert titles(kind="nonsense", cohort="x") == titles()  # invalid filters are dropped
    wall = reverse("casestudies:collection_photos")
    page = client.get(wall, {"category": category("sungai").pk}).content.decode()
    assert page.count('loading="lazy"') == 1 and "Foto Sungai Bersih 1" in page
    photo = sungai.photos.get(category=category("sungai"))
    assert reverse("casestudies:collection_image", args=[photo.pk, "kecil"]) in page
    assert reverse("casestudies:collection_detail", args=[sungai.pk]) in page


def test_gallery_queries_stay_flat(
    client, author, organiser, cohort, django_assert_max_num_queries
):
    participant, user = author
    accepted(participant, user, organiser, title="Pertama")
    client.force_login(user)
    url = reverse("casestudies:collection")
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        assert client.get(url).status_code == 200
    for n in range(5):
        accepted_with(participant, user, organiser, photos=2, title=f"Koleksi {n}")
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = client.get(url, {"q": "koleksi"})
    assert response.content.decode().count("Koleksi ") >= 5
    assert len(many.captured_queries) == len(few.captured_queries)


def test_photo_wall_queries_stay_flat(
    client, author, organiser, cohort, django_assert_max_num_queries
):
    participant, user = author
    accepted(participant, user, organiser, title="Pertama")
    client.force_login(user)
    url = reverse("casestudies:collection_photos")
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        assert client.get(url).status_code == 200
    for n in range(3):
        accepted_with(participant, user, organiser, photos=3, title=f"Dinding {n}")
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = client.get(url)
    assert response.content.decode().count('loading="lazy"') == 10
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_photo_wall_and_gallery_paginate(client, author, organiser, cohort, settings):
    participant, user = author
    accepted_with(participant, user, organiser, photos=3, title="Halaman")
    client.force_login(user)
    collection_views.WALL_PAGE_SIZE, saved = 2, collection_views.WALL_PAGE_SIZE
    try:
        url = reverse("casestudies:collection_photos")
        first = client.get(url, {"category": ""}).content.decode()
        second = client.get(url, {"category": "", "halaman": 2}).content.decode()
    finally:
        collection_views.WALL_PAGE_SIZE = saved
    assert first.count('loading="lazy"') == 2 and second.count('loading="lazy"') == 1
    assert "category=&amp;halaman=2" in first


def _book(programme, organiser, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return collection_book_queue(programme=programme, by=organiser)


def test_the_book_is_built_once_and_reads_back(
    client, author, organiser, programme, cohort, django_capture_on_commit_callbacks
):
    participant, user = author
    accepted_with(participant, user, organiser, photos=3, title="Trotoar Ramah Pejalan Kaki")
    accepted(participant, user, organiser, presented=True, title="Sungai Cheonggyecheon")
    make_submitted(participant, user, title="Masih Dinilai")
    book = _book(programme, organiser, django_capture_on_commit_callbacks)
    book.refresh_from_db()
    assert book.status == CollectionBook.Status.READY and book.file
    assert book.progress_done == book.progress_total == 3  # two papers, then the layout
    name = book.file.name
    collection_book_build_task.delay(book.pk)  # redelivered: nothing done twice
    collection_book_build(collection_book_id=book.pk)
    book.refresh_from_db()
    assert book.file.name == name and CollectionBook.objects.count() == 1

    client.force_login(organiser)
    response = client.get(reverse("casestudies_collection:download", args=[book.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Koleksi Digital Studi Kasus" in text and "Pelatihan Kepemimpinan Seoul" in text
    assert "Daftar Isi" in text
    assert "Trotoar Ramah Pejalan Kaki" in text and "Sungai Cheonggyecheon" in text
    assert "Masih Dinilai" not in text
    assert "Foto: Trotoar" in text and "Foto: Sungai" in text
    outline = [entry.title for entry in reader.outline]
    assert outline == ["Sungai Cheonggyecheon", "Trotoar Ramah Pejalan Kaki"]
    images = sum(len(page.images) for page in reader.pages)
    assert images == 4  # three photos and the presented one's
    for who in (user, _user(Role.FASILITATOR, "fasilitator")):
        client.force_login(who)
        download = reverse("casestudies_collection:download", args=[book.pk])
        assert client.get(download).status_code in (302, 403)  # admin sign-in, or refused


def test_queuing_while_a_book_is_being_built_returns_it(organiser, programme, cohort):
    first = collection_book_queue(programme=programme, by=organiser)  # not committed: pending
    assert collection_book_queue(programme=programme, by=organiser) == first
    CollectionBook.objects.filter(pk=first.pk).update(status="running")
    assert collection_book_build(collection_book_id=first.pk).status == "running"  # live: left
    assert CollectionBook.objects.count() == 1


def test_the_admin_page_builds_and_follows_the_book(
    client, author, organiser, programme, cohort, django_capture_on_commit_callbacks
):
    participant, user = author
    accepted(participant, user, organiser, title="Trotoar")
    client.force_login(organiser)
    index = reverse("casestudies_collection:index")
    assert "Pelatihan Kepemimpinan Seoul" in client.get(index).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("casestudies_collection:book_create", args=[programme.pk]))
    assert response.status_code == 302
    book = CollectionBook.objects.get()
    status = client.get(reverse("casestudies_collection:status", args=[book.pk])).json()
    assert status["done"] is True and status["value"] == status["max"] == 2
    assert reverse("casestudies_collection:download", args=[book.pk]) in (
        client.get(index).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):  # a newer book replaces its file
        client.post(reverse("casestudies_collection:book_create", args=[programme.pk]))
    storage = CollectionBook._meta.get_field("file").storage
    newer = CollectionBook.objects.exclude(pk=book.pk).get()
    assert newer.status == "ready" and storage.exists(newer.file.name)
    name = book.file.name
    book.refresh_from_db()
    assert not book.file and not storage.exists(name)
    assert "Replaced by a newer book" in client.get(index).content.decode()
    client.force_login(user)
    assert client.get(index).status_code in (302, 403)


def test_the_zip_holds_papers_and_original_photos(client, author, organiser, programme, cohort):
    participant, user = author
    case_study = accepted_with(participant, user, organiser, photos=2, title="Trotoar Seoul")
    make_submitted(participant, user, title="Masih Dinilai")
    client.force_login(organiser)
    response = client.get(reverse("casestudies_collection:zip", args=[programme.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.testzip() is None
    folder = f"{case_study.pk:05d}-trotoar-seoul"
    names = set(archive.namelist())
    assert {
        f"{folder}/ringkasan.txt",
        f"{folder}/makalah.pdf",
        f"{folder}/foto-01-trotoar.jpg",
        f"{folder}/foto-02-sungai.jpg",
        "daftar.csv",
    } == names
    photo = case_study.photos.order_by("category__sort_order", "uploaded_at", "pk").first()
    with photo.original.open("rb") as original:
        assert archive.read(f"{folder}/foto-01-trotoar.jpg") == original.read()  # EXIF kept
    listing = archive.read("daftar.csv").decode("utf-8-sig")
    assert photo.sha256 in listing and "Masih Dinilai" not in listing
    for who in (user, _user(Role.PIMPINAN, "pimpinan")):
        client.force_login(who)
        response = client.get(reverse("casestudies_collection:zip", args=[programme.pk]))
        assert response.status_code in (302, 403)


@pytest.fixture(autouse=True)
def _english(client, settings):
    """Refusals and pages are matched in their English source text (the catalogue would
    otherwise answer in Indonesian, the default language)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
