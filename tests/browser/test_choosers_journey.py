"""Choosing participants in Chromium: the session form's invited participants through the
participant chooser (several at once, then one removed) and a booking's participant through
the single chooser — the widgets that replaced selects of every participant."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect

from cohorts.models import SessionBooking, TrainingSession
from lms.models import User
from tests.factories import make_participant, make_region_tree, make_session

PASSWORD = "Penyelenggara-2019!"


@pytest.mark.django_db(transaction=True)
def test_organiser_invites_and_books_participants_through_the_choosers(
    live_server, base_data, page: Page
):
    tree = make_region_tree()
    people = [
        make_participant(unit=tree["kelurahan"], name=f"Rahmat Sitompul {n}") for n in range(3)
    ]
    make_participant(unit=tree["kelurahan"], name="Dewi Lestari")
    session = make_session(title="Angkatan Pilih")
    organiser = User.objects.create_user(
        username="rina", email="rina@example.go.id", password=PASSWORD, first_name="Rina"
    )
    organiser.groups.add(Group.objects.get(name="Penyelenggara"))
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(live_server.url + "/akun/login/?next=/admin/")
    page.get_by_label("Email atau NIP").fill("rina@example.go.id")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    # invite two participants found by name, then take one out again
    page.goto(live_server.url + f"/admin/sesi/edit/{session.pk}/")
    chooser = page.locator("[data-controller=selaras-multiple-chooser]")
    chooser.locator("[data-selaras-multiple-chooser-target=add]").click()
    modal = page.locator(".modal-content")
    modal.locator("input[name=q]").fill("sitompul")
    boxes = modal.locator("input[data-multiple-choice-select]")
    expect(boxes).to_have_count(3)
    boxes.nth(0).check()
    boxes.nth(1).check()
    modal.locator("[data-multiple-choice-submit]").click()
    chosen = chooser.locator("[data-selaras-multiple-chooser-target=list] li")
    expect(chosen).to_have_count(2)
    expect(chosen.nth(0)).to_contain_text("Rahmat Sitompul 0")
    chosen.nth(0).get_by_role("button").click()
    expect(chosen).to_have_count(1)
    page.locator("form[method=post] button[type=submit]", has_text="Simpan").first.click()
    expect(page).to_have_url(re.compile(r"/admin/sesi/$"))
    invited = TrainingSession.objects.get(pk=session.pk).invited_participants.all()
    assert list(invited) == [people[1]]

    # book a participant chosen with the single chooser
    page.goto(live_server.url + f"/admin/sesi/{session.pk}/peserta/")
    page.locator("details.selaras-panel summary").first.click()
    page.locator(".chooser__choose-button").first.click()
    modal.locator("input[name=q]").fill("dewi")
    modal.locator("a[data-chooser-modal-choice]").first.click()
    expect(page.locator("[data-chooser-title]").first).to_have_text(re.compile("Dewi Lestari"))
    page.locator("form:has(input[name=action][value=add]) button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Dewi Lestari")
    assert SessionBooking.objects.get(session=session).participant.name == "Dewi Lestari"
    assert not errors
