"""Server time of the digital collection with 2,000 photos, next to the plain Wagtail home page
in the same run: the gallery (first page, a search, a filter by photo category), the photo
wall (first and last page, one category), one output's page.

Runs in-process with Django's test client on a throwaway SQLite database. 100 accepted case
studies by 100 participants in 10 cohorts of one programme, 20 photos each (2,000), are
bulk-created; their web versions are real JPEGs made by ``core.images.image_web_versions``
from 40 generated photos and stored privately (rows share those 40 files: the pages read no
file, they link to the image view). Prints wall and CPU milliseconds per request (median of
rounds), the queries and the ratio to the Wagtail page's CPU time.

    .venv/bin/python bench/gallery.py [requests-per-round]
"""

import datetime
import io
import statistics
import sys
import time

from _django import django_start

django_start("gallery", CELERY_TASK_ALWAYS_EAGER="1")

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone
from PIL import Image, ImageDraw

from casestudies.models import CaseStudy, EvidencePhoto, PhotoCategory
from casestudies.services.photos import LARGE, THUMBNAIL
from cms.models import HomePage
from cohorts.models import Cohort, CohortMembership, Theme
from core.images import image_web_versions
from lms.services.accounts import user_create_for_participant
from tests.factories import make_participant, make_programme, make_region_tree

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100
ROUNDS = 5
CASE_STUDIES, PHOTOS_EACH, SOURCES = 100, 20, 40


def source_photo(n: int) -> bytes:
    image = Image.linear_gradient("L").resize((2000, 1500)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for x in range(0, 2000, 41 + n):
        draw.line((x, 0, 2000 - x, 1500), fill=(n * 6 % 255, 120, 255 - x % 255), width=3)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


def load():
    region = make_region_tree()["kelurahan"]
    programme = make_programme(modules=0, title="Pelatihan Kepemimpinan Seoul")
    themes = [Theme.objects.create(name=f"Tema {n}", slug=f"tema-{n}") for n in range(5)]
    cohorts = [Cohort.objects.create(name=f"Angkatan {n}", programme=programme) for n in range(10)]
    authors = [make_participant(unit=region, name=f"Camat Uji {n}") for n in range(CASE_STUDIES)]
    CohortMembership.objects.bulk_create(
        CohortMembership(cohort=cohorts[n % 10], participant=author)
        for n, author in enumerate(authors)
    )
    storage = EvidencePhoto._meta.get_field("large").storage
    files = []
    for n in range(SOURCES):
        versions = image_web_versions(io.BytesIO(source_photo(n)), sizes=(LARGE, THUMBNAIL))
        files.append(
            (
                storage.save(f"bukti/web/besar-{n}.jpg", ContentFile(versions[LARGE])),
                storage.save(f"bukti/web/kecil-{n}.jpg", ContentFile(versions[THUMBNAIL])),
            )
        )
    now = timezone.now()
    case_studies = CaseStudy.objects.bulk_create(
        CaseStudy(
            kind=CaseStudy.Kind.STUDY_VISIT if n % 2 else CaseStudy.Kind.THEMATIC,
            title=f"Inovasi Pelayanan Publik {n}",
            summary="Trotoar, sungai dan taman kota yang dikunjungi di Seoul. " * 5,
            theme=themes[n % 5],
            author=author,
            visit_starts=datetime.date(2019, 10, 14),
            visit_ends=datetime.date(2019, 10, 18),
            visit_place="Seoul",
            status=CaseStudy.Status.PRESENTED if n % 3 == 0 else CaseStudy.Status.ACCEPTED,
            submitted_at=now - datetime.timedelta(hours=n),
        )
        for n, author in enumerate(authors)
    )
    categories = list(PhotoCategory.objects.all())
    photos = []
    for n, case_study in enumerate(case_studies):
        for m in range(PHOTOS_EACH):
            large, small = files[(n * PHOTOS_EACH + m) % SOURCES]
            photos.append(
                EvidencePhoto(
                    case_study=case_study,
                    category=categories[m % len(categories)],
                    caption=f"Foto {m} dari studi {n}",
                    original=large,
                    original_name="foto.jpg",
                    original_format="JPEG",
                    original_bytes=1,
                    sha256="0" * 64,
                    width=2000,
                    height=1500,
                    large=large,
                    thumbnail=small,
                    uploaded_at=now - datetime.timedelta(minutes=n * PHOTOS_EACH + m),
                )
            )
    EvidencePhoto.objects.bulk_create(photos, batch_size=500)
    user = user_create_for_participant(participant=authors[0])
    return user, case_studies[0], categories[1]


def count_queries(client, url):
    queries = []

    def record(execute, sql, *args):
        queries.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(record):
        client.get(url)
    return queries


def main():
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    user, case_study, category = load()
    photos = EvidencePhoto.objects.count()
    setup = time.perf_counter() - started
    anonymous, reader = Client(), Client()
    reader.force_login(user)
    home = HomePage.objects.first().url
    targets = [
        ("plain Wagtail page (home, anonymous)", anonymous, home),
        ("plain Wagtail page (home, signed in)", reader, home),
        ("gallery, page 1 (24 of 100)", reader, "/koleksi/"),
        ("gallery, search 'pelayanan publik 7'", reader, "/koleksi/?q=pelayanan+publik+7"),
        ("gallery, by photo category", reader, f"/koleksi/?category={category.pk}"),
        ("photo wall, page 1 (48 of 2,000)", reader, "/koleksi/foto/"),
        ("photo wall, last page", reader, "/koleksi/foto/?halaman=42"),
        ("photo wall, one category", reader, f"/koleksi/foto/?category={category.pk}"),
        ("output page (20 photos)", reader, f"/koleksi/{case_study.pk}/"),
    ]
    results = {}
    for label, client, url in targets:
        for _ in range(10):  # warm up
            response = client.get(url)
            assert response.status_code == 200, (label, url, response.status_code)
        queries = count_queries(client, url)
        walls, cpus = [], []
        for _ in range(ROUNDS):
            wall, cpu = time.perf_counter(), time.process_time()
            for _ in range(N):
                client.get(url)
            walls.append((time.perf_counter() - wall) * 1000 / N)
            cpus.append((time.process_time() - cpu) * 1000 / N)
        results[label] = (statistics.median(walls), statistics.median(cpus), len(queries))
    base = results["plain Wagtail page (home, anonymous)"][1]
    print(
        f"database: {connection.vendor}; {photos} photos in {CASE_STUDIES} accepted case "
        f"studies (set up in {setup:.1f} s); {N} requests x {ROUNDS} rounds (median)"
    )
    print(f"{'page':40} {'wall ms':>8} {'CPU ms':>8} {'queries':>8} {'x Wagtail':>10}")
    for label, (wall, cpu, count) in results.items():
        print(f"{label:40} {wall:8.2f} {cpu:8.2f} {count:8d} {cpu / base:10.2f}")


if __name__ == "__main__":
    main()
