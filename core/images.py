"""Photos people upload, checked and processed by their content: the format (JPEG, PNG, WebP
or HEIC/HEIF from phones — never judged by the name), the size in bytes, the number of pixels
(a small file can claim a gigantic image: a decompression bomb is refused before it is
decoded), and a full decode. What the photo says about itself (EXIF date and GPS position) is
read for corroboration; the versions made for the web are re-encoded JPEGs without any
metadata (EXIF, GPS, XMP), turned upright as the camera meant.

Reusable by any feature taking photos: ``image_check`` (reads only), ``image_web_versions``
(returns bytes), ``exif_build`` (for demos and tests that need photos carrying EXIF)."""

import datetime
import io
import warnings
from dataclasses import dataclass

import pillow_heif
from django.conf import settings
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

from core.errors import DomainError
from core.files import file_size, too_big_message

pillow_heif.register_heif_opener()

ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "HEIF")
EXIF_DATE = "%Y:%m:%d %H:%M:%S"
_GPS = ExifTags.GPS


@dataclass(frozen=True)
class ImageLimits:
    """What one photo may be: its bytes and its pixels (width × height). The defaults come
    from ``SELARAS_IMAGE_MAX_BYTES`` and ``SELARAS_IMAGE_MAX_PIXELS``."""

    max_bytes: int
    max_pixels: int

    @classmethod
    def default(cls, **overrides) -> "ImageLimits":
        values = {
            "max_bytes": settings.SELARAS_IMAGE_MAX_BYTES,
            "max_pixels": settings.SELARAS_IMAGE_MAX_PIXELS,
        }
        return cls(**{**values, **overrides})


@dataclass(frozen=True)
class PhotoExif:
    """What a photo's EXIF says, where present: when it was taken (the camera's clock, local
    time, no zone) and where (decimal degrees)."""

    taken_at: datetime.datetime | None = None
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class CheckedImage:
    format: str  # one of ALLOWED_FORMATS
    width: int
    height: int
    exif: PhotoExif


def _too_many_pixels(limit) -> DomainError:
    return DomainError(
        _(
            "This image has too many pixels to be processed safely (at most %(max)s megapixels); "
            "it may be a decompression bomb. Upload a smaller photo."
        )
        % {"max": f"{limit / 1_000_000:g}"}
    )


def _read(file) -> bytes:
    """The bytes of an open file (already size-checked), which is left at its start: Pillow
    works on copies, since it may close what it reads (``verify``)."""
    file.seek(0)
    data = file.read()
    file.seek(0)
    return data


def _open(data: bytes, limits):
    """The image opened (header read, nothing decoded) under Pillow's bomb check made an
    error, or DomainError."""
    file = io.BytesIO(data)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return Image.open(file, formats=ALLOWED_FORMATS)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels(limits.max_pixels) from None
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
            raise DomainError(
                _(
                    "This file is not a photo in JPEG, PNG, WebP or HEIC format, whatever its "
                    "name says."
                )
            ) from None


def image_check(file, limits: ImageLimits | None = None) -> CheckedImage:
    """The photo in ``file`` (an open binary file) checked by its content, with its EXIF; a
    DomainError (translated) when it is empty or too large, not an image of an allowed format,
    has more pixels than allowed, or is damaged. Reads only; the file is left at its start."""
    limits = limits or ImageLimits.default()
    size = file_size(file)
    if not size:
        raise DomainError(_("The file is empty."))
    if size > limits.max_bytes:
        raise DomainError(too_big_message(_("The photo"), size, limits.max_bytes))
    data = _read(file)
    image = _open(data, limits)
    try:
        width, height = image.size
        if width * height > limits.max_pixels:
            raise _too_many_pixels(limits.max_pixels)
        image_format = image.format
        exif = photo_exif(image)
        try:
            with _open(data, limits) as fresh:
                fresh.verify()  # must come straight after opening
            decoded = _open(data, limits)
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                decoded.load()
            decoded.close()
        except DomainError:
            raise
        except Exception:  # any decoder failure means a damaged file
            raise DomainError(_("This photo is damaged and cannot be read.")) from None
    finally:
        image.close()
    return CheckedImage(format=image_format, width=width, height=height, exif=exif)


