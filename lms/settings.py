"""Selaras settings: one file, every difference switched by environment variables.

Embedded default (no variable set): SQLite under var/, local media, console email, an in-process
cache and a Celery worker on kombu's filesystem transport — nothing external to install.
``DATABASE_URL`` and ``REDIS_URL`` switch the database and the broker/cache in any mode.

Production (``DJANGO_ENV=production``) refuses to start unless DJANGO_SECRET_KEY,
DJANGO_ALLOWED_HOSTS, DATABASE_URL (PostgreSQL) and REDIS_URL are set.
"""

import os
from pathlib import Path

import dj_database_url
from csp import constants as csp
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SELARAS_VAR_DIR", BASE_DIR / "var"))


def env(name, default=None):
    value = os.environ.get(name)
    return default if value in (None, "") else value


def env_bool(name, default):
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = env(name)
    return default if value is None else int(value)


def env_list(name, default=()):
    value = env(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


DJANGO_ENV = env("DJANGO_ENV", "embedded")
PRODUCTION = DJANGO_ENV == "production"
if DJANGO_ENV not in {"embedded", "production"}:
    raise ImproperlyConfigured(
        f"DJANGO_ENV must be 'embedded' or 'production', not {DJANGO_ENV!r}."
    )

if PRODUCTION:
    _required = ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"]
    _missing = [name for name in _required if not env(name)]
    if _missing:
        raise ImproperlyConfigured(
            "Production mode (DJANGO_ENV=production) refuses to start: set "
            + ", ".join(_missing)
            + "."
        )
    _key = env("DJANGO_SECRET_KEY")
    if len(_key) < 50 or len(set(_key)) < 5:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is too weak: use at least 50 random characters."
        )
    if not env("DATABASE_URL").startswith(("postgres://", "postgresql://")):
        raise ImproperlyConfigured("Production mode needs a PostgreSQL DATABASE_URL.")

# The embedded key is public by design; production refuses to start without its own.
SECRET_KEY = env("DJANGO_SECRET_KEY", "embedded-insecure-key-never-used-in-production")
DEBUG = env_bool("DJANGO_DEBUG", not PRODUCTION)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "lms",
    "casestudies",
    "cohorts",
    "cms",
    "core",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.humanize",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before XFrameOptionsMiddleware: frame-ancestors follows X-Frame-Options.
    "lms.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise (static files keep their caching), before the middleware setting cookies.
    "lms.middleware.PrivateCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lms.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "lms.context_processors.navigation",
            ],
        },
    },
]

# Database ----------------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'selaras.sqlite3'}"),
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE avoids "database is locked" when the web process and the worker write together.
    # Connections persist (CONN_MAX_AGE) as on PostgreSQL: opening one and setting WAL cost
    # about 3.5 ms a request; each thread keeps its own connection.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
    # A file, not memory, so the Celery worker and live-server threads in tests share it.
    # SELARAS_TEST_DB names it, so that test runs side by side do not share one file.
    DATABASES["default"]["TEST"] = {
        "NAME": str(VAR_DIR / f"test-{env('SELARAS_TEST_DB', 'selaras')}.sqlite3")
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and Celery ---------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")


def redis_cache(url):
    """The Redis cache: an unreachable Redis is a logged cache miss, not a 500 (rate limits
    and cached values are lost while it is down; nothing else is)."""
    return {
        "BACKEND": "core.cache.DegradingRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": env("DJANGO_CACHE_PREFIX", "selaras"),
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 1,
            "SOCKET_TIMEOUT": 1,
        },
    }


DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "lms.cache"
if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
        "global_keyprefix": env("CELERY_KEY_PREFIX", "selaras:"),
        "socket_connect_timeout": 2,
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }
    CELERY_BROKER_URL = "filesystem://"
    _celery_dir = Path(env("CELERY_FILESYSTEM_DIR", VAR_DIR / "celery"))
    for _sub in ("queue", "processed", "control"):
        (_celery_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_celery_dir / "queue"),
        "data_folder_out": str(_celery_dir / "queue"),
        "processed_folder": str(_celery_dir / "processed"),
        "control_folder": str(_celery_dir / "control"),
        "store_processed": False,
        "polling_interval": 0.2,
    }
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", "selaras")
# Session reminders go out this many days before a session starts; beat looks every hour and
# each reminder's key (booking, day) keeps a second look from sending it again.
SELARAS_REMINDER_DAYS = [int(days) for days in env_list("SELARAS_REMINDER_DAYS", ["3", "1"])]
# Publishing with the broker down fails fast: the request that saved the work returns, the
# work stays pending in its status row and the sweeps below send it once the broker is back.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# Sweeps re-send work whose task was lost once it is SELARAS_SWEEP_DELAY seconds old, at
# most SELARAS_SWEEP_BATCH items of a kind a run. An email left SENDING for longer than
# SELARAS_OUTBOX_SENDING_TIMEOUT seconds is UNCERTAIN (never sent again automatically).
SELARAS_SWEEP_DELAY = env_int("SELARAS_SWEEP_DELAY", 300)
SELARAS_SWEEP_BATCH = env_int("SELARAS_SWEEP_BATCH", 500)
SELARAS_OUTBOX_SENDING_TIMEOUT = env_int("SELARAS_OUTBOX_SENDING_TIMEOUT", 900)
SELARAS_OUTBOX_MAX_ATTEMPTS = env_int("SELARAS_OUTBOX_MAX_ATTEMPTS", 10)
# A running certificate batch without progress for this long can be resumed by an organiser.
SELARAS_BATCH_STALE_MINUTES = env_int("SELARAS_BATCH_STALE_MINUTES", 5)
# Readiness wants a worker heartbeat (sent by beat every minute) younger than this.
SELARAS_HEARTBEAT_MAX_AGE = env_int("SELARAS_HEARTBEAT_MAX_AGE", 180)
CELERY_BEAT_SCHEDULE = {
    "session-reminders": {"task": "cohorts.tasks.session_reminders_task", "schedule": 3600.0},
    "outbox-sweep": {"task": "core.tasks.outbox_sweep_task", "schedule": 120.0},
    "worker-heartbeat": {"task": "core.tasks.heartbeat_task", "schedule": 60.0},
    "lms-sweep": {"task": "lms.tasks.lms_sweep_task", "schedule": 300.0},
    "notices-sweep": {"task": "cohorts.tasks.notices_sweep_task", "schedule": 300.0},
    "roster-imports-sweep": {"task": "cohorts.tasks.roster_imports_sweep_task", "schedule": 300.0},
    "roster-uploads-cleanup": {
        "task": "cohorts.tasks.roster_uploads_cleanup_task",
        "schedule": 24 * 3600.0,
    },
}

