"""Small things of the face-to-face admin screens that people read: a session running today
is not "held", a sign-up's status is never changed by a preselected choice, yesterday's QR
screen says check-in is closed, moments show in Jakarta time with WIB, and lists show
yes/no/nothing in words."""

import datetime
import zoneinfo

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Cohort, Participant, Region, SessionBooking, Venue
from cohorts.services.bookings import booking_create
from tests.factories import make_participant, make_session

pytestmark = pytest.mark.django_db
JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


def _section(html, heading):
    """The text from an <h2> with this heading up to the next <h2>."""
    soup = BeautifulSoup(html, "html.parser")
    for h2 in soup.find_all("h2"):
        if h2.get_text(strip=True) == heading:
            parts = []
            for sibling in h2.find_next_siblings():
                if sibling.name == "h2":
                    break
                parts.append(sibling.get_text(" ", strip=True))
            return " ".join(parts)
    return None


def test_a_session_running_now_is_not_listed_as_held(staff_client, region_tree):
    today = timezone.localdate()
    running = make_session(
        title="Angkatan Berjalan", start=today - datetime.timedelta(days=1), days=3
    )
    make_session(title="Angkatan Lampau", start=datetime.date(2019, 3, 4))
    assert running.starts_at < timezone.now() < running.ends_at

    html = staff_client("Penyelenggara").get(reverse("cohorts_dashboard")).content.decode()
    assert "Angkatan Berjalan" in _section(html, "Sesi yang sedang berlangsung")
    held = _section(html, "Sesi yang telah berlangsung")
    assert "Angkatan Lampau" in held and "Angkatan Berjalan" not in held
    assert "Angkatan Berjalan" not in (_section(html, "Sesi mendatang") or "")


def test_dashboard_figures_sort_sessions_by_their_whole_span(region_tree):
    from cohorts.selectors import organiser_dashboard_get

    session = make_session(title="Sesi Dua Hari", start=datetime.date(2019, 3, 4), days=2)
    first_morning = datetime.datetime(2019, 3, 4, 10, 0, tzinfo=JAKARTA)
    for now, where in [
        (datetime.datetime(2019, 3, 4, 7, 0, tzinfo=JAKARTA), "upcoming"),
        (first_morning, "running"),
        (datetime.datetime(2019, 3, 4, 22, 0, tzinfo=JAKARTA), "running"),  # the night between
        (datetime.datetime(2019, 3, 5, 17, 0, tzinfo=JAKARTA), "recent"),
    ]:
        dashboard = organiser_dashboard_get(now=now)
        lists = {name: getattr(dashboard, name) for name in ("upcoming", "running", "recent")}
        assert [name for name, sessions in lists.items() if session in sessions] == [where], now


@pytest.fixture
def booked(region_tree):
    session = make_session(title="Angkatan Uji", start=datetime.date(2031, 3, 4))
    person = make_participant(unit=region_tree["kelurahan"], name="Siti Aminah")
    return booking_create(session=session, participant=person)


def test_booking_status_change_starts_with_no_choice(staff_client, booked):
    client = staff_client("Penyelenggara")
    url = reverse("cohorts_session:bookings", args=[booked.session_id])
    soup = BeautifulSoup(client.get(url).content.decode(), "html.parser")
    select = soup.find("select", id=f"status-{booked.pk}")
    options = select.find_all("option")
    assert options[0]["value"] == "" and options[0].get_text() == "Pilih…"
    assert [o for o in options if o.has_attr("selected")] == [options[0]]
    assert select.has_attr("required")

    # sent without a choice (a browser without validation): nothing changes, and it says why
    response = client.post(
        url, {"action": "change", "booking": booked.pk, "status": "", "note": ""}, follow=True
    )
    booked.refresh_from_db()
    assert booked.status == SessionBooking.Status.BOOKED
    assert "Pilih status barunya." in response.content.decode()


def test_qr_screen_of_a_past_day_says_check_in_is_closed(staff_client, region_tree):
    session = make_session(title="Angkatan Maret", start=datetime.date(2019, 3, 4))
    day = session.days.order_by("date").first()
    response = staff_client("Penyelenggara").get(reverse("cohorts_attendance:qr", args=[day.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Presensi hari ini sudah ditutup pukul 16.00 WIB." in html
    assert "dibuka" not in html  # not "check-in is open from 07.00"
    assert "Refresh" not in response
    assert "<style" not in html  # styles come from a file (strict CSP)


def test_participant_details_show_jakarta_time_with_its_zone(staff_client, region_tree):
    person = make_participant(unit=region_tree["kelurahan"], name="Siti Aminah")
    moment = datetime.datetime(2019, 3, 5, 1, 0, tzinfo=datetime.UTC)  # 08.00 in Jakarta
    Participant.objects.filter(pk=person.pk).update(created_at=moment, updated_at=moment)
    html = (
        staff_client("Pimpinan")
        .get(reverse("cohorts_participant:inspect", args=[person.pk]))
        .content.decode()
    )
    assert "Selasa, 5 Maret 2019 08.00 WIB" in html
    assert "01.00" not in html
    assert ">None<" not in html.replace(" ", "").replace("\n", "")  # no account: a dash


def test_lists_show_nothing_as_a_dash(staff_client, region_tree):
    Venue.objects.create(name="Kampus Kosong", address="Jl. Uji")  # no region, no rooms
    programme = make_session(title="Sesi Uji").programme
    Cohort.objects.create(name="Kelompok Tanpa Tema", programme=programme)
    client = staff_client("Penyelenggara")
    for url, row_text in [
        (reverse("cohorts_venue:index"), "Kampus Kosong"),
        (reverse("cohorts_cohort:index"), "Kelompok Tanpa Tema"),
        (reverse("cohorts_region:index"), Region.objects.get(code="31").name),
    ]:
        soup = BeautifulSoup(client.get(url).content.decode(), "html.parser")
        row = next(tr for tr in soup.select("tbody tr") if row_text in tr.get_text())
        cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
        assert "None" not in cells and "—" in cells, (url, cells)
