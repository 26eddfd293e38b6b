"""A lurah in the field scans the projected QR code with his phone, signs in and is marked
present — in Chromium at a phone's width."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cohorts.models import Attendance
from cohorts.services.bookings import booking_create
from cohorts.services.checkin import checkin_token
from lms.services.accounts import user_create_for_participant
from tests.factories import make_participant, make_programme, make_region_tree, make_session

PASSWORD = "Lurah-Cideng-2019!"


def _day_open_now():
    """A session day whose check-in window is open now and whose start is not yet past the
    grace period: today from a few minutes ago, or (late in the evening) tomorrow from 00.00,
    which the early opening already covers."""
    now = timezone.localtime()
    if now.hour >= 23:
        return now.date() + datetime.timedelta(days=1), datetime.time(0, 0)
    start = max(now - datetime.timedelta(minutes=5), now.replace(hour=0, minute=0))
    return now.date(), start.time().replace(second=0, microsecond=0)


@pytest.mark.django_db(transaction=True)
def test_trainee_checks_in_with_the_qr_code_on_a_phone(live_server, base_data, page: Page):
    date, starts = _day_open_now()
    session = make_session(
        programme=make_programme(modules=1, lessons=1, questions=1), days=1, start=date
    )
    day = session.days.get()
    day.starts, day.ends = starts, datetime.time(23, 59)
    day.save()
    lurah = make_participant(unit=make_region_tree()["kelurahan"], name="Siti Aminah")
    user = user_create_for_participant(participant=lurah)
    user.set_password(PASSWORD)
    user.save()
    booking_create(session=session, participant=lurah)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + f"/presensi/{day.pk}/{checkin_token(day)}/")
    # not signed in yet: the sign-in page, then back to the check-in
    page.get_by_label("Email atau NIP").fill(lurah.nip)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.locator("main")).to_contain_text(session.title)
    page.get_by_role("button", name="Catat kehadiran saya").click()

    expect(page.locator("main")).to_contain_text("Hadir")
    mark = Attendance.objects.get(day=day, participant=lurah)
    assert (mark.status, mark.method, mark.marked_by_id) == ("hadir", "qr", user.pk)
    # nothing sticks out of a phone's screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
