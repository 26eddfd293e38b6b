import pytest
from django.urls import reverse

from lms.models import User

PASSWORD = "Lurah-Cideng-2019!"


@pytest.fixture(autouse=True)
def _own_cache(settings):
    """Rate limits live in the cache: one of this module's own, since other test runs on the
    machine clear the shared file cache at any moment."""
    from django.core.cache import cache

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "test-accounts",
        }
    }
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def account(participant):
    from lms.services.accounts import user_create_for_participant

    user = user_create_for_participant(participant=participant)
    user.set_password(PASSWORD)
    user.save()
    return user


def login(client, login, password):
    return client.post(reverse("account_login"), {"login": login, "password": password})


@pytest.mark.django_db
def test_sign_in_by_email_and_by_nip_and_sign_out(client, account, participant):
    assert login(client, participant.email.upper(), PASSWORD).status_code == 302
    client.post(reverse("account_logout"))
    assert client.get(reverse("lms:dashboard")).status_code == 302
    assert login(client, participant.nip, PASSWORD).status_code == 302
    assert client.get(reverse("lms:dashboard")).status_code == 200


@pytest.mark.django_db
def test_failed_sign_in_does_not_reveal_whether_the_account_exists(client, account, participant):
    wrong_password = login(client, participant.email, "wrong-password")
    unknown = login(client, "nobody@example.go.id", "wrong-password")
    assert wrong_password.status_code == unknown.status_code == 200
    assert wrong_password.context["form"].errors == {
        k: [m.replace("nobody@example.go.id", participant.email) for m in v]
        for k, v in unknown.context["form"].errors.items()
    }


@pytest.mark.django_db
def test_login_rate_limited_after_repeated_failures(client, account, participant):
    for _ in range(5):
        assert login(client, participant.email, "wrong-password").status_code == 200
    # now even the right password is refused for a while
    blocked = login(client, participant.email, PASSWORD)
    assert blocked.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("lms:dashboard")).status_code == 302


@pytest.mark.django_db
def test_no_open_sign_up(client):
    page = client.get(reverse("account_signup"))
    assert page.status_code == 200
    assert b'name="password1"' not in page.content
    client.post(
        reverse("account_signup"),
        {"email": "x@example.go.id", "username": "x", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert not User.objects.filter(email="x@example.go.id").exists()


@pytest.mark.django_db
def test_password_reset_does_not_reveal_accounts(client, account, participant, mailoutbox):
    known = client.post(reverse("account_reset_password"), {"email": participant.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.go.id"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    reset_mail = [m for m in mailoutbox if m.to == [participant.email]]
    assert len(reset_mail) == 1
    assert "/akun/password/reset/key/" in reset_mail[0].body


@pytest.mark.django_db
def test_dashboard_requires_sign_in_and_shows_profile(client, account, participant):
    response = client.get(reverse("lms:dashboard"))
    assert response.status_code == 302
    assert reverse("account_login") in response.url
    login(client, participant.email, PASSWORD)
    response = client.get(reverse("lms:dashboard"))
    content = response.content.decode()
    assert participant.nip in content
    assert "Cideng" in content
    assert "Dasbor" in content  # Indonesian by default


@pytest.mark.django_db
def test_dashboard_in_english_after_language_switch(client, account, participant):
    login(client, participant.email, PASSWORD)
    client.post(reverse("set_language"), {"language": "en", "next": "/dasbor/"})
    assert "Dashboard" in client.get(reverse("lms:dashboard")).content.decode()


@pytest.mark.django_db
def test_admin_login_goes_through_allauth_and_participants_are_kept_out(
    client, account, participant
):
    response = client.get("/admin/")
    assert response.status_code == 302
    follow = client.get(response.url)
    assert follow.status_code == 302
    assert follow.url.startswith(reverse("account_login"))
    login(client, participant.email, PASSWORD)
    assert client.get("/admin/").status_code in (302, 403)


@pytest.mark.django_db
def test_staff_turns_on_totp_and_then_needs_a_code(client, django_user_model):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import (
        SECRET_SESSION_KEY,
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )
    from django.contrib.auth.models import Group

    def current_code(secret):
        return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))

    staff = django_user_model.objects.create_user(
        username="penyelenggara", email="org@example.go.id", password=PASSWORD
    )
    staff.groups.add(Group.objects.get(name="Penyelenggara"))
    login(client, "org@example.go.id", PASSWORD)
    page = client.get(reverse("mfa_activate_totp"), follow=True)
    if "reauthenticate" in page.request["PATH_INFO"]:
        client.post(page.request["PATH_INFO"], {"password": PASSWORD})
        page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert b"data:image/svg+xml" in page.content  # the QR code to scan
    secret = client.session[SECRET_SESSION_KEY]
    done = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert done.status_code == 302
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()

    # next sign-in stops at the code step; the admin stays closed until the code is given
    client.post(reverse("account_logout"))
    step = login(client, "org@example.go.id", PASSWORD)
    assert step.status_code == 302
    assert step.url == reverse("mfa_authenticate")
    assert client.get("/admin/").status_code == 302
    client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_home_page_is_served_in_indonesian(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response["Content-Language"] == "id"
    assert "Selaras" in response.content.decode()


@pytest.mark.django_db
def test_admin_link_only_for_staff(client, account, participant, staff_client):
    login(client, participant.email, PASSWORD)
    assert 'href="/admin/"' not in client.get(reverse("lms:dashboard")).content.decode()
    client.post(reverse("account_logout"))
    organiser = staff_client("Penyelenggara")
    assert 'href="/admin/"' in organiser.get(reverse("lms:dashboard")).content.decode()
