"""The scheduling assistant on 317 and on 90,000 participants: time and peak memory.

Algorithm alone (cohorts.scheduler.propose, no database), in both modes:

  dki     317 participants as in DKI Jakarta: 6 heads, 44 camat and 267 lurah over 44
          kecamatans, 5 themes (by kecamatan, a few lurahs differ), 6 sessions of 55 seats
          (2 days, 1 night; two pairs share dates at two venues with 110 beds each).
  90k     90,000 participants: 12,850 synthetic kecamatans of 5–9 leaders (one camat each),
          the rest heads; 5 themes; 1,850 sessions of 50 seats (92,500 seats), 2 days each,
          ten venues a week running in parallel, so every date slot holds ten sessions.
  90k-inv the same with eligibility by invitation: 20 regional cohorts, each invited to a
          quarter of the sessions (overlapping), so there are 20 eligibility classes.

Peak memory: Python allocations during the call (tracemalloc, in a second run since tracing
slows Python down), and the process's peak resident size (ru_maxrss).

Then, if it is easy (a throwaway SQLite database, migrated): proposal_compute end to end on the
317 in the database (loading, the algorithm, storing) in both modes.

    .venv/bin/python bench/scheduler.py [--no-db]
"""

import datetime as dt
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cohorts.scheduler import SPREAD, TOGETHER, Person, Session, propose  # noqa: E402

UTC = dt.UTC
THEMES = [1, 2, 3, 4, 5]


def dki():
    """317 participants, 6 sessions at two venues (beds shared by same-date sessions)."""
    rng = random.Random(2019)
    people = []
    everyone = frozenset(range(1, 7))
    pid = 0
    for _head in range(6):
        pid += 1
        people.append(Person(pid, "head", None, rng.choice(THEMES), everyone))
    sizes = [6] * 44
    for k in range(267 - 6 * 44):  # 267 lurahs over 44 kecamatans: 3 have a seventh
        sizes[k * 13 % 44] += 1
    for k in range(44):
        code = f"31.{71 + k % 6}.{k + 1:02d}"
        theme = THEMES[k % 5]
        pid += 1
        people.append(Person(pid, "camat", code, theme, everyone))
        for _n in range(sizes[k]):
            pid += 1
            own = theme if rng.random() < 0.8 else rng.choice(THEMES)
            people.append(Person(pid, "lurah", code, own, everyone))
    sessions = []
    start = dt.datetime(2019, 3, 4, 1, 0, tzinfo=UTC)
    dates = [0, 0, 7, 7, 14, 21]  # sessions 1+2 and 3+4 share dates (two venues)
    for n, offset in enumerate(dates, start=1):
        begins = start + dt.timedelta(days=offset)
        venue = "A" if n % 2 else "B"
        night = (begins + dt.timedelta(days=0)).date().isoformat()
        sessions.append(
            Session(
                n,
                begins,
                begins + dt.timedelta(days=1, hours=8),
                55,
                pools=((venue, night),),
                label=f"Sesi {n}",
            )
        )
    beds = {(s.pools[0]): 110 for s in sessions}
    return people, sessions, beds


def big(n_people=90_000, n_sessions=1_850, invited=False):
    rng = random.Random(90)
    sessions = []
    start = dt.datetime(2025, 1, 6, 1, 0, tzinfo=UTC)
    for n in range(1, n_sessions + 1):
        week, venue = divmod(n - 1, 10)  # ten venues in parallel each week
        begins = start + dt.timedelta(days=7 * week + venue % 3)
        sessions.append(
            Session(
                n,
                begins,
                begins + dt.timedelta(days=1, hours=8),
                50,
                pools=((venue, begins.date().isoformat()),),
                label=f"Sesi {n}",
            )
        )
    beds = {s.pools[0]: 60 for s in sessions}  # beds never the binding limit here
    everyone = frozenset(s.id for s in sessions)
    cohorts = []
    if invited:
        for c in range(20):
            chosen = frozenset(s.id for s in sessions if (s.id * 7 + c * 13) % 20 < 5)
            cohorts.append(chosen)
    people = []
    pid = 0
    k = 0
    while pid < n_people - 1_000:
        k += 1
        code = f"K{k:05d}"
        theme = THEMES[k % 5]
        eligible = cohorts[k % 20] if invited else everyone
        size = rng.randint(5, 9)
        for m in range(size):
            pid += 1
            own = theme if rng.random() < 0.8 else rng.choice(THEMES)
            position = "camat" if m == 0 else "lurah"
            people.append(Person(pid, position, code, own, eligible))
    while pid < n_people:
        pid += 1
        eligible = cohorts[pid % 20] if invited else everyone
        people.append(Person(pid, "head", None, rng.choice(THEMES), eligible))
    return people, sessions, beds


def measure(label, people, sessions, beds, mode):
    started = time.perf_counter()
    plan = propose(people, sessions, mode=mode, beds=beds)
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    propose(people, sessions, mode=mode, beds=beds)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    stats = plan.stats
    k = stats["kecamatans"]
    print(
        f"{label:8} {mode:8} {len(people):>6} people {len(sessions):>5} sessions: "
        f"{elapsed * 1000:9.1f} ms, peak {peak / 2**20:6.1f} MiB; placed {stats['placed']}, "
        f"unplaced {stats['unplaced']}, theme balance mean {stats['balance']['mean']:.3f} "
        f"max {stats['balance']['max']:.3f}; kecamatans {k['total']}: together {k['together']}, "
        f"split {k['split']}, same dates {k['same_dates']}, explanations "
        f"{len(plan.explanations)}"
    )
    return plan


def algorithm():
    print("Algorithm (cohorts.scheduler.propose), no database:")
    cases = [("dki", dki()), ("90k", big()), ("90k-inv", big(invited=True))]
    for label, (people, sessions, beds) in cases:
        for mode in (TOGETHER, SPREAD):
            measure(label, people, sessions, beds, mode)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak resident size: {rss:.0f} MiB")


def end_to_end():
    """proposal_compute on the 317 demo-like participants in a throwaway SQLite database."""
    workdir = tempfile.mkdtemp(prefix="selaras-bench-scheduler-")
    os.environ["SELARAS_VAR_DIR"] = workdir
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings"
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ["DJANGO_LOG_LEVEL"] = "WARNING"
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cohorts import schedule_proposals
    from cohorts.models import ScheduleProposal
    from lms.celery import app

    app.conf.task_always_eager = False
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"\nEnd to end on SQLite (migrated in {time.perf_counter() - started:.1f} s):")
    programme, sessions = schedule_proposals.bench_setup_dki()
    for mode in (TOGETHER, SPREAD):
        proposal = ScheduleProposal.objects.create(programme=programme, mode=mode)
        proposal.sessions.set(sessions)
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            schedule_proposals.proposal_compute(proposal_id=proposal.pk)
        elapsed = time.perf_counter() - started
        proposal.refresh_from_db()
        print(
            f"proposal_compute {mode:8} 317 participants, 6 sessions: {elapsed * 1000:7.1f} ms, "
            f"{len(queries)} queries; {proposal.get_status_display()}, placed "
            f"{proposal.stats.get('placed')}"
        )


if __name__ == "__main__":
    algorithm()
    if "--no-db" not in sys.argv:
        end_to_end()
