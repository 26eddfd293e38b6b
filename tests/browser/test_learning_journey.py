import re

import pytest
from playwright.sync_api import Page, expect

from lms.models import Certificate
from lms.services import learning
from lms.services.accounts import user_create_for_participant
from tests.factories import make_participant, make_programme, make_region_tree, modules_of

PASSWORD = "Lurah-Cideng-2019!"


@pytest.mark.django_db(transaction=True)
def test_trainee_completes_a_module_and_gets_a_verified_certificate(
    live_server, base_data, page: Page
):
    programme = make_programme(modules=1, lessons=1, questions=2, title="Pelatihan Jalur")
    module = modules_of(programme)[0]
    participant = make_participant(unit=make_region_tree()["kelurahan"], name="Siti Aminah")
    user = user_create_for_participant(participant=participant)
    user.set_password(PASSWORD)
    user.save()
    learning.enrolment_create(participant=participant, programme=programme)

    page.goto(live_server.url + "/akun/login/")
    page.get_by_label("Email atau NIP").fill(participant.nip)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dasbor")
    expect(page.locator("main")).to_contain_text(programme.title)

    # open the module, then its lesson, and complete it
    page.goto(live_server.url + module.url)
    expect(page.get_by_role("heading", level=1)).to_contain_text(module.title)
    page.get_by_role("link", name=re.compile("Materi 1.1")).first.click()
    expect(page.locator("main")).to_contain_text("Isi materi.")
    page.get_by_role("button", name="Tandai selesai dan lanjutkan").click()

    # back on the module page: the post-test is open now
    expect(page).to_have_url(re.compile(re.escape(module.url) + "$"))
    page.get_by_role("button", name="Mulai tes akhir").click()
    for option in page.get_by_label("Benar", exact=True).all():
        option.check()
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.locator("main")).to_contain_text("100,00")

    # progress moved and the certificate is there
    page.goto(live_server.url + "/dasbor/")
    expect(page.locator("main")).to_contain_text("100%")
    certificate = Certificate.objects.get(participant=participant)
    link = page.locator(f'a[href$="/sertifikat/{certificate.pk}/unduh/"]').first
    with page.expect_download() as download_info:
        link.click()
    pdf = download_info.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")

    # anyone can verify it
    page.context.clear_cookies()
    page.goto(live_server.url + f"/verifikasi/{certificate.code}/")
    expect(page.locator("main")).to_contain_text("SAH")
    expect(page.locator("main")).to_contain_text("Siti Aminah")
    expect(page.locator("main")).not_to_contain_text(participant.nip)
