import io
import random
import re
import threading
import time
import zipfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pypdfium2
import pytest
import zxingcpp
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from cms.models import (
    CompetencyArea,
    HomePage,
    LessonPage,
    ModulePage,
    PredicateBand,
    ProgrammePage,
    Question,
    QuestionOption,
)
from cohorts.models import Cohort, CohortMembership
from core.errors import DomainError
from lms.documents import certificate as certificate_document
from lms.documents.certificate import (
    certificate_data,
    decimal_id,
    long_date,
    render_pdf,
    verification_url,
)
from lms.models import Certificate, CertificateBatch, Enrolment, TestAttempt
from lms.services import certificate_batches as batch_services
from lms.services import certificates as services
from lms.services import learning
from lms.services.accounts import user_create_for_participant
from lms.tasks import certificate_issue_task
from tests.factories import make_participant, make_region_tree

PASSWORD = "Penyelenggara-2019!"
NUMBER = re.compile(r"^\d{4}/STTP/\d+/BPSDM/\d{4}$")
_slugs = iter(range(1, 10**6))


# Building a programme and taking it -----------------------------------------------------------


def build_programme(*, second_post_test=True):
    """A published programme with two modules of one lesson each; each module's bank has four
    single-choice questions whose first option is right."""
    n = next(_slugs)
    area, _ = CompetencyArea.objects.get_or_create(name="Kepemimpinan")
    programme = ProgrammePage(
        title=f"Pelatihan Kepemimpinan Visioner {n}",
        slug=f"kepemimpinan-visioner-{n}",
        organiser="BPSDM Provinsi DKI Jakarta",
        start_date=date(2019, 3, 4),
        end_date=date(2019, 3, 8),
        certificate_place="Jakarta",
        signer_name="Drs. Budi Santoso, M.Si.",
        signer_nip="196501011990031001",
        signer_title="Kepala BPSDM Provinsi DKI Jakarta",
    )
    programme.predicate_bands = [
        PredicateBand(name="Sangat Memuaskan", min_score=85),
        PredicateBand(name="Memuaskan", min_score=70),
        PredicateBand(name="Cukup", min_score=0),
    ]
    HomePage.objects.first().add_child(instance=programme)
    programme.save_revision().publish()
    for m, (title, jp, post) in enumerate(
        [("Kepemimpinan Kolaboratif", 6, True), ("Mediasi Konflik", 4, second_post_test)],
        start=1,
    ):
        module = ModulePage(
            title=title,
            slug=f"modul-{m}",
            competency=area,
            jp=jp,
            pretest_enabled=False,
            posttest_enabled=post,
            pass_mark=70,
            shuffle_questions=False,
            shuffle_options=False,
        )
        programme.add_child(instance=module)
        module.save_revision().publish()
        lesson = LessonPage(title=f"Materi {m}", slug="materi")
        module.add_child(instance=lesson)
        lesson.save_revision().publish()
        for q in range(4):
            question = Question.objects.create(module=module, text=f"Pertanyaan {q + 1}")
            QuestionOption.objects.create(question=question, text="Benar", is_correct=True)
            QuestionOption.objects.create(question=question, text="Salah")
    return ProgrammePage.objects.get(pk=programme.pk)


def modules_of(programme):
    return list(ModulePage.objects.child_of(programme).live().order_by("path"))


def post_test(participant, module, right):
    attempt = learning.attempt_start(
        participant=participant, module=module, kind=TestAttempt.Kind.POST, rng=random.Random(1)
    )
    answers = {}
    for index, (question_id, option_ids) in enumerate(attempt.layout):
        correct = QuestionOption.objects.get(question_id=question_id, is_correct=True).pk
        wrong = next(pk for pk in option_ids if pk != correct)
        answers[question_id] = [correct if index < right else wrong]
    return learning.attempt_submit(attempt=attempt, answers=answers)


def take_programme(participant, programme):
    """Module 1: fails the post-test (50) then passes it (75). Module 2: 100 when tested."""
    learning.enrolment_create(participant=participant, programme=programme)
    first, second = modules_of(programme)
    for module in (first, second):
        for lesson in LessonPage.objects.child_of(module).live():
            learning.lesson_complete(participant=participant, lesson=lesson)
    post_test(participant, first, right=2)
    post_test(participant, first, right=3)
    if second.posttest_enabled:
        post_test(participant, second, right=4)


