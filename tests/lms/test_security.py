"""Sign-in limits behind a proxy, per account and at equal cost; Content-Security-Policy;
private caching of personal pages; no sign-in loop on /admin/; no request to other hosts."""

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings as django_settings
from django.contrib.auth.hashers import MD5PasswordHasher
from django.contrib.auth.models import Group
from django.forms.forms import NON_FIELD_ERRORS
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import include, path, reverse

from lms.middleware import ContentSecurityPolicyMiddleware
from lms.services import accounts, learning
from lms.services.accounts import user_create_for_participant
from tests.factories import answer_all, lessons_of, make_participant, make_programme, modules_of

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Lurah-Cideng-2019!"
PROXY = "10.0.0.1"


def boom(request):
    raise RuntimeError("a defect in a view")


# This module doubles as a URLconf (the site plus a view that fails) for the 500 page test.
urlpatterns = [path("boom/", boom), path("", include("lms.urls"))]


class CountingHasher(MD5PasswordHasher):
    """A fast hasher that counts every password hash computed (checks included)."""

    algorithm = "counting_md5"
    calls = 0

    def encode(self, password, salt):
        type(self).calls += 1
        return super().encode(password, salt)


@pytest.fixture(autouse=True)
def _fast_counted_hashes_and_own_cache(settings):
    settings.PASSWORD_HASHERS = ["tests.lms.test_security.CountingHasher"]
    # A cache of this module's own: other test runs on this machine share the file cache.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "test-security",
        }
    }
    from django.core.cache import cache

    cache.clear()
    CountingHasher.calls = 0
    yield
    cache.clear()


def make_account(participant, password=PASSWORD):
    user = user_create_for_participant(participant=participant)
    if password:
        user.set_password(password)
        user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def account(participant):
    return make_account(participant)


def dotted(nip):
    return f"{nip[:8]}.{nip[8:14]}.{nip[14]}.{nip[15:]}"


def login(client, identifier, password, *, address="203.0.113.10", forwarded=None):
    extra = {"REMOTE_ADDR": address}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(
        reverse("account_login"), {"login": identifier, "password": password}, **extra
    )


def signed_in(client):
    return "_auth_user_id" in client.session


def refused_for_too_many(response):
    form = response.context["form"]
    return response.status_code == 200 and form.has_error(
        NON_FIELD_ERRORS, "too_many_login_attempts"
    )


# Sign-in limits ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_clients_behind_the_trusted_proxy_do_not_share_a_limit(client, settings, account):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for n in range(12):  # more failures than one address may make in a minute
        response = login(
            client, f"nobody{n}@example.go.id", "wrong", address=PROXY, forwarded=f"203.0.113.{n}"
        )
        assert not refused_for_too_many(response)
    done = login(client, account.email, PASSWORD, address=PROXY, forwarded="203.0.113.99")
    assert done.status_code == 302
    assert signed_in(client)


@pytest.mark.django_db
def test_a_client_behind_the_proxy_cannot_forge_his_way_out_of_his_limit(client, settings, account):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for n in range(10):
        login(client, f"nobody{n}@example.go.id", "wrong", address=PROXY, forwarded="203.0.113.7")
    # the proxy appends the address it saw: a forged entry in front changes nothing
    forged = login(
        client, account.email, PASSWORD, address=PROXY, forwarded="198.51.100.1, 203.0.113.7"
    )
    assert refused_for_too_many(forged)
    assert not signed_in(client)
    # a neighbour behind the same proxy is not affected
    assert (
        login(client, account.email, PASSWORD, address=PROXY, forwarded="203.0.113.8").status_code
        == 302
    )


@pytest.mark.django_db
def test_without_trusted_proxies_a_forged_forwarded_for_is_ignored(client, account):
    for n in range(10):
        login(client, f"nobody{n}@example.go.id", "wrong", forwarded=f"198.51.100.{n}")
    response = login(client, account.email, PASSWORD, forwarded="198.51.100.200")
    assert refused_for_too_many(response)
    assert not signed_in(client)


