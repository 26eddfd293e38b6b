"""Shared practices: posting with photos (checked by content), editing until moderated,
moderation, featuring, the feed's filters and order, who sees what (originals included), and
the feed's query count."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from cohorts.models import Region, Theme
from core.errors import DomainError
from core.roles import Role
from lms.models import PracticePhoto, PracticePost
from lms.selectors.practices import practice_list_feed
from lms.services.accounts import user_create_for_participant
from lms.services.practices import (
    practice_post_create,
    practice_post_feature,
    practice_post_hide,
    practice_post_publish,
    practice_post_reject,
    practice_post_update,
)
from tests.casestudies.factories import photo_bytes, png_bomb_bytes, upload
from tests.factories import make_participant


def jpeg(name="foto.jpg", **kwargs):
    return upload(photo_bytes(**kwargs), name, "image/jpeg")


def status_of(client, url):
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    return response.status_code


def with_account(person):
    user_create_for_participant(participant=person)
    person.refresh_from_db()
    return person


def staff(django_user_model, role):
    user = django_user_model.objects.create_user(
        username=f"{role.lower()}-p",
        email=f"{role.lower()}-p@example.go.id",
        password="x-Pass-2019!",
    )
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def theme(db):
    return Theme.objects.order_by("sort_order").first()


@pytest.fixture
def author(participant):
    return with_account(participant)


@pytest.fixture
def peer(region_tree):
    kota = Region.objects.create(code="31.75", name="Jakarta Timur", level=2, kind="kota")
    kec = Region.objects.create(
        code="31.75.01", name="Matraman", level=3, kind="kecamatan", parent=kota
    )
    kel = Region.objects.create(
        code="31.75.01.1001", name="Pisangan Baru", level=4, kind="kelurahan", parent=kec
    )
    return with_account(make_participant(unit=kel))


@pytest.fixture
def organiser(django_user_model):
    return staff(django_user_model, Role.PENYELENGGARA)


@pytest.fixture
def leader(django_user_model):
    return staff(django_user_model, Role.PIMPINAN)


def post_of(author, theme, *, photos=(), title="Taman baca RW 03", **kwargs):
    return practice_post_create(
        author=author,
        theme=theme,
        title=title,
        text="Warga mengelola taman baca.",
        photos=photos,
        **kwargs,
    )


def published(author, theme, organiser, **kwargs):
    return practice_post_publish(post=post_of(author, theme, **kwargs), by=organiser)


# Services ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_post_with_photos_awaits_moderation(author, theme):
    post = post_of(author, theme, photos=[(jpeg(), "Sebelum"), (jpeg(format="PNG"), "")])
    assert post.status == PracticePost.Status.SUBMITTED
    assert post.unit == author.unit
    photos = list(post.photos.all())
    assert [p.caption for p in photos] == ["Sebelum", ""]
    assert all(p.large and p.thumbnail and p.original for p in photos)


@pytest.mark.django_db
def test_web_versions_carry_no_location(author, theme):
    from PIL import Image

    post = post_of(author, theme, photos=[(jpeg(position=(-6.17, 106.82)), "")])
    photo = post.photos.get()
    with photo.large.open("rb") as file, Image.open(file) as image:
        assert not image.getexif().get_ifd(0x8825)


@pytest.mark.django_db
def test_more_than_six_photos_refused(author, theme):
    with pytest.raises(DomainError, match="at most 6 photos"):
        post_of(author, theme, photos=[(jpeg(), "")] * 7)
    assert not PracticePost.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "match"),
    [(b"%PDF-1.4 not a photo", "not a photo"), (png_bomb_bytes(), "decompression bomb")],
)
def test_disguised_or_bomb_photo_refused(author, theme, data, match):
    with pytest.raises(DomainError, match=match):
        post_of(author, theme, photos=[(jpeg(), ""), (upload(data, "foto.jpg"), "")])
    assert not PracticePost.objects.exists()
    assert not PracticePhoto.objects.exists()


@pytest.mark.django_db
def test_text_too_long_refused(author, theme):
    with pytest.raises(DomainError, match="2000 characters"):
        practice_post_create(author=author, theme=theme, title="T", text="x" * 2001)


@pytest.mark.django_db
def test_author_edits_until_moderated(author, theme, organiser):
    post = post_of(author, theme, photos=[(jpeg(), "a")])
    first = post.photos.get()
    post = practice_post_update(
        post=post,
        by=author.user,
        theme=theme,
        title="Baru",
        text="Teks baru",
        add_photos=[(jpeg(), "b")] * 6,
        remove_photo_ids=[first.pk],
    )
    assert post.title == "Baru"
    assert list(post.photos.values_list("caption", flat=True)) == ["b"] * 6
    with pytest.raises(DomainError, match="at most 6 photos"):
        practice_post_update(
            post=post,
            by=author.user,
            theme=theme,
            title="Baru",
            text="Teks",
            add_photos=[(jpeg(), "c")],
        )
    practice_post_publish(post=post, by=organiser)
    with pytest.raises(DomainError, match="moderated"):
        practice_post_update(post=post, by=author.user, theme=theme, title="X", text="Y")


@pytest.mark.django_db
def test_another_participant_may_not_edit(author, peer, theme):
    post = post_of(author, theme)
    with pytest.raises(DomainError, match="Only its author"):
        practice_post_update(post=post, by=peer.user, theme=theme, title="X", text="Y")


@pytest.mark.django_db
def test_moderation_lifecycle(author, theme, organiser):
    post = post_of(author, theme)
    with pytest.raises(DomainError, match="reason"):
        practice_post_reject(post=post, by=organiser, reason=" ")
    rejected = practice_post_reject(post=post, by=organiser, reason="Kurang jelas")
    assert (rejected.status, rejected.reason, rejected.moderated_by) == (
        "rejected",
        "Kurang jelas",
        organiser,
    )
    with pytest.raises(DomainError, match="cannot go"):
        practice_post_publish(post=rejected, by=organiser)
    other = published(author, theme, organiser)
    hidden = practice_post_hide(post=other, by=organiser)
    assert hidden.status == PracticePost.Status.HIDDEN
    assert practice_post_publish(post=hidden, by=organiser).status == "published"


@pytest.mark.django_db
def test_only_organisers_moderate(author, theme, leader):
    post = post_of(author, theme)
    for user in (author.user, leader):
        with pytest.raises(DomainError, match="Only an organiser"):
            practice_post_publish(post=post, by=user)


@pytest.mark.django_db
def test_feature_by_leader_recorded_and_first_in_feed(author, theme, organiser, leader):
    older = published(author, theme, organiser, title="Lama")
    newer = published(author, theme, organiser, title="Baru")
    assert list(practice_list_feed()) == [newer, older]
    featured = practice_post_feature(post=older, by=leader)
    assert featured.featured_by == leader and featured.featured_at
    assert list(practice_list_feed()) == [older, newer]
    practice_post_feature(post=older, by=leader, featured=False)
    assert list(practice_list_feed()) == [newer, older]


@pytest.mark.django_db
def test_feature_refused_to_a_trainee_and_for_unpublished(author, theme, leader):
    post = post_of(author, theme)
    with pytest.raises(DomainError, match="Only a leader"):
        practice_post_feature(post=post, by=author.user)
    with pytest.raises(DomainError, match="Only a published"):
        practice_post_feature(post=post, by=leader)


@pytest.mark.django_db
def test_hiding_unfeatures(author, theme, organiser, leader):
    post = practice_post_feature(post=published(author, theme, organiser), by=leader)
    assert practice_post_hide(post=post, by=organiser).featured_at is None


# The feed ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_feed_filters_by_theme_and_region(author, peer, theme, organiser, region_tree):
    other_theme = Theme.objects.exclude(pk=theme.pk).first()
    pusat = published(author, theme, organiser)
    timur = published(peer, other_theme, organiser)
    post_of(author, theme)  # awaiting moderation: not in the feed
    assert set(practice_list_feed()) == {pusat, timur}
    assert list(practice_list_feed(theme_slug=theme.slug)) == [pusat]
    assert list(practice_list_feed(region_code="31.75")) == [timur]
    assert list(practice_list_feed(region_code=region_tree["kecamatan"].code)) == [pusat]


@pytest.mark.django_db
def test_feed_page_query_count(client, author, peer, theme, organiser, django_assert_num_queries):
    client.force_login(peer.user)
    url = reverse("lms:practice_list")
    published(author, theme, organiser, photos=[(jpeg(), "")])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    for _ in range(4):
        published(author, theme, organiser, photos=[(jpeg(), "")])
    with django_assert_num_queries(len(before.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["page"]) == 5


# Pages and who sees what -------------------------------------------------------------------


@pytest.mark.django_db
def test_post_form_creates_a_post(client, author, theme):
    client.force_login(author.user)
    response = client.post(
        reverse("lms:practice_create"),
        {
            "title": "Bank sampah",
            "theme": theme.pk,
            "text": "Warga menabung sampah.",
            "photo_0": jpeg(),
            "caption_0": "Gudang",
        },
    )
    post = PracticePost.objects.get()
    assert response.status_code == 302
    assert post.photos.get().caption == "Gudang"
    assert client.get(reverse("lms:practice_mine")).status_code == 200


@pytest.mark.django_db
def test_post_form_shows_a_refused_photo(client, author, theme):
    client.force_login(author.user)
    response = client.post(
        reverse("lms:practice_create"),
        {
            "title": "Bank sampah",
            "theme": theme.pk,
            "text": "Teks",
            "photo_0": upload(b"MZ not a photo", "foto.jpg"),
        },
    )
    assert response.status_code == 200
    assert "not a photo" in response.content.decode()
    assert not PracticePost.objects.exists()


@pytest.mark.django_db
def test_unpublished_invisible_to_others(client, author, peer, theme, organiser):
    post = post_of(author, theme, photos=[(jpeg(), "")])
    photo = post.photos.get()
    urls = [
        reverse("lms:practice_detail", args=[post.pk]),
        reverse("lms:practice_photo", args=[photo.pk, "kecil"]),
    ]
    client.force_login(peer.user)
    assert [status_of(client, url) for url in urls] == [404, 404]
    client.force_login(author.user)
    assert [status_of(client, url) for url in urls] == [200, 200]
    client.force_login(organiser)
    assert [status_of(client, url) for url in urls] == [200, 200]


@pytest.mark.django_db
def test_originals_only_to_author_and_organisers(client, author, peer, theme, organiser, leader):
    post = published(author, theme, organiser, photos=[(jpeg(), "")])
    photo = post.photos.get()
    original = reverse("lms:practice_photo_original", args=[photo.pk])
    web = reverse("lms:practice_photo", args=[photo.pk, "besar"])
    client.force_login(peer.user)
    assert status_of(client, web) == 200
    assert status_of(client, original) == 404
    client.force_login(leader)
    assert status_of(client, original) == 404
    for user in (author.user, organiser):
        client.force_login(user)
        response = client.get(original)
        assert response.status_code == 200
        b"".join(response.streaming_content)
        assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.django_db
def test_moderation_and_feature_from_the_post_page(client, author, theme, organiser, leader):
    post = post_of(author, theme)
    client.force_login(organiser)
    client.post(reverse("lms:practice_moderate", args=[post.pk]), {"action": "publish"})
    post.refresh_from_db()
    assert post.status == "published"
    client.force_login(leader)
    client.post(reverse("lms:practice_feature", args=[post.pk]), {"featured": "1"})
    post.refresh_from_db()
    assert post.featured_by == leader
    client.force_login(author.user)
    assert client.post(reverse("lms:practice_feature", args=[post.pk])).status_code == 404
    assert (
        client.post(
            reverse("lms:practice_moderate", args=[post.pk]), {"action": "hide"}
        ).status_code
        == 404
    )


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


# The admin ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_list_query_count(client, author, theme, organiser, django_assert_num_queries):
    client.force_login(organiser)
    url = reverse("lms_practice:index")
    post_of(author, theme)
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    for _ in range(4):
        published(author, theme, organiser)
    with django_assert_num_queries(len(before.captured_queries)):
        response = client.get(url + "?status=submitted")
    assert response.status_code == 200


@pytest.mark.django_db
def test_admin_moderation(client, author, theme, organiser):
    post = post_of(author, theme, photos=[(jpeg(), "")])
    url = reverse("lms_practice:detail", args=[post.pk])
    client.force_login(organiser)
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "reject", "reason": ""})
    assert response.status_code == 400
    assert "reason" in response.content.decode()
    client.post(url, {"action": "reject", "reason": "Foto kurang jelas"})
    post.refresh_from_db()
    assert (post.status, post.reason) == ("rejected", "Foto kurang jelas")
    other = post_of(author, theme)
    other_url = reverse("lms_practice:detail", args=[other.pk])
    client.post(other_url, {"action": "publish"})
    client.post(other_url, {"action": "feature"})
    other.refresh_from_db()
    assert other.status == "published" and other.featured_by == organiser
    client.post(other_url, {"action": "hide"})
    other.refresh_from_db()
    assert other.status == "hidden" and not other.is_featured


@pytest.mark.django_db
def test_admin_refused_to_a_leader(client, author, theme, leader):
    post = post_of(author, theme)
    client.force_login(leader)
    assert client.get(reverse("lms_practice:detail", args=[post.pk])).status_code in (302, 403)


@pytest.mark.django_db
def test_edit_page_until_moderated(client, author, theme, organiser):
    post = post_of(author, theme)
    url = reverse("lms:practice_edit", args=[post.pk])
    client.force_login(author.user)
    response = client.post(url, {"title": "Judul baru", "theme": theme.pk, "text": "Teks baru"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "Judul baru"
    practice_post_publish(post=post, by=organiser)
    assert client.get(url).status_code == 302
    response = client.post(url, {"title": "Lagi", "theme": theme.pk, "text": "Lagi"})
    post.refresh_from_db()
    assert post.title == "Judul baru"
