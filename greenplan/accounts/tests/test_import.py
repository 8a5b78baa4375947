import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from greenplan.accounts import importers
from greenplan.accounts.importers import COLUMNS, users_import_task, users_import_template, users_import_xlsx
from greenplan.accounts.models import Membership, Role, User
from greenplan.jobs.models import Job, JobKind, JobStatus
from greenplan.jobs.services import job_create, job_enqueue
from greenplan.testing.factories import GOOD_ACCOUNTS, accounts_xlsx
from greenplan.testing.personas import make_user

# The job page lives under /jobs/: until greenplan/urls.py includes it, use a test urlconf.


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def new_usernames():
    return set(User.objects.filter(username__startswith="tran.").values_list("username", flat=True))


def test_it_creates_every_account_of_a_good_file(tree, admin_a):
    result = users_import_xlsx(actor=admin_a, file=accounts_xlsx(GOOD_ACCOUNTS))
    assert result.ok, result.errors
    assert [a.user.username for a in result.created] == ["tran.a", "tran.b", "tran.c", "tran.d"]
    roles = {u.username: (m.unit.code, m.role) for u in User.objects.filter(username__startswith="tran.")
             for m in u.memberships.all()}
    assert roles == {
        "tran.a": ("HP-A-01", Role.REPORTER),
        "tran.b": ("HP-A-02", Role.VIEWER),
        "tran.c": ("HP-A", Role.ADMIN),
        "tran.d": ("HP-A", Role.APPROVER),
    }
    generated = {a.user.username: a.generated_password for a in result.created}
    assert generated["tran.b"] is None
    assert User.objects.get(username="tran.b").check_password("xanh-sach-dep-2030")
    assert User.objects.get(username="tran.a").check_password(generated["tran.a"])


def test_one_bad_row_among_good_ones_saves_nothing(tree, admin_a):
    rows = GOOD_ACCOUNTS[:2] + [["tran.x", "Trần X", "", "HP-A-01", "Chủ tịch", ""]] + GOOD_ACCOUNTS[2:]
    result = users_import_xlsx(actor=admin_a, file=accounts_xlsx(rows))
    assert not result.ok
    assert result.created == []
    assert [(e.row, e.column) for e in result.errors] == [(4, "Vai trò")]
    assert "Vai trò không hợp lệ" in result.errors[0].message
    assert new_usernames() == set()


def test_it_reports_a_duplicate_within_the_file(tree, admin_a):
    rows = GOOD_ACCOUNTS[:2] + [["TRAN.A", "Trần A khác", "", "HP-A-02", "Xem", ""]]
    result = users_import_xlsx(actor=admin_a, file=accounts_xlsx(rows))
    assert [(e.row, e.column) for e in result.errors] == [(4, "Tên đăng nhập")]
    assert "trùng với dòng 2" in result.errors[0].message
    assert new_usernames() == set()


def test_it_reports_a_username_already_in_the_database(tree, admin_a):
    result = users_import_xlsx(actor=admin_a, file=accounts_xlsx([["Reporter_A1", "X", "", "HP-A-01", "Xem", ""]]))
    assert [(e.row, e.column) for e in result.errors] == [(2, "Tên đăng nhập")]
    assert "đã tồn tại" in result.errors[0].message


def test_it_reports_an_unknown_unit(tree, admin_a):
    rows = GOOD_ACCOUNTS[:1] + [["tran.z", "Z", "", "HP-Z", "Xem", ""]]
    result = users_import_xlsx(actor=admin_a, file=accounts_xlsx(rows))
    assert [(e.row, e.column) for e in result.errors] == [(3, "Mã đơn vị")]
    assert "Không tìm thấy đơn vị có mã HP-Z" in result.errors[0].message
    assert new_usernames() == set()


