"""Two test runs on one host must not share (and drop) one PostgreSQL test database."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

READ_NAME = (
    "import json; from django.conf import settings; "
    "print(json.dumps(settings.DATABASES['default'].get('TEST', {}).get('NAME')))"
)


def _test_db_name(run: str | None) -> str:
    env = {**os.environ, "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
           "DJANGO_SETTINGS_MODULE": "greenplan.test_settings"}
    env.pop("GREENPLAN_TEST_RUN", None)
    if run:
        env["GREENPLAN_TEST_RUN"] = run
    code = "import django; django.setup(); " + READ_NAME
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_each_run_names_its_own_postgresql_test_database():
    first, second = _test_db_name("run-a"), _test_db_name("run-b")
    assert first != second
    assert first.startswith("test_greenplan_")


def test_without_a_run_name_the_process_id_tells_runs_apart():
    assert _test_db_name(None) != _test_db_name(None)
