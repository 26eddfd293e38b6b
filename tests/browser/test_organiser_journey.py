"""An organiser's day in the admin: import a roster, let the assistant schedule it, confirm,
and mark a day's attendance — in Chromium, through the real pages."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect

from cohorts.models import Attendance, Cohort, Participant, SessionBooking, TrainingSession
from lms.models import User
from tests.factories import make_programme, make_region_tree, make_session, make_venue

PASSWORD = "Penyelenggara-2019!"
ROSTER = (
    "NIP;Nama;Jabatan;Kode Wilayah;Pangkat/Golongan;Email;Telepon\n"
    "'198001012005011001;Drs. Ahmad Fauzi, M.Si.;Camat;31.71.01;IV/a;camat.gambir@example.go.id;"
    "0812-1111-2222\n"
    "198203152006042002;Siti Nur'aini, S.Sos.;Lurah;31.71.01.1002;III/d;lurah.cideng@example.go.id;"
    "0813 2222 3333\n"
    "1985 0720 2009 01 1 003;Bambang Hartono, S.IP.;Lurah;31.71.01.1002;III/c;;\n"
).encode("utf-8-sig")


@pytest.mark.django_db(transaction=True)
def test_organiser_imports_schedules_confirms_and_marks_attendance(
    live_server, base_data, page: Page
):
    make_region_tree()
    programme = make_programme(modules=1, lessons=1, questions=1, title="Visioning Uji")
    venue = make_venue(name="Kampus Kalibata", classrooms=(("Aula", 2),), lodging=(("Wisma", 4),))
    first = make_session(
        programme=programme,
        venue=venue,
        title="Angkatan I",
        capacity=2,
        start=datetime.date(2019, 3, 4),
    )
    make_session(
        programme=programme,
        venue=venue,
        title="Angkatan II",
        capacity=2,
        start=datetime.date(2019, 3, 11),
    )
    # a cohort filled by rule with every camat and lurah; both sessions invite it
    cohort = Cohort.objects.create(
        name="Angkatan Camat dan Lurah", programme=programme, rule_positions=["camat", "lurah"]
    )
    for session in TrainingSession.objects.all():
        session.invited_cohorts.add(cohort)
        session.save()
    organiser = User.objects.create_user(
        username="rina", email="rina@example.go.id", password=PASSWORD, first_name="Rina"
    )
    organiser.groups.add(Group.objects.get(name="Penyelenggara"))

    page.goto(live_server.url + "/akun/login/?next=/admin/")
    page.get_by_label("Email atau NIP").fill("rina@example.go.id")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    # 1. the roster: upload, see the check of every row, apply
    page.goto(live_server.url + "/admin/impor-peserta/")
    page.locator("input[type=file]").set_input_files(
        {"name": "peserta.csv", "mimeType": "text/csv", "buffer": ROSTER}
    )
    page.locator("form[enctype='multipart/form-data'] button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Siti Nur'aini")
    page.locator("main form[method=post] button[type=submit]").first.click()
    expect(page.locator("main")).to_contain_text("3")
    assert Participant.objects.count() == 3

    # the new people join the cohort by its rule
    page.goto(live_server.url + f"/admin/angkatan/anggota/{cohort.pk}/")
    page.locator("form:has(input[name=action][value=apply]) button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Ahmad Fauzi")
    assert cohort.memberships.active().count() == 3

    # 2. the assistant: every session, kecamatan leaders spread over the dates
    page.goto(live_server.url + f"/admin/penjadwalan/?programme={programme.pk}")
    for box in page.locator("input[name=sessions]").all():
        box.check()
    page.locator("input[name=mode][value=spread]").check()
    page.locator("main form[method=post] button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/admin/penjadwalan/\d+/$"))
    expect(page.locator("main")).to_contain_text("Ahmad Fauzi")
    page.locator("form[action$='/konfirmasi/'] button[type=submit]").click()
    seated = SessionBooking.objects.filter(status__in=SessionBooking.SEATED)
    expect(page.locator("main")).to_contain_text("3")
    assert seated.count() == 3
    # spread: the camat and the lurahs of Gambir are not all on the same dates
    assert seated.values("session").distinct().count() == 2

    # 3. attendance of the first day of Angkatan I
    page.goto(live_server.url + f"/admin/sesi/{first.pk}/peserta/")
    day = first.days.order_by("date").first()
    page.locator(f"a[href$='/presensi/hari/{day.pk}/']").first.click()
    expect(page).to_have_url(re.compile(rf"/presensi/hari/{day.pk}/$"))
    selects = page.locator("select[name^=status-]")
    count = seated.filter(session=first).count()
    expect(selects).to_have_count(count)
    selects.nth(0).select_option("hadir")
    if count > 1:
        selects.nth(1).select_option("terlambat")
    page.locator("button[name=action][value=save]").click()
    expect(page.locator("main")).to_contain_text(organiser.first_name)
    marks = Attendance.objects.filter(day=day)
    assert marks.count() == count
    assert set(marks.values_list("method", flat=True)) == {"manual"}
    assert set(marks.values_list("marked_by", flat=True)) == {organiser.pk}
