"""A group writes its study-visit paper on a phone — the paper, a photo with the place the
browser reports, submitting — and the facilitator assigned to it scores it with the rubric in
the admin. In Chromium; fields are found by their names, not their (translated) labels."""

import datetime

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect

from casestudies.models import CaseStudy, RubricCriterion
from casestudies.services.case_studies import case_study_set_status
from casestudies.services.reviews import review_assign
from core.roles import Role
from tests.casestudies.factories import (
    SEOUL,
    make_author,
    make_case_study,
    make_group,
    pdf_bytes,
    photo_bytes,
)
from tests.factories import make_region_tree

PASSWORD = "Studi-Kasus-2019!"


def sign_in(page: Page, url: str, login: str):
    page.goto(url)
    page.get_by_label("Email atau NIP").fill(login)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


@pytest.mark.django_db(transaction=True)
def test_a_group_submits_with_photos_and_a_reviewer_scores(
    live_server, base_data, page: Page, tmp_path, django_user_model
):
    region = make_region_tree()["kelurahan"]
    (writer, writer_user), (member, member_user) = make_author(region), make_author(region)
    for user in (writer_user, member_user):
        user.set_password(PASSWORD)
        user.save()
    case_study = make_case_study(writer, writer_user, group=make_group([writer, member]))
    paper, photo = tmp_path / "makalah.pdf", tmp_path / "IMG_0001.jpg"
    paper.write_bytes(pdf_bytes())
    photo.write_bytes(
        photo_bytes(
            size=(1200, 900), taken_at=datetime.datetime(2019, 10, 15, 9, 30), position=SEOUL
        )
    )

    # the other member, on his phone, where he stands (the browser reports it once allowed)
    page.set_viewport_size({"width": 390, "height": 844})
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 37.5694, "longitude": 126.978})
    detail = live_server.url + f"/studi-kasus/{case_study.pk}/"
    sign_in(page, detail, member.nip)
    expect(page.locator("h1")).to_contain_text(case_study.title)
    page.locator("input[name=paper]").set_input_files(str(paper))
    page.locator("form[action$='/makalah/'] button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("makalah.pdf")
    page.locator("input[name=photo]").set_input_files(str(photo))
    page.locator("select[name=category]").select_option(label="Sungai")
    page.locator("input[name=caption]").fill("Sungai Cheonggyecheon")
    page.locator("[data-geolocate]").click()
    expect(page.locator("input[name=latitude]")).to_have_value("37.569400")
    page.locator("form[action$='/foto/'] button[type=submit]").click()
    expect(page.locator(".photo-card")).to_contain_text("Sungai Cheonggyecheon")
    expect(page.locator(".photo-card img")).to_have_js_property("naturalWidth", 400)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("form[action$='/kirim/'] button[type=submit]").click()
    case_study.refresh_from_db()
    assert case_study.status == CaseStudy.Status.SUBMITTED
    stored = case_study.photos.get()
    assert (stored.reported_latitude, stored.exif_date) == (37.5694, datetime.date(2019, 10, 15))

    # the facilitator assigned to it scores it in the admin, while it is in review
    reviewer = django_user_model.objects.create_user(
        username="penguji", email="penguji@example.go.id", password=PASSWORD
    )
    reviewer.groups.add(Group.objects.get(name=Role.FASILITATOR))
    assignment = review_assign(case_study=case_study, reviewer=reviewer, role="penguji", by=None)
    case_study_set_status(case_study=case_study, status="in_review", by=None)
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(
        page, live_server.url + f"/admin/penilaian-studi-kasus/{assignment.pk}/", reviewer.email
    )
    for criterion in RubricCriterion.objects.all():
        page.locator(f"input[name=criterion_{criterion.pk}][value='4']").check()
    page.locator("textarea[name=feedback]").fill("Analisis tajam")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("100")
    assignment.refresh_from_db()
    assert assignment.feedback == "Analisis tajam" and assignment.scored_at
