"""Settings for the statements archive, read from the environment.

The embedded default (no environment at all) is a SQLite database and a
Whoosh index under ``var/``, DEBUG off, and a secret key created once in
``var/secret_key`` (kept out of git).  Anything beyond that is configured
with environment variables, documented in README.md.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ARCHIVE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

# The embedded default is "no DATABASE_URL": a single machine with files under var/.
EMBEDDED = not os.environ.get("DATABASE_URL")
if EMBEDDED:
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # the SQLite file lives here even when SECRET_KEY is given


def _secret_key():
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if not EMBEDDED:
        raise ImproperlyConfigured("SECRET_KEY must be set when DATABASE_URL is set (production settings).")
    # Embedded default: create a key once and keep it beside the database.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "haystack",
    "axes",
    "archive",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "archive.middleware.DatabaseBusyMiddleware",
    "archive.middleware.SearchUnavailableMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: refuses logins from a locked-out address or account.
    "axes.middleware.AxesMiddleware",
]

# A refused form (CSRF) gets the Persian 403 page, not Django's English one.
CSRF_FAILURE_VIEW = "archive.errors.csrf_failure"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed logins: after AXES_FAILURE_LIMIT failures for one username from one address,
# that pair is refused for AXES_COOLOFF_HOURS (a Persian page, HTTP 429).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "lockout.html"
AXES_RESET_ON_SUCCESS = True
# Behind a reverse proxy: the header it sets with the client's address (X-Forwarded-For or X-Real-IP),
# believed only for requests from TRUSTED_PROXIES (see archive.middleware.client_ip). Unset: the
# connection's address, which behind a proxy is the proxy's for every reader.
TRUSTED_PROXY_HEADER = os.environ.get("TRUSTED_PROXY_HEADER", "").strip()
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", ["127.0.0.1", "::1"])
AXES_CLIENT_IP_CALLABLE = "archive.middleware.client_ip"

# Content-Security-Policy: everything from this site, no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

ROOT_URLCONF = "archive.urls"
WSGI_APPLICATION = "archive.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'archive.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A writer waits this long for a row or table lock, then fails (answered 503), never forever.
    DATABASES["default"]["OPTIONS"] = {
        "options": f"-c lock_timeout={int(os.environ.get('PG_LOCK_TIMEOUT_MS', '20000'))}"
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while the single writer writes; wait for locks.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": float(os.environ.get("SQLITE_TIMEOUT", "20")),
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", "فارسی")]
TIME_ZONE = "Asia/Tehran"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Pages list this many statements at a time.
ARCHIVE_PAGE_SIZE = int(os.environ.get("ARCHIVE_PAGE_SIZE", "20"))
# Uploads: the largest file (and zip member) accepted, and the most articles per upload.
ARCHIVE_UPLOAD_MAX_BYTES = int(os.environ.get("ARCHIVE_UPLOAD_MAX_BYTES", str(2 * 1024 * 1024)))
ARCHIVE_UPLOAD_MAX_FILES = int(os.environ.get("ARCHIVE_UPLOAD_MAX_FILES", "500"))
# What one upload may hold once unpacked (all its files and zip members together), checked on the zip
# directory before anything is unpacked and again on the bytes really read.
ARCHIVE_UPLOAD_MAX_TOTAL_BYTES = int(os.environ.get("ARCHIVE_UPLOAD_MAX_TOTAL_BYTES", str(64 * 1024 * 1024)))
# Uploads are jobs (archive/uploads.py): their files wait here until every article is read; the request
# works on one for UPLOAD_INLINE_BUDGET seconds, then a background thread (or `manage.py run_uploads`)
# goes on; a job with no sign of life for UPLOAD_JOB_STALE seconds may be resumed.
UPLOAD_DIR = Path(os.environ.get("UPLOAD_DIR", VAR_DIR / "uploads"))
UPLOAD_INLINE_BUDGET = float(os.environ.get("UPLOAD_INLINE_BUDGET_SECONDS", "10"))
UPLOAD_JOBS_IN_BACKGROUND = env_bool("UPLOAD_JOBS_IN_BACKGROUND", True)
UPLOAD_JOB_STALE = float(os.environ.get("UPLOAD_JOB_STALE_SECONDS", "60"))
# Django refuses larger request bodies before our checks run; leave room for the upload limit.
DATA_UPLOAD_MAX_MEMORY_SIZE = ARCHIVE_UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = ARCHIVE_UPLOAD_MAX_BYTES + 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = ARCHIVE_UPLOAD_MAX_FILES

# Security headers that hold in every mode; HTTPS-only ones when told so.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
HTTPS = env_bool("HTTPS", False)
if HTTPS:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Search: haystack on Whoosh with the Persian analyzer (archive/search/).
SEARCH_INDEX_DIR = Path(os.environ.get("SEARCH_INDEX_DIR", VAR_DIR / "whoosh_index"))
HAYSTACK_CONNECTIONS = {
    "default": {
        "ENGINE": "archive.search.backend.PersianWhooshEngine",
        "PATH": str(SEARCH_INDEX_DIR),
        # Haystack's default logs and swallows index errors; ours are raised and the change stays queued.
        "SILENTLY_FAIL": False,
    }
}
HAYSTACK_SIGNAL_PROCESSOR = "archive.search.signals.ArticleSignalProcessor"
# Narrowing every query to registered models costs a full scan in Whoosh; we index one model.
HAYSTACK_LIMIT_TO_REGISTERED_MODELS = False

# Time budgets (seconds). gunicorn kills a worker after GUNICORN_TIMEOUT (30 s); every request
# that can take long (index writes, exports, uploads) stops well before that with a Persian answer.
REQUEST_BUDGET = float(os.environ.get("REQUEST_BUDGET_SECONDS", "20"))
# A search export writes at most this many statements (and stops at REQUEST_BUDGET), then says so.
EXPORT_MAX_STATEMENTS = int(os.environ.get("EXPORT_MAX_STATEMENTS", "10000"))
# The index queue (archive/search/queue.py): a request waits this long for the index lock, then its
# changes stay queued and are applied by a background retry once the lock frees (or by
# `manage.py drain_index`); management commands wait INDEX_COMMAND_LOCK_WAIT.
INDEX_LOCK_WAIT = float(os.environ.get("INDEX_LOCK_WAIT_SECONDS", "5"))
INDEX_COMMAND_LOCK_WAIT = float(os.environ.get("INDEX_COMMAND_LOCK_WAIT_SECONDS", "120"))
# A failed task is retried after INDEX_RETRY_BACKOFF seconds, four times longer after each failure
# (at most an hour), and set aside (admin list, check_index) after INDEX_TASK_MAX_ATTEMPTS tries.
INDEX_RETRY_BACKOFF = float(os.environ.get("INDEX_RETRY_BACKOFF_SECONDS", "10"))
INDEX_TASK_MAX_ATTEMPTS = int(os.environ.get("INDEX_TASK_MAX_ATTEMPTS", "5"))
# Whether a web process retries, in a background thread, changes it could not apply.
INDEX_RETRY_IN_BACKGROUND = env_bool("INDEX_RETRY_IN_BACKGROUND", True)

# E-mail (alerts, archive/alerts.py). With EMAIL_HOST set, mail goes by SMTP; without it (the embedded
# default) each mail is written as a file under var/mail/, so `make run` needs no mail server.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")  # absolute links in mails
EMAIL_HOST = os.environ.get("EMAIL_HOST", "").strip()
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = float(os.environ.get("EMAIL_TIMEOUT", "20"))
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "آرشیو گفته‌های مقام‌ها <alerts@localhost>")
# An unconfirmed alert's link works this many hours; subscribe requests allowed per hour for one
# e-mail address and for one client address; most statements listed in one alert mail.
ALERTS_CONFIRM_HOURS = float(os.environ.get("ALERTS_CONFIRM_HOURS", "48"))
ALERTS_PER_EMAIL_PER_HOUR = int(os.environ.get("ALERTS_PER_EMAIL_PER_HOUR", "3"))
ALERTS_PER_ADDRESS_PER_HOUR = int(os.environ.get("ALERTS_PER_ADDRESS_PER_HOUR", "20"))
ALERTS_MAX_PER_MAIL = int(os.environ.get("ALERTS_MAX_PER_MAIL", "50"))
