"""A job's progress is followed without reloading the page (focus stays put), the Dasbor
fits a 320 px wide phone without sideways scrolling, and the admin's sidebar (drawn by
Wagtail's script) speaks Indonesian under Selaras's logo."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect

from cohorts.scheduling import proposals
from cohorts.scheduling.proposals import proposal_compute, proposal_create
from lms.services import learning
from lms.services.accounts import user_create_for_participant
from tests.factories import (
    answer_all,
    make_participant,
    make_programme,
    make_region_tree,
    make_session,
    modules_of,
)
from tests.lms.test_admin_language import ENGLISH, WORD


def sign_in(page: Page, live_server, user):
    """The browser carries the session of ``user`` (signing in itself is tested elsewhere)."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


@pytest.mark.django_db(transaction=True)
def test_proposal_progress_keeps_focus_then_shows_the_result(
    live_server, base_data, page: Page, monkeypatch, django_user_model
):
    # the compute task is not sent: the test computes the proposal when it chooses
    monkeypatch.setattr(proposals, "enqueue_on_commit", lambda *args: None)
    tree = make_region_tree()
    programme = make_programme(modules=1, lessons=1, questions=1)
    session = make_session(programme=programme, start=datetime.date(2031, 3, 4))
    for _ in range(2):
        learning.enrolment_create(
            participant=make_participant(unit=tree["kelurahan"]), programme=programme
        )
    proposal = proposal_create(programme=programme, sessions=[session], mode="spread", by=None)
    organiser = django_user_model.objects.create_user(
        username="penyelenggara", email="penyelenggara@example.go.id", password="x-Pass-2019!"
    )
    organiser.groups.add(Group.objects.get(name="Penyelenggara"))
    sign_in(page, live_server, organiser)
    status_url = reverse("cohorts_scheduler:status", args=[proposal.pk])

    response = page.goto(live_server.url + reverse("cohorts_scheduler:detail", args=[proposal.pk]))
    assert "refresh" not in response.headers
    live = page.locator("[data-progress-text]")
    expect(live).to_have_attribute("aria-live", "polite")
    page.evaluate("window.selarasMarker = 'same page'")
    discard = page.locator(
        f'form[action="{reverse("cohorts_scheduler:discard", args=[proposal.pk])}"] button'
    )
    discard.focus()

    with page.expect_response(lambda r: r.url.endswith(status_url)) as polled:
        pass
    assert polled.value.json()["done"] is False
    expect(live).to_have_text("Menghitung usulan…")
    # after an update: the same page (no reload) and the focus still on the button
    assert page.evaluate("window.selarasMarker") == "same page"
    assert discard.evaluate("button => document.activeElement === button")

    proposal_compute(proposal_id=proposal.pk)
    expect(page.get_by_role("button", name="Konfirmasi dan daftarkan")).to_be_visible(
        timeout=10_000
    )
    expect(page.locator("[data-progress-url]")).to_have_count(0)


@pytest.mark.django_db(transaction=True)
def test_dasbor_does_not_scroll_sideways_at_320_px(live_server, base_data, page: Page):
    programme = make_programme(modules=2, lessons=1, questions=2)
    participant = make_participant(unit=make_region_tree()["kelurahan"], name="Siti Aminah")
    user = user_create_for_participant(participant=participant)
    learning.enrolment_create(participant=participant, programme=programme)
    module = modules_of(programme)[0]
    module.title = "Kepemimpinan Pemerintahan"
    module.save_revision().publish()
    # a pre-test taken and no post-test: the results table tells screen readers "not taken"
    # and "not available" in visually hidden text, at the far end of a table wider than a phone
    attempt = learning.attempt_start(participant=participant, module=module, kind="pre")
    learning.attempt_submit(attempt=attempt, answers=answer_all(attempt, right=1))
    sign_in(page, live_server, user)

    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + "/dasbor/")
    expect(page.locator("main")).to_contain_text(programme.title)
    table = page.locator(".table-wrap")
    expect(table).to_be_visible()
    assert table.evaluate("box => box.scrollWidth > box.clientWidth")  # the table scrolls...
    assert page.evaluate("document.documentElement.scrollWidth") <= 320  # ...the page does not


@pytest.mark.django_db(transaction=True)
def test_admin_sidebar_speaks_indonesian_under_the_selaras_logo(
    live_server, base_data, page: Page, django_user_model
):
    organiser = django_user_model.objects.create_user(
        username="penyelenggara", email="penyelenggara@example.go.id", password="x-Pass-2019!"
    )
    organiser.groups.add(Group.objects.get(name="Penyelenggara"))
    sign_in(page, live_server, organiser)
    page.goto(live_server.url + reverse("wagtailadmin_home"))
    sidebar = page.locator("#wagtail-sidebar")
    expect(sidebar.get_by_text("Dasbor penyelenggara")).to_be_visible()
    expect(sidebar.locator("img[src$='img/selaras.svg']")).to_be_visible()
    expect(sidebar.locator(".icon-wagtail")).to_have_count(0)
    texts = sidebar.evaluate(
        """sidebar => {
            const labelled = sidebar.querySelectorAll("[aria-label], [title], [placeholder]");
            const names = ["aria-label", "title", "placeholder"];
            const labels = [...labelled].flatMap(el => names.map(n => el.getAttribute(n) || ""));
            return [sidebar.innerText, ...labels].join(" | ");
        }"""
    )
    assert sorted({word for word in WORD.findall(texts) if word in ENGLISH}) == [], texts
    # the keyboard shortcuts keep their key, "?", without the Help menu
    page.keyboard.press("?")
    dialog = page.locator("#keyboard-shortcuts-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("heading", level=2).first).to_have_text("Pintasan keyboard")
