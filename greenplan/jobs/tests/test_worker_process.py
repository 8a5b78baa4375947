"""A real `manage.py db_worker` process is killed in the middle of an account import.

The worker and this test must see one database: on PostgreSQL the test database is one; on
SQLite the test database lives in memory, so for this test the connection is moved to a file
(a copy of the migrated test database) that the worker opens too.
"""

import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from openpyxl import Workbook

from greenplan.accounts.importers import COLUMNS, users_import_start
from greenplan.accounts.models import Role, User
from greenplan.jobs.models import Job, JobStatus, WorkerBeat
from greenplan.ops.health import check_worker
from greenplan.testing.personas import make_user

pytestmark = pytest.mark.django_db(transaction=True)

MANAGE = Path(django_settings.BASE_DIR) / "manage.py"
LEASE = 3  # seconds without a heartbeat before a job counts as dead


@pytest.fixture
def shared_database(transactional_db, tmp_path):
    """The DATABASE_URL of a database this process and a worker process both use."""
    if connection.vendor != "sqlite":
        db = connection.settings_dict
        auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        yield f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        return
    connection.ensure_connection()
    memory, memory_name = connection.connection, connection.settings_dict["NAME"]
    path = tmp_path / "db.sqlite3"
    copy = sqlite3.connect(path)
    memory.backup(copy)
    copy.close()
    connection.settings_dict["NAME"] = str(path)
    connection.connection = None
    try:
        yield f"sqlite:///{path}"
    finally:
        connection.close()
        connection.settings_dict["NAME"] = memory_name
        connection.connection = memory


@pytest.fixture
def worker_env(shared_database, tmp_path, settings):
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.JOB_LEASE_SECONDS = LEASE
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "greenplan.settings",  # the real Argon2 hasher: slow enough to kill
        "DATABASE_URL": shared_database,
        "SECRET_KEY": "worker-test-secret-key-0123456789-0123456789",
        "DEBUG": "0",
        "VAR_DIR": str(tmp_path / "var"),
        "MEDIA_ROOT": str(media),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "JOB_HEARTBEAT_SECONDS": "0.5",
        "JOB_LEASE_SECONDS": str(LEASE),
    }
    return env


def start_worker(env, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(MANAGE), "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"],
        env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
    )


def wait_for(predicate, seconds: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}; worker log:\n{log.read_text(errors='replace')}")


def sheet(rows: int) -> SimpleUploadedFile:
    workbook = Workbook()
    workbook.active.append(list(COLUMNS.values()))
    for i in range(rows):
        workbook.active.append([f"kill.{i}", f"Người {i}", "", "HP-A-01", "Xem", ""])
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("nhieu-tai-khoan.xlsx", out.getvalue())


def test_a_killed_worker_leaves_a_failed_job_and_no_file(tree, worker_env, tmp_path):
    admin = make_user("admin_a", tree.a, Role.ADMIN)
    job, errors = users_import_start(actor=admin, file=sheet(300), name="nhieu-tai-khoan.xlsx")
    assert errors == []
    upload = Path(django_settings.MEDIA_ROOT) / job.input.name
    assert upload.exists()
    log = tmp_path / "worker.log"

    first = start_worker(worker_env, log)
    try:
        wait_for(lambda: Job.objects.get(pk=job.pk).progress > 0, 40, "progress", log)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING  # what a killed worker leaves behind

    second = start_worker(worker_env, log)  # finds the dead job at start-up or soon after
    try:
        wait_for(lambda: Job.objects.get(pk=job.pk).status != JobStatus.RUNNING, LEASE + 20, "the dead job", log)
        # Idle now, the worker still beats (greenplan.jobs.beat), so /healthz knows it lives.
        wait_for(lambda: WorkerBeat.objects.filter(pid=second.pid).exists(), 20, "the first beat", log)
        first_beat = WorkerBeat.objects.get(pid=second.pid).beat_at
        wait_for(lambda: WorkerBeat.objects.get(pid=second.pid).beat_at > first_beat, 10, "a second beat", log)
        assert check_worker()["status"] == "ok"
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(10)
    assert not WorkerBeat.objects.filter(pid=second.pid).exists()  # a clean stop removes its row
    assert WorkerBeat.objects.filter(pid=first.pid).exists()  # a killed worker's row stays, to go stale

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "Tiến trình xử lý đã dừng bất thường" in job.errors[0]["message"]
    assert "tải lên lại" in job.errors[0]["message"]
    assert job.finished_at is not None
    assert job.input.name == ""
    assert not upload.exists()
    assert not User.objects.filter(username__startswith="kill.").exists()

    from django_tasks_db.models import DBTaskResult

    task = DBTaskResult.objects.get(id=job.task_id)
    assert task.status == "FAILED"
    assert task.finished_at is not None

