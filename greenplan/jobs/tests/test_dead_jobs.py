import datetime
import os
import time
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from greenplan.jobs.models import Job, JobKind, JobStatus
from greenplan.jobs.services import (
    JobLost,
    job_create,
    job_execute,
    job_fail,
    job_finish,
    job_progress,
    job_start,
)
from greenplan.jobs.sweep import jobs_reap_dead

LEASE = 60


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.JOB_LEASE_SECONDS = LEASE
    return tmp_path


def ago(seconds):
    return timezone.now() - datetime.timedelta(seconds=seconds)


def running_job(owner, *, silent_for, language="vi"):
    with translation.override(language):
        job = job_create(owner=owner, kind=JobKind.ACCOUNTS_IMPORT, input=ContentFile(b"xlsx"),
                         input_name="a.xlsx", total=100)
    job_start(job)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=ago(silent_for), started_at=ago(silent_for + 5))
    return Job.objects.get(pk=job.pk)


def task_row(job, *, status, started_seconds_ago):
    row = DBTaskResult.objects.create(
        status=status, args_kwargs={"args": [job.pk], "kwargs": {}},
        task_path="greenplan.accounts.importers.users_import_task", backend_name="default",
        started_at=ago(started_seconds_ago),
    )
    Job.objects.filter(pk=job.pk).update(task_id=str(row.id))
    return row


def test_a_running_job_silent_past_the_lease_is_failed_and_its_file_removed(tree, media):
    job = running_job(tree.users.admin, silent_for=LEASE + 1)
    path = media / job.input.name
    assert path.exists()
    assert jobs_reap_dead() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.errors[0]["message"].startswith("Tiến trình xử lý đã dừng bất thường")
    assert "vui lòng tải lên lại" in job.errors[0]["message"]
    assert job.finished_at is not None and job.input.name == ""
    assert not path.exists()
    assert jobs_reap_dead() == 0  # safe to run again


def test_the_message_is_in_the_language_of_the_job(tree):
    job = running_job(tree.users.admin, silent_for=LEASE + 1, language="en")
    jobs_reap_dead()
    job.refresh_from_db()
    assert job.errors[0]["message"].startswith("Processing stopped unexpectedly")


def test_a_job_with_a_recent_heartbeat_is_left_running(tree, media):
    job = running_job(tree.users.admin, silent_for=LEASE - 5)
    assert jobs_reap_dead() == 0
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING
    assert (media / job.input.name).exists()


def test_progress_and_start_write_the_heartbeat(tree):
    job = running_job(tree.users.admin, silent_for=LEASE + 1)
    job_progress(job, 100, 100)
    assert Job.objects.get(pk=job.pk).heartbeat_at > ago(5)
    assert jobs_reap_dead() == 0


def test_the_job_page_fails_a_dead_job_when_it_is_read(client, tree):
    job = running_job(tree.users.admin, silent_for=LEASE + 1)
    client.force_login(tree.users.admin)
    body = client.get(reverse("jobs:detail", args=[job.pk]), headers={"HX-Request": "true"}).content.decode()
    assert "Tiến trình xử lý đã dừng bất thường" in body
    assert 'hx-trigger="every 1s"' not in body
    assert Job.objects.get(pk=job.pk).status == JobStatus.FAILED


def test_a_job_failed_as_dead_is_not_finished_by_a_worker_that_was_only_slow(tree):
    job = running_job(tree.users.admin, silent_for=LEASE + 1)
    jobs_reap_dead()
    with pytest.raises(JobLost):
        job_progress(job, 50, 100)
    with pytest.raises(JobLost):
        job_finish(job, result={"count": 3})
    job_fail(job, message="late")  # a no-op: the job already ended
    stored = Job.objects.get(pk=job.pk)
    assert stored.status == JobStatus.FAILED
    assert stored.result == {}
    assert "late" not in str(stored.errors)


def test_the_task_row_of_a_dead_job_is_marked_failed(tree):
    job = running_job(tree.users.admin, silent_for=LEASE + 1)
    row = task_row(job, status="RUNNING", started_seconds_ago=LEASE + 6)
    jobs_reap_dead()
    row.refresh_from_db()
    assert row.status == "FAILED"
    assert row.finished_at is not None
    assert "heartbeat" in row.traceback


def test_a_queued_job_whose_worker_died_after_claiming_the_task_is_failed(tree, media):
    job = job_create(owner=tree.users.admin, kind=JobKind.ACCOUNTS_IMPORT, input=ContentFile(b"x"), input_name="a.xlsx")
    Job.objects.filter(pk=job.pk).update(created_at=ago(LEASE + 10))
    row = task_row(job, status="RUNNING", started_seconds_ago=LEASE + 1)
    assert jobs_reap_dead() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert not (media / "jobs").exists() or not any((media / "jobs").iterdir())
    row.refresh_from_db()
    assert row.status == "FAILED"


def test_a_queued_job_whose_task_failed_before_starting_it_is_failed(tree):
    job = job_create(owner=tree.users.admin, kind=JobKind.ACCOUNTS_IMPORT)
    Job.objects.filter(pk=job.pk).update(created_at=ago(LEASE + 10))
    task_row(job, status="FAILED", started_seconds_ago=LEASE + 5)
    assert jobs_reap_dead() == 1
    assert Job.objects.get(pk=job.pk).status == JobStatus.FAILED


