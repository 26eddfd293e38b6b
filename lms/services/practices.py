"""Shared practices: the only code that saves a ``PracticePost`` or its photos.

A participant posts (awaiting moderation) and may change his post until an organiser has
moderated it; an organiser publishes or rejects it (with a reason) and may hide a published
post again; a leader (Pimpinan) or an organiser features a published post, or unfeatures it.
Photos are checked by their content (``core.images.image_check``); the original is kept
privately and two web versions without metadata are made."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.models import Participant, Theme
from cohorts.selectors import participant_get_for_user
from core.errors import DomainError
from core.images import ImageLimits, image_check, image_web_versions
from lms.models import PracticePhoto, PracticePost
from lms.models.practices import MAX_TEXT

MAX_PHOTOS = 6
LARGE, THUMBNAIL = 1600, 400
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "HEIF": "heic"}


def _validate(*, title: str, text: str) -> tuple[str, str]:
    title, text = title.strip(), text.strip()
    if not title:
        raise DomainError(_("Give your practice a title."))
    if not text:
        raise DomainError(_("Describe your practice."))
    if len(text) > MAX_TEXT:
        raise DomainError(
            _("Keep the description to %(max)d characters at most.") % {"max": MAX_TEXT}
        )
    return title, text


def _photos_check(photos, limits) -> list:
    """(file, caption, CheckedImage) for each photo; every file checked before any is saved."""
    return [
        (file, (caption or "").strip()[:300], image_check(file, limits)) for file, caption in photos
    ]


def _photo_save(*, post: PracticePost, file, caption: str, checked, sort_order: int) -> None:
    versions = image_web_versions(file, sizes=(LARGE, THUMBNAIL))
    photo = PracticePhoto(
        post=post,
        caption=caption,
        original_format=checked.format,
        width=checked.width,
        height=checked.height,
        sort_order=sort_order,
    )
    photo.original.save(f"foto.{EXTENSIONS[checked.format]}", file, save=False)
    photo.large.save("foto.jpg", ContentFile(versions[LARGE]), save=False)
    photo.thumbnail.save("foto.jpg", ContentFile(versions[THUMBNAIL]), save=False)
    names = [photo.original.name, photo.large.name, photo.thumbnail.name]
    storage = photo.original.storage
    try:
        photo.save()
    except Exception:
        for name in names:
            storage.delete(name)
        raise


def _files_delete_on_commit(photos) -> None:
    names = [
        f.name for photo in photos for f in (photo.original, photo.large, photo.thumbnail) if f
    ]
    if names:
        storage = photos[0].original.storage
        transaction.on_commit(lambda: [storage.delete(name) for name in names])


@transaction.atomic
def practice_post_create(
    *,
    author: Participant,
    theme: Theme,
    title: str,
    text: str,
    photos=(),
    limits: ImageLimits | None = None,
) -> PracticePost:
    """Post a practice of ``author``'s unit (recorded as it is now), awaiting moderation.
    ``photos`` are (file, caption) pairs, at most ``MAX_PHOTOS``; refused (DomainError) for an
    empty title or text, a text too long, too many photos, or any file ``image_check``
    refuses — nothing is saved then."""
    title, text = _validate(title=title, text=text)
    photos = list(photos)
    if len(photos) > MAX_PHOTOS:
        raise DomainError(_("A practice holds at most %(max)d photos.") % {"max": MAX_PHOTOS})
    checked = _photos_check(photos, limits)
    post = PracticePost.objects.create(
        author=author, unit_id=author.unit_id, theme=theme, title=title, text=text
    )
    for order, (file, caption, image) in enumerate(checked):
        _photo_save(post=post, file=file, caption=caption, checked=image, sort_order=order)
    return post


def practice_post_edit_check(*, post: PracticePost, by) -> None:
    """Refuse (DomainError) anyone but the author, and any post already moderated."""
    participant = participant_get_for_user(by)
    if participant is None or participant.pk != post.author_id:
        raise DomainError(_("Only its author may change this practice."))
    if post.status != PracticePost.Status.SUBMITTED:
        raise DomainError(_("This practice has been moderated and can no longer be changed."))


@transaction.atomic
def practice_post_update(
    *,
    post: PracticePost,
    by,
    theme: Theme,
    title: str,
    text: str,
    add_photos=(),
    remove_photo_ids=(),
    limits: ImageLimits | None = None,
) -> PracticePost:
    """Change a post its author ``by`` may still change (``practice_post_edit_check``): its
    theme, title and text; photos removed (files deleted once committed) and added, at most
    ``MAX_PHOTOS`` in all."""
    locked = PracticePost.objects.select_for_update().get(pk=post.pk)
    practice_post_edit_check(post=locked, by=by)
    title, text = _validate(title=title, text=text)
    removed = list(locked.photos.filter(pk__in=list(remove_photo_ids)))
    kept = locked.photos.count() - len(removed)
    add_photos = list(add_photos)
    if kept + len(add_photos) > MAX_PHOTOS:
        raise DomainError(_("A practice holds at most %(max)d photos.") % {"max": MAX_PHOTOS})
    checked = _photos_check(add_photos, limits)
    _files_delete_on_commit(removed)
    locked.photos.filter(pk__in=[photo.pk for photo in removed]).delete()
    locked.theme, locked.title, locked.text = theme, title, text
    locked.save()
    start = kept + len(removed)
    for order, (file, caption, image) in enumerate(checked, start=start):
        _photo_save(post=locked, file=file, caption=caption, checked=image, sort_order=order)
    return locked


def _moderate(*, post: PracticePost, target, by, reason: str = "") -> PracticePost:
    if not by.has_perm("lms.change_practicepost"):
        raise DomainError(_("Only an organiser may moderate a practice."))
    locked = PracticePost.objects.select_for_update().get(pk=post.pk)
    locked.set_status(target)
    locked.reason = reason
    locked.moderated_at = timezone.now()
    locked.moderated_by = by
    if target != PracticePost.Status.PUBLISHED:
        locked.featured_at = locked.featured_by = None
    locked.save()
    return locked


@transaction.atomic
def practice_post_publish(*, post: PracticePost, by) -> PracticePost:
    """Publish a post awaiting moderation (or hidden): everyone who reads the feed sees it."""
    return _moderate(post=post, target=PracticePost.Status.PUBLISHED, by=by)


@transaction.atomic
def practice_post_reject(*, post: PracticePost, by, reason: str) -> PracticePost:
    """Reject a post awaiting moderation, with the reason its author reads."""
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Write the reason for the rejection: the author reads it."))
    return _moderate(post=post, target=PracticePost.Status.REJECTED, by=by, reason=reason[:500])


@transaction.atomic
def practice_post_hide(*, post: PracticePost, by, reason: str = "") -> PracticePost:
    """Hide a published post again (it is unfeatured); only its author and organisers see it."""
    return _moderate(
        post=post, target=PracticePost.Status.HIDDEN, by=by, reason=reason.strip()[:500]
    )


@transaction.atomic
def practice_post_feature(*, post: PracticePost, by, featured: bool = True) -> PracticePost:
    """Feature (or unfeature) a published post, recording who and when; featured posts come
    first in the feed. Refused for anyone without the permission (a Pimpinan or an organiser)
    and for a post that is not published."""
    if not by.has_perm("lms.feature_practicepost"):
        raise DomainError(_("Only a leader or an organiser may feature a practice."))
    locked = PracticePost.objects.select_for_update().get(pk=post.pk)
    if featured and locked.status != PracticePost.Status.PUBLISHED:
        raise DomainError(_("Only a published practice can be featured."))
    if featured:
        locked.featured_at, locked.featured_by = timezone.now(), by
    else:
        locked.featured_at = locked.featured_by = None
    locked.save(update_fields=["featured_at", "featured_by", "updated_at"])
    return locked
