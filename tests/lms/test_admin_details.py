"""Small things of the learning engine's admin and site that people read: details in Jakarta
time with WIB, lists with columns named in Indonesian and yes/no/nothing in words, and a
test's start address opened by mistake leads back to its module."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.urls import reverse

from lms.models import Certificate, Enrolment, TestAttempt
from lms.services import learning
from lms.services.accounts import user_create_for_participant
from tests.factories import answer_all, lessons_of, make_participant, make_programme, modules_of

pytestmark = pytest.mark.django_db
MOMENT = datetime.datetime(2019, 3, 5, 1, 0, tzinfo=datetime.UTC)  # 08.00 in Jakarta


@pytest.fixture
def graduate(region_tree, django_capture_on_commit_callbacks):
    """A participant who took the pre-test, then passed the post-test and the programme."""
    programme = make_programme(modules=1, lessons=1, questions=2)
    module = modules_of(programme)[0]
    person = make_participant(unit=region_tree["kelurahan"], name="Siti Aminah")
    learning.enrolment_create(participant=person, programme=programme)
    pre = learning.attempt_start(participant=person, module=module, kind="pre")
    learning.attempt_submit(attempt=pre, answers=answer_all(pre, right=1))
    learning.lesson_complete(participant=person, lesson=lessons_of(module)[0])
    with django_capture_on_commit_callbacks(execute=True):
        post = learning.attempt_start(participant=person, module=module, kind="post")
        learning.attempt_submit(attempt=post, answers=answer_all(post, right=2))
    return person


def _texts(html):
    return BeautifulSoup(html, "html.parser").get_text(" ", strip=True)


def test_certificate_and_test_result_details_show_jakarta_time(staff_client, graduate):
    certificate = Certificate.objects.get(participant=graduate)
    Certificate.objects.filter(pk=certificate.pk).update(issued_at=MOMENT)
    attempt = TestAttempt.objects.filter(participant=graduate).first()
    TestAttempt.objects.filter(pk=attempt.pk).update(submitted_at=MOMENT)
    client = staff_client("Penyelenggara")
    for url in (
        reverse("lms_certificate:inspect", args=[certificate.pk]),
        reverse("lms_attempt:inspect", args=[attempt.pk]),
    ):
        text = _texts(client.get(url).content.decode())
        assert "Selasa, 5 Maret 2019 08.00 WIB" in text, url
        assert "01.00" not in text, url
        # its fields are named in Indonesian (Peserta, not Participant)
        assert "Peserta" in text and "Participant" not in text, url
        assert " None " not in f" {text} ", url


def test_test_results_list_names_its_columns_in_indonesian(staff_client, graduate):
    html = staff_client("Fasilitator").get(reverse("lms_attempt:index")).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    headers = [th.get_text(" ", strip=True) for th in soup.select("thead th")]
    assert "Peserta" in headers and "Modul" in headers
    assert "Participant" not in headers and "Module" not in headers
    filters = _texts(str(soup.find(attrs={"data-controller": "w-drilldown"}) or soup))
    assert "Module" not in filters


def test_enrolments_list_shows_a_dash_for_not_yet(staff_client, region_tree):
    programme = make_programme(modules=1, lessons=1, questions=1)
    person = make_participant(unit=region_tree["kelurahan"], name="Budi Santoso")
    learning.enrolment_create(participant=person, programme=programme)
    assert Enrolment.objects.get(participant=person).completed_at is None
    soup = BeautifulSoup(
        staff_client("Pimpinan").get(reverse("lms_enrolment:index")).content.decode(),
        "html.parser",
    )
    row = next(tr for tr in soup.select("tbody tr") if "Budi Santoso" in tr.get_text())
    cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
    assert cells[-1] == "—" and "None" not in cells


def test_question_bank_shows_in_use_as_yes(staff_client, region_tree):
    make_programme(modules=1, lessons=1, questions=1)
    soup = BeautifulSoup(
        staff_client("Penyelenggara").get("/admin/bank-soal/").content.decode(), "html.parser"
    )
    cells = [td.get_text(" ", strip=True) for td in soup.select("tbody td")]
    assert "Ya" in cells
    assert "True" not in cells and "False" not in cells


def test_opening_a_test_start_address_leads_back_to_the_module(client, region_tree):
    programme = make_programme(modules=1, lessons=1, questions=1)
    module = modules_of(programme)[0]
    person = make_participant(unit=region_tree["kelurahan"])
    client.force_login(user_create_for_participant(participant=person))
    learning.enrolment_create(participant=person, programme=programme)
    url = reverse("lms:test_start", args=[module.pk, "pre"])

    response = client.get(url)

    assert response.status_code == 302 and response["Location"] == module.url
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Mulai tes dengan tombolnya di halaman modul."
    ]
    assert not TestAttempt.objects.exists()  # only the button (a POST) starts a test
    assert client.put(url).status_code == 405