def pdf_text(certificate):
    certificate.pdf.open("rb")
    try:
        reader = PdfReader(io.BytesIO(certificate.pdf.read()))
    finally:
        certificate.pdf.close()
    # one space between words: the PDF wraps lines wherever the text is long
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def programme(db):
    return build_programme()


@pytest.fixture
def graduate(participant, programme, django_capture_on_commit_callbacks):
    """A participant who completed the programme; the certificate is issued on commit."""
    with django_capture_on_commit_callbacks(execute=True):
        take_programme(participant, programme)
    return participant


@pytest.fixture
def certificate(graduate, programme):
    return Certificate.objects.get(participant=graduate, programme=programme)


def completed_without_certificate(programme, unit, count):
    """Participants who completed the programme before certificates were issued on
    completion: their enrolment is complete, no certificate exists yet."""
    people = [make_participant(unit=unit) for _ in range(count)]
    for person in people:
        Enrolment.objects.create(
            participant=person,
            programme=programme,
            source="individual",
            completed_at=timezone.now(),
        )
    return people


# Issuing --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_certificate_is_issued_and_rendered_on_completion(certificate, graduate, programme):
    assert NUMBER.match(certificate.number)
    assert certificate.number.startswith("0001/STTP/")
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{10}", certificate.code)
    assert certificate.jp == 10
    assert certificate.modules == [["Kepemimpinan Kolaboratif", 6], ["Mediasi Konflik", 4]]
    assert certificate.score == Decimal("87.50")  # best of (50, 75) and 100
    assert certificate.predicate == "Sangat Memuaskan"
    assert certificate.status == Certificate.Status.VALID
    assert certificate.render_state == Certificate.RenderState.READY
    assert certificate.pdf.name.endswith(".pdf")
    assert certificate.code not in certificate.pdf.name


@pytest.mark.django_db
def test_final_score_counts_only_modules_with_a_post_test(
    participant, django_capture_on_commit_callbacks
):
    programme = build_programme(second_post_test=False)
    with django_capture_on_commit_callbacks(execute=True):
        take_programme(participant, programme)
    certificate = Certificate.objects.get(participant=participant)
    assert certificate.score == Decimal("75.00")
    assert certificate.predicate == "Memuaskan"
    assert certificate.jp == 10


