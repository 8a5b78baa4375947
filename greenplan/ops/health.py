"""What /healthz checks: the database answers, the task worker is alive, the disks have room.

Each check returns a small dict with a "status": "ok", "degraded", "down" (the database only)
or "unknown" (the worker when nothing tells). The answer carries no path, host, user or
setting value: a probe from anywhere may read it.

The worker: each `db_worker` process writes its own heartbeat row (greenplan.jobs.beat,
WorkerBeat) every settings.JOB_HEARTBEAT_SECONDS, idle or not, and deletes it when stopped
cleanly. A beat younger than settings.WORKER_STALE_SECONDS says a worker lives ("ok"); rows
that are all older say the workers that ran are gone (killed, crashed: "degraded"). Besides, a
running job writes `Job.heartbeat_at` and a task row gets `started_at` / `finished_at`: a
running job whose heartbeat is older than the job lease (settings.JOB_LEASE_SECONDS), or a task
waiting longer than the lease while no worker shows life, is "degraded" too. With no beat row
and an idle queue nothing tells ("unknown", which fails nothing: no worker was ever started).
"""

import datetime
import shutil
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from greenplan.jobs.models import Job, JobStatus, WorkerBeat

OK, DEGRADED, DOWN, UNKNOWN = "ok", "degraded", "down", "unknown"


def check_database() -> dict[str, Any]:
    started = time.monotonic()
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return {"status": DOWN}
    return {"status": OK, "ms": round((time.monotonic() - started) * 1000, 1)}


def _age(moment: datetime.datetime | None, now: datetime.datetime) -> float | None:
    return None if moment is None else round((now - moment).total_seconds(), 1)


def check_worker() -> dict[str, Any]:
    now = timezone.now()
    lease = datetime.timedelta(seconds=float(settings.JOB_LEASE_SECONDS))
    cutoff = now - lease
    try:
        beat = (Job.objects.filter(status=JobStatus.RUNNING, heartbeat_at__isnull=False)
                .order_by("-heartbeat_at").values_list("heartbeat_at", flat=True).first())
        taken = (DBTaskResult.objects.filter(started_at__isnull=False)
                 .order_by("-started_at").values_list("started_at", flat=True).first())
        ended = (DBTaskResult.objects.filter(finished_at__isnull=False)
                 .order_by("-finished_at").values_list("finished_at", flat=True).first())
        stale_jobs = Job.objects.filter(
            Q(status=JobStatus.RUNNING)
            & (Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff))
        ).count()
        waiting = (DBTaskResult.objects.filter(status=TaskResultStatus.READY, run_after__lt=cutoff)
                   .order_by("run_after").values_list("run_after", flat=True).first())
        beat_cutoff = now - datetime.timedelta(seconds=float(settings.WORKER_STALE_SECONDS))
        worker_beat = WorkerBeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
        live_workers = WorkerBeat.objects.filter(beat_at__gte=beat_cutoff).count()
    except DatabaseError:
        return {"status": UNKNOWN}
    last_sign = max((m for m in (beat, taken, ended, worker_beat) if m is not None), default=None)
    answer: dict[str, Any] = {"last_sign_of_life_seconds": _age(last_sign, now), "stale_jobs": stale_jobs,
                              "lease_seconds": float(settings.JOB_LEASE_SECONDS), "workers": live_workers,
                              "last_heartbeat_seconds": _age(worker_beat, now)}
    # With heartbeat rows, they alone say whether a worker lives; without, the older signs do.
    alive = live_workers > 0 if worker_beat is not None else last_sign is not None and last_sign >= cutoff
    if stale_jobs or (waiting is not None and not alive) or (worker_beat is not None and not alive):
        answer["status"] = DEGRADED
        answer["oldest_waiting_task_seconds"] = _age(waiting, now)
    elif alive:
        answer["status"] = OK
    else:
        answer["status"] = UNKNOWN  # an idle queue: nothing says whether a worker runs
    return answer


def _existing(path: Path) -> Path:
    """The path itself or its nearest existing parent (MEDIA_ROOT may not exist yet)."""
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def disk_places(database: Mapping[str, Any], media_root: Path) -> dict[str, Path]:
    """The directories whose free space matters, by a name that reveals no path."""
    places = {"media": Path(media_root)}
    if database["ENGINE"] == "django.db.backends.sqlite3" and str(database["NAME"]) not in ("", ":memory:") \
            and not str(database["NAME"]).startswith("file:"):
        places["database"] = Path(database["NAME"]).parent
    return places


def check_disk() -> dict[str, Any]:
    minimum = int(settings.HEALTH_DISK_MIN_FREE_MB)
    answer: dict[str, Any] = {"min_free_mb": minimum}
    status = OK
    for name, place in disk_places(settings.DATABASES["default"], settings.MEDIA_ROOT).items():
        free_mb = shutil.disk_usage(_existing(place)).free // (1024 * 1024)
        low = free_mb < minimum
        answer[name] = {"free_mb": free_mb, "status": DEGRADED if low else OK}
        if low:
            status = DEGRADED
    answer["status"] = status
    return answer


def health() -> tuple[str, dict[str, dict[str, Any]]]:
    """(overall status, checks). "down" only when the database does not answer."""
    database = check_database()
    checks = {
        "database": database,
        "worker": check_worker() if database["status"] == OK else {"status": UNKNOWN},
        "disk": check_disk(),
    }
    if database["status"] == DOWN:
        return DOWN, checks
    if any(check["status"] == DEGRADED for check in checks.values()):
        return DEGRADED, checks
    return OK, checks
