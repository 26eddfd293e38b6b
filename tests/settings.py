"""Settings of the test suite: ``lms.settings`` as deployed, with only what slows tests down or
lets two test runs on one machine collide switched. ``tests/lms/test_settings.py`` holds the list
of what differs (``DIFFERENCES``) and checks the production hasher there, once, for real.

- Passwords are hashed with MD5: the production hasher (PBKDF2, a million rounds) costs about
  0.3 s a hash here, and the suite creates and signs in hundreds of accounts.
- The cache, media, private files and (unless ``SELARAS_TEST_DB`` names one under ``var/``, to be
  kept with ``--reuse-db``) the SQLite test database live in a folder of this process, removed
  at exit: rate limits and query counts of one run never see another run's cache. With Redis,
  the cache keys carry this process's prefix and each pytest-xdist worker uses a Redis
  database of its own (cache and broker).
- SQLite does not wait for the disk (``synchronous=OFF``): a crash loses the test database only.
- Logging says warnings and errors only.

The variables that switch the deployed settings (``DATABASE_URL``, ``REDIS_URL``, ...) switch
these too: CI's second pass runs the suite on PostgreSQL and Redis with them.
"""

import atexit
import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from lms.settings import *  # noqa: F403
from lms.settings import CACHES, DATABASES, LOGGING, REDIS_URL, STORAGES, env

RUN_DIR = Path(tempfile.mkdtemp(prefix=f"selaras-test-{os.getpid()}-"))
atexit.register(shutil.rmtree, RUN_DIR, ignore_errors=True)

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

if REDIS_URL:
    # Tests empty the cache (``cache.clear()`` is Redis' FLUSHDB), which would also empty the
    # queues and the cache of a test running beside it: each pytest-xdist worker has a
    # database of its own, counted down from the one REDIS_URL names (gw0 keeps it).
    _url = urlsplit(REDIS_URL)
    _worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    _db = (int(_url.path.strip("/") or 0) - _worker) % 16
    REDIS_URL = urlunsplit(_url._replace(path=f"/{_db}"))
    CACHES = {
        "default": {
            **CACHES["default"],
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"selaras-test-{os.getpid()}",
        }
    }
    CELERY_BROKER_URL = REDIS_URL
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(RUN_DIR / "cache"),
        }
    }

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    _name = env("SELARAS_TEST_DB")
    DATABASES = {
        "default": {
            **DATABASES["default"],
            "OPTIONS": {
                **DATABASES["default"]["OPTIONS"],
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;",
            },
            "TEST": {
                "NAME": str(
                    DATABASES["default"]["TEST"]["NAME"] if _name else RUN_DIR / "test.sqlite3"
                )
            },
        }
    }

MEDIA_ROOT = RUN_DIR / "media"
PRIVATE_ROOT = RUN_DIR / "private"
STORAGES = {
    **STORAGES,
    "private": {
        **STORAGES["private"],
        "OPTIONS": {**STORAGES["private"]["OPTIONS"], "location": str(PRIVATE_ROOT)},
    },
}

LOGGING = {**LOGGING, "root": {**LOGGING["root"], "level": "WARNING"}}
