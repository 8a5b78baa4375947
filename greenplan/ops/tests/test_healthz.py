"""/healthz: the database, the task worker and the disks, for a monitor that does not sign in."""

import datetime
import shutil
from collections import namedtuple

import pytest
from django.conf import settings
from django.db import OperationalError, connections
from django.test import Client, override_settings
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from greenplan.jobs.models import Job, JobKind, JobStatus
from greenplan.ops.health import disk_places
from greenplan.testing.personas import make_user

pytestmark = pytest.mark.django_db

Usage = namedtuple("Usage", "total used free")


def get_health(client: Client) -> tuple[int, dict]:
    response = client.get("/healthz")
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    return response.status_code, response.json()


def running_job(heartbeat_age: float) -> Job:
    now = timezone.now()
    return Job.objects.create(owner=make_user("worker_owner"), kind=JobKind.ACCOUNTS_IMPORT, status=JobStatus.RUNNING,
                              started_at=now - datetime.timedelta(seconds=heartbeat_age + 5),
                              heartbeat_at=now - datetime.timedelta(seconds=heartbeat_age))


def task_row(**fields) -> DBTaskResult:
    return DBTaskResult.objects.create(args_kwargs={"args": [], "kwargs": {}}, task_path="greenplan.x.task",
                                       backend_name="default", queue_name="default",
                                       run_after=fields.pop("run_after", timezone.now()), **fields)


@override_settings(HEALTH_DISK_MIN_FREE_MB=0)
def test_healthz_answers_ok_to_anyone_with_each_check_and_no_secret(client):
    status, body = get_health(client)
    assert status == 200
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "worker", "disk"}
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["worker"]["status"] == "unknown"  # nothing ran yet: no failure
    assert body["checks"]["disk"]["status"] == "ok"
    assert body["checks"]["disk"]["media"]["free_mb"] > 0
    text = str(body)
    for secret in (settings.SECRET_KEY, str(settings.MEDIA_ROOT), str(settings.VAR_DIR),
                   settings.DATABASES["default"]["NAME"], settings.DATABASES["default"].get("PASSWORD") or "@@"):
        assert str(secret) not in text


@override_settings(HEALTH_DISK_MIN_FREE_MB=0)
def test_healthz_is_the_same_json_in_english_and_refuses_a_post(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    status, body = get_health(client)
    assert (status, body["status"]) == (200, "ok")
    assert client.post("/healthz").status_code == 405


@override_settings(HEALTH_DISK_MIN_FREE_MB=0)
def test_worker_is_ok_while_a_running_job_beats_and_degraded_when_its_heartbeat_is_stale(client):
    job = running_job(heartbeat_age=3)
    status, body = get_health(client)
    assert (status, body["status"], body["checks"]["worker"]["status"]) == (200, "ok", "ok")
    assert body["checks"]["worker"]["last_sign_of_life_seconds"] < 60

    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(
        seconds=settings.JOB_LEASE_SECONDS + 30))
    status, body = get_health(client)
    assert (status, body["status"]) == (200, "degraded")
    assert body["checks"]["worker"] | {"status": "degraded", "stale_jobs": 1} == body["checks"]["worker"]


@override_settings(HEALTH_DISK_MIN_FREE_MB=0)
def test_worker_is_ok_after_a_recent_task_and_degraded_when_tasks_wait_untaken(client):
    lease = datetime.timedelta(seconds=settings.JOB_LEASE_SECONDS)
    now = timezone.now()
    task_row(status=TaskResultStatus.READY, run_after=now - 3 * lease)
    status, body = get_health(client)
    assert (body["status"], body["checks"]["worker"]["status"]) == ("degraded", "degraded")
    assert body["checks"]["worker"]["oldest_waiting_task_seconds"] >= 3 * lease.total_seconds() - 5

    task_row(status=TaskResultStatus.SUCCESSFUL, started_at=now - datetime.timedelta(seconds=20),
             finished_at=now - datetime.timedelta(seconds=10))
    status, body = get_health(client)  # a worker took a task within the lease: it lives, just busy
    assert (status, body["status"], body["checks"]["worker"]["status"]) == (200, "ok", "ok")


