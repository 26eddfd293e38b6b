"""Under the Content-Security-Policy every page works: Chromium reports no violation
("Refused to …") and asks no host but this site, at desktop and at phone size — the trainee's
Dasbor and a lesson with a video, the admin home, a session's participants and the page editor."""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect

from lms.models import User
from lms.services import learning
from lms.services.accounts import user_create_for_participant
from tests.factories import (
    lessons_of,
    make_participant,
    make_programme,
    make_region_tree,
    make_session,
    modules_of,
)

PASSWORD = "Lurah-Cideng-2019!"
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
VIDEO_HOST = "www.youtube-nocookie.com"


class Watcher:
    """Every CSP violation Chromium reports and every host the page asks."""

    def __init__(self, page: Page, live_server):
        self.own_host = urlsplit(live_server.url).netloc
        self.refusals = []
        self.requests = []
        page.on("console", self._console)
        page.on("request", self._request)
        # The embedded player is answered here: the test needs no network.
        page.route(
            f"https://{VIDEO_HOST}/**",
            lambda route: route.fulfill(content_type="text/html", body="<p>player</p>"),
        )

    def _console(self, message):
        if "Refused to" in message.text or "Content Security Policy" in message.text:
            self.refusals.append(message.text)

    def _request(self, request):
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss"):
            self.requests.append((parts.netloc, request.resource_type, request.url))

    def other_hosts(self, allowed=()):
        return [r for r in self.requests if r[0] != self.own_host and r[0] not in allowed]


def sign_in(page: Page, live_server, login, next_url=""):
    page.goto(live_server.url + "/akun/login/" + (f"?next={next_url}" if next_url else ""))
    page.get_by_label("Email atau NIP").fill(login)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def visit(page: Page, url):
    page.goto(url)
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("size", VIEWPORTS)
@pytest.mark.django_db(transaction=True)
def test_trainee_pages_keep_to_the_policy_and_this_site(live_server, base_data, page: Page, size):
    page.set_viewport_size(VIEWPORTS[size])
    watcher = Watcher(page, live_server)
    programme = make_programme(modules=1, lessons=1, questions=1, title="Pelatihan Aman")
    module = modules_of(programme)[0]
    lesson = lessons_of(module)[0]
    lesson.body = [
        ("text", "<p>Isi materi.</p>"),
        (
            "video",
            {"title": "Pengantar", "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"},
        ),
    ]
    lesson.save_revision().publish()
    participant = make_participant(unit=make_region_tree()["kelurahan"], name="Siti Aminah")
    user = user_create_for_participant(participant=participant)
    user.set_password(PASSWORD)
    user.save()
    learning.enrolment_create(participant=participant, programme=programme)

    sign_in(page, live_server, participant.nip)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dasbor")
    visit(page, live_server.url + "/dasbor/")
    expect(page.locator("main")).to_contain_text(programme.title)
    visit(page, live_server.url + lesson.url)
    expect(page.locator("main")).to_contain_text("Isi materi.")
    frame = page.locator(f'iframe[src^="https://{VIDEO_HOST}/embed/"]')
    frame.scroll_into_view_if_needed()
    expect(frame.content_frame.locator("p")).to_have_text("player")

    assert watcher.refusals == []
    # the only other host is the lesson's video player, loaded as a frame
    assert watcher.other_hosts(allowed={VIDEO_HOST}) == []
    assert {kind for host, kind, _ in watcher.requests if host == VIDEO_HOST} == {"document"}


@pytest.mark.parametrize("size", VIEWPORTS)
@pytest.mark.django_db(transaction=True)
def test_organiser_admin_pages_keep_to_the_policy_and_this_site(
    live_server, base_data, page: Page, size
):
    page.set_viewport_size(VIEWPORTS[size])
    watcher = Watcher(page, live_server)
    programme = make_programme(modules=1, lessons=1, questions=1, title="Pelatihan Aman")
    lesson = lessons_of(modules_of(programme)[0])[0]
    session = make_session(programme=programme, title="Angkatan Aman")
    organiser = User.objects.create_user(
        username="rina", email="rina@example.go.id", password=PASSWORD, first_name="Rina"
    )
    organiser.groups.add(Group.objects.get(name="Penyelenggara"))

    sign_in(page, live_server, "rina@example.go.id", next_url="/admin/")
    expect(page.locator("#main, main").first).to_be_visible()
    visit(page, live_server.url + "/admin/")
    visit(page, live_server.url + f"/admin/sesi/{session.pk}/peserta/")
    expect(page.locator("main, #main").first).to_contain_text("Angkatan Aman")
    visit(page, live_server.url + f"/admin/pages/{lesson.pk}/edit/")
    expect(page.locator("input[name=title]")).to_have_value(lesson.title)
    # the live preview: the editor frames this site's own page
    page.locator('[data-side-panel-toggle="preview"]').click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.locator("main")).to_contain_text("Isi materi.")

    assert watcher.refusals == []
    assert watcher.other_hosts() == []