def test_it_reports_a_unit_outside_the_admins_scope(tree, admin_a):
    rows = GOOD_ACCOUNTS[:1] + [["tran.z", "Z", "", "HP-B-01", "Xem", ""]]
    result = users_import_xlsx(actor=admin_a, file=accounts_xlsx(rows))
    assert [(e.row, e.column) for e in result.errors] == [(3, "Mã đơn vị")]
    assert "ngoài phạm vi quản trị" in result.errors[0].message
    assert new_usernames() == set()


def test_it_reports_every_problem_of_every_row(tree, admin_a):
    rows = [
        ["tran a", "", "khong-phai-email", "HP-A-01", "", "123"],
        ["tran.ok", "OK", "", "", "Xem", ""],
    ]
    result = users_import_xlsx(actor=admin_a, file=accounts_xlsx(rows))
    found = {(e.row, e.column) for e in result.errors}
    assert found == {
        (2, "Tên đăng nhập"), (2, "Họ và tên"), (2, "Thư điện tử"), (2, "Vai trò"), (2, "Mật khẩu"),
        (3, "Mã đơn vị"),
    }


def test_row_numbers_are_excel_rows_even_after_blank_rows(tree, admin_a):
    rows = [GOOD_ACCOUNTS[0], [None] * 6, ["tran.q", "Q", "", "HP-NOPE", "Xem", ""]]
    result = users_import_xlsx(actor=admin_a, file=accounts_xlsx(rows))
    assert [e.row for e in result.errors] == [4]


def test_columns_are_found_by_header_in_any_order(tree, admin_a):
    header = ["Vai trò", "Mã đơn vị", "Ho va ten", "Tên đăng nhập"]
    sheet = accounts_xlsx([["Xem", "HP-A-01", "Trần E", "tran.e"]], header=header)
    result = users_import_xlsx(actor=admin_a, file=sheet)
    assert result.ok, result.errors
    assert new_usernames() == {"tran.e"}


def test_it_refuses_a_file_without_the_required_columns(tree, admin_a):
    result = users_import_xlsx(actor=admin_a, file=accounts_xlsx([["a", "b"]], header=["Tên", "Đơn vị"]))
    assert result.errors[0].row is None
    assert "Thiếu cột" in result.errors[0].message


def test_it_refuses_an_empty_sheet(tree, admin_a):
    result = users_import_xlsx(actor=admin_a, file=accounts_xlsx([]))
    assert "không có dòng dữ liệu" in result.errors[0].message


@pytest.mark.parametrize(
    "name, content, text",
    [
        ("tai-khoan.csv", b"username,full_name\n", "Chỉ nhận tệp Excel .xlsx"),
        ("tai-khoan.xls", b"\xd0\xcf\x11\xe0", "Chỉ nhận tệp Excel .xlsx"),
        ("tai-khoan.xlsx", b"this is not a spreadsheet", "tai-khoan.xlsx không đúng là tệp Excel"),
        ("tai-khoan.xlsx", b"PK\x03\x04broken zip", "tai-khoan.xlsx không đúng là tệp Excel"),
    ],
)
def test_it_refuses_a_file_that_is_not_a_good_xlsx(tree, admin_a, name, content, text):
    result = users_import_xlsx(actor=admin_a, file=SimpleUploadedFile(name, content))
    assert not result.ok
    assert result.errors[0].row is None
    assert text in result.errors[0].message


def test_it_refuses_a_zip_that_is_not_a_workbook(tree, admin_a):
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    result = users_import_xlsx(actor=admin_a, file=SimpleUploadedFile("a.xlsx", out.getvalue()))
    assert "a.xlsx không đúng là tệp Excel" in result.errors[0].message


def test_it_caps_the_number_of_rows(tree, admin_a, monkeypatch):
    monkeypatch.setattr(importers, "MAX_ROWS", 3)
    result = users_import_xlsx(actor=admin_a, file=accounts_xlsx(GOOD_ACCOUNTS))
    assert "quá 3 dòng" in result.errors[0].message
    assert new_usernames() == set()


def test_a_non_admin_imports_nothing(tree):
    result = users_import_xlsx(actor=tree.users.approver_a, file=accounts_xlsx(GOOD_ACCOUNTS[:1]))
    assert [(e.row, e.column) for e in result.errors] == [(2, "Mã đơn vị")]
    assert new_usernames() == set()


