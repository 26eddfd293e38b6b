"""Attendance at the size of the Visioning programme: one session day for every participant.

On a throwaway SQLite database, seats N participants (317 by default) in a 2-day session and
times, each once:

  (a) the grid save of day 1 for everyone, then the same save again (all unchanged);
  (b) the CSV import of both days (2 × N rows), then the same file again (all unchanged);
  (c) closing the session's attendance (one booking_set_status per participant);
  (d) the daftar hadir PDF of day 1 and the roster PDF (pages and size);
  (e) the grid's selector (rows with their marks) and the session's attendance rate.

The import and the grid run synchronously in the request: these figures say whether that
is fine for one session's roster.

    .venv/bin/python bench/attendance.py [participants]
"""

import io
import shutil
import sys
import time

from _django import django_start

WORKDIR = django_start("attendance")

import datetime
import logging

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cohorts.documents.attendance_sheets import render_roster, render_sheet, roster_data, sheet_data
from cohorts.models import Participant, SessionBooking, TrainingSession
from cohorts.selectors import (
    attendance_day_rows,
    attendance_percent,
    day_get,
    session_list_with_attendance,
)
from cohorts.services.attendance import attendance_mark_grid, session_attendance_close
from cohorts.services.attendance_import import attendance_import
from cohorts.services.bookings import bookings_create_bulk
from cohorts.services.sessions import session_save
from lms.celery import app
from lms.models import User
from tests.factories import make_nip, make_programme, make_region_tree, make_venue

COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 317
logging.disable(logging.INFO)


def timed(label, function):
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - started
    print(f"{label:<52} {elapsed * 1000:9.1f} ms  {len(queries.captured_queries):5d} queries")
    return result


def main():
    print(f"Migrating a throwaway database in {WORKDIR} …")
    call_command("migrate", verbosity=0)
    app.conf.task_always_eager = True
    tree = make_region_tree()
    organiser = User.objects.create_user(username="bench", email="bench@example.go.id")
    Participant.objects.bulk_create(
        [
            Participant(
                nip=make_nip(n),
                name=f"Peserta Bench {n:04d} bin Abdurrahman Kusumanegara",
                position="lurah",
                unit=tree["kelurahan"],
            )
            for n in range(COUNT)
        ]
    )
    people = list(Participant.objects.order_by("pk"))
    programme = make_programme(modules=1, lessons=1, questions=1)
    venue = make_venue(classrooms=(("Aula", COUNT),), lodging=(("Wisma", COUNT),))
    session = TrainingSession(
        programme=programme,
        title="Angkatan Bench",
        venue=venue,
        room=venue.rooms.get(kind="classroom"),
        capacity=COUNT,
    )
    day_list = [
        (datetime.date(2019, 3, 4 + i), datetime.time(8), datetime.time(16)) for i in range(2)
    ]
    session = session_save(session=session, days=day_list, override_reason="bench")
    bookings_create_bulk(session=session, participant_ids=[p.pk for p in people])
    first = session.days.order_by("date").first()
    print(f"{COUNT} participants seated in a 2-day session.\n")

    marks = {p.pk: ("hadir" if i % 10 else "terlambat") for i, p in enumerate(people)}
    timed(
        f"(a) grid save, day 1, {COUNT} marks",
        lambda: attendance_mark_grid(day=first, marks=marks, by=organiser),
    )
    timed(
        "    the same grid save again (all unchanged)",
        lambda: attendance_mark_grid(day=first, marks=marks, by=organiser),
    )

    lines = ["NIP;Tanggal;Status;Keterangan"]
    for i, person in enumerate(people):
        lines.append(f"{person.nip};04/03/2019;{'Hadir' if i % 7 else 'Izin'};")
        lines.append(f"{person.nip};2019-03-05;{'Hadir' if i % 9 else 'Alpa'};")
    content = ("\ufeff" + "\r\n".join(lines)).encode()
    outcome = timed(
        f"(b) CSV import, {2 * COUNT} rows",
        lambda: attendance_import(session=session, file=io.BytesIO(content), by=organiser),
    )
    assert outcome.applied, outcome.errors[:3]
    again = timed(
        "    the same file again (all unchanged)",
        lambda: attendance_import(session=session, file=io.BytesIO(content), by=organiser),
    )
    assert again.result.unchanged == 2 * COUNT

    result = timed(
        "(c) close attendance",
        lambda: session_attendance_close(session=session, by=organiser),
    )
    print(f"    → {result.attended} attended, {result.no_show} no-show, {result.excused} excused")

    day = day_get(first.pk)
    sheet = timed(
        "(d) daftar hadir PDF, day 1",
        lambda: render_sheet(sheet_data(day)),
    )
    SessionBooking.objects.filter(session=session).update(
        lodging_room=venue.rooms.get(kind="lodging")
    )
    roster = timed(
        "    roster PDF",
        lambda: render_roster(roster_data(TrainingSession.objects.get(pk=session.pk))),
    )
    import pypdf

    for label, pdf in (("daftar hadir", sheet), ("roster", roster)):
        pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
        print(f"    {label}: {pages} pages, {len(pdf) / 1024:.0f} KB")

    rows = timed("(e) grid rows with marks (selector)", lambda: list(attendance_day_rows(day=day)))
    assert len(rows) == COUNT
    rate = timed(
        "    session attendance rate (annotated)",
        lambda: session_list_with_attendance().get(pk=session.pk),
    )
    print(
        f"    → {rate.attendance_present}/{rate.attendance_marked} = "
        f"{attendance_percent(rate.attendance_present, rate.attendance_marked)} %"
    )


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)