@pytest.mark.parametrize(("value", "expected"), [(None, "0"), ("2", "2")])
def test_trusted_proxies_come_from_the_environment(value, expected):
    env = {k: v for k, v in os.environ.items() if k != "SELARAS_TRUSTED_PROXIES"}
    if value is not None:
        env["SELARAS_TRUSTED_PROXIES"] = value
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.ALLAUTH_TRUSTED_PROXY_COUNT)",
        ],
        env={**env, "DJANGO_SETTINGS_MODULE": "lms.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


@pytest.mark.django_db
def test_email_and_nip_share_one_account_budget(client, account, participant, region_tree):
    for _ in range(3):
        assert not refused_for_too_many(login(client, participant.email.upper(), "wrong"))
    for _ in range(2):
        assert not refused_for_too_many(login(client, dotted(participant.nip), "wrong"))
    # five failures in all: the account is closed for a while, whichever identifier is typed
    assert refused_for_too_many(login(client, participant.email, PASSWORD))
    assert refused_for_too_many(login(client, participant.nip, PASSWORD))
    assert not signed_in(client)
    # another account from the same address still signs in
    other = make_participant(unit=region_tree["kelurahan"])
    make_account(other)
    assert login(client, other.nip, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_an_unknown_identifier_is_counted_however_it_is_typed(client):
    nip = "198001012005011999"
    for typed in (nip, dotted(nip), f"'{nip}", " ".join([nip[:8], nip[8:14], nip[14:]]), nip):
        assert not refused_for_too_many(login(client, typed, "wrong"))
    assert refused_for_too_many(login(client, dotted(nip), "wrong"))
    spellings = ["Nobody@Example.go.id", "nobody@example.go.id", "NOBODY@EXAMPLE.GO.ID"]
    for typed in spellings + spellings[:2]:
        assert not refused_for_too_many(login(client, typed, "wrong", address="203.0.113.20"))
    assert refused_for_too_many(login(client, "NoBody@example.go.id", "z", address="203.0.113.20"))


@pytest.mark.django_db
def test_a_password_reset_reopens_the_account_whichever_identifier_failed(
    client, account, participant, mailoutbox
):
    for _ in range(5):
        login(client, dotted(participant.nip), "wrong")
    assert refused_for_too_many(login(client, participant.nip, PASSWORD))

    client.post(reverse("account_reset_password"), {"email": participant.email})
    link = re.search(r"http://[^/\s]+(/akun/password/reset/key/\S+/)", mailoutbox[-1].body)[1]
    form_url = client.get(link).url
    new_password = "Sandi-Baru-Cideng-2019!"
    done = client.post(form_url, {"password1": new_password, "password2": new_password})
    assert done.status_code == 302

    assert login(client, participant.nip, new_password).status_code == 302
    assert signed_in(client)


@pytest.mark.django_db
def test_an_unknown_account_costs_as_many_password_hashes_as_a_known_one(
    client, account, participant, region_tree
):
    invited = make_participant(unit=region_tree["kelurahan"])
    make_account(invited, password=None)  # invited, no password set yet
    retired = make_participant(unit=region_tree["kelurahan"])
    retired_user = make_account(retired)
    retired_user.is_active = False
    retired_user.save()

    attempts = {
        "known email, wrong password": (participant.email, "wrong"),
        "unknown email": ("nobody@example.go.id", "wrong"),
        "known NIP with dots, wrong password": (dotted(participant.nip), "wrong"),
        "unknown NIP": ("198001012005011999", "wrong"),
        "invited, no password yet": (invited.email, "wrong"),
        "deactivated, right password": (retired.nip, PASSWORD),
    }
    hashes = {}
    for case, (identifier, password) in attempts.items():
        CountingHasher.calls = 0
        response = login(client, identifier, password)
        assert response.status_code == 200, case
        assert not signed_in(client)
        hashes[case] = CountingHasher.calls
    assert len(set(hashes.values())) == 1, hashes
    assert hashes["unknown email"] >= 1


# Content-Security-Policy -------------------------------------------------------------------


def policy(response):
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_site_policy(response):
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert set(csp["img-src"]) == {"'self'", "data:"}
    assert set(csp["frame-src"]) == {
        "'self'",
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
    }
    assert csp["form-action"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]


@pytest.mark.django_db
def test_site_pages_carry_a_policy_without_inline_scripts(client, account):
    for url in ("/", reverse("account_login"), reverse("certificates:verify_form")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_site_policy(response)
    client.force_login(account)
    assert_site_policy(client.get(reverse("lms:dashboard")))


@pytest.mark.django_db
def test_error_pages_carry_the_policy(client, account):
    not_found = client.get("/tidak-ada-halaman-ini/")
    assert not_found.status_code == 404
    assert_site_policy(not_found)
    client.force_login(account)
    denied = client.get("/admin/", follow=True)
    assert denied.status_code == 403
    assert_site_policy(denied)


@pytest.mark.django_db
def test_a_refused_form_explains_itself_under_the_policy(account):
    client = Client(enforce_csrf_checks=True)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("account_login"), {"login": account.email, "password": "x"})
    assert response.status_code == 403
    assert_site_policy(response)
    content = response.content.decode()
    assert "This form can no longer be sent" in content
    assert not INLINE_STYLE.search(content)  # Django's own page has an inline <style>


@pytest.mark.django_db
@pytest.mark.urls("tests.lms.test_security")
def test_the_server_error_page_carries_the_policy(client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert_site_policy(response)


@pytest.mark.django_db
def test_the_admin_alone_allows_inline_scripts_and_styles(staff_client):
    organiser = staff_client("Penyelenggara")
    response = organiser.get("/admin/")
    assert response.status_code == 200
    csp = policy(response)
    assert set(csp["script-src"]) == {"'self'", "'unsafe-inline'"}
    assert set(csp["style-src"]) == {"'self'", "'unsafe-inline'"}
    assert csp["default-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    # the same person on the site: no inline anything
    assert_site_policy(organiser.get(reverse("lms:dashboard")))


def test_only_what_wagtail_lets_its_editor_frame_may_be_framed_and_only_by_this_site():
    def respond(x_frame_options):
        def get_response(request):
            response = HttpResponse("preview")
            if x_frame_options:
                response["X-Frame-Options"] = x_frame_options
            return response

        return ContentSecurityPolicyMiddleware(get_response)

    request = RequestFactory().get("/admin/pages/3/edit/preview/")
    assert policy(respond("SAMEORIGIN")(request))["frame-ancestors"] == ["'self'"]
    assert policy(respond("DENY")(request))["frame-ancestors"] == ["'none'"]
    assert policy(respond(None)(request))["frame-ancestors"] == ["'none'"]
    # Wagtail renders the preview by passing a dummy request through the middleware, before
    # its view marks the response SAMEORIGIN: that pass must leave the header to the real one.
    dummy = RequestFactory().get("/pelatihan/materi/")
    dummy.is_dummy = True
    assert "Content-Security-Policy" not in respond("DENY")(dummy)


SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""=\s*["']?\s*javascript:""", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|<[^>]*\sstyle\s*=", re.IGNORECASE)
DATA_SCRIPT = re.compile(r"""type=["']application/(ld\+)?json["']""", re.IGNORECASE)


def template_files():
    folder = Path(django_settings.BASE_DIR) / "templates"
    return sorted(folder.rglob("*.html"))


def test_templates_have_no_inline_script_or_event_handler():
    problems = []
    for file in template_files():
        text = file.read_text(encoding="utf-8")
        name = file.relative_to(Path(django_settings.BASE_DIR))
        for match in SCRIPT_TAG.finditer(text):
            attributes = match[1]
            if "src=" not in attributes and not DATA_SCRIPT.search(attributes):
                problems.append(f"{name}: inline <script{attributes}>")
        problems += [f"{name}: inline event handler {m[0][-40:]!r}" for m in HANDLER.finditer(text)]
        problems += [f"{name}: javascript: URL" for _ in JAVASCRIPT_URL.finditer(text)]
        parts = set(file.relative_to(Path(django_settings.BASE_DIR) / "templates").parts)
        # Emails are not served under the policy; admin screens may use inline styles.
        if not parts & {"email", "admin", "wagtailadmin"}:
            problems += [f"{name}: inline style" for _ in INLINE_STYLE.finditer(text)]
    assert template_files()
    assert not problems, "\n".join(problems)


def test_the_template_scan_finds_what_it_looks_for():
    assert SCRIPT_TAG.search("<script>alert(1)</script>")
    assert HANDLER.search('<button type="button" onclick="go()">')
    assert JAVASCRIPT_URL.search('<a href="javascript:void(0)">')
    assert INLINE_STYLE.search('<p style="color: red">')
    assert not HANDLER.search("<p>Click on=the button</p>")


# Private caching ---------------------------------------------------------------------------


def assert_private(response):
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    assert {"private", "no-store"} <= directives, response.get("Cache-Control")


@pytest.mark.django_db
def test_every_page_for_a_signed_in_person_is_private_and_not_stored(client, account, participant):
    programme = make_programme(modules=1, lessons=1, questions=2)
    module = modules_of(programme)[0]
    learning.enrolment_create(participant=participant, programme=programme)
    participant.refresh_from_db()
    attempt = learning.attempt_start(participant=participant, module=module, kind="pre")
    learning.attempt_submit(attempt=attempt, answers=answer_all(attempt, right=1))
    client.force_login(account)
    urls = [
        reverse("lms:dashboard"),
        lessons_of(module)[0].url,
        module.url,
        reverse("lms:attempt_result", args=[attempt.pk]),
        reverse("certificates:list"),
        reverse("account_email"),
        reverse("account_change_password"),
        reverse("mfa_index"),
        "/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_private(response)


@pytest.mark.django_db
def test_anonymous_pages_that_set_a_cookie_are_private(client):
    response = client.get(reverse("account_login"))
    assert response.cookies  # the CSRF cookie of the sign-in form
    assert_private(response)


@pytest.mark.django_db
def test_the_invitation_page_naming_the_person_is_private(client, participant):
    invitation = accounts.participant_invite(participant=participant)
    url = reverse("lms:invitation_accept", args=[accounts.invitation_token(invitation)])
    response = client.get(url)
    assert response.status_code == 200
    assert participant.email in response.content.decode()
    assert_private(response)


@pytest.mark.django_db
def test_static_files_keep_their_caching_for_a_signed_in_person(client, account):
    client.force_login(account)
    response = client.get("/static/css/selaras.css")
    response.close()
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "max-age" in response.get("Cache-Control", "")


# The admin: no loop, no other host ---------------------------------------------------------


@pytest.mark.django_db
def test_a_trainee_opening_the_admin_gets_a_page_that_says_why(client, account):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(account)
    response = client.get("/admin/", follow=True)
    assert len(response.redirect_chain) <= 3
    assert response.status_code == 403
    content = response.content.decode()
    assert "No access to the admin" in content
    assert "The admin is for organisers" in content
    assert f'href="{reverse("lms:dashboard")}"' in content
    assert_private(response)


@pytest.mark.django_db
def test_anonymous_admin_visitors_sign_in_and_come_back(client, django_user_model):
    organiser = django_user_model.objects.create_user(
        username="rina", email="rina@example.go.id", password=PASSWORD
    )
    organiser.groups.add(Group.objects.get(name="Penyelenggara"))
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == reverse("account_login")
    assert parse_qs(response.request["QUERY_STRING"]) == {"next": ["/admin/"]}
    signed = client.post(
        reverse("account_login") + "?next=/admin/",
        {"login": "rina@example.go.id", "password": PASSWORD, "next": "/admin/"},
    )
    assert signed.status_code == 302
    assert signed.url == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_the_admin_sign_in_address_sends_staff_on_but_never_off_site(staff_client):
    organiser = staff_client("Penyelenggara")
    login_url = reverse("wagtailadmin_login")
    assert organiser.get(login_url + "?next=/admin/pages/").url == "/admin/pages/"
    assert organiser.get(login_url + "?next=https://evil.example/").url == "/admin/"
    assert organiser.get(login_url + "?next=//evil.example/").url == "/admin/"


SOURCE = re.compile(r"""\b(?:src|srcset|poster|data)\s*=\s*["']([^"']*)["']""", re.IGNORECASE)


@pytest.mark.django_db
def test_admin_pages_ask_no_other_host_for_avatars(client, django_user_model):
    admin = django_user_model.objects.create_superuser(
        username="admin", email="admin@example.go.id", password=PASSWORD
    )
    client.force_login(admin)
    urls = [
        "/admin/",
        "/admin/account/",
        "/admin/users/",
        reverse("wagtailusers_users:edit", args=[admin.pk]),
        "/admin/pages/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert "gravatar" not in content.lower(), url
        for source in SOURCE.findall(content):
            assert not re.match(r"(?:[a-z]+:)?//", source, re.IGNORECASE), (url, source)
