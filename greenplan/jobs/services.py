"""Writes to jobs. A task calls job_start, job_progress, then job_finish or job_fail.

The status only moves forward: queued → running → done | failed (or queued → failed when
the job never reaches the queue or its worker dies). A finished job keeps no input file.
Every write to a running job is conditional on it still running, so a worker that was only
slow cannot undo the "dead" verdict of sweep.jobs_reap_dead.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import DatabaseError, connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from greenplan.audit.services import log_action
from greenplan.jobs.models import ACTIVE_STATUSES, Job, JobKind, JobStatus

if TYPE_CHECKING:  # jobs sit below accounts: the owner is any user, referred to by type only
    from greenplan.accounts.models import User

logger = logging.getLogger("greenplan.jobs")

# job_progress writes at most every PROGRESS_STEP percent or PROGRESS_SECONDS seconds.
PROGRESS_STEP = 2
PROGRESS_SECONDS = 1.0


def _row_error(message: str) -> dict[str, Any]:
    return {"row": None, "column": "", "message": message}


def job_create(
    *,
    owner: User,
    kind: JobKind | str,
    input: File | None = None,
    input_name: str = "",
    total: int = 0,
    language: str | None = None,
) -> Job:
    """A queued job of `owner`; `input` (an uploaded file) is stored under MEDIA_ROOT/jobs/."""
    job = Job(
        owner=owner,
        kind=kind,
        total=total,
        input_name=(input_name or (input.name if input is not None else "") or "")[:255],
        language=language or translation.get_language() or settings.LANGUAGE_CODE,
    )
    if input is not None:
        job.input.save(job.input_name or "input", input, save=False)
    try:
        job.full_clean()
        job.save()
        log_action(actor=owner, action="job.created", obj=job, data={"kind": job.kind, "input": job.input_name})
    except Exception:
        if job.input:
            job.input.delete(save=False)
        raise
    return job


def job_enqueue(*, job: Job, task: Any) -> Job:
    """Hand the job to the task queue: `task` is a django-tasks task taking the job id.

    Call it after the job is committed (a worker may pick the task up at once). With the
    immediate backend the task has already run when this returns.
    """
    try:
        task_result = task.enqueue(job.pk)
    except Exception:
        logger.exception("job %s could not be enqueued", job.pk)
        job_fail(job, message=_("Không đưa được công việc vào hàng đợi. Hãy thử lại sau."))
        raise
    Job.objects.filter(pk=job.pk).update(task_id=str(task_result.id)[:64])
    job.refresh_from_db()
    return job


class JobLost(Exception):
    """The job ended while this worker still ran it: it was taken as dead (see sweep.py)."""


def job_start(job: Job) -> bool:
    """Claim a queued job for this worker; False when it already started (a task run twice)."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now
    )
    if claimed:
        job.status, job.started_at, job.heartbeat_at = JobStatus.RUNNING, now, now
        job._progress_written_at = time.monotonic()  # type: ignore[attr-defined]
    return bool(claimed)


def job_stage(job: Job, stage: str) -> None:
    """Say what the running job does now ("Đang kiểm tra tệp"); shown above its progress."""
    job.stage = stage[:120]
    _write_running(job, stage=job.stage)