def test_a_queued_job_waiting_for_a_worker_is_left_alone(tree):
    job = job_create(owner=tree.users.admin, kind=JobKind.ACCOUNTS_IMPORT)
    Job.objects.filter(pk=job.pk).update(created_at=ago(3600))
    task_row(job, status="READY", started_seconds_ago=3600)
    assert jobs_reap_dead() == 0
    assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED


def test_a_running_task_row_of_a_finished_job_is_made_consistent(tree):
    done = running_job(tree.users.admin, silent_for=0)
    job_finish(done, result={"count": 1})
    Job.objects.filter(pk=done.pk).update(finished_at=ago(LEASE + 1))
    done_row = task_row(done, status="RUNNING", started_seconds_ago=LEASE + 10)
    failed = running_job(tree.users.admin, silent_for=0)
    job_fail(failed, message="x")
    Job.objects.filter(pk=failed.pk).update(finished_at=ago(LEASE + 1))
    failed_row = task_row(failed, status="RUNNING", started_seconds_ago=LEASE + 10)
    jobs_reap_dead()
    assert DBTaskResult.objects.get(pk=done_row.pk).status == "SUCCESSFUL"
    assert DBTaskResult.objects.get(pk=failed_row.pk).status == "FAILED"


@pytest.mark.django_db(transaction=True)
def test_a_timer_writes_the_heartbeat_while_a_long_step_runs(tree, settings):
    settings.JOB_HEARTBEAT_SECONDS = 0.05
    job = job_create(owner=tree.users.admin, kind=JobKind.ACCOUNTS_IMPORT)
    seen = []

    def work(job):
        started = Job.objects.get(pk=job.pk).heartbeat_at
        time.sleep(0.5)  # one long step that reports no progress
        seen.append(Job.objects.get(pk=job.pk).heartbeat_at > started)

    job_execute(job.pk, work)
    assert seen == [True]


# the sweep


def stored_file(media, name, age_seconds):
    path = media / "jobs" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(b"x")
    past = time.time() - age_seconds
    os.utime(path, (past, past))
    return path


def test_the_sweep_removes_orphan_files_and_keeps_those_of_active_jobs(tree, media):
    active = job_create(owner=tree.users.admin, kind=JobKind.ACCOUNTS_IMPORT, input=ContentFile(b"x"),
                        input_name="a.xlsx")
    active_path = media / active.input.name
    os.utime(active_path, (time.time() - 3 * LEASE,) * 2)
    orphan = stored_file(media, f"{uuid.uuid4().hex}.xlsx", 3 * LEASE)
    fresh = stored_file(media, f"{uuid.uuid4().hex}.xlsx", 1)  # may belong to an upload being saved
    dead = running_job(tree.users.admin, silent_for=LEASE + 1)

    call_command("jobs_sweep", verbosity=0)
    assert active_path.exists() and fresh.exists()
    assert not orphan.exists()
    assert not (media / dead.input.name).exists()
    assert Job.objects.get(pk=dead.pk).status == JobStatus.FAILED

    call_command("jobs_sweep", verbosity=0)  # safe to run twice
    assert active_path.exists() and fresh.exists()


def test_the_sweep_clears_the_file_of_a_job_that_ended_without_removing_it(tree, media):
    job = running_job(tree.users.admin, silent_for=0)
    name = job.input.name
    Job.objects.filter(pk=job.pk).update(status=JobStatus.DONE, finished_at=timezone.now())
    call_command("jobs_sweep", verbosity=0)
    assert not (media / name).exists()
    assert Job.objects.get(pk=job.pk).input.name == ""


def test_the_import_page_lists_a_dead_import_as_failed(client, tree):
    job = running_job(tree.users.admin, silent_for=LEASE + 1)
    client.force_login(tree.users.admin)
    body = client.get(reverse("manage:import")).content.decode()
    assert reverse("jobs:detail", args=[job.pk]) in body
    assert "Không thành công" in body and "Đang chạy" not in body


def test_the_job_page_still_answers_when_the_check_cannot_write(client, tree, monkeypatch):
    from django.db import OperationalError

    from greenplan.jobs import sweep

    job = running_job(tree.users.admin, silent_for=LEASE + 1)

    def busy(*args):
        raise OperationalError("database is locked")  # SQLite, while a long import holds the lock

    monkeypatch.setattr(sweep, "_fail_dead", busy)
    client.force_login(tree.users.admin)
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 200
    assert client.get(reverse("manage:import")).status_code == 200


def test_a_dead_reports_import_says_the_files_saved_before_the_stop_are_kept(tree, media):
    with translation.override("en"):
        job = job_create(owner=tree.users.admin, kind=JobKind.REPORTS_IMPORT, input=ContentFile(b"zip"),
                         input_name="mau.zip", total=10)
    job_start(job)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=ago(LEASE + 1), started_at=ago(LEASE + 5))
    assert jobs_reap_dead() == 1
    job.refresh_from_db()
    message = job.errors[0]["message"]
    assert job.status == JobStatus.FAILED
    assert "the files saved before the stop are kept" in message  # each file is its own transaction
    assert "nothing was saved" not in message
