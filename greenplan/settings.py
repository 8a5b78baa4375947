"""Settings for greenplan, driven by environment variables.

SQLite in var/ by default so `make run` needs nothing installed; PostgreSQL with DATABASE_URL.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    return os.getenv(name, default).lower() in ("1", "true", "yes", "on")


def envint(name: str, default: int) -> int:
    return int(os.getenv(name, str(default)))


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "False")
VAR_DIR = Path(os.getenv("VAR_DIR", BASE_DIR / "var"))


def secret_key_from_file(path: Path) -> str:
    """The key `make run` generates once into var/secret_key, so sessions survive a restart.

    Production sets SECRET_KEY in the environment instead; a file others may read is refused.
    """
    if not path.is_file():
        return ""
    if path.stat().st_mode & 0o077:
        raise ImproperlyConfigured(f"{path} must be readable by its owner only (chmod 600)")
    return path.read_text().strip()


SECRET_KEY = os.getenv("SECRET_KEY", "")
if not SECRET_KEY and not DEBUG:
    SECRET_KEY = secret_key_from_file(VAR_DIR / "secret_key")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (or VAR_DIR/secret_key exist)")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.getenv("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    # Before django.contrib.auth: its `changepassword` command is replaced by greenplan.accounts'.
    "greenplan.accounts",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "csp",
    "django_htmx",
    "treebeard",
    "axes",
    # Before django_tasks_db: its `db_worker` command is extended by greenplan.jobs.
    "greenplan.jobs",
    "django_tasks",
    "django_tasks_db",
    # The audit log sits below every domain app (it imports none of them).
    "greenplan.audit",
    "greenplan.ops",
    "greenplan.orgs",
    "greenplan.reporting",
    "greenplan.plans",
    "greenplan.activities",
    "greenplan.notifications",
    "greenplan.analytics",
    "greenplan.emulation",
    "greenplan.survey",
    "greenplan.practices",
    "greenplan.demo",
    "greenplan.exchange",
    "greenplan.documents",
    "greenplan.api",
    "greenplan.front",
]

MIDDLEWARE = [
    # First: it times the whole request and gives it the id its log lines carry.
    "greenplan.ops.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "greenplan.lib.middleware.LanguageMiddleware",
    "greenplan.api.middleware.ApiEdgeMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "greenplan.ops.replica.middleware.ReplicaRouteMiddleware",
]

ROOT_URLCONF = "greenplan.urls"
WSGI_APPLICATION = "greenplan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "greenplan.accounts.context_processors.scope",
            ],
        },
    },
]

# One field template for every form (templates/forms/field.html), found through TEMPLATES.
FORM_RENDERER = "greenplan.lib.forms.FormRenderer"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}", conn_max_age=envint("CONN_MAX_AGE", 0),
        # A kept connection is checked before a request uses it: after a PostgreSQL restart the
        # first request gets a new connection instead of an error.
        conn_health_checks=envbool("CONN_HEALTH_CHECKS", "True"),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets the dashboard read while a report is being saved.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

# A PostgreSQL streaming replica for the heavy read-only pages (docs/deploy.md, "Read replica"):
# pages marked @reads_from_replica read from it while it is up and at most
# REPLICA_MAX_LAG_SECONDS behind; everything else, and every write, uses the primary. After a
# write, that browser reads from the primary for READ_YOUR_WRITES_SECONDS.
REPLICA_DATABASE = "replica"
if os.getenv("REPLICA_URL"):
    DATABASES[REPLICA_DATABASE] = dj_database_url.parse(
        os.environ["REPLICA_URL"], conn_max_age=envint("CONN_MAX_AGE", 0)
    )
    # A replica that does not answer must not hold a page for long: the primary serves it instead.
    DATABASES[REPLICA_DATABASE].setdefault("OPTIONS", {})["connect_timeout"] = envint("REPLICA_CONNECT_TIMEOUT", 2)
DATABASE_ROUTERS = ["greenplan.ops.replica.routing.ReplicaRouter"]
REPLICA_READS = envbool("REPLICA_READS", "True")
REPLICA_MAX_LAG_SECONDS = float(os.getenv("REPLICA_MAX_LAG_SECONDS", "5"))
REPLICA_PROBE_SECONDS = float(os.getenv("REPLICA_PROBE_SECONDS", "1"))
REPLICA_DOWN_SECONDS = float(os.getenv("REPLICA_DOWN_SECONDS", "5"))
READ_YOUR_WRITES_SECONDS = envint("READ_YOUR_WRITES_SECONDS", 10)
# X-DB-Route on every response (where its reads went): for tests and measurements only.
DB_ROUTE_HEADER = envbool("DB_ROUTE_HEADER", "False")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lock a username (not an IP: a whole office often shares one address) after repeated failures.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "greenplan.accounts.views.locked_out"
AXES_VERBOSE = False
# Locking by username alone is deliberate (shared office IPs); axes warns about it.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Background tasks (imports, national reports): django-tasks, the backport of Django 6's
# django.tasks. The default stores tasks in the database and `manage.py db_worker` runs them
# (`make run` starts one). TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend runs
# each task inside the request instead, for development without a worker.
TASKS = {
    "default": {
        "BACKEND": os.getenv("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# A token is a password substitute: a week, then sign in again; at most this many live per user.
API_TOKEN_TTL = timedelta(days=envint("API_TOKEN_TTL_DAYS", 7))
API_TOKEN_MAX_PER_USER = envint("API_TOKEN_MAX_PER_USER", 10)

# A running job's worker writes a heartbeat every JOB_HEARTBEAT_SECONDS; a job silent for
# JOB_LEASE_SECONDS lost its worker (killed, machine restarted) and is failed. The lease must
# outlast the longest transaction a job holds: on SQLite the heartbeat waits for it.
JOB_HEARTBEAT_SECONDS = float(os.getenv("JOB_HEARTBEAT_SECONDS", "10"))
JOB_LEASE_SECONDS = float(os.getenv("JOB_LEASE_SECONDS", "120"))
# Each db_worker also beats every JOB_HEARTBEAT_SECONDS while idle (greenplan.jobs.beat);
# /healthz calls the worker "degraded" when no beat is younger than WORKER_STALE_SECONDS.
WORKER_STALE_SECONDS = float(os.getenv("WORKER_STALE_SECONDS", "60"))

# /healthz reports "degraded" when MEDIA_ROOT's or the SQLite file's disk has less free space.
HEALTH_DISK_MIN_FREE_MB = envint("HEALTH_DISK_MIN_FREE_MB", 1024)

# The dashboard ranks a subordinate only when at least this share (%) of the reports its subtree
# owes for the period are in: a unit with 1 report of 25 is listed apart, not ranked.
RANKING_MIN_REPORTED_PCT = envint("RANKING_MIN_REPORTED_PCT", 80)


LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["greenplan.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Request sizes. Form fields and JSON bodies: a report's three narratives of 20,000 characters,
# percent- or \u-escaped, with every value stay under 1 MB, so 2 MB leaves room and refuses a
# 10 MB body before it is read (413). Files do not count there: the largest file any form or
# endpoint accepts is 20 MB, so a whole multipart request to the API stops at 25 MB. Files over
# FILE_UPLOAD_MAX_MEMORY_SIZE wait in a temporary file, not in memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
UPLOAD_MAX_REQUEST_BYTES = 25 * 1024 * 1024

MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"

EMAIL_BACKEND = os.getenv("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "greenplan@localhost")
EMAIL_HOST = os.getenv("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "False")

SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "False" if DEBUG else "True")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "False" if DEBUG else "True")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
# A monitor on the server itself asks over plain HTTP: /healthz answers it, not a redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# No inline script, style or handler anywhere (templates load static files only), so the
# policy needs no 'unsafe-inline'. data: images are Bootstrap's and Swagger UI's SVG icons.
# Scripts may still set element styles (Chart.js, Bootstrap): CSP does not block those.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
# Browser features the product never uses, refused to the page and anything it might embed.
# Only names Chromium knows: an unknown one logs an error in every page's console.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media",
        "geolocation", "gyroscope", "hid", "idle-detection", "magnetometer", "microphone", "midi",
        "payment", "publickey-credentials-get", "screen-wake-lock", "serial", "usb", "xr-spatial-tracking",
    )
}

# LOG_FORMAT=json (set by `make serve`, docs/deploy.md): one JSON object per line, one line per
# request with its X-Request-ID (greenplan.ops.logs). LOG_FILE also writes them to that file,
# reopened when logrotate moves it (deploy/logrotate.conf). Otherwise plain text on stderr.
LOG_FORMAT = os.getenv("LOG_FORMAT", "text")
LOG_FILE = os.getenv("LOG_FILE", "")
LOGGING: dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "greenplan.ops.logs.RequestIdFilter"}},
    "formatters": {"json": {"()": "greenplan.ops.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "WARNING")},
}
if LOG_FORMAT == "json":
    LOGGING["handlers"]["console"] |= {"formatter": "json", "stream": "ext://sys.stdout"}
    LOGGING["loggers"] = {
        "greenplan.request": {"level": "INFO"},
        "greenplan": {"level": os.getenv("LOG_LEVEL", "INFO")},
        "django_tasks_db": {"level": "INFO"},
    }
if LOG_FILE:
    LOGGING["handlers"]["file"] = {"class": "logging.handlers.WatchedFileHandler", "filename": LOG_FILE,
                                   "filters": ["request_id"]}
    if LOG_FORMAT == "json":
        LOGGING["handlers"]["file"]["formatter"] = "json"
    LOGGING["root"]["handlers"].append("file")
USE_THOUSAND_SEPARATOR = True
