import os
import secrets
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from greenplan.ops.tests.faults.stack import ROOT, Cluster, Stack, free_port


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    directory = Path(tempfile.mkdtemp(prefix="greenplan-faults-")) / "pg"
    database = Cluster(directory=directory, port=free_port())
    try:
        database.create()
        yield database
    finally:
        try:
            database.stop("immediate")
        except subprocess.SubprocessError:
            pass
        subprocess.run(["rm", "-rf", str(directory.parent)], check=False)


@pytest.fixture(scope="module")
def stack(cluster: Cluster) -> Iterator[Stack]:
    """gunicorn (3 workers) and the task worker on the throwaway cluster, with the seed data."""
    tmp = Path(tempfile.mkdtemp(prefix="greenplan-faults-stack-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "greenplan.settings",
        "DATABASE_URL": cluster.url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0", "SECURE_COOKIES": "0", "SECURE_HSTS_SECONDS": "0",
        "VAR_DIR": str(tmp / "var"),
        "MEDIA_ROOT": str(tmp / "media"),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "JOB_HEARTBEAT_SECONDS": "0.5",
        "JOB_LEASE_SECONDS": "4",
        "WORKER_STALE_SECONDS": "5",
        "CONN_MAX_AGE": "60",
        "LOG_FORMAT": "json",
        "LOG_FILE": str(tmp / "app.log"),
        "HEALTH_DISK_MIN_FREE_MB": "0",
    }
    seeded = subprocess.run([sys.executable, str(ROOT / "greenplan/ops/tests/faults/seed.py"), str(tmp)],
                            env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert seeded.returncode == 0, seeded.stderr[-4000:]
    running = Stack(env=env, tmp=tmp)
    running.start_worker()
    running.start_gunicorn()
    try:
        running.wait_healthy()
        yield running
    finally:
        running.stop()
        subprocess.run(["rm", "-rf", str(tmp)], check=False)