@override_settings(HEALTH_DISK_MIN_FREE_MB=0)
def test_worker_is_unknown_not_failed_when_the_last_task_is_old(client):
    long_ago = timezone.now() - datetime.timedelta(days=2)
    task_row(status=TaskResultStatus.SUCCESSFUL, started_at=long_ago, finished_at=long_ago)
    status, body = get_health(client)
    assert (status, body["status"], body["checks"]["worker"]["status"]) == (200, "ok", "unknown")


def test_disk_is_degraded_when_free_space_is_under_the_threshold(client, monkeypatch):
    with override_settings(HEALTH_DISK_MIN_FREE_MB=500):
        monkeypatch.setattr(shutil, "disk_usage", lambda path: Usage(10**12, 10**12 - 10**9, 10**9))
        status, body = get_health(client)
        assert (status, body["status"], body["checks"]["disk"]["status"]) == (200, "ok", "ok")

        monkeypatch.setattr(shutil, "disk_usage", lambda path: Usage(10**12, 10**12 - 100 * 2**20, 100 * 2**20))
        status, body = get_health(client)
    assert (status, body["status"]) == (200, "degraded")
    assert body["checks"]["disk"]["media"] == {"free_mb": 100, "status": "degraded"}
    assert body["checks"]["disk"]["min_free_mb"] == 500


def test_disk_checks_the_sqlite_files_directory_too(tmp_path):
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "db" / "x.sqlite3")}
    assert disk_places(sqlite, tmp_path / "media") == {"media": tmp_path / "media", "database": tmp_path / "db"}
    memory = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
    assert set(disk_places(memory, tmp_path / "media")) == {"media"}
    postgres = {"ENGINE": "django.db.backends.postgresql", "NAME": "greenplan"}
    assert set(disk_places(postgres, tmp_path / "media")) == {"media"}


@override_settings(HEALTH_DISK_MIN_FREE_MB=0)
def test_healthz_is_503_down_when_the_database_does_not_answer(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connections["default"], "cursor", unreachable)
    status, body = get_health(client)
    assert status == 503
    assert body["status"] == "down"
    assert body["checks"]["database"] == {"status": "down"}  # no error text: it may name hosts
    assert body["checks"]["worker"]["status"] == "unknown"
    assert "connection refused" not in str(body)


@override_settings(SECURE_SSL_REDIRECT=True, HEALTH_DISK_MIN_FREE_MB=0)
def test_a_local_monitor_gets_healthz_over_plain_http_while_pages_redirect_to_https(client):
    assert client.get("/accounts/login/").status_code == 301
    status, body = get_health(client)
    assert (status, body["status"]) == (200, "ok")


def worker_beat_row(age: float, worker_id: str = "w1") -> None:
    from greenplan.jobs.models import WorkerBeat

    moment = timezone.now() - datetime.timedelta(seconds=age)
    WorkerBeat.objects.create(worker_id=worker_id, pid=1234, hostname="secret-host-name",
                              started_at=moment, beat_at=moment)


@override_settings(HEALTH_DISK_MIN_FREE_MB=0, WORKER_STALE_SECONDS=60)
def test_an_idle_worker_that_beats_is_ok_and_its_host_is_not_shown(client):
    worker_beat_row(age=5)
    status, body = get_health(client)
    assert (status, body["status"], body["checks"]["worker"]["status"]) == (200, "ok", "ok")
    assert body["checks"]["worker"]["workers"] == 1
    assert body["checks"]["worker"]["last_heartbeat_seconds"] < 60
    assert "secret-host-name" not in str(body) and "1234" not in str(body)


@override_settings(HEALTH_DISK_MIN_FREE_MB=0, WORKER_STALE_SECONDS=60)
def test_a_worker_whose_beat_went_stale_is_degraded_even_with_an_idle_queue(client):
    worker_beat_row(age=61)
    status, body = get_health(client)
    assert (status, body["status"], body["checks"]["worker"]["status"]) == (200, "degraded", "degraded")
    assert body["checks"]["worker"]["workers"] == 0

    worker_beat_row(age=1, worker_id="w2")  # another worker started: one live is enough
    status, body = get_health(client)
    assert (body["status"], body["checks"]["worker"]["workers"]) == ("ok", 1)
