import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import Page, expect
from wagtail.documents.models import Document

from cohorts.models import Participant
from lms.models import VisioningAcknowledgement
from lms.services.accounts import user_create_for_participant
from tests.factories import make_participant, make_region_tree, make_visioning_material

PASSWORD = "Lurah-Cideng-2019!"


@pytest.mark.django_db(transaction=True)
def test_participant_acknowledges_a_visioning_material_on_a_phone(
    live_server, base_data, page: Page
):
    tree = make_region_tree()
    paparan = Document.objects.create(
        title="Paparan", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="paparan.pdf")
    )
    material = make_visioning_material(
        title="Visi Gubernur Jalur",
        positions=[Participant.Position.LURAH],
        regions=[tree["province"]],
        paparan=paparan,
        key_messages=("Satu arah", "Layanan cepat"),
    )
    participant = make_participant(unit=tree["kelurahan"], name="Siti Aminah")
    user = user_create_for_participant(participant=participant)
    user.set_password(PASSWORD)
    user.save()

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/akun/login/")
    page.locator("input[name=login]").fill(participant.nip)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").first.click()
    expect(page.locator("main")).to_contain_text("Visi Gubernur Jalur")

    # from the Dasbor to the material: its key messages and the paparan in a frame
    page.locator("main").get_by_role("link", name="Visi Gubernur Jalur").click()
    expect(page.locator("main")).to_contain_text("Layanan cepat")
    expect(page.locator("iframe")).to_have_count(1)

    # acknowledge it with a response
    page.locator(f'a[href$="/materi-visioning/{material.pk}/tanggapan/"]').click()
    page.locator("textarea[name=application]").fill("Di Cideng kami mulai dari layanan KTP.")
    page.locator("input[name=key_message_ids]").nth(1).check()
    page.locator("textarea[name=commitment]").fill("KTP selesai dalam satu hari.")
    due = timezone.localdate() + datetime.timedelta(days=30)
    page.locator("input[name=commitment_date]").fill(due.isoformat())
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#tanggapan")).to_contain_text("KTP selesai dalam satu hari.")

    ack = VisioningAcknowledgement.objects.get(participant=participant)
    assert ack.key_message_ids == [material.key_message_list[1][0]]
    assert ack.commitment_date == due
    # nothing on the page is wider than the phone's screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
