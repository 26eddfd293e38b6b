"""Attendance: marks by hand and in a grid, QR self check-in, CSV import, closing into the
bookings, rates, the completion rule, the PDFs and the admin and site pages."""

import datetime
import io
import re
from types import SimpleNamespace

import pypdf
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone, translation

from cohorts.documents.attendance_sheets import (
    render_roster,
    render_sheet,
    roster_data,
    sheet_data,
    weekday_date,
)
from cohorts.models import Attendance, BookingEvent, Cohort, SessionBooking, TrainingSession
from cohorts.selectors import (
    attendance_percent,
    cohort_list_with_attendance,
    participant_attendance_rate,
    session_list_with_attendance,
)
from cohorts.services.attendance import (
    attendance_mark,
    attendance_mark_grid,
    session_attendance_close,
)
from cohorts.services.attendance_import import attendance_import
from cohorts.services.bookings import booking_create, booking_set_status, bookings_create_bulk
from cohorts.services.checkin import (
    attendance_check_in,
    checkin_code_check,
    checkin_step,
    checkin_token,
)
from cohorts.services.cohorts import cohort_set_members
from cohorts.services.sessions import session_cancel
from core.errors import DomainError
from core.formatting import day_label, time_label
from lms.models import Enrolment
from lms.services import accounts, learning
from tests.factories import (
    answer_all,
    lessons_of,
    make_participant,
    make_programme,
    make_session,
    make_venue,
    modules_of,
)

pytestmark = pytest.mark.django_db

Status = Attendance.Status
LONG_NAME = "Drs. H. Muhammad Abdurrahman Wahyu Kusumanegara, S.Sos., M.Si."


