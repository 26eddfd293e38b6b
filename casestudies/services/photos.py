"""Photo evidence: the only code that saves an ``EvidencePhoto``.

Evidence is captured, not inferred: at upload the server records its own time, the position
the browser reported (if the person allowed it) and the file's SHA-256; the EXIF date and
position are read from the file as corroboration. The photo is checked by its content
(``core.images.image_check``), HEIC included; the original is kept privately as uploaded, and
two web versions (``WEB_SIZES``) are made as JPEGs without metadata."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casestudies.models import CaseStudy, EvidencePhoto, PhotoCategory
from casestudies.services.case_studies import case_study_edit_check
from core.errors import DomainError
from core.files import file_sha256, file_size
from core.images import ImageLimits, image_check, image_web_versions

LARGE, THUMBNAIL = 1600, 400
MAX_PHOTOS = 60
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "HEIF": "heic"}


def _position(latitude, longitude) -> tuple[float | None, float | None]:
    if latitude is None or longitude is None:
        return None, None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise DomainError(_("The reported position is not a valid latitude and longitude."))
    return round(latitude, 6), round(longitude, 6)


@transaction.atomic
def photo_add(
    *,
    case_study: CaseStudy,
    file,
    category: PhotoCategory,
    caption: str,
    by,
    latitude: float | None = None,
    longitude: float | None = None,
    limits: ImageLimits | None = None,
) -> EvidencePhoto:
    """Add a photo to a case study its author ``by`` may still change. Refused (DomainError)
    for anyone else, a case study handed in, too many photos, an empty caption, an invalid
    position, and any file ``image_check`` refuses. Saves the original and its two web
    versions privately."""
    locked = CaseStudy.objects.select_for_update().get(pk=case_study.pk)
    case_study_edit_check(case_study=locked, by=by)
    caption = caption.strip()
    if not caption:
        raise DomainError(_("Write a caption: what does the photo show?"))
    if locked.photos.count() >= MAX_PHOTOS:
        raise DomainError(_("A case study holds at most %(max)d photos.") % {"max": MAX_PHOTOS})
    latitude, longitude = _position(latitude, longitude)
    checked = image_check(file, limits)
    exif = checked.exif
    photo = EvidencePhoto(
        case_study=locked,
        category=category,
        caption=caption,
        original_name=(getattr(file, "name", "") or "foto")[-255:],
        original_format=checked.format,
        original_bytes=file_size(file),
        sha256=file_sha256(file),
        width=checked.width,
        height=checked.height,
        uploaded_at=timezone.now(),
        uploaded_by=by,
        reported_latitude=latitude,
        reported_longitude=longitude,
        exif_date=exif.taken_at.date() if exif.taken_at else None,
        exif_time=exif.taken_at.time() if exif.taken_at else None,
        exif_latitude=exif.latitude,
        exif_longitude=exif.longitude,
    )
    versions = image_web_versions(file, sizes=(LARGE, THUMBNAIL))
    photo.original.save(f"foto.{EXTENSIONS[checked.format]}", file, save=False)
    photo.large.save("foto.jpg", ContentFile(versions[LARGE]), save=False)
    photo.thumbnail.save("foto.jpg", ContentFile(versions[THUMBNAIL]), save=False)
    try:
        photo.save()
    except Exception:
        for name in (photo.original.name, photo.large.name, photo.thumbnail.name):
            photo.original.storage.delete(name)
        raise
    locked.save(update_fields=["updated_at"])
    return photo


@transaction.atomic
def photo_delete(*, photo: EvidencePhoto, by) -> None:
    """Remove a photo from a case study its author ``by`` may still change; its files go
    once the deletion is committed."""
    locked = CaseStudy.objects.select_for_update().get(pk=photo.case_study_id)
    case_study_edit_check(case_study=locked, by=by)
    names = [f.name for f in (photo.original, photo.large, photo.thumbnail) if f]
    storage = photo.original.storage
    photo.delete()
    locked.save(update_fields=["updated_at"])
    transaction.on_commit(lambda: [storage.delete(name) for name in names])
