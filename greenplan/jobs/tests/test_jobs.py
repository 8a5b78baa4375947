import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from greenplan.jobs import services
from greenplan.jobs.models import Job, JobKind, JobStatus
from greenplan.jobs.services import (
    job_create,
    job_execute,
    job_fail,
    job_finish,
    job_progress,
    job_secrets_take,
    job_start,
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def job(tree):
    return job_create(owner=tree.users.admin, kind=JobKind.ACCOUNTS_IMPORT, total=200)


def url(job):
    return reverse("jobs:detail", args=[job.pk])


# the page


def test_the_owner_sees_the_job(client, tree, job):
    client.force_login(tree.users.admin)
    response = client.get(url(job))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nhập tài khoản từ Excel" in body
    assert "Đang chờ" in body
    assert 'hx-trigger="every 1s"' in body
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("persona", ["approver_a", "outsider"])
def test_another_user_gets_404(client, tree, job, persona):
    client.force_login(getattr(tree.users, persona))
    assert client.get(url(job)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_login(client, tree, job):
    response = client.get(url(job))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_htmx_gets_the_progress_partial_while_running(client, tree, job):
    assert job_start(job)
    job_progress(job, 50, 200)
    client.force_login(tree.users.admin)
    response = client.get(url(job), headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert body.lstrip().startswith('<div id="job-status"')
    assert 'aria-valuenow="25"' in body
    assert 'data-gp-width="25"' in body
    assert "Đã xử lý 50/200 dòng." in body
    assert 'hx-trigger="every 1s"' in body


def test_a_finished_job_stops_polling_and_shows_its_errors(client, tree, job):
    job_start(job)
    job_fail(job, errors=[{"row": 7, "column": "Mã đơn vị", "message": "Không tìm thấy đơn vị có mã HP-Z."}])
    client.force_login(tree.users.admin)
    body = client.get(url(job), headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' not in body
    assert 'id="job-errors"' in body
    assert "<td>7</td><td>Mã đơn vị</td><td>Không tìm thấy đơn vị có mã HP-Z.</td>" in body
    assert "Không thành công" in body


# the services


def test_progress_is_written_every_two_percent_or_second(tree, job, monkeypatch, django_assert_num_queries):
    job_start(job)
    clock = [1000.0]
    monkeypatch.setattr(services.time, "monotonic", lambda: clock[0])
    job._progress_written_at = clock[0]
    with django_assert_num_queries(0):
        job_progress(job, 1, 200)  # 0 %: nothing written
        job_progress(job, 3, 200)  # 1 %
    with django_assert_num_queries(1):
        job_progress(job, 4, 200)  # 2 %
    assert Job.objects.get(pk=job.pk).progress == 2
    with django_assert_num_queries(0):
        job_progress(job, 5, 200)
    clock[0] += 1.5
    with django_assert_num_queries(1):
        job_progress(job, 5, 200)  # a second went by
    with django_assert_num_queries(1):
        job_progress(job, 200, 200)  # the last row is always written, as 99 % until the job is done
    stored = Job.objects.get(pk=job.pk)
    assert (stored.processed, stored.total, stored.progress) == (200, 200, 99)
    job_finish(job)
    assert Job.objects.get(pk=job.pk).progress == 100


def test_a_job_starts_once(tree, job):
    assert job_start(job)
    assert not job_start(Job.objects.get(pk=job.pk))


def test_the_input_file_is_deleted_when_the_job_ends(tree, media):
    for end in (job_finish, job_fail):
        job = job_create(owner=tree.users.admin, kind=JobKind.ACCOUNTS_IMPORT,
                         input=ContentFile(b"data"), input_name="Danh sách.xlsx")
        path = media / job.input.name
        assert job.input.name.startswith("jobs/") and job.input.name.endswith(".xlsx")
        assert path.read_bytes() == b"data"
        job_start(job)
        end(job)
        assert not path.exists()
        stored = Job.objects.get(pk=job.pk)
        assert stored.input.name == ""
        assert stored.input_name == "Danh sách.xlsx"
        assert stored.finished_at is not None


def test_secrets_are_returned_once(tree, job):
    job_start(job)
    job_finish(job, result={"count": 1}, secrets={"passwords": [["a", "Hk7q-Pm3x-Zt9a"]]})
    assert job_secrets_take(job) == {"passwords": [["a", "Hk7q-Pm3x-Zt9a"]]}
    assert Job.objects.get(pk=job.pk).secrets is None
    assert job_secrets_take(Job.objects.get(pk=job.pk)) is None


def test_an_unexpected_error_fails_the_job_with_a_vietnamese_message(tree, job):
    def work(job):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        job_execute(job.pk, work)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "Có lỗi ngoài dự kiến" in job.errors[0]["message"]


def test_a_job_that_work_leaves_running_is_finished(tree, job):
    job_execute(job.pk, lambda job: job_progress(job, 10, 200))
    job.refresh_from_db()
    assert (job.status, job.progress) == (JobStatus.DONE, 100)


def test_the_task_runs_in_the_language_of_the_request_that_started_it(tree):
    from django.utils import translation

    with translation.override("en"):
        job = job_create(owner=tree.users.admin, kind=JobKind.ACCOUNTS_IMPORT)
    assert job.language == "en"
    seen = []
    job_execute(job.pk, lambda job: seen.append(translation.get_language()))
    assert seen == ["en"]


def test_the_page_says_what_a_running_job_is_doing(client, tree, job):
    from greenplan.jobs.services import job_stage

    job_start(job)
    job_stage(job, "Đang kiểm tra tệp")
    job_progress(job, 30, 200, span=(0, 20))
    client.force_login(tree.users.admin)
    body = client.get(url(job), headers={"HX-Request": "true"}).content.decode()
    assert "Đang kiểm tra tệp" in body
    assert 'aria-valuenow="3"' in body
    job_finish(job)
    assert Job.objects.get(pk=job.pk).stage == ""