def _degrees(value, ref) -> float | None:
    try:
        degrees, minutes, seconds = (float(part) for part in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    decimal = degrees + minutes / 60 + seconds / 3600
    if str(ref).upper() in ("S", "W"):
        decimal = -decimal
    return round(decimal, 6)


def photo_exif(image) -> PhotoExif:
    """The date (DateTimeOriginal, else DateTime) and GPS position of an opened image, where
    its EXIF has them; anything missing or malformed is None."""
    try:
        exif = image.getexif()
    except Exception:  # broken EXIF is as good as none
        return PhotoExif()
    taken_at = None
    raw = exif.get_ifd(ExifTags.IFD.Exif).get(ExifTags.Base.DateTimeOriginal) or exif.get(
        ExifTags.Base.DateTime
    )
    if isinstance(raw, str):
        try:
            taken_at = datetime.datetime.strptime(raw.strip("\x00 ")[:19], EXIF_DATE)
        except ValueError:
            taken_at = None
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    latitude = _degrees(gps.get(_GPS.GPSLatitude), gps.get(_GPS.GPSLatitudeRef))
    longitude = _degrees(gps.get(_GPS.GPSLongitude), gps.get(_GPS.GPSLongitudeRef))
    if latitude is None or longitude is None or not (-90 <= latitude <= 90):
        latitude = longitude = None
    return PhotoExif(taken_at=taken_at, latitude=latitude, longitude=longitude)


def image_web_versions(file, *, sizes: tuple[int, ...], quality: int = 82) -> dict[int, bytes]:
    """JPEGs of the photo in ``file`` fitting each size × size pixels, upright, without any
    metadata (no EXIF, GPS or XMP is carried over). The photo is decoded once (a JPEG at the
    reduced scale libjpeg can give directly) and each version made from the one before.
    Check the file with ``image_check`` first."""
    out = {}
    with Image.open(io.BytesIO(_read(file)), formats=ALLOWED_FORMATS) as image:
        if image.format == "JPEG":
            image.draft("RGB", (max(sizes), max(sizes)))
        current = ImageOps.exif_transpose(image)
        if current.mode not in ("RGB", "L"):
            current = current.convert("RGB")
        for size in sorted(sizes, reverse=True):
            current = current.copy()
            current.thumbnail((size, size), Image.Resampling.LANCZOS)
            buffer = io.BytesIO()
            current.save(buffer, "JPEG", quality=quality, optimize=True)
            out[size] = buffer.getvalue()
    return out


def image_web_version(file, *, size: int, quality: int = 82) -> bytes:
    """One web version (``image_web_versions``)."""
    return image_web_versions(file, sizes=(size,), quality=quality)[size]


def _dms(value: float) -> tuple[float, float, float]:
    value = abs(value)
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round((value - degrees - minutes / 60) * 3600, 2)
    return (float(degrees), float(minutes), seconds)


def exif_build(
    *,
    taken_at: datetime.datetime | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
) -> Image.Exif:
    """EXIF carrying a date and a GPS position, for ``Image.save(..., exif=...)``: demo data
    and tests make photos as a phone would."""
    exif = Image.Exif()
    if taken_at is not None:
        stamp = taken_at.strftime(EXIF_DATE)
        exif[ExifTags.Base.DateTime] = stamp
        exif[ExifTags.IFD.Exif] = {ExifTags.Base.DateTimeOriginal: stamp}
    if latitude is not None and longitude is not None:
        exif[ExifTags.IFD.GPSInfo] = {
            _GPS.GPSLatitudeRef: "N" if latitude >= 0 else "S",
            _GPS.GPSLatitude: _dms(latitude),
            _GPS.GPSLongitudeRef: "E" if longitude >= 0 else "W",
            _GPS.GPSLongitude: _dms(longitude),
        }
    return exif
