"""The task worker's own heartbeat (WorkerBeat): written by a thread of `db_worker`, read by /healthz.

django-tasks-db's worker keeps no heartbeat, and a job's heartbeat (services.Heartbeat) only
exists while a job runs, so an idle worker would look dead. Every function here swallows a
database error: a worker must outlive a restart of its database.
"""

import datetime
import logging
import os
import socket
import threading

from django.conf import settings
from django.db import DatabaseError, connections
from django.utils import timezone

from greenplan.jobs.models import WorkerBeat

logger = logging.getLogger("greenplan.jobs")

# A row silent this long belongs to a worker gone long ago: the next worker to start forgets it.
FORGET_AFTER = datetime.timedelta(days=1)


def worker_beat(worker_id: str, *, started_at: datetime.datetime) -> bool:
    """Write (or create) this worker's row; False when the database did not answer."""
    now = timezone.now()
    try:
        WorkerBeat.objects.update_or_create(
            worker_id=worker_id,
            defaults={"beat_at": now},
            create_defaults={"beat_at": now, "started_at": started_at, "pid": os.getpid(),
                             "hostname": socket.gethostname()[:255]},
        )
    except DatabaseError:
        logger.warning("worker heartbeat not written (database unavailable)")
        connections.close_all()  # a broken connection is not reused by the next beat
        return False
    return True


def worker_forget(worker_id: str | None = None) -> None:
    """Delete this worker's row (clean stop), or with no id the rows of workers gone for a day."""
    try:
        if worker_id is None:
            WorkerBeat.objects.filter(beat_at__lt=timezone.now() - FORGET_AFTER).delete()
        else:
            WorkerBeat.objects.filter(worker_id=worker_id).delete()
    except DatabaseError:
        logger.warning("worker heartbeat row not removed", exc_info=True)


class WorkerHeartbeat:
    """A daemon thread beating every settings.JOB_HEARTBEAT_SECONDS until stop()."""

    def __init__(self, worker_id: str) -> None:
        self.worker_id = worker_id
        self.every = max(0.2, float(settings.JOB_HEARTBEAT_SECONDS))
        self.started_at = timezone.now()
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="worker-heartbeat", daemon=True)

    def start(self) -> "WorkerHeartbeat":
        worker_forget()
        worker_beat(self.worker_id, started_at=self.started_at)
        self.thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            worker_beat(self.worker_id, started_at=self.started_at)
        connections.close_all()  # this thread's own connection

    def stop(self) -> None:
        self._stop.set()
        self.thread.join(timeout=self.every + 5)
        worker_forget(self.worker_id)