def job_progress(job: Job, processed: int, total: int, *, span: tuple[int, int] = (0, 100)) -> None:
    """Record progress (and the heartbeat). Cheap to call for every row: it writes only every ~2 % or 1 s.

    `span` maps this stage onto part of the bar: a stage given (20, 100) starts at 20 %.
    Call it outside any long transaction, or the page that polls will not see it. Raises
    JobLost when the job was meanwhile taken as dead: the work must stop.
    """
    processed = max(0, min(processed, total))
    low, high = span
    percent = low + (processed * (high - low) // total if total else 0)
    now = time.monotonic()
    last = getattr(job, "_progress_written_at", 0.0)
    job.processed, job.total = processed, total
    if percent - job.progress < PROGRESS_STEP and now - last < PROGRESS_SECONDS and processed < total:
        return
    # Never 100 before job_finish: "100 %" on a running job would look stuck.
    percent = min(percent, 99)
    job.progress = percent
    job._progress_written_at = now  # type: ignore[attr-defined]
    _write_running(job, processed=processed, total=total, progress=percent)


def _write_running(job: Job, **values: Any) -> None:
    written = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(heartbeat_at=timezone.now(), **values)
    if not written:
        raise JobLost(job.pk)


def job_input_delete(name: str | None) -> None:
    """Remove a job's stored upload; a file already gone is fine."""
    if name:
        default_storage.delete(name)


def _close(job: Job, values: dict[str, Any]) -> bool:
    """End an active job with `values`; False (and nothing written) when it had already ended."""
    values |= {"finished_at": timezone.now(), "input": "", "stage": ""}
    closed = Job.objects.filter(pk=job.pk, status__in=ACTIVE_STATUSES).update(**values)
    if closed:
        name = job.input.name
        for key, value in values.items():
            setattr(job, key, value)
        job_input_delete(name)
    return bool(closed)


def job_finish(job: Job, *, result: dict[str, Any] | None = None, secrets: Any = None) -> Job:
    """Mark the job done (progress 100) with its result; `secrets` are kept until job_secrets_take.

    Raises JobLost when the job already ended (taken as dead): called inside the transaction
    that saves the job's work, it rolls that work back, so a failed job never changed anything.
    """
    total = max(job.total, job.processed)
    values = {"status": JobStatus.DONE, "progress": 100, "processed": total, "total": total,
              "result": result or {}, "secrets": secrets}
    if not _close(job, values):
        raise JobLost(job.pk)
    return job


def job_fail(job: Job, *, message: str | None = None, errors: list[dict[str, Any]] | None = None,
             result: dict[str, Any] | None = None) -> Job:
    """Mark the job failed with row errors ({row, column, message}) and/or one overall message;
    `result` keeps a summary of what was looked at (an import's refused files).

    Nothing happens to a job that already ended.
    """
    all_errors = ([_row_error(message)] if message else []) + (errors or [])
    values: dict[str, Any] = {"status": JobStatus.FAILED, "errors": all_errors, "secrets": None}
    if result is not None:
        values["result"] = result
    _close(job, values)
    return job


def job_secrets_take(job: Job) -> Any:
    """The job's secrets, returned once: they are wiped from the database in the same transaction."""
    with transaction.atomic():
        locked = Job.objects.select_for_update().get(pk=job.pk)
        secrets = locked.secrets
        if secrets is not None:
            locked.secrets = None
            locked.save(update_fields=["secrets"])
    job.secrets = None
    return secrets


class Heartbeat:
    """While a job runs, a thread writes its heartbeat every settings.JOB_HEARTBEAT_SECONDS.

    It covers long steps that report no progress; a killed worker stops writing, and the
    job is then taken as dead after settings.JOB_LEASE_SECONDS.
    """

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.every = float(settings.JOB_HEARTBEAT_SECONDS)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"job-{job_id}-heartbeat", daemon=True)

    def __enter__(self) -> Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()

    def _beat(self) -> None:
        try:
            while not self.stop.wait(self.every):
                try:
                    Job.objects.filter(pk=self.job_id, status=JobStatus.RUNNING).update(heartbeat_at=timezone.now())
                except DatabaseError:  # e.g. SQLite busy during the job's own long transaction
                    logger.warning("job %s: heartbeat not written", self.job_id, exc_info=True)
        finally:
            connections.close_all()  # this thread's own connections


def job_execute(job_id: int, work: Callable[[Job], None]) -> None:
    """Run `work(job)` for a queued job, at most once, in the owner's language.

    `work` ends the job with job_finish or job_fail; an unexpected exception fails the job
    with a general message (and is raised again, so the task queue records the traceback).
    """
    job = Job.objects.select_related("owner").filter(pk=job_id).first()
    if job is None or not job_start(job):
        logger.warning("job %s not started: missing or not queued", job_id)
        return
    with translation.override(job.language or settings.LANGUAGE_CODE), Heartbeat(job.pk):
        try:
            work(job)
        except Exception:
            logger.exception("job %s failed", job_id)
            job.refresh_from_db()
            if job.status in ACTIVE_STATUSES:
                job_fail(job, message=_("Có lỗi ngoài dự kiến khi xử lý; không có thay đổi nào được lưu. "
                                        "Hãy thử lại hoặc báo cho quản trị hệ thống."))
            raise
        if job.status in ACTIVE_STATUSES:
            job_finish(job)