@pytest.fixture(autouse=True)
def english(client, settings):
    """Messages are matched in English (the source language), in services and pages."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def make_user(django_user_model, role, username=None):
    user = django_user_model.objects.create_user(
        username=username or role.lower(),
        email=f"{username or role.lower()}@example.go.id",
        password="Staf-Pass-2019!",
        first_name=role,
    )
    user.groups.add(Group.objects.get(name=role))
    return user


def seat(session, people):
    bookings_create_bulk(session=session, participant_ids=[p.pk for p in people])


@pytest.fixture
def organiser(django_user_model):
    return make_user(django_user_model, "Penyelenggara")


@pytest.fixture
def world(region_tree):
    """A 2-day session in March 2019 (days over) with three seated participants, one
    waitlisted and one invited only."""
    programme = make_programme(modules=1, lessons=1, questions=1, pretest_enabled=False)
    venue = make_venue(lodging=(("Wisma A", 2), ("Wisma B", 2)))
    session = make_session(programme=programme, venue=venue, capacity=3)
    people = [
        make_participant(unit=region_tree["kelurahan"], name=name)
        for name in ("Ani Suryani", "Budi Santoso", LONG_NAME)
    ]
    seat(session, people)
    waiting = make_participant(unit=region_tree["kelurahan"], name="Wati Menunggu")
    booking_create(session=session, participant=waiting)
    invited = make_participant(unit=region_tree["kelurahan"], name="Iwan Diundang")
    booking_create(session=session, participant=invited, status="invited")
    days = list(session.days.order_by("date"))
    return SimpleNamespace(
        programme=programme,
        session=session,
        people=people,
        waiting=waiting,
        invited=invited,
        days=days,
        region_tree=region_tree,
    )


def booking_of(session, participant):
    return SessionBooking.objects.get(session=session, participant=participant)


def csv_file(text, *, bom=True, encoding="utf-8"):
    return io.BytesIO((("\ufeff" if bom else "") + text).encode(encoding))


# Marking -----------------------------------------------------------------------------------


def test_a_mark_keeps_who_when_and_how_and_an_equal_mark_is_not_rewritten(world, organiser):
    day, person = world.days[0], world.people[0]
    mark = attendance_mark(day=day, participant=person, status="hadir", by=organiser)
    assert (mark.status, mark.method, mark.marked_by) == ("hadir", "manual", organiser)
    first_at = mark.marked_at

    again = attendance_mark(day=day, participant=person, status="hadir", by=None)
    assert again.marked_at == first_at and again.marked_by == organiser

    changed = attendance_mark(
        day=day, participant=person, status="sakit", by=None, note="Surat dokter"
    )
    assert (changed.status, changed.note, changed.marked_by) == ("sakit", "Surat dokter", None)
    assert changed.marked_at >= first_at
    assert Attendance.objects.count() == 1


@pytest.mark.parametrize("who", ["waiting", "invited", "stranger"])
def test_only_a_seated_participant_is_marked(world, organiser, who):
    person = (
        make_participant(unit=world.region_tree["kelurahan"], name="Orang Lain")
        if who == "stranger"
        else getattr(world, who)
    )
    with pytest.raises(DomainError, match="no seat"):
        attendance_mark(day=world.days[0], participant=person, status="hadir", by=organiser)
    with pytest.raises(DomainError, match=person.name):
        attendance_mark_grid(
            day=world.days[0],
            marks={world.people[0].pk: "hadir", person.pk: "hadir"},
            by=organiser,
        )
    assert not Attendance.objects.exists()  # the grid is all or nothing


def test_a_cancelled_booking_loses_its_right_to_be_marked(world, organiser):
    person = world.people[0]
    booking_set_status(booking=booking_of(world.session, person), status="cancelled")
    with pytest.raises(DomainError):
        attendance_mark(day=world.days[0], participant=person, status="hadir", by=organiser)


def test_grid_writes_in_bulk_skips_equal_marks_and_clears(
    world, organiser, django_assert_max_num_queries
):
    day = world.days[0]
    a, b, c = world.people
    marks = {a.pk: "hadir", b.pk: "terlambat", c.pk: "alpa"}
    result = attendance_mark_grid(day=day, marks=marks, by=organiser)
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    stamps = dict(Attendance.objects.values_list("participant_id", "marked_at"))

    with django_assert_max_num_queries(8):
        again = attendance_mark_grid(day=day, marks=marks, by=None)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert dict(Attendance.objects.values_list("participant_id", "marked_at")) == stamps

    changed = attendance_mark_grid(day=day, marks={a.pk: "hadir", c.pk: "izin", b.pk: ""}, by=None)
    assert (changed.updated, changed.cleared, changed.unchanged) == (1, 1, 1)
    assert dict(Attendance.objects.values_list("participant_id", "status")) == {
        a.pk: "hadir",
        c.pk: "izin",
    }
    assert Attendance.objects.get(participant=c).marked_by is None


def test_grid_refuses_unknown_statuses_and_cancelled_sessions(world, organiser):
    day, person = world.days[0], world.people[0]
    with pytest.raises(DomainError, match="Unknown"):
        attendance_mark_grid(day=day, marks={person.pk: "mangkir"}, by=organiser)
    session_cancel(session=world.session)
    with pytest.raises(DomainError, match="cancelled"):
        attendance_mark_grid(day=day, marks={person.pk: "hadir"}, by=organiser)
    assert not Attendance.objects.exists()


def test_a_day_still_to_come_takes_only_izin_or_sakit(region_tree, organiser):
    session = make_session(start=timezone.localdate() + datetime.timedelta(days=7), days=1)
    person = make_participant(unit=region_tree["kelurahan"])
    seat(session, [person])
    day = session.days.get()
    with pytest.raises(DomainError, match="not come yet"):
        attendance_mark(day=day, participant=person, status="hadir", by=organiser)
    mark = attendance_mark(day=day, participant=person, status="izin", by=organiser)
    assert mark.status == "izin"


# QR self check-in --------------------------------------------------------------------------


def test_check_in_marks_present_then_late_after_the_grace_period(world):
    day = world.days[0]
    start = day.start_datetime
    on_time, late = world.people[0], world.people[1]
    at = start + datetime.timedelta(minutes=14)
    result = attendance_check_in(day=day, participant=on_time, token=checkin_token(day, at), at=at)
    assert result.created and result.attendance.status == Status.PRESENT
    assert result.attendance.method == Attendance.Method.QR
    assert result.attendance.marked_at == at

    at = start + datetime.timedelta(minutes=16)
    result = attendance_check_in(day=day, participant=late, token=checkin_token(day, at), at=at)
    assert result.attendance.status == Status.LATE


def test_a_second_check_in_keeps_the_first_mark(world, organiser):
    day, person = world.days[0], world.people[0]
    at = day.start_datetime
    attendance_check_in(day=day, participant=person, token=checkin_token(day, at), at=at)
    later = at + datetime.timedelta(minutes=40)
    again = attendance_check_in(
        day=day, participant=person, token=checkin_token(day, later), at=later
    )
    assert not again.created
    assert (again.attendance.status, again.attendance.marked_at) == ("hadir", at)
    # A mark the organiser made first is kept too.
    other = world.people[1]
    attendance_mark(day=day, participant=other, status="izin", by=organiser)
    kept = attendance_check_in(
        day=day, participant=other, token=checkin_token(day, later), at=later
    )
    assert (kept.created, kept.attendance.status) == (False, "izin")


def test_the_current_and_the_previous_code_work_older_ones_do_not(world):
    day, person = world.days[0], world.people[0]
    at = day.start_datetime + datetime.timedelta(minutes=5)
    step = datetime.timedelta(seconds=checkin_step())
    previous = checkin_token(day, at - step)
    checkin_code_check(day=day, token=previous, at=at)

    for stale in (at - 3 * step, at - datetime.timedelta(days=1)):
        with pytest.raises(DomainError, match="expired"):
            attendance_check_in(day=day, participant=person, token=checkin_token(day, stale), at=at)
    assert not Attendance.objects.exists()


def test_yesterdays_code_of_yesterdays_day_is_outside_its_window(world):
    first, second = world.days
    person = world.people[0]
    shot = first.start_datetime + datetime.timedelta(minutes=10)  # photographed on day 1
    now = second.start_datetime + datetime.timedelta(minutes=10)
    with pytest.raises(DomainError, match="open only from"):
        attendance_check_in(day=first, participant=person, token=checkin_token(first, shot), at=now)
    with pytest.raises(DomainError, match="not valid"):  # day 1's code does not open day 2
        attendance_check_in(day=second, participant=person, token=checkin_token(first, now), at=now)


@pytest.mark.parametrize(
    "offset", [-datetime.timedelta(minutes=61), datetime.timedelta(hours=8, minutes=1)]
)
def test_check_in_outside_the_window_is_refused(world, offset):
    day = world.days[0]
    at = day.start_datetime + offset
    with pytest.raises(DomainError, match="from 07:00 WIB to 16:00 WIB"):
        attendance_check_in(
            day=day, participant=world.people[0], token=checkin_token(day, at), at=at
        )


def test_the_window_opens_early_by_the_setting(world, settings):
    day = world.days[0]
    at = day.start_datetime - datetime.timedelta(minutes=59)
    result = attendance_check_in(
        day=day, participant=world.people[0], token=checkin_token(day, at), at=at
    )
    assert result.attendance.status == "hadir"
    settings.SELARAS_CHECKIN_EARLY = 30
    with pytest.raises(DomainError, match="open only from"):
        checkin_code_check(day=day, token=checkin_token(day, at), at=at)


def test_step_and_grace_follow_the_settings(world, settings):
    settings.SELARAS_CHECKIN_STEP = 30
    settings.SELARAS_CHECKIN_GRACE = 5
    day = world.days[0]
    at = day.start_datetime + datetime.timedelta(minutes=6)
    with pytest.raises(DomainError, match="30 seconds"):
        checkin_code_check(
            day=day,
            token=checkin_token(day, at - datetime.timedelta(seconds=61)),
            at=at,
        )
    result = attendance_check_in(
        day=day, participant=world.people[0], token=checkin_token(day, at), at=at
    )
    assert result.attendance.status == "terlambat"


@pytest.mark.parametrize("token", ["", "abc", "1-deadbeef", "zz-00", "-"])
def test_forged_codes_are_not_valid(world, token):
    day = world.days[0]
    with pytest.raises(DomainError, match="not valid"):
        checkin_code_check(day=day, token=token, at=day.start_datetime)


def test_check_in_refuses_a_participant_without_seat_and_a_cancelled_session(world):
    day = world.days[0]
    at = day.start_datetime
    token = checkin_token(day, at)
    with pytest.raises(DomainError, match="no seat"):
        attendance_check_in(day=day, participant=world.waiting, token=token, at=at)
    session_cancel(session=world.session)
    with pytest.raises(DomainError, match="cancelled"):
        attendance_check_in(day=day, participant=world.people[0], token=token, at=at)
    assert not Attendance.objects.exists()


# Closing into the bookings -----------------------------------------------------------------


def test_closing_sets_attended_no_show_and_leaves_the_excused(world, organiser):
    first, second = world.days
    a, b, c = world.people
    attendance_mark_grid(day=first, marks={a.pk: "alpa", b.pk: "alpa", c.pk: "izin"}, by=organiser)
    with pytest.raises(DomainError, match="not marked on every day"):
        session_attendance_close(session=world.session, by=organiser)
    attendance_mark_grid(
        day=second, marks={a.pk: "terlambat", b.pk: "alpa", c.pk: "alpa"}, by=organiser
    )
    result = session_attendance_close(session=world.session, by=organiser)
    assert (result.attended, result.no_show, result.excused) == (1, 1, 1)
    assert booking_of(world.session, a).status == "attended"
    assert booking_of(world.session, b).status == "no_show"
    assert booking_of(world.session, c).status == "booked"
    event = BookingEvent.objects.filter(booking__participant=b).latest("pk")
    assert (event.from_status, event.to_status, event.by) == ("booked", "no_show", organiser)

    # A correction, then closing again moves only what changed.
    attendance_mark(day=first, participant=b, status="hadir", by=organiser)
    again = session_attendance_close(session=world.session, by=organiser)
    assert (again.attended, again.no_show, again.unchanged) == (1, 0, 1)
    assert booking_of(world.session, b).status == "attended"


def test_closing_waits_for_the_last_day(region_tree, organiser):
    session = make_session(start=timezone.localdate(), days=2)
    person = make_participant(unit=region_tree["kelurahan"])
    seat(session, [person])
    with pytest.raises(DomainError, match="last day"):
        session_attendance_close(session=session, by=organiser)


# CSV import --------------------------------------------------------------------------------


def test_import_applies_every_row_and_a_second_import_changes_nothing(world, organiser):
    a, b, c = world.people
    text = (
        "NIP;Tanggal;Status;Keterangan\r\n"
        f"{a.nip};04/03/2019;Hadir;\r\n"
        f"{b.nip};04/03/2019;TERLAMBAT;macet\r\n"
        f"{c.nip};2019-03-04;sick;Surat dokter\r\n"
        f"'{a.nip};05/03/2019;alpa;\r\n"
    )
    outcome = attendance_import(session=world.session, file=csv_file(text), by=organiser)
    assert outcome.errors == [] and outcome.applied
    assert (outcome.total_rows, outcome.result.created) == (4, 4)
    marks = {(m.participant_id, m.day_id): m for m in Attendance.objects.all()}
    assert marks[(b.pk, world.days[0].pk)].status == "terlambat"
    assert marks[(b.pk, world.days[0].pk)].note == "macet"
    assert marks[(c.pk, world.days[0].pk)].status == "sakit"
    assert marks[(a.pk, world.days[1].pk)].status == "alpa"
    assert {m.method for m in marks.values()} == {"import"}
    stamps = dict(Attendance.objects.values_list("pk", "marked_at"))

    again = attendance_import(session=world.session, file=csv_file(text), by=None)
    assert again.applied and (again.result.created, again.result.updated) == (0, 0)
    assert again.result.unchanged == 4
    assert dict(Attendance.objects.values_list("pk", "marked_at")) == stamps


def test_import_reports_every_bad_row_with_its_column_and_writes_nothing(world, organiser):
    a, b, _c = world.people
    text = (
        "Daftar hadir angkatan I\n"
        "NIP,Tanggal,Status,Keterangan\n"
        f"{a.nip},04/03/2019,Hadir,\n"  # row 3: fine
        "199001012015011999,04/03/2019,Hadir,\n"  # row 4: unknown NIP
        f"{world.waiting.nip},04/03/2019,Hadir,\n"  # row 5: no seat
        f"{b.nip},06/03/2019,Hadir,\n"  # row 6: not a day of the session
        f"{b.nip},05/03/2019,bolos,\n"  # row 7: unknown status
        f"{a.nip},04/03/2019,Alpa,\n"  # row 8: duplicate of row 3
        f"{b.nip},31/02/2019,Hadir,\n"  # row 9: no such date
        "1.98001E+17,04/03/2019,Hadir,\n"  # row 10: NIP mangled by Excel
    )
    outcome = attendance_import(session=world.session, file=csv_file(text, bom=False), by=organiser)
    assert not outcome.applied
    found = {(error["row"], error["column"]) for error in outcome.errors}
    assert found == {
        (4, "NIP"),
        (5, "NIP"),
        (6, "Tanggal"),
        (7, "Status"),
        (8, "NIP"),
        (9, "Tanggal"),
        (10, "NIP"),
    }
    messages = {error["row"]: error["message"] for error in outcome.errors}
    assert "199001012015011999" in messages[4]
    assert "no seat" in messages[5]
    assert "04/03/2019, 05/03/2019" in messages[6]
    assert "bolos" in messages[7]
    assert "row 3" in messages[8]
    assert not Attendance.objects.exists()  # row 3 was valid, but nothing is written


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Nama;Status\nAni;Hadir\n", "No header row"),
        ("NIP;Tanggal\n198001012005011001;04/03/2019\n", "Status"),
        ("NIP;Tanggal;Status\n", "no rows"),
    ],
)
def test_import_refuses_files_without_the_columns(world, organiser, text, message):
    outcome = attendance_import(session=world.session, file=csv_file(text), by=organiser)
    assert not outcome.applied
    assert outcome.errors[0]["row"] is None and message in outcome.errors[0]["message"]


def test_import_reads_an_excel_workbook(world, organiser):
    from openpyxl import Workbook

    a, b, _c = world.people
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["NIP", "Tanggal", "Status", "Keterangan"])
    sheet.append([a.nip, datetime.datetime(2019, 3, 4), "Hadir", None])
    sheet.append([b.nip, "05/03/2019", "Late", "Macet"])
    content = io.BytesIO()
    workbook.save(content)
    content.seek(0)
    outcome = attendance_import(session=world.session, file=content, by=organiser)
    assert outcome.applied and outcome.result.created == 2
    assert Attendance.objects.get(participant=b).status == "terlambat"


def test_import_without_keterangan_keeps_the_notes(world, organiser):
    a = world.people[0]
    attendance_mark(day=world.days[0], participant=a, status="izin", by=organiser, note="Rapat")
    text = f"nip,tanggal,status\n{a.nip},2019-03-04,Excused\n"
    outcome = attendance_import(session=world.session, file=csv_file(text), by=None)
    assert outcome.applied and outcome.result.unchanged == 1
    assert Attendance.objects.get(participant=a).note == "Rapat"


# Rates and the completion rule --------------------------------------------------------------


def test_rates_per_session_and_cohort_count_seated_marks_only(world, organiser):

    first, second = world.days
    a, b, c = world.people
    attendance_mark_grid(
        day=first, marks={a.pk: "hadir", b.pk: "terlambat", c.pk: "alpa"}, by=organiser
    )
    attendance_mark_grid(day=second, marks={a.pk: "hadir", b.pk: "sakit"}, by=organiser)
    other = make_session(programme=world.programme, start=datetime.date(2019, 3, 11), days=1)
    seat(other, [c])
    attendance_mark(day=other.days.get(), participant=c, status="hadir", by=organiser)

    cohort = Cohort.objects.create(name="Angkatan I", programme=world.programme)
    cohort_set_members(cohort=cohort, participants=[a, c])
    rows = {s.pk: s for s in session_list_with_attendance()}
    assert (
        rows[world.session.pk].attendance_present,
        rows[world.session.pk].attendance_marked,
    ) == (
        3,
        5,
    )
    assert attendance_percent(3, 5) == 60.0
    assert (rows[other.pk].attendance_present, rows[other.pk].attendance_marked) == (1, 1)
    group = cohort_list_with_attendance().get(pk=cohort.pk)
    assert (group.attendance_present, group.attendance_marked) == (3, 4)  # a: 2/2, c: 1/2
    assert participant_attendance_rate(participant=c, programme=world.programme) == (
        1,
        2,
    )

    # A booking cancelled after marking no longer counts; nor does a cancelled session.
    booking_set_status(booking=booking_of(world.session, b), status="cancelled")
    session_row = session_list_with_attendance().get(pk=world.session.pk)
    assert (session_row.attendance_present, session_row.attendance_marked) == (2, 3)
    session_cancel(session=other)
    assert participant_attendance_rate(participant=c, programme=world.programme) == (
        0,
        1,
    )


def complete_modules(participant, programme):
    learning.enrolment_create(participant=participant, programme=programme)
    for module in modules_of(programme):
        for lesson in lessons_of(module):
            learning.lesson_complete(participant=participant, lesson=lesson)
        post = learning.attempt_start(participant=participant, module=module, kind="post")
        learning.attempt_submit(attempt=post, answers=answer_all(post, right=len(post.layout)))


def test_completion_waits_for_enough_attendance(world, organiser):
    programme = world.programme
    programme.min_attendance_percent = 75
    programme.save_revision().publish()
    a, b, c = world.people
    complete_modules(a, programme)
    enrolment = Enrolment.objects.get(participant=a, programme=programme)
    assert enrolment.completed_at is None  # no day marked yet

    first, second = world.days
    everyone = {b.pk: "hadir", c.pk: "hadir"}
    attendance_mark_grid(day=first, marks={a.pk: "hadir", **everyone}, by=organiser)
    attendance_mark_grid(day=second, marks={a.pk: "izin", **everyone}, by=organiser)
    assert not learning.programme_completion_record(participant=a, programme=programme)  # 50 %
    session_attendance_close(session=world.session, by=organiser)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None

    # A correction, and closing again: now the rule is met and the programme completes.
    attendance_mark(day=second, participant=a, status="terlambat", by=organiser)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None  # a mark alone completes nobody
    session_attendance_close(session=world.session, by=organiser)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    session_attendance_close(session=world.session, by=organiser)  # nothing twice
    assert Enrolment.objects.filter(participant=a, completed_at__isnull=False).count() == 1


def test_the_rule_is_a_percentage_in_the_schedule_panel(world):
    from django.core.exceptions import ValidationError

    from cms.models import ProgrammePage

    schedule = next(
        panel
        for panel in ProgrammePage.content_panels
        if getattr(panel, "heading", "") == "Schedule"
    )
    assert "min_attendance_percent" in [child.field_name for child in schedule.children]
    programme = ProgrammePage.objects.get(pk=world.programme.pk)
    assert programme.min_attendance_percent == 0
    programme.min_attendance_percent = 101
    with pytest.raises(ValidationError) as error:
        programme.full_clean()
    assert "min_attendance_percent" in error.value.message_dict


def test_closing_completes_whom_the_rule_held_back(world, organiser):
    programme = world.programme
    programme.min_attendance_percent = 50
    programme.save_revision().publish()
    a, b, c = world.people
    complete_modules(a, programme)
    complete_modules(b, programme)
    first, second = world.days
    # Marked before the rule could be checked (an import of another tool's data, say).
    Attendance.objects.bulk_create(
        [
            Attendance(day=day, participant=person, status=status, method="import")
            for day in (first, second)
            for person, status in ((a, "hadir"), (b, "alpa"), (c, "hadir"))
        ]
    )
    session_attendance_close(session=world.session, by=organiser)
    done = set(
        Enrolment.objects.filter(completed_at__isnull=False).values_list("participant", flat=True)
    )
    assert done == {a.pk}


def test_without_a_rule_attendance_does_not_hold_completion_back(world):
    a = world.people[0]
    complete_modules(a, world.programme)
    assert Enrolment.objects.get(participant=a).completed_at is not None


# PDFs --------------------------------------------------------------------------------------


def pdf_text(content):
    reader = pypdf.PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_attendance_sheet_pdf_names_everyone_with_a_signature_column(world, organiser):
    day = world.days[0]
    attendance_mark(day=day, participant=world.people[0], status="hadir", by=organiser)
    reader, text = pdf_text(render_sheet(sheet_data(day)))
    assert "DAFTAR HADIR PESERTA" in text and "Tanda tangan" in text
    assert "Senin, 4 Maret 2019" in text and "08.00–16.00 WIB" in text
    assert world.session.title in text and world.session.venue.name in text
    for person in world.people:
        assert person.nip in text
    assert "Kusumanegara" in text and "Ani Suryani" in text
    assert "Wati Menunggu" not in text  # waitlisted: no seat, not on the sheet
    assert "Hadir" in text and "Halaman 1 dari 1" in text
    assert len(reader.pages) == 1


def test_the_sheet_of_seventy_spans_pages_with_the_header_on_each(region_tree, organiser):
    programme = make_programme(modules=1, lessons=1, questions=1)
    venue = make_venue(classrooms=(("Aula", 80),), lodging=(("Wisma", 80),))
    session = make_session(programme=programme, venue=venue, capacity=80, days=1)
    people = [
        make_participant(
            unit=region_tree["kelurahan"], name=LONG_NAME if n % 10 == 0 else f"Peserta {n:02d}"
        )
        for n in range(70)
    ]
    seat(session, people)
    day = session.days.get()
    reader, text = pdf_text(render_sheet(sheet_data(day)))
    pages = len(reader.pages)
    assert pages >= 3
    for number, page in enumerate(reader.pages, start=1):
        page_text = page.extract_text()
        assert "DAFTAR HADIR PESERTA" in page_text and "Tanda tangan" in page_text
        assert f"Halaman {number} dari {pages}" in page_text
    assert "Peserta 69" in text and "70." in text


def test_roster_pdf_groups_by_lodging_room(world):
    session = world.session
    rooms = {room.name: room for room in session.venue.rooms.filter(kind="lodging")}
    a, b, _c = world.people
    SessionBooking.objects.filter(session=session, participant__in=[a, b]).update(
        lodging_room=rooms["Wisma B"]
    )
    _reader, text = pdf_text(render_roster(roster_data(session)))
    assert "DAFTAR PESERTA DAN KAMAR" in text
    assert "Kamar Wisma B (2 dari 2 tempat tidur)" in text
    assert "Belum mendapat kamar" in text
    assert text.index("Wisma B") < text.index("Belum mendapat kamar") < text.index("Kusumanegara")
    assert session.room.name in text and "Senin, 4 Maret 2019 s.d. Selasa, 5 Maret 2019" in text
    assert "Wati Menunggu" not in text


def test_roster_selector_and_pdf_queries_stay_flat(
    world, region_tree, django_assert_max_num_queries
):
    session = world.session
    with django_assert_max_num_queries(20) as few:
        roster_data(TrainingSession.objects.get(pk=session.pk))
    session.capacity = 40
    session.save()
    seat(session, [make_participant(unit=region_tree["kelurahan"]) for _ in range(25)])
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        data = roster_data(TrainingSession.objects.get(pk=session.pk))
    assert len(many.captured_queries) == len(few.captured_queries)
    assert sum(len(group.rows) for group in data.groups) == 28


# Admin pages -------------------------------------------------------------------------------


def grid_url(day):
    return reverse("cohorts_attendance:grid", args=[day.pk])


def test_organiser_marks_a_day_in_the_grid(world, client, organiser):
    client.force_login(organiser)
    day = world.days[0]
    a, b, c = world.people
    response = client.get(grid_url(day))
    assert response.status_code == 200
    html = response.content.decode()
    for person in world.people:
        assert f'for="status-{person.pk}"' in html and person.name in html
    assert "Wati Menunggu" not in html
    assert reverse("cohorts_attendance:qr", args=[day.pk]) in html
    assert reverse("cohorts_attendance:grid", args=[world.days[1].pk]) in html

    data = {
        f"status-{a.pk}": "hadir",
        f"shown-{a.pk}": "",
        f"status-{b.pk}": "",
        f"shown-{b.pk}": "",
        f"status-{c.pk}": "sakit",
        f"shown-{c.pk}": "",
        "action": "save",
    }
    assert client.post(grid_url(day), data).status_code == 302
    assert dict(Attendance.objects.values_list("participant_id", "status")) == {
        a.pk: "hadir",
        c.pk: "sakit",
    }
    # "Mark all not yet marked as present" fills only the blank rows.
    data.update({f"shown-{a.pk}": "hadir", f"shown-{c.pk}": "sakit", "action": "all_present"})
    client.post(grid_url(day), data)
    assert dict(Attendance.objects.values_list("participant_id", "status")) == {
        a.pk: "hadir",
        b.pk: "hadir",
        c.pk: "sakit",
    }
    page = client.get(grid_url(day)).content.decode()
    assert "Penyelenggara" in page  # who marked each row


def test_grid_keeps_a_check_in_made_while_the_page_was_open(world, client, organiser):
    client.force_login(organiser)
    day, person = world.days[0], world.people[0]
    at = day.start_datetime + datetime.timedelta(minutes=30)
    attendance_check_in(day=day, participant=person, token=checkin_token(day, at), at=at)
    # The page was drawn before the check-in: the row was blank and stays blank in the form.
    client.post(grid_url(day), {f"status-{person.pk}": "", f"shown-{person.pk}": ""})
    assert Attendance.objects.get(participant=person).status == "terlambat"


def test_grid_filters_by_name(world, client, organiser):
    client.force_login(organiser)
    response = client.get(grid_url(world.days[0]), {"q": "budi"})
    assert [row.participant.name for row in response.context["rows"]] == ["Budi Santoso"]


def test_facilitator_marks_only_his_sessions(world, client, django_user_model):
    day = world.days[0]
    facilitator = make_user(django_user_model, "Fasilitator")
    client.force_login(facilitator)
    person = world.people[0]
    data = {f"status-{person.pk}": "hadir", f"shown-{person.pk}": ""}
    response = client.post(grid_url(day), data)
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    response = client.post(grid_url(day), data, headers={"x-requested-with": "XMLHttpRequest"})
    assert response.status_code == 403
    pdf = reverse("cohorts_attendance:sheet_pdf", args=[day.pk])
    assert client.get(pdf, headers={"x-requested-with": "XMLHttpRequest"}).status_code == 403
    assert not Attendance.objects.exists()

    world.session.facilitators.add(facilitator)
    world.session.save()  # a ParentalManyToManyField is written when its instance is saved
    assert client.get(grid_url(day)).status_code == 200
    assert client.post(grid_url(day), data).status_code == 302
    assert Attendance.objects.get().marked_by == facilitator
    assert client.get(pdf).status_code == 200


def test_a_trainee_cannot_post_to_the_grid(world, client):
    trainee = world.people[1]
    client.force_login(accounts.user_create_for_participant(participant=trainee))
    data = {f"status-{trainee.pk}": "hadir", f"shown-{trainee.pk}": ""}
    response = client.post(grid_url(world.days[0]), data)
    assert response.status_code == 302 and "login" in response.url
    response = client.post(
        grid_url(world.days[0]), data, headers={"x-requested-with": "XMLHttpRequest"}
    )
    assert response.status_code == 403
    assert not Attendance.objects.exists()


def test_anonymous_is_sent_to_sign_in(world, client):
    for url in (
        grid_url(world.days[0]),
        reverse("cohorts_attendance:qr", args=[world.days[0].pk]),
        reverse("cohorts_attendance:import", args=[world.session.pk]),
        reverse("cohorts_attendance:roster_pdf", args=[world.session.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response.url


def test_grid_queries_stay_flat(
    world, region_tree, client, organiser, django_assert_max_num_queries
):
    client.force_login(organiser)
    session = world.session
    session.capacity = 40
    session.save()
    seat(session, [make_participant(unit=region_tree["kelurahan"]) for _ in range(2)])
    day = world.days[0]
    attendance_mark(day=day, participant=world.people[0], status="hadir", by=organiser)
    client.get(grid_url(day))
    with django_assert_max_num_queries(60) as few:
        assert len(client.get(grid_url(day)).context["rows"]) == 5
    more = [make_participant(unit=region_tree["kelurahan"]) for _ in range(25)]
    seat(session, more)
    attendance_mark_grid(day=day, marks={p.pk: "izin" for p in more}, by=organiser)
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = client.get(grid_url(day))
    assert len(response.context["rows"]) == 30
    assert len(many.captured_queries) == len(few.captured_queries)


def test_close_attendance_from_the_grid(world, client, organiser):
    client.force_login(organiser)
    for day in world.days:
        attendance_mark_grid(day=day, marks={p.pk: "hadir" for p in world.people}, by=organiser)
    response = client.post(grid_url(world.days[0]), {"action": "close"}, follow=True)
    assert response.status_code == 200
    assert set(
        SessionBooking.objects.filter(participant__in=world.people).values_list("status", flat=True)
    ) == {"attended"}


def test_import_page_shows_errors_then_applies(world, client, organiser):
    client.force_login(organiser)
    url = reverse("cohorts_attendance:import", args=[world.session.pk])
    assert client.get(url).status_code == 200
    a = world.people[0]
    bad = csv_file(f"NIP;Tanggal;Status\n{a.nip};04/03/2019;Hadir\n{a.nip};09/09/2019;Hadir\n")
    bad.name = "presensi.csv"
    response = client.post(url, {"file": bad})
    assert response.status_code == 200
    assert response.context["outcome"].errors[0]["row"] == 3
    assert "09/09/2019" in response.content.decode()
    assert not Attendance.objects.exists()

    good = csv_file(f"NIP;Tanggal;Status\n{a.nip};04/03/2019;Hadir\n")
    good.name = "presensi.csv"
    response = client.post(url, {"file": good})
    assert response.context["outcome"].applied
    assert Attendance.objects.get().method == "import"


def test_import_page_checks_content_size_and_unpacked_size(world, client, organiser, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.core.test_spreadsheets import xlsx_bomb

    client.force_login(organiser)
    url = reverse("cohorts_attendance:import", args=[world.session.pk])
    png = SimpleUploadedFile("presensi.csv", b"\x89PNG\r\n\x1a\n" + bytes(64))
    response = client.post(url, {"file": png})
    assert response.status_code == 200 and "outcome" not in response.context
    assert response.context["form"].errors["file"]
    settings.SELARAS_SPREADSHEET_MAX_UNPACKED = 1_000_000
    bomb = SimpleUploadedFile("presensi.xlsx", xlsx_bomb(3_000_000))
    response = client.post(url, {"file": bomb})
    assert "outcome" not in response.context and response.context["form"].errors["file"]
    big = SimpleUploadedFile("presensi.csv", b"NIP;Tanggal;Status\n" + b" " * (2 * 1024 * 1024))
    response = client.post(url, {"file": big})
    assert re.search(r"2[.,]0\xa0MB\b.+\b2[.,]0\xa0MB", response.context["form"].errors["file"][0])
    assert not Attendance.objects.exists()


def test_pdf_downloads(world, client, organiser):
    client.force_login(organiser)
    sheet = client.get(reverse("cohorts_attendance:sheet_pdf", args=[world.days[0].pk]))
    assert sheet.status_code == 200 and sheet["Content-Type"] == "application/pdf"
    assert "attachment" in sheet["Content-Disposition"]
    assert b"".join(sheet).startswith(b"%PDF")
    roster = client.get(reverse("cohorts_attendance:roster_pdf", args=[world.session.pk]))
    assert roster.status_code == 200 and b"".join(roster).startswith(b"%PDF")


def test_leaders_may_download_the_sheet_but_not_mark(world, client, django_user_model):
    client.force_login(make_user(django_user_model, "Pimpinan"))
    day = world.days[0]
    assert client.get(reverse("cohorts_attendance:sheet_pdf", args=[day.pk])).status_code == 200
    ajax = {"x-requested-with": "XMLHttpRequest"}
    assert client.get(grid_url(day), headers=ajax).status_code == 403


@pytest.fixture
def today_day(region_tree):
    """A one-day session today, open all day, with one seated participant with an account."""
    session = make_session(start=timezone.localdate(), days=1)
    day = session.days.get()
    day.starts, day.ends = datetime.time(0, 0), datetime.time(23, 59, 59)
    day.save()
    person = make_participant(unit=region_tree["kelurahan"], name="Sari Hadir")
    other = make_participant(unit=region_tree["kelurahan"], name="Dedi Lain")
    seat(session, [person, other])
    user = accounts.user_create_for_participant(participant=person)
    return SimpleNamespace(session=session, day=day, person=person, other=other, user=user)


def test_qr_page_shows_a_working_code_and_the_count(today_day, client, organiser):
    client.force_login(organiser)
    response = client.get(reverse("cohorts_attendance:qr", args=[today_day.day.pk]))
    assert response.status_code == 200
    assert response["Refresh"] == "20"
    html = response.content.decode()
    assert "<svg" in html and "0 of 2 present" in html
    url = response.context["checkin_url"]
    token = url.rstrip("/").rsplit("/", 1)[1]
    checkin_code_check(day=today_day.day, token=token)  # the code shown is valid now


def test_self_check_in_on_the_site(today_day, client):
    url = reverse("cohorts:checkin", args=[today_day.day.pk, checkin_token(today_day.day)])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login")) and "next=" in response.url

    client.force_login(today_day.user)
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Sari Hadir" in confirm.content.decode()
    assert not Attendance.objects.exists()  # a GET marks nothing

    # A participant id in the request is ignored: the signed-in user's own is marked.
    result = client.post(url, {"participant": today_day.other.pk})
    assert result.status_code == 200
    mark = Attendance.objects.get()
    assert mark.participant == today_day.person and mark.method == "qr"
    assert mark.marked_by == today_day.user
    assert "WIB" in result.content.decode()

    again = client.post(url)
    assert again.status_code == 200 and not again.context["created"]
    assert Attendance.objects.count() == 1


def test_site_check_in_refusals(today_day, client, world, django_user_model):
    day = today_day.day
    client.force_login(today_day.user)
    old = checkin_token(day, timezone.now() - datetime.timedelta(minutes=5))
    response = client.get(reverse("cohorts:checkin", args=[day.pk, old]))
    assert response.status_code == 400 and "expired" in response.content.decode()
    response = client.post(reverse("cohorts:checkin", args=[day.pk, old]))
    assert response.status_code == 400

    # A day of a session the participant is not seated in.
    other_day = world.days[0]
    other_day.date = timezone.localdate()
    other_day.starts, other_day.ends = datetime.time(0, 0), datetime.time(23, 59, 59)
    other_day.save()
    token = checkin_token(other_day)
    url = reverse("cohorts:checkin", args=[other_day.pk, token])
    response = client.get(url)
    assert response.status_code == 400 and "no seat" in response.content.decode()
    assert client.post(url).status_code == 400
    assert not Attendance.objects.exists()

    staff = make_user(django_user_model, "Penyelenggara")
    client.force_login(staff)
    good = checkin_token(day)
    assert client.post(reverse("cohorts:checkin", args=[day.pk, good])).status_code == 403


def test_check_in_needs_the_csrf_token(today_day):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(today_day.user)
    url = reverse("cohorts:checkin", args=[today_day.day.pk, checkin_token(today_day.day)])
    assert client.post(url).status_code == 403
    assert not Attendance.objects.exists()
    page = client.get(url)
    token = page.context["csrf_token"]
    assert client.post(url, {"csrfmiddlewaretoken": str(token)}).status_code == 200
    assert Attendance.objects.get().participant == today_day.person


def test_a_code_scanned_before_signing_in_still_counts_after(today_day, client, monkeypatch):
    day = today_day.day
    scanned = timezone.now()
    url = reverse("cohorts:checkin", args=[day.pk, checkin_token(day, scanned)])
    assert client.get(url).status_code == 302  # to sign in
    later = scanned + datetime.timedelta(minutes=6)  # the code itself has long expired
    monkeypatch.setattr(timezone, "now", lambda: later)
    client.force_login(today_day.user)  # keeps the session, as signing in does
    assert client.post(url).status_code == 200
    mark = Attendance.objects.get()
    assert mark.participant == today_day.person
    assert scanned <= mark.marked_at < scanned + datetime.timedelta(seconds=5)  # the scan time


def test_dates_and_times_are_written_the_indonesian_way(world):
    with translation.override("id"):
        assert day_label(world.days[0]) == "Senin, 4 Maret 2019"
        assert time_label(datetime.time(7, 5)) == "07.05 WIB"
    assert weekday_date(datetime.date(2019, 3, 5)) == "Selasa, 5 Maret 2019"
