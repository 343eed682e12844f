"""Settings, read from the environment.

DATABASE_URL     default sqlite:///var/duban.sqlite3 (WAL mode); postgres://… for PostgreSQL
DUBAN_SECRET_KEY required when DUBAN_DEBUG is off (50+ random characters)
DUBAN_DEBUG      "1" for development only (`make run` sets it); default off
DUBAN_ALLOWED_HOSTS  comma-separated, default "127.0.0.1,localhost"
DUBAN_HTTPS      "1" (default with DEBUG off): the site is reached over HTTPS — Secure cookies,
                 HSTS, http→https redirect; behind a TLS proxy that sets X-Forwarded-Proto.
                 "0" for plain HTTP on a closed network (`check --deploy` then warns).
DUBAN_VAR_DIR    where the SQLite file and uploads live (outside the web root), default ./var
DUBAN_OVERVIEW_MAX_AGE  seconds 督办总览's numbers may be reused, default 10; 0: never

Production (DEBUG off) with only DUBAN_SECRET_KEY and DUBAN_ALLOWED_HOSTS set passes
`duban check --deploy` with no warning (tests/security/test_deploy.py). Static files are
served by the application itself (whitenoise), from the apps' folders: no collectstatic and
no web server configuration needed.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent

# The written report's PDF names the official fonts (仿宋_GB2312 …); the shipped fonts.conf
# maps them to Noto CJK. fontconfig reads FONTCONFIG_FILE once, when the process first asks
# for a font, so it is set here, before anything (WeasyPrint anywhere) can ask.
os.environ.setdefault("FONTCONFIG_FILE", str(BASE_DIR / "exports" / "fonts" / "fonts.conf"))
VAR_DIR = Path(os.environ.get("DUBAN_VAR_DIR", BASE_DIR.parent / "var")).resolve()
# SQLite creates its file but not the folder: a fresh clone has no var/.
VAR_DIR.mkdir(parents=True, exist_ok=True)

# Debug pages list URL patterns, settings and the environment: only when asked.
DEBUG = os.environ.get("DUBAN_DEBUG", "0") == "1"
# No key, no start: with DEBUG off an empty key stops the app servers (wsgi.py)
# and every command that runs system checks (runserver, migrate, check:
# duban.core.checks); commands that sign nothing (makemessages, shell) still work.
SECRET_KEY = os.environ.get("DUBAN_SECRET_KEY") or (
    "dev-only-insecure-key-change-me" if DEBUG else ""
)
ALLOWED_HOSTS = [
    h for h in os.environ.get("DUBAN_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "django_htmx",
    "simple_history",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # its static Swagger UI: the API docs page works offline
    "duban.core",
    "duban.audit",
    "duban.units",
    "duban.accounts",
    "duban.plans",
    # exports before reports: its `report` command extends reports' (docx/pdf).
    "duban.exports",
    "duban.reports",
    "duban.supervision",
    "duban.items",
    "duban.reminders",
    "duban.api",
    "duban.lexicon",
    "duban.cockpit",
    "duban.ocr",
    "duban.desk",
    "duban.ops",
    "duban.console",
]

MIDDLEWARE = [
    "duban.ops.requestlog.RequestIdMiddleware",  # first: every later log line has the id
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "duban.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "duban.core.middleware.NoStoreForSignedInMiddleware",
]

ROOT_URLCONF = "duban.urls"
WSGI_APPLICATION = "duban.wsgi.application"

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
                "duban.core.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'duban.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the web process read while a background task writes.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Argon2id with OWASP's 19 MiB / 2 passes / 1 lane instead of Django's 100 MiB:
# a rush of logins before a deadline must not be a memory spike (see the class).
# Older hashes are upgraded to these parameters when their owner signs in.
PASSWORD_HASHERS = [
    "duban.accounts.hashers.RushArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "duban.accounts.validators.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "duban.accounts.validators.NotADemoPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
# Locked per user and address, and per account from any address (guessing one
# account's password from many machines); an admin can unlock on the account page.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
SESSION_COOKIE_AGE = 8 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Health probes (nginx, systemd, monitoring) ask the app server itself on loopback,
# in plain HTTP: a redirect to https would never answer them.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# HTTPS (production default). i14's `duban serve` and any reverse proxy rely on these.
HTTPS = os.environ.get("DUBAN_HTTPS", "0" if DEBUG else "1") == "1"
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Content-Security-Policy (django-csp): everything from this server, nothing
# inline, nothing from outside (intranet; data in pages goes through json_script).
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

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# whitenoise serves /static/ from the apps' folders (no collectstatic step); a
# `duban collectstatic` into STATIC_ROOT is optional (then also compressed copies).
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "uploads"  # never served directly: downloads go through a view

# Uploaded documents: the largest file accepted.
DUBAN_MAX_UPLOAD_BYTES = int(os.environ.get("DUBAN_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# An OCR job whose worker has said nothing for this long is taken for stopped (the
# worker saves its heartbeat after every page; one page may take up to 120 s).
DUBAN_OCR_STALL_SECONDS = int(os.environ.get("DUBAN_OCR_STALL_SECONDS", 300))
# 督办总览's numbers (lights, counts, on-time line) may be this many seconds old; 0 computes
# them for every request. Every submit changes them, and in a deadline rush ten supervisors
# reloading the page recomputed them for every reload (~12 times a trivial request's CPU,
# 14 queries); kept per reader, plan, unit and day, they cost one computation per scope
# and process every N seconds. The page says when they were computed, 刷新 recomputes them,
# and the office's own changes (accept, return, override, publish) drop them at once.
# They live in Django's default cache: with no CACHES set, each process's own memory. That
# is enough with several app servers: each computes a scope at most once per N seconds,
# and the acting supervisor's own change reaches them on any server (a mark in the
# session, core/freshness.py); the other processes catch up within N seconds, as the page
# says. A shared cache (memcached) also works unchanged, for numbers and marks alike.
DUBAN_OVERVIEW_MAX_AGE = int(os.environ.get("DUBAN_OVERVIEW_MAX_AGE", 10))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_HOST = os.environ.get("DUBAN_EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = int(os.environ.get("DUBAN_EMAIL_PORT", 1025))
DEFAULT_FROM_EMAIL = os.environ.get("DUBAN_FROM_EMAIL", "duban@localhost")
# Reminders by SMS go through an HTTP gateway that takes {"phone", "text"} as JSON.
DUBAN_SMS_GATEWAY_URL = os.environ.get("DUBAN_SMS_GATEWAY_URL", "")

TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}

# Structured logs: one JSON object a line on stderr (journald keeps them), each
# with the request id; DUBAN_LOG_FORMAT=text for a console during development.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "duban.ops.requestlog.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # ISO 8601, UTC
            "json_ensure_ascii": False,
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": os.environ.get("DUBAN_LOG_FORMAT", "json"),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DUBAN_LOG_LEVEL", "INFO")},
}
