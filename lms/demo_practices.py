"""Demo data for shared practices: a handful of published posts by camat and lurah of several
kota across the themes, each with small generated photos, one featured by the Pimpinan, and
one awaiting the organiser's moderation. Idempotent: a post already there (by its title) is
left as it is."""

import io

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageDraw

from cohorts.models import Participant, Theme
from lms.models import PracticePost, User
from lms.services.practices import (
    practice_post_create,
    practice_post_feature,
    practice_post_publish,
)

# (kota code, title, text, photo colours); the first is featured, the last awaits moderation
POSTS = [
    (
        "31.71",
        "Taman baca di ruang terbuka RW 05",
        "Ruang terbuka yang tidak terpakai kami ubah bersama warga menjadi taman baca. "
        "Karang taruna menjaga jadwal, perpustakaan daerah meminjamkan buku tiap bulan.",
        [(46, 125, 50), (255, 193, 7)],
    ),
    (
        "31.72",
        "Layanan KTP selesai satu hari",
        "Antrean kami atur dengan nomor daring dan loket khusus lansia; dokumen lengkap "
        "diproses dan dicetak pada hari yang sama.",
        [(21, 101, 192)],
    ),
    (
        "31.73",
        "Bank sampah kelurahan",
        "Warga menabung sampah terpilah; hasil penjualan masuk ke tabungan warga dan kas RW.",
        [(121, 85, 72), (56, 142, 60)],
    ),
    (
        "31.74",
        "Rapat warga bulanan yang terbuka",
        "Setiap bulan kami membuka rapat warga di balai kelurahan dan menayangkan notulennya "
        "di papan informasi dan grup warga.",
        [(94, 53, 177)],
    ),
    (
        "31.75",
        "Penataan saluran air bersama warga",
        "Kerja bakti mingguan membersihkan saluran; genangan di tiga titik rawan berkurang.",
        [(0, 131, 143)],
    ),
    (
        "31.71",
        "Pojok konsultasi UMKM di kantor kelurahan",
        "Pendamping UMKM hadir dua kali seminggu untuk perizinan dan pemasaran daring.",
        [(230, 81, 0)],
    ),
]


def _photo(colour, number: int) -> ContentFile:
    image = Image.new("RGB", (480, 360), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, 440, 320), outline=(255, 255, 255), width=6)
    draw.text((60, 60), f"Foto {number}", fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return ContentFile(out.getvalue(), name=f"praktik-{number}.jpg")


def _author(kota_code: str, index: int) -> Participant | None:
    people = Participant.objects.filter(unit__code__startswith=f"{kota_code}.").order_by("pk")
    return people[index % max(people.count(), 1)] if people.exists() else None


@transaction.atomic
def practices_demo_load(*, learning: bool = True) -> int:
    """Load the shared practices of the demo; the number of posts created."""
    if settings.PRODUCTION:
        raise RuntimeError("The demo data is never loaded in production mode.")
    if not learning:
        return 0
    organiser = User.objects.get(email="penyelenggara@selaras.test")
    leader = User.objects.get(email="pimpinan@selaras.test")
    themes = list(Theme.objects.order_by("sort_order"))
    created = 0
    for index, (kota, title, text, colours) in enumerate(POSTS):
        if PracticePost.objects.filter(title=title).exists():
            continue
        author = _author(kota, index)
        if author is None or not themes:
            continue
        post = practice_post_create(
            author=author,
            theme=themes[index % len(themes)],
            title=title,
            text=text,
            photos=[(_photo(colour, n + 1), "") for n, colour in enumerate(colours)],
        )
        created += 1
        if index == len(POSTS) - 1:
            continue  # awaits moderation
        post = practice_post_publish(post=post, by=organiser)
        if index == 0:
            practice_post_feature(post=post, by=leader)
    return created
