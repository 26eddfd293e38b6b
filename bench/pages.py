"""Server time of the trainee's pages next to a bare Django view and a plain Wagtail page.

Runs in-process with Django's test client on a throwaway SQLite database loaded with the demo
(or on DATABASE_URL if set), so it measures the application, not a network or WSGI server.
Prints wall and CPU milliseconds per request (median of rounds) and ratios.

    .venv/bin/python bench/pages.py [requests-per-round]
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
workdir = tempfile.mkdtemp(prefix="selaras-bench-")
os.environ.setdefault("SELARAS_VAR_DIR", workdir)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
os.environ["DJANGO_DEBUG"] = "0"
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "1"

import django

django.setup()

from django.core.management import call_command
from django.db import connection
from django.test import Client

N = int(sys.argv[1]) if len(sys.argv) > 1 else 200
ROUNDS = 5


def count_queries(client, url):
    queries = []

    def record(execute, sql, *args):
        queries.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(record):
        client.get(url)
    return queries


def main():
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    from cms.models import HomePage, LessonPage
    from lms.models import User

    peserta = User.objects.get(email="peserta@selaras.test")
    lesson = (
        LessonPage.objects.live()
        .filter(progress__participant__user=peserta, progress__completed_at__isnull=True)
        .first()
        or LessonPage.objects.live().first()
    )
    anonymous, trainee = Client(), Client()
    trainee.force_login(peserta)
    targets = [
        ("bare Django view (/healthz/)", anonymous, "/healthz/"),
        ("plain Wagtail page (home, anonymous)", anonymous, HomePage.objects.first().url),
        ("plain Wagtail page (home, signed in)", trainee, HomePage.objects.first().url),
        ("Dasbor (peserta)", trainee, "/dasbor/"),
        ("lesson page (peserta)", trainee, lesson.url),
    ]
    results = {}
    for label, client, url in targets:
        for _ in range(20):  # warm up
            assert client.get(url).status_code == 200, (label, url)
        queries = count_queries(client, url)
        walls, cpus = [], []
        for _ in range(ROUNDS):
            wall, cpu = time.perf_counter(), time.process_time()
            for _ in range(N):
                client.get(url)
            walls.append((time.perf_counter() - wall) * 1000 / N)
            cpus.append((time.process_time() - cpu) * 1000 / N)
        results[label] = (statistics.median(walls), statistics.median(cpus), len(queries))
    base_wagtail = results["plain Wagtail page (home, anonymous)"][1]
    print(f"database: {connection.vendor}; {N} requests x {ROUNDS} rounds per page (median)")
    print(f"{'page':40} {'wall ms':>8} {'CPU ms':>8} {'queries':>8} {'x Wagtail':>10}")
    for label, (wall, cpu, count) in results.items():
        print(f"{label:40} {wall:8.2f} {cpu:8.2f} {count:8d} {cpu / base_wagtail:10.2f}")


if __name__ == "__main__":
    main()
