"""Signing in to the demo as ``make run`` loads it (``tests/conftest.py::committed_demo``)."""

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer


@pytest.fixture(scope="module")
def demo_server(committed_demo):
    """A live server of the committed demo (pytest-django's ``live_server`` would flush the
    database after each test)."""
    server = LiveServer("localhost")
    yield server
    server.stop()


def test_demo_participant_signs_in_and_sees_the_dasbor(demo, demo_server, page: Page):
    page.goto(demo_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    page.get_by_role("link", name="Masuk").first.click()

    page.get_by_label("Email atau NIP").fill("peserta@selaras.test")
    page.get_by_label("Kata sandi").fill("selaras-demo")
    page.get_by_role("button", name="Masuk").click()

    expect(page).to_have_url(demo_server.url + "/dasbor/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dasbor")
    expect(page.locator("main")).to_contain_text("Gambir")
    expect(page.locator("main")).to_contain_text("Lurah")


def test_wrong_password_shows_an_indonesian_error(demo, demo_server, page: Page):
    page.goto(demo_server.url + "/akun/login/")
    page.get_by_label("Email atau NIP").fill("peserta@selaras.test")
    page.get_by_label("Kata sandi").fill("salah-sandi")
    page.get_by_role("button", name="Masuk").click()
    expect(page.locator("main")).to_contain_text("tidak benar")
    expect(page).to_have_url(demo_server.url + "/akun/login/")
