"""The Wagtail admin speaks Bahasa Indonesia throughout, for every staff role: the project's
catalogue supplies what Wagtail's, Django's and allauth's Indonesian catalogues lack
(``lms/i18n_overrides.py``), in the page's text and in the admin's JavaScript strings."""

import json
import re
from pathlib import Path

import pytest
import wagtail
from bs4 import BeautifulSoup
from django.urls import reverse

from cms.models import HomePage, LessonPage
from cohorts.models import Cohort, Theme
from cohorts.services.bookings import booking_create
from cohorts.services.cohorts import cohort_set_members
from lms.models import Certificate, TestAttempt
from lms.services import learning
from lms.services.accounts import user_create_for_participant
from tests.factories import (
    answer_all,
    lessons_of,
    make_participant,
    make_programme,
    make_session,
    modules_of,
)

ROLES = ["Penyelenggara", "Fasilitator", "Pimpinan", "Penilai"]

# Common English words of the admin's interface. Left out: words Indonesian uses as they are
# ("Status", "Email", "Admin", "Total", "Data", "Detail", "Video", "Unit", "Program", "No."),
# names and codes.
ENGLISH = frozenset(
    """
    Search Sort Sorted Filter Filters Add Edit Delete Save Saved Cancel Reports Report Help
    Settings Account Pages Images Image Documents Document Snippets Snippet Dashboard Previous
    Next Page page pages of results Results Showing Actions Action More Live Draft Unpublish
    Publish Published Preview History Workflow Workflows Select Choose Back Close Toggle Show
    Hide View Inspect Copy Create Created Sign Logout Log Profile Notifications Upload Locale
    Language Current Shortcuts Keyboard Guide Editor Sidebar Skip Loading Yes True False None
    All by the and to for with at on in is ascending descending order selected Bulk Apply Clear
    Explore Explorer Children Parent Type Title Updated Owner Locked Unlock Lock Revisions
    Comments Comment Privacy Public Private Submit Moderation Approve Reject Scheduled Expired
    Items items Empty Nothing found There are Sorry Welcome Summary Details Fields Field
    required This field Date User Users Groups Changes Changed Revert Compare Latest Usage Used
    Move Rename Tags Collection Collections Download Export Import Error Errors Password Link
    Picture Your your new New Last First Remove Replace Open Main Visibility Visit
    Home Unsaved From Until Before After Pagination Participant Participants Module Programme
    Cohort Session Sessions Venue Theme Certificate Certificates Enrolment Enrolments Question
    Name Wagtail
    """.split()  # noqa: SIM905 (a list of words reads better as words)
)
WORD = re.compile(r"[A-Za-z]+")
ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "aria-description")


def visible_texts(html):
    """The page's text as a person (or a screen reader) meets it, piece by piece: text nodes,
    labelling attributes, button values and the admin sidebar's labels (JSON)."""
    soup = BeautifulSoup(html, "html.parser")
    texts = []
    sidebar = soup.find("script", id="wagtail-sidebar-props")
    if sidebar:
        texts += _labels(json.loads(sidebar.string))
    for tag in soup(["script", "style", "noscript"]):
        tag.decompose()
    # time zones are names (Asia/Jakarta), not interface text; a side panel's counter is
    # hidden until its script writes a number in it
    for tag in soup.select(
        "select[name='locale-current_time_zone'] option, [data-side-panel-toggle-counter][hidden]"
    ):
        tag.decompose()
    for tag in soup.find_all(True):
        texts += [tag[name] for name in ATTRIBUTES if isinstance(tag.get(name), str)]
        if tag.name == "input" and tag.get("type") in ("submit", "button") and tag.get("value"):
            texts.append(tag["value"])
    texts += [" ".join(text.split()) for text in soup.find_all(string=True) if text.strip()]
    return texts


def _labels(node):
    if isinstance(node, dict):
        found = [node["label"]] if isinstance(node.get("label"), str) else []
        return found + [label for value in node.values() for label in _labels(value)]
    if isinstance(node, list):
        return [label for value in node for label in _labels(value)]
    return []


def english_in(html, ignore=()):
    found = []
    for text in visible_texts(html):
        if any(name in text for name in ignore):
            continue
        words = sorted({word for word in WORD.findall(text) if word in ENGLISH})
        if words:
            found.append((text[:120], words))
    return found


def sidebar_urls(html):
    soup = BeautifulSoup(html, "html.parser")
    props = json.loads(soup.find("script", id="wagtail-sidebar-props").string)
    urls = []

    def walk(node):
        if isinstance(node, dict):
            url = node.get("url")
            if isinstance(url, str) and url.startswith("/admin/"):
                urls.append(url)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(props)
    return urls


