"""Background jobs: long work (imports, national reports) that a django-tasks task carries out.

A Job is what the user sees: status, progress, row errors, the result. The task queue
(django-tasks with the database backend) only knows the job's id.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobKind(models.TextChoices):
    ACCOUNTS_IMPORT = "accounts_import", _("Nhập tài khoản từ Excel")
    REPORTS_IMPORT = "reports_import", _("Nhập báo cáo từ Excel")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang chạy")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Không thành công")


ACTIVE_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING)

# How the job page shows a finished job's `result`, per kind. Template names only: the jobs
# app does not import the apps that use it.
RESULT_TEMPLATES = {
    JobKind.ACCOUNTS_IMPORT: "accounts/manage/import_job_result.html",
    JobKind.REPORTS_IMPORT: "exchange/import_job_result.html",
}


def job_input_path(instance: "Job", filename: str) -> str:
    # A random name: the user's file name stays in `input_name`, never in a path.
    return f"jobs/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:10]}"


class Job(models.Model):
    kind = models.CharField(_("loại công việc"), max_length=40, choices=JobKind.choices)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs")
    status = models.CharField(_("trạng thái"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    # [{"row": int | None, "column": str, "message": str}], messages in the owner's language.
    errors = models.JSONField(default=list, blank=True)
    result = models.JSONField(default=dict, blank=True)
    # Data shown to the owner once (generated passwords), then set to null.
    secrets = models.JSONField(null=True, blank=True)
    # The uploaded file, under MEDIA_ROOT/jobs/; deleted when the job finishes.
    input = models.FileField(upload_to=job_input_path, blank=True)
    input_name = models.CharField(max_length=255, blank=True)
    # The language of the request that started the job: messages written by the task use it.
    language = models.CharField(max_length=10, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    # What the running job is doing now ("Đang kiểm tra tệp"), in `language`.
    stage = models.CharField(max_length=120, blank=True)
    # Written by the worker while the job runs (see services.Heartbeat): a running job whose
    # heartbeat is older than settings.JOB_LEASE_SECONDS has lost its worker.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("công việc chạy nền")
        verbose_name_plural = _("công việc chạy nền")
        indexes = [models.Index(fields=["owner", "kind", "-created_at"], name="job_owner_kind_created")]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=JobStatus.values), name="job_status_known"),
            models.CheckConstraint(condition=Q(kind__in=JobKind.values), name="job_kind_known"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="job_progress_at_most_100"),
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True) | Q(status__in=[JobStatus.DONE, JobStatus.FAILED]),
                name="job_finished_only_when_done_or_failed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def counts_files(self) -> bool:
        """Its progress counts files (an import of many), not the rows of one file."""
        return self.kind == JobKind.REPORTS_IMPORT

    @property
    def result_template(self) -> str | None:
        return RESULT_TEMPLATES.get(JobKind(self.kind))


class WorkerBeat(models.Model):
    """One row per live `db_worker` process, rewritten every settings.JOB_HEARTBEAT_SECONDS even
    when the queue is idle: /healthz tells an idle live worker from a dead one by it.

    A worker stopped cleanly deletes its row; a killed one leaves it to go stale.
    """

    worker_id = models.CharField(max_length=64, unique=True)
    pid = models.PositiveIntegerField()
    # Kept for the operator's eyes (admin, psql); /healthz never shows it.
    hostname = models.CharField(max_length=255, blank=True)
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"worker {self.worker_id} (pid {self.pid})"
