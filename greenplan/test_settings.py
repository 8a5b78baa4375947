"""Settings for the test suite: the real settings with a fast hasher and no HTTPS redirect."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-with-enough-length-0123456789")

from greenplan.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Serve static files from the finders as in development; there is no collectstatic in tests.
WHITENOISE_AUTOREFRESH = True
# Tasks run at enqueue, through the real task code, so a test sees the finished job.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}

# Each test run gets its own PostgreSQL test database, so two `make test` runs (or two
# developers) on one host never drop each other's database. GREENPLAN_TEST_RUN names a run;
# by default the process id does.
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":  # noqa: F405
    _run = os.environ.get("GREENPLAN_TEST_RUN") or str(os.getpid())
    DATABASES["default"].setdefault("TEST", {})["NAME"] = f"test_greenplan_{_run}"  # noqa: F405

# With REPLICA_URL set, the replica alias mirrors the test database (no second test database),
# and pages keep reading from the primary: a test's rows live in a transaction the replica
# connection cannot see. greenplan/ops/tests/test_replica_routing.py turns routing on itself.
if "replica" in DATABASES:  # noqa: F405
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # noqa: F405
REPLICA_READS = False

# Counts the requests the live server is answering; the browser fixtures wait for none left.
MIDDLEWARE = ["greenplan.testing.inflight.InFlightMiddleware", *MIDDLEWARE]  # noqa: F405