@pytest.mark.django_db
def test_issue_is_idempotent(certificate, graduate, programme, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = services.certificate_issue(participant=graduate, programme=programme)
    assert again.pk == certificate.pk
    assert callbacks == []
    certificate_issue_task.delay(graduate.pk, programme.pk)  # a redelivered task
    assert Certificate.objects.filter(participant=graduate).count() == 1


@pytest.mark.django_db
def test_issue_requires_a_completed_enrolment(participant, programme):
    with pytest.raises(DomainError):
        services.certificate_issue(participant=participant, programme=programme)
    learning.enrolment_create(participant=participant, programme=programme)
    with pytest.raises(DomainError):
        services.certificate_issue(participant=participant, programme=programme)
    assert not Certificate.objects.exists()


@pytest.mark.django_db
def test_numbers_count_per_programme_and_skip_gaps(programme, region_tree):
    people = completed_without_certificate(programme, region_tree["kelurahan"], 3)
    first, second = (
        services.certificate_issue(participant=person, programme=programme, render_later=False)
        for person in people[:2]
    )
    assert [first.number[:4], second.number[:4]] == ["0001", "0002"]
    first.delete()  # a gap: the next count would reuse 0002
    third = services.certificate_issue(participant=people[2], programme=programme)
    assert third.number[:4] == "0003"
    assert len({first.code, second.code, third.code}) == 3


# The PDF ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_pdf_holds_the_facts(certificate, graduate, programme):
    text = pdf_text(certificate)
    for expected in (
        "SURAT TANDA TAMAT PELATIHAN",
        graduate.name,
        graduate.nip,
        certificate.number,
        programme.title,
        "Sangat Memuaskan",
        "4 Maret 2019",
        "8 Maret 2019",
        "10 JP",
        "Kepemimpinan Kolaboratif",
        "Mediasi Konflik",
        "Kelurahan Cideng",
        "Drs. Budi Santoso, M.Si.",
        certificate.code,
    ):
        assert expected in text, expected
    assert certificate.pdf.size < 100 * 1024


def test_indonesian_long_dates():
    assert long_date(date(2019, 3, 4)) == "4 Maret 2019"
    assert long_date(date(2026, 12, 31)) == "31 Desember 2026"
    assert decimal_id(Decimal("87.5")) == "87,50"


@pytest.mark.django_db
def test_long_module_list_moves_to_a_second_page(certificate):
    data = certificate_data(
        Certificate.objects.select_related("participant__unit__parent__parent", "programme").get(
            pk=certificate.pk
        )
    )
    data.modules = [[f"Modul panjang nomor {n}", 2] for n in range(1, 41)]
    reader = PdfReader(io.BytesIO(render_pdf(data)))
    assert len(reader.pages) >= 2
    assert "Modul panjang nomor 40" in reader.pages[-1].extract_text()
    assert "DAFTAR MATA PELATIHAN" in reader.pages[1].extract_text()


@pytest.mark.django_db
def test_qr_code_leads_to_the_verification_page(client, certificate, staff_client):
    certificate.pdf.open("rb")
    document = pypdfium2.PdfDocument(certificate.pdf.read())
    certificate.pdf.close()
    try:
        image = document[0].render(scale=2).to_pil()
    finally:
        document.close()
    results = zxingcpp.read_barcodes(image)
    assert len(results) == 1
    url = results[0].text
    assert url == verification_url(certificate.code)
    assert url.startswith("http")

    page = client.get(urlsplit(url).path)
    assert page.status_code == 200
    assert b"SAH" in page.content  # VALID, in the default Indonesian
    assert b"DICABUT" not in page.content

    services.certificate_revoke(certificate=certificate, reason="Data palsu", revoked_by=None)
    page = client.get(urlsplit(url).path)
    assert b"DICABUT" in page.content  # REVOKED
    assert b"Data palsu" not in page.content


# Rendering ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_render_is_skipped_when_ready_and_redone_when_the_file_is_gone(certificate):
    assert services.certificate_render(certificate_id=certificate.pk) is False
    certificate.pdf.storage.delete(certificate.pdf.name)
    assert services.certificate_render(certificate_id=certificate.pk) is True
    certificate.refresh_from_db()
    assert certificate.pdf.storage.exists(certificate.pdf.name)


@pytest.mark.django_db
def test_render_failure_is_recorded_and_raised(programme, region_tree, monkeypatch):
    (person,) = completed_without_certificate(programme, region_tree["kelurahan"], 1)
    certificate = services.certificate_issue(
        participant=person, programme=programme, render_later=False
    )

    def broken(data):
        raise RuntimeError("font missing")

    monkeypatch.setattr(certificate_document, "render_pdf", broken)
    with pytest.raises(RuntimeError):
        services.certificate_render(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    assert certificate.render_state == Certificate.RenderState.FAILED
    monkeypatch.undo()
    assert services.certificate_render(certificate_id=certificate.pk) is True
    certificate.refresh_from_db()
    assert certificate.render_state == Certificate.RenderState.READY


# Site views -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_participant_downloads_their_certificate(client, certificate, graduate):
    client.force_login(user_create_for_participant(participant=graduate))
    listing = client.get(reverse("certificates:list"))
    assert certificate.number.encode() in listing.content
    response = client.get(reverse("certificates:download", args=[certificate.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.django_db
def test_download_refusals(client, certificate, region_tree, staff_client):
    url = reverse("certificates:download", args=[certificate.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("account_login") in response.url

    other = make_participant(unit=region_tree["kelurahan"])
    client.force_login(user_create_for_participant(participant=other))
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("certificates:download", args=[certificate.pk + 999])).status_code == 404
    )

    response = staff_client("Penyelenggara").get(url)
    assert response.status_code == 200
    response.close()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["Fasilitator", "Pimpinan", "Penilai"])
def test_admin_access_alone_does_not_open_certificates(certificate, staff_client, role):
    # the PDF shows the NIP: only the holder and those who may view certificates get it
    response = staff_client(role).get(reverse("certificates:download", args=[certificate.pk]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_download_while_being_prepared(client, programme, region_tree):
    (person,) = completed_without_certificate(programme, region_tree["kelurahan"], 1)
    certificate = services.certificate_issue(
        participant=person, programme=programme, render_later=False
    )
    client.force_login(user_create_for_participant(participant=person))
    response = client.get(reverse("certificates:download", args=[certificate.pk]))
    assert response.status_code == 202
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_verification_page_is_public_and_discreet(client, certificate, graduate, programme):
    response = client.get(reverse("certificates:verify", args=[certificate.code]))
    assert response.status_code == 200
    assert response["X-Robots-Tag"].startswith("noindex")
    content = response.content.decode()
    assert graduate.name in content
    assert programme.title in content
    for secret in (graduate.nip, graduate.email, "Cideng", "87.50", "87,50", "Sangat Memuaskan"):
        assert secret not in content, secret


@pytest.mark.django_db
def test_verification_form_normalises_the_code(client, certificate):
    form = client.get(reverse("certificates:verify_form"))
    assert form.status_code == 200
    assert form["X-Robots-Tag"].startswith("noindex")
    typed = " " + certificate.code[:5].lower() + " " + certificate.code[5:].lower() + " "
    response = client.get(reverse("certificates:verify_form"), {"code": typed}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("certificates:verify", args=[certificate.code])
    lower = client.get(reverse("certificates:verify", args=[certificate.code.lower()]))
    assert lower.status_code == 302


@pytest.mark.django_db
def test_unknown_code_is_not_recognised(client):
    response = client.get(reverse("certificates:verify", args=["ABCDEFGHJK"]))
    assert response.status_code == 404
    assert response["X-Robots-Tag"].startswith("noindex")
    assert b"ABCDEFGHJK" in response.content
    assert b"not recognised" in response.content or b"tidak dikenali" in response.content


# Revoking --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_revoke_requires_a_reason_and_happens_once(certificate):
    with pytest.raises(DomainError):
        services.certificate_revoke(certificate=certificate, reason="  ", revoked_by=None)
    services.certificate_revoke(certificate=certificate, reason="Salah nama", revoked_by=None)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revoked_at is not None
    assert certificate.revoked_reason == "Salah nama"
    with pytest.raises(DomainError):
        services.certificate_revoke(certificate=certificate, reason="Lagi", revoked_by=None)


@pytest.mark.django_db
def test_organiser_revokes_in_the_admin(staff_client, certificate):
    client = staff_client("Penyelenggara")
    url = reverse("lms_certificate:revoke", args=[certificate.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID
    response = client.post(url, {"reason": "Peserta tidak memenuhi syarat kehadiran"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["Fasilitator", "Pimpinan", "Penilai"])
def test_other_roles_cannot_revoke_or_issue(staff_client, certificate, programme, role):
    client = staff_client(role)
    revoke = reverse("lms_certificate:revoke", args=[certificate.pk])
    assert client.post(revoke, {"reason": "x"}).status_code in (302, 403)
    issue = reverse("lms_certificate:issue")
    assert client.post(issue, {"programme": programme.pk}).status_code in (302, 403)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID
    assert not CertificateBatch.objects.exists()


# The admin ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_list_queries_stay_flat(
    staff_client, programme, region_tree, django_assert_max_num_queries
):
    client = staff_client("Penyelenggara")
    url = reverse("lms_certificate:index")
    people = completed_without_certificate(programme, region_tree["kelurahan"], 21)
    services.certificate_issue(participant=people[0], programme=programme, render_later=False)
    with django_assert_max_num_queries(50) as few:
        assert client.get(url).status_code == 200
    for person in people[1:]:
        services.certificate_issue(participant=person, programme=programme, render_later=False)
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
    assert response.content.decode().count("/STTP/") >= 21
    # no add, edit or delete views
    assert not any(
        name in response.content.decode()
        for name in ("/admin/sertifikat/new/", "/admin/sertifikat/edit/")
    )
    searched = client.get(url, {"q": people[3].nip})
    assert searched.status_code == 200


@pytest.mark.django_db
def test_admin_issue_page_creates_a_batch_and_shows_progress(
    staff_client, programme, region_tree, django_capture_on_commit_callbacks
):
    client = staff_client("Penyelenggara")
    people = completed_without_certificate(programme, region_tree["kelurahan"], 3)
    cohort = Cohort.objects.create(name="Angkatan I", programme=programme)
    for person in people[:2]:
        CohortMembership.objects.create(cohort=cohort, participant=person)
    assert client.get(reverse("lms_certificate:issue")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("lms_certificate:issue"), {"programme": programme.pk, "cohort": cohort.pk}
        )
    batch = CertificateBatch.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("lms_certificate:batch", args=[batch.pk])
    batch.refresh_from_db()
    assert (batch.state, batch.total, batch.done, batch.issued) == ("done", 2, 2, 2)
    assert set(Certificate.objects.values_list("participant_id", flat=True)) == {
        people[0].pk,
        people[1].pk,
    }
    page = client.get(response.url)
    assert page.status_code == 200
    assert b"<progress" in page.content
    assert "Refresh" not in page  # finished: no more reloading


@pytest.mark.django_db
def test_progress_page_follows_a_running_batch_without_reloading(staff_client, programme):
    """The page follows the batch through its status URL (static/js/progress.js) instead of
    reloading itself every 2 s with a Refresh header, which threw keyboard focus back to the
    top of the page."""
    client = staff_client("Penyelenggara")
    batch = CertificateBatch.objects.create(programme=programme, total=10, done=4)
    page = client.get(reverse("lms_certificate:batch", args=[batch.pk]))
    assert "Refresh" not in page
    assert b'value="4"' in page.content
    status_url = reverse("lms_certificate:batch_status", args=[batch.pk])
    assert f'data-progress-url="{status_url}"'.encode() in page.content
    status = client.get(status_url).json()
    assert (status["done"], status["value"], status["max"]) == (False, 4, 10)
    batch.state = CertificateBatch.State.DONE
    batch.save(update_fields=["state"])
    assert client.get(status_url).json()["done"] is True


@pytest.mark.django_db
def test_zip_holds_one_pdf_per_ready_certificate(staff_client, programme, region_tree, certificate):
    people = completed_without_certificate(programme, region_tree["kelurahan"], 2)
    ready = services.certificate_issue(participant=people[0], programme=programme)
    services.certificate_render(certificate_id=ready.pk)
    services.certificate_issue(participant=people[1], programme=programme, render_later=False)
    client = staff_client("Penyelenggara")
    assert client.get(reverse("lms_certificate:zip")).status_code == 200
    response = client.get(reverse("lms_certificate:zip"), {"programme": programme.pk})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = sorted(archive.namelist())
    expected = sorted("STTP-" + c.number.replace("/", "-") + ".pdf" for c in (certificate, ready))
    assert names == expected
    assert all(archive.read(name).startswith(b"%PDF") for name in names)


# Bulk ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_batch_resumes_after_a_crash_without_duplicates(programme, region_tree, monkeypatch):
    people = completed_without_certificate(programme, region_tree["kelurahan"], 5)
    batch = CertificateBatch.objects.create(programme=programme)
    real = render_pdf
    calls = {"n": 0}

    def crash_on_the_third(data):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")
        return real(data)

    monkeypatch.setattr(certificate_document, "render_pdf", crash_on_the_third)
    with pytest.raises(OSError):
        batch_services.certificate_batch_run(batch_id=batch.pk)
    batch.refresh_from_db()
    assert (batch.state, batch.done) == ("failed", 2)
    assert "disk full" in batch.error
    assert Certificate.objects.count() == 3

    # a worker crash that also lost one certificate: both are recovered by a re-run
    Certificate.objects.filter(participant=people[0]).delete()
    batch_services.certificate_batch_run(batch_id=batch.pk)
    batch.refresh_from_db()
    assert (batch.state, batch.total, batch.done) == ("done", 5, 5)
    assert (batch.issued, batch.skipped) == (3, 2)
    certificates = Certificate.objects.filter(programme=programme)
    assert sorted(certificates.values_list("participant_id", flat=True)) == sorted(
        p.pk for p in people
    )
    assert len(set(certificates.values_list("number", flat=True))) == 5
    assert all(c.render_state == "ready" for c in certificates)

    # a finished batch does nothing when delivered again
    batch_services.certificate_batch_run(batch_id=batch.pk)
    assert Certificate.objects.count() == 5


def test_batch_for_another_programmes_cohort_is_refused(db, programme):
    other = build_programme()
    cohort = Cohort.objects.create(name="Angkatan lain", programme=other)
    with pytest.raises(DomainError):
        batch_services.certificate_batch_create(
            programme=programme, cohort=cohort, requested_by=None
        )


def _wait_for(batch, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        batch.refresh_from_db()
        if batch.state in (CertificateBatch.State.DONE, CertificateBatch.State.FAILED):
            return batch
        time.sleep(0.1)
    folders = batch_folders()
    raise AssertionError(f"batch still {batch.state} after {seconds}s; broker folders: {folders}")


def batch_folders():
    from lms.celery import app

    options = app.conf.broker_transport_options or {}
    found = {}
    for key in ("data_folder_in", "processed_folder"):
        folder = options.get(key)
        if folder:
            path = Path(folder)
            found[key] = sorted(p.name for p in path.iterdir()) if path.exists() else "missing"
    return found


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
def test_cohort_batch_through_a_real_worker(celery_worker, base_data, monkeypatch):
    region_tree = make_region_tree()
    programme = build_programme()
    cohort = Cohort.objects.create(name="Angkatan I", programme=programme)
    members = []
    # They completed before certificates were issued on completion.
    monkeypatch.setattr(certificate_issue_task, "delay", lambda *args: None)
    for _ in range(5):
        person = make_participant(unit=region_tree["kelurahan"])
        CohortMembership.objects.create(cohort=cohort, participant=person)
        take_programme(person, programme)
        members.append(person)
    outsider = make_participant(unit=region_tree["kelurahan"])
    take_programme(outsider, programme)  # completed, but not in the cohort
    monkeypatch.undo()
    assert not Certificate.objects.exists()

    batch = batch_services.certificate_batch_create(
        programme=programme, cohort=cohort, requested_by=None
    )
    assert batch.state == CertificateBatch.State.QUEUED  # enqueued, not run here
    _wait_for(batch)
    assert (batch.state, batch.total, batch.done, batch.issued, batch.skipped) == (
        "done",
        5,
        5,
        5,
        0,
    )
    certificates = Certificate.objects.filter(programme=programme)
    assert sorted(certificates.values_list("participant_id", flat=True)) == sorted(
        m.pk for m in members
    )
    assert {c.render_state for c in certificates} == {"ready"}
    assert {c.score for c in certificates} == {Decimal("87.50")}

    again = batch_services.certificate_batch_create(
        programme=programme, cohort=cohort, requested_by=None
    )
    _wait_for(again)
    assert (again.state, again.done, again.issued, again.skipped) == ("done", 5, 0, 5)
    assert Certificate.objects.count() == 5


@pytest.mark.django_db(transaction=True)
def test_two_batches_at_once_issue_each_certificate_once(base_data):
    from django.db import connection

    region_tree = make_region_tree()
    programme = build_programme()
    people = completed_without_certificate(programme, region_tree["kelurahan"], 8)
    batches = [CertificateBatch.objects.create(programme=programme) for _ in range(2)]
    errors = []

    def run(batch):
        try:
            batch_services.certificate_batch_run(batch_id=batch.pk)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(batch,)) for batch in batches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    certificates = Certificate.objects.filter(programme=programme)
    assert certificates.count() == len(people)
    assert len(set(certificates.values_list("number", flat=True))) == len(people)
    assert {c.render_state for c in certificates} == {"ready"}
    for batch in batches:
        batch.refresh_from_db()
        assert (batch.state, batch.done) == ("done", len(people))
    assert sum(batch.issued for batch in batches) == len(people)


# Lost work and stalled batches ------------------------------------------------------------------


@pytest.mark.django_db
def test_a_completion_with_the_broker_down_is_certified_by_the_sweep(
    participant, programme, settings, django_capture_on_commit_callbacks
):
    from lms.tasks import lms_sweep_task
    from tests.core.test_faults import broker_unreachable

    with broker_unreachable(), django_capture_on_commit_callbacks(execute=True):
        take_programme(participant, programme)  # completes: the issuing task is lost
    assert Enrolment.objects.get(participant=participant).completed_at
    assert not Certificate.objects.exists()

    assert lms_sweep_task.apply().get()["certificates"] == 0  # too young: its task may come
    settings.SELARAS_SWEEP_DELAY = 0
    assert lms_sweep_task.apply().get()["certificates"] == 1
    assert lms_sweep_task.apply().get()["certificates"] == 0
    certificate = Certificate.objects.get()
    assert (certificate.participant, certificate.render_state) == (participant, "ready")


@pytest.mark.django_db
def test_the_sweep_renders_pending_failed_and_missing_pdfs(programme, region_tree, settings):
    people = completed_without_certificate(programme, region_tree["kelurahan"], 3)
    _pending, failed, gone = (
        services.certificate_issue(participant=person, programme=programme, render_later=False)
        for person in people
    )
    Certificate.objects.filter(pk=failed.pk).update(render_state="failed")
    services.certificate_render(certificate_id=gone.pk)
    gone.refresh_from_db()
    gone.pdf.storage.delete(gone.pdf.name)  # lost with a disk

    settings.SELARAS_SWEEP_DELAY = 0
    assert services.certificates_sweep() == {"certificates": 0, "pdfs": 3}
    for certificate in Certificate.objects.all():
        assert certificate.render_state == "ready"
        assert certificate.pdf.storage.exists(certificate.pdf.name)
    assert services.certificates_sweep() == {"certificates": 0, "pdfs": 0}


@pytest.mark.django_db
def test_only_a_stalled_batch_can_be_resumed(staff_client, programme, settings):
    settings.SELARAS_BATCH_STALE_MINUTES = 5
    client = staff_client("Penyelenggara")
    batch = CertificateBatch.objects.create(
        programme=programme, state="running", total=3, progress_at=timezone.now()
    )
    url = reverse("lms_certificate:batch", args=[batch.pk])
    assert b'value="resume"' not in client.get(url).content
    with pytest.raises(DomainError):
        batch_services.certificate_batch_resume(batch=batch)
    client.post(url, {"action": "resume"})
    batch.refresh_from_db()
    assert batch.state == "running"

    CertificateBatch.objects.filter(pk=batch.pk).update(
        progress_at=timezone.now() - timedelta(minutes=6)
    )
    assert b'value="resume"' in client.get(url).content
    done = CertificateBatch.objects.create(programme=programme, state="done")
    with pytest.raises(DomainError):
        batch_services.certificate_batch_resume(batch=done)


@pytest.mark.django_db(transaction=True)
def test_a_stalled_batch_resumes_without_duplicates_while_the_old_run_lives_on(
    base_data, staff_client, settings, monkeypatch
):
    """The old worker was only slow, not dead: after the organiser resumed, it wakes up,
    sees that its run was superseded and stops; nothing is issued or counted twice."""
    from django.db import connection

    tree = make_region_tree()
    programme = build_programme()
    people = completed_without_certificate(programme, tree["kelurahan"], 4)
    batch = CertificateBatch.objects.create(programme=programme)
    real_render = services.certificate_render
    blocked, release = threading.Event(), threading.Event()
    old = {"thread": None, "renders": 0, "errors": []}

    def render(*, certificate_id):
        if threading.current_thread() is old["thread"]:
            old["renders"] += 1
            if old["renders"] == 2:  # the old run hangs on its second certificate
                blocked.set()
                release.wait(60)
        return real_render(certificate_id=certificate_id)

    monkeypatch.setattr(batch_services, "certificate_render", render)

    def old_run():
        try:
            batch_services.certificate_batch_run(batch_id=batch.pk)
        except Exception as error:
            old["errors"].append(error)
        finally:
            connection.close()

    old["thread"] = threading.Thread(target=old_run)
    old["thread"].start()
    try:
        assert blocked.wait(60)
        CertificateBatch.objects.filter(pk=batch.pk).update(
            progress_at=timezone.now() - timedelta(minutes=10)
        )
        client = staff_client("Penyelenggara")
        url = reverse("lms_certificate:batch", args=[batch.pk])
        assert b'value="resume"' in client.get(url).content
        assert client.post(url, {"action": "resume"}).status_code == 302  # runs here (eager)
        batch.refresh_from_db()
        assert (batch.state, batch.total, batch.done) == ("done", 4, 4)
    finally:
        release.set()
        old["thread"].join(60)
    assert not old["errors"]
    batch.refresh_from_db()
    assert (batch.state, batch.done, batch.issued + batch.skipped) == ("done", 4, 4)
    certificates = Certificate.objects.filter(programme=programme)
    assert sorted(certificates.values_list("participant_id", flat=True)) == sorted(
        p.pk for p in people
    )
    assert len(set(certificates.values_list("number", flat=True))) == 4
    assert {c.render_state for c in certificates} == {"ready"}