# Auth -------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "lms.User"
# Sessions are read from the cache and written through to the database: no session query on
# a signed-in page while the cache answers (and still correct when it does not).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# One backend for email and NIP sign-in: one account lookup, one password hash either way.
AUTHENTICATION_BACKENDS = ["lms.adapters.AccountBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "lms:dashboard"
LOGOUT_REDIRECT_URL = "/"

ACCOUNT_ADAPTER = "lms.adapters.AccountAdapter"
ACCOUNT_USER_DISPLAY = "lms.adapters.user_display"
ACCOUNT_FORMS = {"login": "lms.forms.LoginForm"}
# Participants sign in with their email or their NIP (stored as the username).
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGIN_BY_CODE_ENABLED = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Selaras] "
# Failed sign-ins count per client address and per account (lms.adapters). Behind reverse
# proxies (nginx, a load balancer) the client is the address that the first of the
# SELARAS_TRUSTED_PROXIES proxies received the request from, read from X-Forwarded-For;
# 0 ignores that header (anyone can forge it when no proxy of ours writes it).
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("SELARAS_TRUSTED_PROXIES", 0)
ACCOUNT_RATE_LIMITS = {
    "login_failed": env("SELARAS_LOGIN_RATE", "10/m/ip,5/5m/key"),
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
ACCOUNT_PASSWORD_INPUT_RENDER_VALUE = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Selaras"

SELARAS_INVITATION_DAYS = env_int("SELARAS_INVITATION_DAYS", 7)
# Self check-in: the QR code changes every STEP seconds, opens EARLY minutes before a day
# starts, and a check-in more than GRACE minutes after the start is "terlambat".
SELARAS_CHECKIN_STEP = env_int("SELARAS_CHECKIN_STEP", 60)
SELARAS_CHECKIN_EARLY = env_int("SELARAS_CHECKIN_EARLY", 60)
SELARAS_CHECKIN_GRACE = env_int("SELARAS_CHECKIN_GRACE", 15)
# What one spreadsheet import may read (core.spreadsheets.Limits): the file, what an XLSX
# unpacks to (a small ZIP can unpack to gigabytes) and the rows.
SELARAS_SPREADSHEET_MAX_BYTES = env_int("SELARAS_SPREADSHEET_MAX_BYTES", 20 * 1024 * 1024)
SELARAS_SPREADSHEET_MAX_UNPACKED = env_int("SELARAS_SPREADSHEET_MAX_UNPACKED", 100 * 1024 * 1024)
SELARAS_SPREADSHEET_MAX_ROWS = env_int("SELARAS_SPREADSHEET_MAX_ROWS", 200_000)
# What one uploaded photo or paper may be (core.images, core.files): its bytes, a photo's pixels
# (a larger one is refused as a possible decompression bomb), what a DOCX unpacks to.
SELARAS_IMAGE_MAX_BYTES = env_int("SELARAS_IMAGE_MAX_BYTES", 25 * 1024 * 1024)
SELARAS_IMAGE_MAX_PIXELS = env_int("SELARAS_IMAGE_MAX_PIXELS", 50_000_000)
SELARAS_PAPER_MAX_BYTES = env_int("SELARAS_PAPER_MAX_BYTES", 20 * 1024 * 1024)
SELARAS_PAPER_MAX_UNPACKED = env_int("SELARAS_PAPER_MAX_UNPACKED", 100 * 1024 * 1024)
# Roster uploads never applied are deleted after this many days (applied ones at once); a
# roster import without progress for STALE minutes may be sent again (its task was lost).
SELARAS_UPLOAD_RETENTION_DAYS = env_int("SELARAS_UPLOAD_RETENTION_DAYS", 7)
SELARAS_IMPORT_STALE_MINUTES = env_int("SELARAS_IMPORT_STALE_MINUTES", 5)
SELARAS_DEMO_PASSWORD = "selaras-demo"  # noqa: S105 — public, for demo accounts only

# Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["lms.formats"]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# The admin account page offers Indonesia's three time zones (WIB, WITA, WIT), not 600.
WAGTAIL_USER_TIME_ZONES = ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"]
LANGUAGE_COOKIE_NAME = "selaras_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Static and media -----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))
# Uploads and documents that name people: outside MEDIA_ROOT, never served from there.
PRIVATE_ROOT = Path(env("SELARAS_PRIVATE_ROOT", VAR_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "core.storage.PrivateStorage",
        "OPTIONS": {"location": str(PRIVATE_ROOT), "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production whitenoise serves straight from the app folders: no collectstatic needed.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
if not PRODUCTION:
    for _folder in (STATIC_ROOT, MEDIA_ROOT, PRIVATE_ROOT):
        _folder.mkdir(parents=True, exist_ok=True)
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10000

# Email ----------------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", "Selaras <noreply@selaras.test>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if env("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("EMAIL_HOST")
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = 30
else:
    EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

# Wagtail ---------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Selaras"
WAGTAILADMIN_BASE_URL = env("SELARAS_BASE_URL", "http://127.0.0.1:8000")
SELARAS_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = [
    *("pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "txt", "csv", "zip"),
    *("mp4", "webm"),
]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
# Avatars are Wagtail's default image: no admin page asks gravatar.com (or any other host).
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Security ---------------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp) on every page: scripts and styles from this site only,
# never inline; lessons embed YouTube (privacy mode) and Vimeo players.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF, "data:"],
        "frame-src": [csp.SELF, "https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
        "base-uri": [csp.SELF],
        "object-src": [csp.NONE],
    }
}
# Added under /admin/ only: Wagtail 8's admin writes inline scripts and styles.
SELARAS_CSP_ADMIN = {"script-src": [csp.UNSAFE_INLINE], "style-src": [csp.UNSAFE_INLINE]}
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_CSRF_COOKIE_SECURE", True)
    LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "server": {"class": "logging.StreamHandler", "formatter": "server"},
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # runserver (`make run`) prints the requests refused or failed (4xx, 5xx), not each one.
        "django.server": {
            "handlers": ["server"],
            "level": env("DJANGO_SERVER_LOG_LEVEL", "WARNING"),
            "propagate": False,
        },
    },
}
