"""Production mode refuses to start without its secrets; the embedded default needs none."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
IGNORED = {"DJANGO_ALLOW_ASYNC_UNSAFE"}
PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "throwaway-3f9a1c7e5b2d8046-test-only-Kq8vR2mN7pX4sW1z-0a9b8c7d6e5f",
    "DJANGO_ALLOWED_HOSTS": "selaras.example.go.id",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/selaras",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def load_settings(env):
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and k not in IGNORED}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); "
            "from django.conf import settings; print(settings.DEBUG)",
        ],
        env={**clean, "DJANGO_SETTINGS_MODULE": "lms.settings", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"]
)
def test_production_refuses_to_start_without_each_secret(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = load_settings(env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_production_refuses_a_weak_secret_key():
    result = load_settings({**PRODUCTION_ENV, "DJANGO_SECRET_KEY": "x" * 64})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_sqlite():
    result = load_settings({**PRODUCTION_ENV, "DATABASE_URL": "sqlite:///x.sqlite3"})
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr


def test_production_starts_with_all_secrets_and_is_not_debug():
    result = load_settings(PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_embedded_default_needs_no_variable():
    result = load_settings({"DJANGO_ENV": ""})
    assert result.returncode == 0, result.stderr


def test_check_deploy_is_clean_in_production():
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and k not in IGNORED}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={**clean, **PRODUCTION_ENV},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


# The suite runs on tests/settings.py: the deployed settings with these names changed only.
TEST_SETTINGS_CHANGE = {
    "PASSWORD_HASHERS",
    "CACHES",
    "MEDIA_ROOT",
    "PRIVATE_ROOT",
    "STORAGES",
    "LOGGING",
    "RUN_DIR",
}


# Which of them differ depends on the services: SQLite's test file, Redis' database per worker.
MAY_CHANGE = {"DATABASES", "REDIS_URL", "CELERY_BROKER_URL"}


def test_the_test_settings_change_only_what_they_list():
    from django.conf import global_settings

    import lms.settings as deployed
    import tests.settings as suite

    def value(module, name):
        return getattr(module, name, getattr(global_settings, name, None))

    names = {name for name in (*dir(deployed), *dir(suite)) if name.isupper()}
    changed = {name for name in names if value(suite, name) != value(deployed, name)}
    assert TEST_SETTINGS_CHANGE <= changed <= TEST_SETTINGS_CHANGE | MAY_CHANGE
    assert ("DATABASES" in changed) == (deployed.DATABASES["default"]["ENGINE"].endswith("sqlite3"))


@pytest.mark.django_db
def test_deployed_settings_hash_passwords_with_pbkdf2_and_sign_in_with_them(client):
    """The suite hashes with MD5 for speed; the deployed settings keep Django's strong
    default, checked here once for real: hashing, verifying, signing in."""
    from django.conf import global_settings
    from django.contrib.auth.hashers import check_password, get_hasher, identify_hasher
    from django.test import override_settings

    import lms.settings as deployed
    from lms.models import User

    hashers = getattr(deployed, "PASSWORD_HASHERS", global_settings.PASSWORD_HASHERS)
    with override_settings(PASSWORD_HASHERS=hashers):
        hasher = get_hasher()
        assert hasher.algorithm == "pbkdf2_sha256"
        assert hasher.iterations >= 600_000  # OWASP's floor for PBKDF2-HMAC-SHA256
        user = User.objects.create_user(
            username="kuat", email="kuat@example.go.id", password="Sandi-Kuat-2019!"
        )
        assert identify_hasher(user.password).algorithm == "pbkdf2_sha256"
        assert f"${hasher.iterations}$" in user.password
        assert check_password("Sandi-Kuat-2019!", user.password)
        assert not check_password("Sandi-Kuat-2019?", user.password)
        response = client.post(
            "/akun/login/", {"login": "kuat@example.go.id", "password": "Sandi-Kuat-2019!"}
        )
        assert response.status_code == 302
        assert client.get("/dasbor/").wsgi_request.user == user
