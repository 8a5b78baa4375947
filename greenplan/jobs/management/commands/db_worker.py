"""django-tasks-db's `db_worker`, which also beats, finds jobs whose worker died and outlives its database.

- A heartbeat thread (greenplan.jobs.beat) writes this worker's WorkerBeat row every
  settings.JOB_HEARTBEAT_SECONDS, idle or not, so /healthz can tell a live idle worker from a
  dead one. A clean stop (SIGTERM, Ctrl-C) deletes the row; a killed worker's row goes stale.
- It sweeps (greenplan.jobs.sweep.jobs_sweep) at start-up — the usual moment to find the job a
  killed worker left — and then from a thread every half lease, so a dead job is failed within
  about 1.5 × settings.JOB_LEASE_SECONDS while any worker runs.
- django-tasks-db's loop dies on the first database error other than "locked"; here it is
  started again after a pause, so a restart of PostgreSQL needs no restart of the worker.

(greenplan.jobs is listed before django_tasks_db in INSTALLED_APPS so that this command is the
one `manage.py` runs.)
"""

import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from greenplan.jobs.beat import WorkerHeartbeat
from greenplan.jobs.sweep import jobs_sweep

logger = logging.getLogger("greenplan.jobs")

# Seconds between two attempts to start the loop again while the database does not answer.
RECONNECT_PAUSE = 2.0


def _sweep() -> None:
    try:
        failed, removed = jobs_sweep()
    except DatabaseError:  # e.g. SQLite busy or PostgreSQL restarting: the next round will do it
        logger.warning("job sweep skipped", exc_info=True)
        connections.close_all()
        return
    if failed or removed:
        logger.warning("job sweep: %s dead job(s) failed, %s file(s) removed", failed, removed)


def _sweep_forever(every: float) -> None:
    stop = threading.Event()
    while not stop.wait(every):
        _sweep()
        connections.close_all()  # this thread's own connections


class Command(DatabaseWorkerCommand):
    help = DatabaseWorkerCommand.help + "; beats, fails jobs whose worker died and survives a database restart"

    def handle(self, *args: Any, **options: Any) -> None:
        heartbeat = WorkerHeartbeat(options["worker_id"]).start()
        try:
            _sweep()
            every = max(0.5, min(60.0, float(settings.JOB_LEASE_SECONDS) / 2))
            threading.Thread(target=_sweep_forever, args=(every,), name="job-sweep", daemon=True).start()
            self._run_until_stopped(*args, **options)
        finally:
            heartbeat.stop()

    def _run_until_stopped(self, *args: Any, **options: Any) -> None:
        while True:
            try:
                super().handle(*args, **options)
                return
            except (OperationalError, InterfaceError):
                if options.get("batch"):
                    raise
                logger.warning("task worker lost its database; trying again in %s s", RECONNECT_PAUSE,
                               exc_info=True)
                connections.close_all()
                time.sleep(RECONNECT_PAUSE)
