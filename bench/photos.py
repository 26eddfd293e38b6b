"""Upload processing of one photo, as ``casestudies.services.photos.photo_add`` does it
without the database: the content check (``core.images.image_check``: open, pixel cap, EXIF,
verify, full decode), the SHA-256 and the two web versions (1600 and 400 px JPEG without
metadata), for a 12-megapixel JPEG and the same photo as HEIC, as phones send them.

    .venv/bin/python bench/photos.py

Prints milliseconds per photo (median of five) for each step and the file sizes."""

import datetime
import io
import statistics
import time

from _django import django_start

django_start("photos")

from PIL import Image, ImageDraw

from core.files import file_sha256
from core.images import ImageLimits, exif_build, image_check, image_web_versions

LIMITS = ImageLimits(max_bytes=50 * 1024 * 1024, max_pixels=50_000_000)
RUNS = 5


def photo(format_: str) -> bytes:
    """4000 × 3000 with detail (gradients and shapes), so encoders have real work."""
    image = Image.linear_gradient("L").resize((4000, 3000)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for n in range(0, 4000, 37):
        draw.line((n, 0, 4000 - n, 3000), fill=(n % 255, 120, 255 - n % 255), width=3)
    exif = exif_build(
        taken_at=datetime.datetime(2019, 10, 22, 10, 0), latitude=37.5665, longitude=126.978
    )
    out = io.BytesIO()
    image.save(out, format_, quality=90, exif=exif)
    return out.getvalue()


def timed(fn) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main():
    for label, format_ in (("JPEG 12 MP", "JPEG"), ("HEIC 12 MP", "HEIF")):
        data = photo(format_)
        steps = {
            "check": timed(lambda d=data: image_check(io.BytesIO(d), LIMITS)),
            "sha256": timed(lambda d=data: file_sha256(io.BytesIO(d))),
            "web 1600 + 400": timed(
                lambda d=data: image_web_versions(io.BytesIO(d), sizes=(1600, 400))
            ),
        }
        total = sum(steps.values())
        figures = ", ".join(f"{name} {ms:.0f} ms" for name, ms in steps.items())
        print(f"{label}: {len(data) / 1e6:.1f} MB; {figures}; total {total:.0f} ms per photo")


if __name__ == "__main__":
    main()
