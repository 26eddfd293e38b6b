"""core.images: photos checked by content (format, bytes, pixels, decoding), EXIF read, web
versions without metadata, HEIC from phones."""

import datetime
import io

import pytest
from django.utils import translation
from PIL import ExifTags, Image

from core.errors import DomainError
from core.images import (
    ImageLimits,
    exif_build,
    image_check,
    image_web_version,
    image_web_versions,
)
from tests.casestudies.factories import SEOUL, photo_bytes, png_bomb_bytes

LIMITS = ImageLimits(max_bytes=5 * 1024 * 1024, max_pixels=20_000_000)
TAKEN = datetime.datetime(2019, 10, 15, 9, 30, 5)


def test_a_jpeg_from_a_phone_is_read_with_its_exif_date_and_position():
    data = photo_bytes(size=(120, 80), taken_at=TAKEN, position=SEOUL)
    checked = image_check(io.BytesIO(data), LIMITS)
    assert (checked.format, checked.width, checked.height) == ("JPEG", 120, 80)
    assert checked.exif.taken_at == TAKEN
    assert checked.exif.latitude == pytest.approx(SEOUL[0], abs=1e-5)
    assert checked.exif.longitude == pytest.approx(SEOUL[1], abs=1e-5)


def test_southern_and_western_positions_are_negative():
    data = photo_bytes(position=(-6.175, -106.8272))
    exif = image_check(io.BytesIO(data), LIMITS).exif
    assert exif.latitude == pytest.approx(-6.175, abs=1e-5)
    assert exif.longitude == pytest.approx(-106.8272, abs=1e-5)


def test_a_photo_without_exif_has_none():
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20)).save(buffer, "PNG")
    checked = image_check(buffer, LIMITS)
    assert checked.format == "PNG"
    assert checked.exif.taken_at is None and checked.exif.latitude is None


def test_a_file_disguised_by_its_extension_is_refused():
    with pytest.raises(DomainError, match="not a photo"):
        image_check(io.BytesIO(b"<html><script>alert(1)</script></html>"), LIMITS)
    with pytest.raises(DomainError, match="not a photo"):
        image_check(io.BytesIO(b"%PDF-1.4\n%%EOF\n"), LIMITS)


def test_a_gif_is_not_an_allowed_format():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "GIF")
    with pytest.raises(DomainError, match="not a photo"):
        image_check(buffer, LIMITS)


def test_an_oversized_file_is_refused_before_it_is_opened():
    data = photo_bytes(size=(200, 200))
    with pytest.raises(DomainError, match="at most"):
        image_check(io.BytesIO(data), ImageLimits(max_bytes=100, max_pixels=10**8))


def test_too_many_pixels_are_refused_as_a_possible_decompression_bomb():
    data = photo_bytes(size=(300, 200))
    with pytest.raises(DomainError, match="decompression bomb"):
        image_check(io.BytesIO(data), ImageLimits(max_bytes=10**7, max_pixels=50_000))


def test_a_decompression_bomb_is_refused_from_its_header():
    # 1.6 gigapixels claimed by a file of a hundred bytes: Pillow's own bomb check trips on open
    data = png_bomb_bytes()
    assert len(data) < 200
    with pytest.raises(DomainError, match="decompression bomb"):
        image_check(io.BytesIO(data), LIMITS)
    # under Pillow's threshold but over ours
    with pytest.raises(DomainError, match="decompression bomb"):
        image_check(io.BytesIO(png_bomb_bytes(6000, 6000)), LIMITS)


def test_a_damaged_photo_is_refused():
    data = photo_bytes(size=(400, 300))
    with pytest.raises(DomainError, match=r"damaged|not a photo"):
        image_check(io.BytesIO(data[: len(data) // 2]), LIMITS)


def test_an_empty_file_is_refused():
    with pytest.raises(DomainError, match="empty"):
        image_check(io.BytesIO(b""), LIMITS)


def test_heic_from_a_phone_is_accepted_read_and_converted():
    data = photo_bytes(size=(160, 120), format="HEIF", taken_at=TAKEN, position=SEOUL)
    checked = image_check(io.BytesIO(data), LIMITS)
    assert checked.format == "HEIF"
    assert checked.exif.taken_at == TAKEN
    assert checked.exif.latitude == pytest.approx(SEOUL[0], abs=1e-5)
    web = Image.open(io.BytesIO(image_web_version(io.BytesIO(data), size=100)))
    assert web.format == "JPEG" and max(web.size) == 100


def test_web_versions_are_jpegs_fitting_the_size_without_exif_or_gps():
    data = photo_bytes(size=(800, 600), taken_at=TAKEN, position=SEOUL)
    for size in (400, 100):
        web = Image.open(io.BytesIO(image_web_version(io.BytesIO(data), size=size)))
        assert web.format == "JPEG"
        assert web.size == (size, size * 3 // 4)
        exif = web.getexif()
        assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
        assert ExifTags.Base.DateTime not in exif
        assert "exif" not in web.info


def test_web_versions_are_turned_upright():
    image = Image.new("RGB", (80, 40))
    exif = exif_build(taken_at=TAKEN)
    exif[ExifTags.Base.Orientation] = 6  # rotated 90° clockwise by the camera
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    web = Image.open(io.BytesIO(image_web_version(buffer, size=80)))
    assert web.size == (40, 80)


def test_both_web_versions_come_from_one_decoding():
    data = photo_bytes(size=(2000, 1000), taken_at=TAKEN, position=SEOUL)
    versions = image_web_versions(io.BytesIO(data), sizes=(400, 1600))
    sizes = {size: Image.open(io.BytesIO(jpeg)).size for size, jpeg in versions.items()}
    assert sizes == {1600: (1600, 800), 400: (400, 200)}


@pytest.fixture(autouse=True)
def _english(client, settings):
    """Refusals and pages are matched in their English source text (the catalogue would
    otherwise answer in Indonesian, the default language)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
