import pytest
from playwright.sync_api import Page, expect

from lms.demo import demo_load


@pytest.mark.django_db(transaction=True)
def test_demo_participant_signs_in_and_sees_the_dasbor(live_server, base_data, page: Page):
    demo_load()
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    page.get_by_role("link", name="Masuk").first.click()

    page.get_by_label("Email atau NIP").fill("peserta@selaras.test")
    page.get_by_label("Kata sandi").fill("selaras-demo")
    page.get_by_role("button", name="Masuk").click()

    expect(page).to_have_url(live_server.url + "/dasbor/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dasbor")
    expect(page.locator("main")).to_contain_text("Gambir")
    expect(page.locator("main")).to_contain_text("Lurah")


@pytest.mark.django_db(transaction=True)
def test_wrong_password_shows_an_indonesian_error(live_server, base_data, page: Page):
    demo_load(learning=False)
    page.goto(live_server.url + "/akun/login/")
    page.get_by_label("Email atau NIP").fill("peserta@selaras.test")
    page.get_by_label("Kata sandi").fill("salah-sandi")
    page.get_by_role("button", name="Masuk").click()
    expect(page.locator("main")).to_contain_text("tidak benar")
    expect(page).to_have_url(live_server.url + "/akun/login/")