@pytest.fixture
def admin_world(region_tree, django_capture_on_commit_callbacks):
    """A little of everything the admin lists: a programme with a module and a lesson, a
    participant with an account who took the pre-test, passed the post-test and holds a
    certificate, a cohort and a session he is booked on."""
    programme = make_programme(modules=1, lessons=1, questions=2, title="Pelatihan Uji")
    module = modules_of(programme)[0]
    participant = make_participant(unit=region_tree["kelurahan"], name="Siti Aminah")
    user_create_for_participant(participant=participant)
    learning.enrolment_create(participant=participant, programme=programme)
    pre = learning.attempt_start(participant=participant, module=module, kind="pre")
    learning.attempt_submit(attempt=pre, answers=answer_all(pre, right=1))
    learning.lesson_complete(participant=participant, lesson=lessons_of(module)[0])
    with django_capture_on_commit_callbacks(execute=True):
        post = learning.attempt_start(participant=participant, module=module, kind="post")
        learning.attempt_submit(attempt=post, answers=answer_all(post, right=2))
    cohort = Cohort.objects.create(
        name="Kelompok Uji", programme=programme, theme=Theme.objects.order_by("pk").first()
    )
    cohort_set_members(cohort=cohort, participants=[participant])
    session = make_session(programme=programme, title="Angkatan Uji")
    booking_create(session=session, participant=participant)
    return {
        "programme": programme,
        "module": module,
        "lesson": lessons_of(module)[0],
        "participant": participant,
        "attempt": TestAttempt.objects.get(pk=post.pk),
        "certificate": Certificate.objects.get(participant=participant),
        "cohort": cohort,
        "session": session,
    }


def screens(role, client, world):
    """The main admin screens of a role: home, every menu item, a listing searched and
    filtered, details, the account page; for organisers also forms, the page explorer and a
    page editor."""
    participant = world["participant"]
    home = client.get("/admin/")
    assert home.status_code == 200
    urls = ["/admin/", *sidebar_urls(home.content.decode()), reverse("wagtailadmin_account")]
    urls += [
        reverse("cohorts_participant:index") + "?q=Siti&position=lurah",
        reverse("cohorts_participant:index") + "?q=tidak-ada-yang-cocok",
        reverse("cohorts_participant:inspect", args=[participant.pk]),
        reverse("cohorts_session:bookings", args=[world["session"].pk]),
        reverse("cohorts_cohort:index") + "?q=Kelompok",
    ]
    if role != "Penilai":
        urls.append(reverse("lms_attempt:inspect", args=[world["attempt"].pk]))
    if role == "Penyelenggara":
        urls += [
            reverse("lms_certificate:inspect", args=[world["certificate"].pk]),
            reverse("cohorts_participant:edit", args=[participant.pk]),
            reverse("cohorts_participant:add"),
            reverse("cohorts_session:edit", args=[world["session"].pk]),
            reverse("cohorts_cohort:edit", args=[world["cohort"].pk]),
            reverse("wagtailadmin_explore", args=[HomePage.objects.get().pk]),
            reverse("wagtailadmin_explore", args=[world["module"].pk]),
            reverse("wagtailadmin_pages:edit", args=[world["lesson"].pk]),
            reverse("wagtailadmin_pages:edit", args=[world["programme"].pk]),
            reverse("wagtailadmin_pages:add_subpage", args=[world["module"].pk]),
            reverse("wagtailadmin_pages:add", args=["cms", "lessonpage", world["module"].pk]),
            reverse("wagtailadmin_pages:history", args=[world["lesson"].pk]),
            reverse("wagtailadmin_pages:search") + "?q=Materi",
        ]
    return list(dict.fromkeys(urls))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_admin_screens_speak_indonesian(staff_client, admin_world, role, django_user_model):
    client = staff_client(role)
    if role == "Fasilitator":  # a facilitator sees the sessions he facilitates
        session = admin_world["session"]
        session.facilitators.add(django_user_model.objects.get(username="fasilitator"))
        session.save()  # a cluster's relations are saved with it
    # names and text the test made itself, and the account's own name
    ignore = [LessonPage.objects.get().title, "example.go.id"]
    found = {}
    for url in screens(role, client, admin_world):
        response = client.get(url, follow=True)  # Pages (/admin/pages/) opens the root's
        assert response.status_code == 200, url
        english = english_in(response.content.decode(), ignore=ignore)
        if english:
            found[url] = english
    report = [f"{url}: {text!r} {words}" for url, texts in found.items() for text, words in texts]
    assert report == []


def _catalogue(response):
    """The translations a Django JavaScript catalogue view serves."""
    match = re.search(r"const newcatalog = (\{.*?\});\n", response.content.decode(), re.S)
    return json.loads(match.group(1))


@pytest.mark.django_db
def test_admin_javascript_strings_are_indonesian(staff_client):
    """The sidebar, the editor and the dialogs are drawn by Wagtail's scripts from its
    JavaScript catalogue: every one of its strings has an Indonesian translation."""
    source = Path(wagtail.__file__).parent / "admin/locale/en/LC_MESSAGES/djangojs.po"
    msgids = {
        m.replace('\\"', '"') for m in re.findall(r'^msgid "(.+)"$', source.read_text(), re.M)
    }
    assert {"Toggle sidebar", "Main menu", "Search", "Dashboard"} <= msgids
    catalogue = _catalogue(
        staff_client("Fasilitator").get(reverse("wagtailadmin_javascript_catalog"))
    )
    missing = sorted(msgid for msgid in msgids if not catalogue.get(msgid))
    assert missing == []
