"""Settings for the benchmark scripts: the real settings, with psycopg's auto-prepare off.

psycopg 3 prepares a statement after 5 executions and keeps that plan, so the 6th run of a
query would be timed with a plan chosen for other parameters (FACTS.md). Timing needs each
run planned like the first one.
"""

import os

os.environ.setdefault("DEBUG", "1")

from greenplan.settings import *  # noqa: E402,F403

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = None  # noqa: F405

# django.test.Client sends requests as "testserver" (the dashboard measurement).
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]  # noqa: F405