# the template and the page


def test_the_template_has_the_header_a_role_list_and_instructions(tree):
    workbook = load_workbook(io.BytesIO(users_import_template()))
    assert workbook.sheetnames == ["Tài khoản", "Hướng dẫn"]
    sheet = workbook["Tài khoản"]
    assert [c.value for c in sheet[1]] == list(COLUMNS.values())
    assert sheet.max_row == 1
    validations = sheet.data_validations.dataValidation
    assert len(validations) == 1
    assert validations[0].formula1 == '"Xem,Nhập báo cáo,Duyệt,Quản trị"'
    assert "E2" in str(validations[0].sqref)
    assert "Vai trò" in " ".join(str(c.value) for c in workbook["Hướng dẫn"]["A"])


def test_the_template_round_trips_through_the_pages(client, tree, admin_a, media):
    client.force_login(admin_a)
    download = client.get(reverse("manage:import_template"))
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in download["Content-Disposition"]

    workbook = load_workbook(io.BytesIO(download.content))
    sheet = workbook["Tài khoản"]
    for row in GOOD_ACCOUNTS:
        sheet.append(row)
    filled = io.BytesIO()
    workbook.save(filled)

    response = client.post(
        reverse("manage:import"), {"file": SimpleUploadedFile("da-dien.xlsx", filled.getvalue())}
    )
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    # The immediate backend ran the task at enqueue: the job is done.
    assert (job.kind, job.owner, job.status) == (JobKind.ACCOUNTS_IMPORT, admin_a, JobStatus.DONE)
    assert (job.progress, job.processed, job.total) == (100, 4, 4)
    assert job.input_name == "da-dien.xlsx"
    assert job.errors == []
    assert new_usernames() == {"tran.a", "tran.b", "tran.c", "tran.d"}
    assert job.result["count"] == 4
    assert [a["username"] for a in job.result["accounts"]] == ["tran.a", "tran.b", "tran.c", "tran.d"]
    # Three passwords were generated (tran.b's came with the file); they are kept until taken.
    passwords = dict(job.secrets["passwords"])
    assert sorted(passwords) == ["tran.a", "tran.c", "tran.d"]
    assert User.objects.get(username="tran.a").check_password(passwords["tran.a"])
    assert "xanh-sach-dep-2030" not in str(job.result) + str(job.secrets)

    page = client.get(response["Location"])
    body = page.content.decode()
    assert "Đã tạo 4 tài khoản" in body
    assert 'hx-trigger="every 1s"' not in body
    assert 'id="import-passwords-pending"' in body
    assert passwords["tran.a"] not in body  # shown only on request, once
    assert "no-store" in page["Cache-Control"]


def test_the_input_file_is_deleted_after_the_job(client, tree, admin_a, media):
    client.force_login(admin_a)
    client.post(reverse("manage:import"), {"file": accounts_xlsx(GOOD_ACCOUNTS)})
    job = Job.objects.get()
    assert job.status == JobStatus.DONE
    assert job.input.name == ""
    assert list((media / "jobs").iterdir()) == []


def test_the_task_reports_progress_as_it_checks_then_hashes(tree, admin_a, monkeypatch):
    seen = []
    real = importers.job_progress

    def spy(job, processed, total, **kwargs):
        seen.append((processed, total, job.stage, kwargs["span"]))
        real(job, processed, total, **kwargs)

    monkeypatch.setattr(importers, "job_progress", spy)
    job, errors = importers.users_import_start(actor=admin_a, file=accounts_xlsx(GOOD_ACCOUNTS), name="a.xlsx")
    assert errors == []
    checking = [(n, 4, "Đang kiểm tra tệp", (0, 20)) for n in range(1, 5)]
    creating = [(n, 4, "Đang tạo tài khoản", (20, 100)) for n in range(1, 5)]
    assert seen == checking + creating
    assert (job.status, job.progress, job.stage) == (JobStatus.DONE, 100, "")


