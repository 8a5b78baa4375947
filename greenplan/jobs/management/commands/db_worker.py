"""django-tasks-db's `db_worker`, which also finds jobs whose worker died.

It sweeps (greenplan.jobs.sweep.jobs_sweep) at start-up — the usual moment to find the job a
killed worker left — and then from a thread every half lease, so a dead job is failed within
about 1.5 × settings.JOB_LEASE_SECONDS while any worker runs. (greenplan.jobs is listed
before django_tasks_db in INSTALLED_APPS so that this command is the one `manage.py` runs.)
"""

import logging
import threading
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from greenplan.jobs.sweep import jobs_sweep

logger = logging.getLogger("greenplan.jobs")


def _sweep() -> None:
    try:
        failed, removed = jobs_sweep()
    except DatabaseError:  # e.g. SQLite busy: the next round will do it
        logger.warning("job sweep skipped", exc_info=True)
        return
    if failed or removed:
        logger.warning("job sweep: %s dead job(s) failed, %s file(s) removed", failed, removed)


def _sweep_forever(every: float) -> None:
    stop = threading.Event()
    while not stop.wait(every):
        _sweep()
        connections.close_all()  # this thread's own connections


class Command(DatabaseWorkerCommand):
    help = DatabaseWorkerCommand.help + "; fails jobs whose worker died and removes their files"

    def handle(self, *args: Any, **options: Any) -> None:
        _sweep()
        every = max(0.5, min(60.0, float(settings.JOB_LEASE_SECONDS) / 2))
        threading.Thread(target=_sweep_forever, args=(every,), name="job-sweep", daemon=True).start()
        super().handle(*args, **options)
