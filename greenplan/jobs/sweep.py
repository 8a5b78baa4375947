"""Jobs whose worker died, and files no job needs. Every function here is safe to run twice,
in several processes at once: each change is a conditional UPDATE (an optimistic claim).

A dead job is failed, not retried: a worker can die *because* of its job (a sheet that
exhausts memory gets the worker killed), and a retry would kill the next worker the same way.
The owner is told to upload again, which costs one click; the account import saves all of
its rows in one transaction, so a dead import never changed anything.

django-tasks-db has no heartbeat of its own: a task row whose worker was killed stays
RUNNING forever. The job's heartbeat decides, and the task row is made to agree with the job.
"""

import datetime
import logging
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import DatabaseError
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from greenplan.jobs.models import ACTIVE_STATUSES, Job, JobKind, JobStatus
from greenplan.jobs.services import _row_error, job_input_delete

logger = logging.getLogger("greenplan.jobs")

FILES_DIR = "jobs"
FINISHED_TASK = (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED)


def _lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=float(settings.JOB_LEASE_SECONDS))


def _dead_message(job: Job) -> str:
    with translation.override(job.language or settings.LANGUAGE_CODE):
        if job.kind == JobKind.REPORTS_IMPORT:
            # Its files are saved one transaction each: those saved before the stop stay saved.
            return _("Tiến trình xử lý đã dừng bất thường (máy chủ xử lý nền bị tắt hoặc gặp sự cố) trước khi "
                     "công việc hoàn thành. Mỗi tệp được lưu trọn vẹn hoặc không lưu gì: các tệp đã lưu trước "
                     "khi dừng vẫn được giữ. Hãy xem lại báo cáo của các đơn vị rồi tải lên lại những tệp chưa "
                     "được lưu.")
        return _("Tiến trình xử lý đã dừng bất thường (máy chủ xử lý nền bị tắt hoặc gặp sự cố) trước khi "
                 "công việc hoàn thành; không có thay đổi nào được lưu, vui lòng tải lên lại.")


def _stale(cutoff: datetime.datetime) -> Q:
    return Q(status=JobStatus.RUNNING) & (
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    )


def _task_rows(task_ids: list[str]) -> dict[str, DBTaskResult]:
    ids = [task_id for task_id in task_ids if task_id]
    return {str(row.id): row for row in DBTaskResult.objects.filter(id__in=ids)} if ids else {}


def _fail_dead(job: Job, claim: Q, now: datetime.datetime) -> bool:
    values: dict[str, Any] = {
        "status": JobStatus.FAILED, "errors": [_row_error(_dead_message(job))], "secrets": None,
        "finished_at": now, "input": "", "stage": "",
    }
    if not Job.objects.filter(claim, pk=job.pk).update(**values):
        return False  # it ended, or showed a sign of life, meanwhile
    logger.warning("job %s: its worker stopped (no heartbeat since %s); failed", job.pk, job.heartbeat_at)
    job_input_delete(job.input.name)
    return True


def _settle_task(task_id: str, job_status: str, now: datetime.datetime) -> None:
    """A task row left RUNNING by a dead worker takes the outcome of its job."""
    if not task_id:
        return
    if job_status == JobStatus.DONE:
        DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.SUCCESSFUL, finished_at=now, return_value=None,
        )
        return
    DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED, finished_at=now, return_value=None,
        exception_class_path="greenplan.jobs.sweep.WorkerLost",
        traceback=f"The worker stopped while running this task: no heartbeat of its job since the "
                  f"lease of {settings.JOB_LEASE_SECONDS} s ran out (checked {now.isoformat()}).\n",
    )


def jobs_reap_dead(*, jobs: QuerySet[Job] | None = None) -> int:
    """Fail the active jobs (among `jobs`, default all) whose worker died; return how many.

    Dead: running with no heartbeat for settings.JOB_LEASE_SECONDS; or queued while its task
    row was claimed that long ago (the worker died before starting the job) or has already
    ended. Task rows still RUNNING are made to agree with their job.
    """
    now = timezone.now()
    cutoff = now - _lease()
    scope = Job.objects.all() if jobs is None else jobs
    reaped = 0
    for job in scope.filter(_stale(cutoff)).only("pk", "language", "input", "heartbeat_at", "task_id"):
        if _fail_dead(job, _stale(cutoff), now):
            reaped += 1
            _settle_task(job.task_id, JobStatus.FAILED, now)

    queued = list(scope.filter(status=JobStatus.QUEUED, created_at__lt=cutoff).exclude(task_id="")
                  .only("pk", "language", "input", "heartbeat_at", "task_id"))
    rows = _task_rows([job.task_id for job in queued])
    for job in queued:
        row = rows.get(job.task_id)
        lost = row is not None and (
            row.status in FINISHED_TASK
            or (row.status == TaskResultStatus.RUNNING and row.started_at and row.started_at < cutoff)
        )
        if lost and _fail_dead(job, Q(status=JobStatus.QUEUED), now):
            reaped += 1
            _settle_task(job.task_id, JobStatus.FAILED, now)

    if jobs is None:
        _settle_tasks_of_ended_jobs(cutoff, now)
    return reaped


def jobs_reap_dead_when_read(jobs: QuerySet[Job]) -> int:
    """jobs_reap_dead for a page that shows `jobs`: the page must not fail when the database
    cannot take the write now (SQLite busy with a long import); the next read or sweep will."""
    try:
        return jobs_reap_dead(jobs=jobs)
    except DatabaseError:
        logger.warning("dead jobs not checked now", exc_info=True)
        return 0


def _settle_tasks_of_ended_jobs(cutoff: datetime.datetime, now: datetime.datetime) -> None:
    # The worker died between ending the job and recording the task's outcome.
    running = [str(pk) for pk in DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=cutoff).values_list("id", flat=True)]
    if not running:
        return
    for task_id, status in Job.objects.filter(
        task_id__in=running, finished_at__lt=cutoff
    ).exclude(status__in=ACTIVE_STATUSES).values_list("task_id", "status"):
        _settle_task(task_id, status, now)


def job_files_sweep() -> int:
    """Remove stored uploads that no active job needs; return how many files went.

    A file younger than the lease is kept: it may belong to an upload whose job row is being
    saved right now.
    """
    removed = 0
    for job in Job.objects.exclude(status__in=ACTIVE_STATUSES).exclude(input="").only("pk", "input"):
        if Job.objects.filter(pk=job.pk).exclude(status__in=ACTIVE_STATUSES).update(input=""):
            job_input_delete(job.input.name)
            removed += 1
    if not default_storage.exists(FILES_DIR):
        return removed
    needed = set(Job.objects.filter(status__in=ACTIVE_STATUSES).exclude(input="").values_list("input", flat=True))
    cutoff = timezone.now() - _lease()
    for name in default_storage.listdir(FILES_DIR)[1]:
        path = f"{FILES_DIR}/{name}"
        if path in needed or default_storage.get_modified_time(path) >= cutoff:
            continue
        default_storage.delete(path)
        removed += 1
    return removed


def jobs_sweep() -> tuple[int, int]:
    """Fail dead jobs, then remove files no job needs: (jobs failed, files removed)."""
    return jobs_reap_dead(), job_files_sweep()