def test_the_passwords_are_wiped_after_the_result_download(client, tree, admin_a):
    client.force_login(admin_a)
    client.post(reverse("manage:import"), {"file": accounts_xlsx(GOOD_ACCOUNTS)})
    job = Job.objects.get()
    expected = [tuple(pair) for pair in job.secrets["passwords"]]

    response = client.post(reverse("manage:import_passwords_xlsx", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows()]
    assert rows[0] == ("Tên đăng nhập", "Mật khẩu")
    assert rows[1:] == expected
    for username, password in expected:
        assert User.objects.get(username=username).check_password(password)

    job.refresh_from_db()
    assert job.secrets is None
    stored = str(Job.objects.filter(pk=job.pk).values().get())
    assert not any(password in stored for _username, password in expected)

    # A second download, or a look, gets nothing: the page says so.
    again = client.post(reverse("manage:import_passwords_xlsx", args=[job.pk]), follow=True)
    assert "đã được xem hoặc tải về" in again.content.decode()
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert 'id="import-passwords-pending"' not in page
    assert "Mật khẩu tự tạo đã được xem hoặc tải về" in page


def test_the_passwords_can_be_viewed_once_instead(client, tree, admin_a):
    client.force_login(admin_a)
    client.post(reverse("manage:import"), {"file": accounts_xlsx(GOOD_ACCOUNTS)})
    job = Job.objects.get()
    expected = dict(job.secrets["passwords"])
    response = client.post(reverse("manage:import_passwords", args=[job.pk]))
    body = response.content.decode()
    assert all(password in body for password in expected.values())
    assert "no-store" in response["Cache-Control"]
    assert Job.objects.get(pk=job.pk).secrets is None
    again = client.post(reverse("manage:import_passwords", args=[job.pk]))
    assert again.status_code == 302
    assert not any(password in again.content.decode() for password in expected.values())


def test_only_the_owner_takes_the_passwords(client, tree, admin_a):
    client.force_login(admin_a)
    client.post(reverse("manage:import"), {"file": accounts_xlsx(GOOD_ACCOUNTS)})
    job = Job.objects.get()
    client.force_login(tree.users.admin)  # the province admin, but not the job's owner
    assert client.post(reverse("manage:import_passwords_xlsx", args=[job.pk])).status_code == 404
    assert client.post(reverse("manage:import_passwords", args=[job.pk])).status_code == 404
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    assert Job.objects.get(pk=job.pk).secrets is not None


def _queued_job(actor, rows):
    from django.core.files.base import ContentFile

    return job_create(owner=actor, kind=JobKind.ACCOUNTS_IMPORT, input=ContentFile(accounts_xlsx(rows).read()),
                      input_name="tai-khoan.xlsx", total=len(rows))


def test_the_task_refuses_when_the_actor_lost_admin_rights_meanwhile(tree, admin_a, media):
    job = _queued_job(admin_a, GOOD_ACCOUNTS)  # checked and queued while admin_a was an admin
    Membership.objects.filter(user=admin_a).update(role=Role.APPROVER)
    job = job_enqueue(job=job, task=users_import_task)
    assert job.status == JobStatus.FAILED
    assert [e["message"] for e in job.errors] == [
        "Bạn không còn quyền quản trị tài khoản nên không tài khoản nào được tạo."
    ]
    assert new_usernames() == set()
    assert job.secrets is None
    assert list((media / "jobs").iterdir()) == []


def test_the_task_checks_the_scope_again(tree, admin_a):
    job = _queued_job(admin_a, GOOD_ACCOUNTS)
    Membership.objects.filter(user=admin_a).update(unit=tree.a1)  # now admin of HP-A-01 only
    job = job_enqueue(job=job, task=users_import_task)
    assert job.status == JobStatus.FAILED
    assert {(e["row"], e["column"]) for e in job.errors} == {(3, "Mã đơn vị"), (4, "Mã đơn vị"), (5, "Mã đơn vị")}
    assert "ngoài phạm vi quản trị" in job.errors[0]["message"]
    assert new_usernames() == set()


def test_the_task_checks_usernames_again(tree, admin_a):
    job = _queued_job(admin_a, GOOD_ACCOUNTS)
    make_user("tran.c")  # created by someone else after the upload
    job = job_enqueue(job=job, task=users_import_task)
    assert job.status == JobStatus.FAILED
    assert [(e["row"], e["column"]) for e in job.errors] == [(4, "Tên đăng nhập")]
    assert new_usernames() == {"tran.c"}


def test_row_errors_are_listed_on_the_job_page_and_nothing_is_created(client, tree, admin_a, media):
    client.force_login(admin_a)
    rows = GOOD_ACCOUNTS[:1] + [["tran.z", "Z", "", "HP-B-01", "Xem", ""]]
    response = client.post(reverse("manage:import"), {"file": accounts_xlsx(rows)})
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == JobStatus.FAILED
    body = client.get(response["Location"]).content.decode()
    assert 'id="job-errors"' in body
    assert "<td>3</td><td>Mã đơn vị</td>" in body
    assert "ngoài phạm vi quản trị" in body
    assert "không có thay đổi nào được lưu" in body
    assert new_usernames() == set()
    assert list((media / "jobs").iterdir()) == []


def test_the_page_lists_recent_imports(client, tree, admin_a):
    client.force_login(admin_a)
    client.post(reverse("manage:import"), {"file": accounts_xlsx(GOOD_ACCOUNTS, name="dot-1.xlsx")})
    job = Job.objects.get()
    body = client.get(reverse("manage:import")).content.decode()
    assert reverse("jobs:detail", args=[job.pk]) in body
    assert "dot-1.xlsx" in body


def test_the_page_refuses_a_non_xlsx_upload(client, tree, admin_a):
    client.force_login(admin_a)
    response = client.post(reverse("manage:import"), {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4")})
    assert "Chỉ nhận tệp Excel .xlsx" in response.content.decode()
    assert not Job.objects.exists()


def test_the_import_pages_are_for_admins_only(client, tree):
    client.force_login(tree.users.reporter_a1)
    assert client.post(reverse("manage:import"), {"file": accounts_xlsx(GOOD_ACCOUNTS)}).status_code == 403
    assert new_usernames() == set()
    assert not Job.objects.exists()


def test_a_failure_while_saving_rolls_back_the_rows_already_saved(tree, admin_a, monkeypatch):
    from django.core.exceptions import ValidationError

    real = importers.user_create
    calls = []

    def flaky(**kwargs):
        calls.append(kwargs["username"])
        if len(calls) == 3:  # e.g. someone took the username between checking and saving
            raise ValidationError({"username": ["Tên đăng nhập tran.c đã tồn tại."]})
        return real(**kwargs)

    monkeypatch.setattr(importers, "user_create", flaky)
    result = users_import_xlsx(actor=admin_a, file=accounts_xlsx(GOOD_ACCOUNTS))
    assert [(e.row, e.column) for e in result.errors] == [(4, "Tên đăng nhập")]
    assert result.created == []
    assert new_usernames() == set()


def test_an_import_taken_as_dead_while_saving_creates_no_account(tree, admin_a, monkeypatch):
    # The worker was only slow, but its job was failed as dead meanwhile: its work must not land.
    job = _queued_job(admin_a, GOOD_ACCOUNTS)
    real = importers.user_create
    calls = []

    def then_dead(**kwargs):
        calls.append(kwargs["username"])
        if len(calls) == len(GOOD_ACCOUNTS):
            Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, finished_at=timezone.now())
        return real(**kwargs)

    monkeypatch.setattr(importers, "user_create", then_dead)
    job_enqueue(job=job, task=users_import_task)  # the task ends with JobLost
    assert new_usernames() == set()
    assert Job.objects.get(pk=job.pk).status == JobStatus.FAILED
