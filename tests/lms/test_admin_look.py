"""The admin carries Selaras's name, logo and colours, not Wagtail's, and its colours keep
text readable (contrast of at least 4.5:1)."""

import colorsys
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
ADMIN_CSS = ROOT / "static/css/selaras-admin.css"


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["wagtailadmin_home", "wagtailadmin_account"])
def test_admin_pages_carry_the_selaras_name_and_logo(staff_client, url_name):
    html = staff_client("Penyelenggara").get(reverse(url_name)).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.title.string.strip().endswith("- Selaras")
    assert "Wagtail" not in soup.title.string
    # the sidebar's logo is Selaras's (the sidebar script reads it from this template)
    branding = soup.find("template", attrs={"data-wagtail-sidebar-branding-logo": True})
    assert branding.find("img")["src"].endswith("img/selaras.svg")
    assert "icon-wagtail" not in html  # Wagtail's bird
    icon = soup.find("link", rel="icon")
    assert icon["href"].endswith("img/selaras.svg")
    assert "wagtailadmin/images/favicon.ico" not in html
    # Selaras's stylesheet is on every admin page
    assert soup.find("link", rel="stylesheet", href=re.compile(r"css/selaras-admin\.css"))


def test_admin_templates_add_no_inline_script():
    """The project's admin templates load scripts from files (a strict CSP forbids inline)."""
    templates = [*(ROOT / "templates/wagtailadmin").rglob("*.html")]
    templates += [ROOT / "templates/cohorts/admin/scheduler_proposal.html"]
    for template in templates:
        for tag in re.findall(r"<script\b[^>]*>", template.read_text()):
            assert "src=" in tag, (template, tag)
        assert "<style" not in template.read_text(), template


@pytest.mark.django_db
def test_admin_home_links_no_wagtail_guide(staff_client):
    html = staff_client("Fasilitator").get(reverse("wagtailadmin_home")).content.decode()
    assert "guide.wagtail.org" not in html
    visible = BeautifulSoup(html, "html.parser").get_text()
    assert "Wagtail" not in visible


@pytest.mark.django_db
def test_admin_page_search_is_offered_only_to_who_may_explore_pages(staff_client):
    search = 'role="search"'
    assert (
        search in staff_client("Penyelenggara").get(reverse("wagtailadmin_home")).content.decode()
    )


@pytest.mark.django_db
def test_roles_without_pages_get_no_page_search(staff_client):
    html = staff_client("Penilai").get(reverse("wagtailadmin_home")).content.decode()
    assert 'role="search"' not in html


def _hsl(css, name):
    return {
        part: float(re.search(rf"--w-color-{name}-{part}:\s*([\d.]+)%?;", css).group(1))
        for part in ("hue", "saturation", "lightness")
    }


def _rgb(hue, saturation, lightness):
    return colorsys.hls_to_rgb(hue / 360, lightness / 100, saturation / 100)


def _hex(rgb):
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgb)


def _luminance(rgb):
    def channel(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(c) for c in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first, second):
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


WHITE = (1.0, 1.0, 1.0)


def test_admin_colours_are_selaras_teal_and_readable():
    css = ADMIN_CSS.read_text()
    primary, secondary = _hsl(css, "primary"), _hsl(css, "secondary")
    # Selaras's teal (#0b5563) for buttons and links, its darkest teal (#07333c) for the sidebar
    teal, sidebar = _rgb(**secondary), _rgb(**primary)
    assert _hex(teal) == "#0b5563"
    assert _hex(sidebar) == "#07333c"
    # white text on buttons and the sidebar, teal links on white; Wagtail derives its hover
    # shades by lowering the lightness (secondary-400: -6.3, -600: -11.2; primary-200: -4.1)
    for background in (
        teal,
        sidebar,
        _rgb(secondary["hue"], secondary["saturation"], secondary["lightness"] - 6.3),
        _rgb(secondary["hue"], secondary["saturation"], secondary["lightness"] - 11.2),
        _rgb(primary["hue"], primary["saturation"], primary["lightness"] - 4.1),
    ):
        assert contrast(WHITE, background) >= 4.5
    # and secondary-100 (links in the dark theme's place of a lighter teal) on white
    assert (
        contrast(
            WHITE, _rgb(secondary["hue"], secondary["saturation"], secondary["lightness"] + 10)
        )
        >= 4.5
    )
