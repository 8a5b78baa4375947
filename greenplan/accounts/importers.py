"""Create many accounts at once from an Excel sheet, all or nothing.

The importer only reads the sheet and reports; every rule about an account lives in
`services.user_create_validate` / `services.user_create`, the same ones the form uses.
Checking runs first over the whole file; accounts are saved only when no row has an error.
Hashing a password takes ≈ 0.2 s (Argon2), and reading a big sheet takes seconds, so:

- the upload page only stores the file, after cheap checks of its size and bytes
  (`users_import_start`), queues a background job (`users_import_task`, a django-tasks
  task) and shows the job page;
- the task reads the sheet (bounded: MAX_SHEET_ROWS rows, MAX_ROWS accounts) and checks every
  row with the actor's rights as they are then, reporting progress; row errors end the job
  and are listed on its page. Then it hashes the passwords outside any transaction, and
  creates every account in one short transaction, which re-checks each row (and rolls back
  all of them on any problem) and marks the job done;
- generated passwords are kept in the job's `secrets` until the owner views or downloads
  them once (`users_import_passwords_take`).
"""

import datetime
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import IO, Any

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from greenplan.accounts.access import may_manage_accounts
from greenplan.accounts.models import Role, User
from greenplan.accounts.selectors import units_by_code
from greenplan.accounts.services import (
    ActionRefused,
    NewAccount,
    password_generate,
    user_create,
    user_create_validate,
    username_normalize,
)
from greenplan.jobs.models import Job, JobKind, JobStatus
from greenplan.jobs.services import (
    job_create,
    job_enqueue,
    job_execute,
    job_fail,
    job_finish,
    job_progress,
    job_secrets_take,
    job_stage,
)
from greenplan.lib import files
from greenplan.lib.text import fold

MAX_ROWS = 5000
# Rows of the sheet, blank ones included: a bigger sheet is refused before it is read.
MAX_SHEET_ROWS = 20_000
# Columns read from each row: the header must be within them.
MAX_COLUMNS = 50
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# A <row> start tag, with or without a namespace prefix.
ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
# Share of the progress bar for checking the rows; creating the accounts takes the rest.
CHECK_SHARE = 20
SHEET_TITLE = "Tài khoản"
HELP_SHEET_TITLE = "Hướng dẫn"

# Column headers are part of the file format: fixed Vietnamese text, not translated.
COLUMNS = {
    "username": "Tên đăng nhập",
    "full_name": "Họ và tên",
    "email": "Thư điện tử",
    "unit": "Mã đơn vị",
    "role": "Vai trò",
    "password": "Mật khẩu",
}
REQUIRED = ["username", "full_name", "unit", "role"]
ROLE_LABELS = {
    Role.VIEWER: "Xem",
    Role.REPORTER: "Nhập báo cáo",
    Role.APPROVER: "Duyệt",
    Role.ADMIN: "Quản trị",
}
# Accept the label or the code, with or without diacritics, in any case.
ROLE_ALIASES = {fold(label): role for role, label in ROLE_LABELS.items()} | {
    role.value: role for role in Role
}


@dataclass(frozen=True)
class RowError:
    row: int | None  # the Excel row number; None for a problem with the whole file
    column: str
    message: str


@dataclass
class ImportResult:
    created: list[NewAccount] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ImportCheck:
    """The outcome of checking a file: the rows ready for `user_create`, or the errors."""

    ready: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# Reports the progress of saving: (rows done, rows in all).
Progress = Callable[[int, int], None]


def _file_error(message: str) -> ImportCheck:
    return ImportCheck(errors=[RowError(None, "", message)])


def _text(value: Any) -> str:
    """A cell as text; Excel turns typed digits into numbers, so 12345678.0 reads back as "12345678"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def _bad_file() -> str:
    return _("Tệp không phải là tệp Excel .xlsx hợp lệ hoặc đã bị hỏng.")


def _upload_problem(data: bytes, name: str) -> str | None:
    """What is wrong with an upload, judged by its name, size and bytes only (cheap: the zip
    directory is read, nothing is inflated); None when it may be a workbook."""
    if not name.lower().endswith(".xlsx"):
        return _("Chỉ nhận tệp Excel .xlsx (nếu là tệp .xls, hãy mở bằng Excel và lưu lại dạng .xlsx).")
    if len(data) > MAX_UPLOAD_BYTES:
        return _("Tệp quá lớn: tối đa 5 MB.")
    try:  # the zip's parts and sizes, before openpyxl inflates anything
        files.check_upload(ContentFile(data, name=name), kinds=(files.XLSX,), max_bytes=MAX_UPLOAD_BYTES)
    except files.FileRefused as exc:
        return exc.message
    return None


def _too_many_rows(archive: zipfile.ZipFile) -> bool:
    """Whether any XML part has more than MAX_SHEET_ROWS rows, counted by streaming the part
    and stopping at the bound. openpyxl, even read-only, parses a whole sheet at load when
    the sheet does not state its size: 15 s for 400,000 rows."""
    for info in archive.infolist():
        if not info.filename.lower().endswith(".xml"):
            continue
        rows, tail = 0, b""
        with archive.open(info) as part:
            while chunk := part.read(1 << 16):
                window = tail + chunk
                # A tag cut by the chunk boundary is counted once, in the next window.
                cut = max(0, len(window) - 64)
                rows += len(ROW_TAG.findall(window, 0, cut))
                tail = window[cut:]
                if rows > MAX_SHEET_ROWS:
                    return True
            rows += len(ROW_TAG.findall(tail))
        if rows > MAX_SHEET_ROWS:
            return True
    return False


def _too_many_rows_error() -> ImportCheck:
    return _file_error(_("Trang tính có quá %(max)s dòng (kể cả dòng trống); mỗi tệp nhập tối đa %(rows)s "
                         "tài khoản, hãy xoá các dòng thừa hoặc chia thành nhiều tệp.") % {
        "max": number_format(MAX_SHEET_ROWS, force_grouping=True),
        "rows": number_format(MAX_ROWS, force_grouping=True),
    })


def _open_workbook(file: IO[bytes], name: str) -> tuple[Any, ImportCheck | None]:
    data = file.read(MAX_UPLOAD_BYTES + 1)
    problem = _upload_problem(data, name)
    if problem:
        return None, _file_error(problem)
    buffer = io.BytesIO(data)
    try:
        with zipfile.ZipFile(buffer) as archive:
            if _too_many_rows(archive):
                return None, _too_many_rows_error()
        buffer.seek(0)
        workbook = load_workbook(buffer, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (KeyError, ValueError, zip and XML errors)
        return None, _file_error(_bad_file())
    return workbook, None


def _header_map(header: tuple[Any, ...]) -> dict[str, int]:
    wanted = {fold(label): key for key, label in COLUMNS.items()}
    found: dict[str, int] = {}
    for index, value in enumerate(header):
        key = wanted.get(fold(_text(value)))
        if key is not None and key not in found:
            found[key] = index
    return found


def users_import_xlsx(
    *, actor: User, file: IO[bytes], name: str | None = None, progress: Progress | None = None
) -> ImportResult:
    """Create the accounts listed in an .xlsx file, or none of them.

    Returns the created accounts (with generated passwords to show once) or the errors, each
    with its Excel row number, column header and a Vietnamese message. `progress` is called
    as passwords are hashed.
    """
    check = users_import_check(actor=actor, file=file, name=name)
    if not check.ok:
        return ImportResult(errors=check.errors)
    return _save(actor, check.ready, progress)


def users_import_check(
    *, actor: User, file: IO[bytes], name: str | None = None, progress: Progress | None = None
) -> ImportCheck:
    """Check every row of an .xlsx file as `users_import_xlsx` would, saving nothing (no hashing).

    Runs in the worker: a big sheet takes seconds. `progress` is called as rows are checked.
    """
    name = name if name is not None else getattr(file, "name", "") or ""
    workbook, problem = _open_workbook(file, name)
    if problem:
        return problem
    try:
        sheet = workbook[SHEET_TITLE] if SHEET_TITLE in workbook.sheetnames else workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
        header = next(rows, None)
        columns = _header_map(header or ())
        missing = [COLUMNS[key] for key in REQUIRED if key not in columns]
        if missing:
            return _file_error(
                _("Thiếu cột: %(columns)s. Hãy dùng tệp mẫu.") % {"columns": ", ".join(missing)}
            )
        records: list[tuple[int, dict[str, str]]] = []
        for number, values in enumerate(rows, start=2):
            if number > MAX_SHEET_ROWS:  # blank rows too: the sheet may claim a million of them
                return _too_many_rows_error()
            record = {
                key: _text(values[index]) if index < len(values) else "" for key, index in columns.items()
            }
            if not any(record.values()):
                continue
            if len(records) >= MAX_ROWS:
                limit = number_format(MAX_ROWS, force_grouping=True)
                return _file_error(_("Tệp có quá %(max)s dòng; hãy chia thành nhiều tệp.") % {"max": limit})
            records.append((number, record))
    except Exception:
        return _file_error(_bad_file())
    finally:
        workbook.close()
    if not records:
        return _file_error(_("Tệp không có dòng dữ liệu nào."))
    return _check_records(actor, records, progress)


def _check_records(
    actor: User, records: list[tuple[int, dict[str, str]]], progress: Progress | None = None
) -> ImportCheck:
    units = units_by_code([record.get("unit", "") for _number, record in records])
    errors: list[RowError] = []
    ready: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for done, (number, record) in enumerate(records, start=1):
        row_errors: list[RowError] = []
        username = username_normalize(record.get("username", ""))
        if username in seen:
            row_errors.append(RowError(number, COLUMNS["username"], _(
                "Tên đăng nhập %(username)s trùng với dòng %(row)s."
            ) % {"username": username, "row": seen[username]}))
        elif username:
            seen[username] = number
        code = record.get("unit", "").upper()
        unit = units.get(code)
        raw_role = record.get("role", "")
        role = ROLE_ALIASES.get(fold(raw_role), raw_role)
        if not code:
            row_errors.append(RowError(number, COLUMNS["unit"], _("Chưa nhập mã đơn vị.")))
        elif unit is None:
            row_errors.append(RowError(number, COLUMNS["unit"], _(
                "Không tìm thấy đơn vị có mã %(code)s."
            ) % {"code": code}))
        else:
            kwargs: dict[str, Any] = {
                "username": username,
                "full_name": record.get("full_name", ""),
                "email": record.get("email", ""),
                "password": record.get("password") or None,
                "unit": unit,
                "role": role,
            }
            try:
                user_create_validate(actor=actor, **kwargs)
            except ActionRefused as exc:
                row_errors.append(RowError(number, COLUMNS.get(exc.field or "", ""), exc.message))
            except ValidationError as exc:
                row_errors.extend(_row_errors(number, exc))
            else:
                ready.append(kwargs | {"row": number})
        errors.extend(row_errors)
        if progress is not None:
            progress(done, len(records))
    if errors:
        return ImportCheck(errors=errors)
    return ImportCheck(ready=ready)


def _row_errors(number: int, exc: ValidationError) -> list[RowError]:
    return [
        RowError(number, COLUMNS.get(key, ""), message)
        for key, messages in exc.message_dict.items()
        for message in messages
    ]


def _save(
    actor: User,
    ready: list[dict[str, Any]],
    progress: Progress | None = None,
    on_saved: Callable[[ImportResult], None] | None = None,
) -> ImportResult:
    """Create the checked rows in one transaction; `on_saved` runs inside it once all are saved."""
    # Hash first, outside any transaction: it is the slow part (≈ 0.2 s a password), and on
    # SQLite an open write transaction would block every other writer meanwhile.
    prepared: list[tuple[dict[str, Any], str, bool]] = []
    for done, kwargs in enumerate(ready, start=1):
        generated = not kwargs["password"]
        password = password_generate() if generated else kwargs["password"]
        prepared.append((kwargs | {"password": password, "password_hashed": make_password(password)}, password,
                         generated))
        if progress is not None:
            progress(done, len(ready))
    # Then one transaction, in which user_create checks each row again.
    result = ImportResult()
    with transaction.atomic():
        for kwargs, password, generated in prepared:
            number = kwargs.pop("row")
            try:
                account = user_create(actor=actor, **kwargs)
            except ActionRefused as exc:
                result.errors.append(RowError(number, COLUMNS.get(exc.field or "", ""), exc.message))
            except ValidationError as exc:
                result.errors.extend(_row_errors(number, exc))
            except IntegrityError:  # someone created the same username meanwhile
                result.errors.append(RowError(number, COLUMNS["username"], _(
                    "Tên đăng nhập %(username)s đã tồn tại."
                ) % {"username": kwargs["username"]}))
            else:
                result.created.append(NewAccount(account.user, account.membership, password if generated else None))
        if result.errors:
            transaction.set_rollback(True)
            result.created = []
        elif on_saved is not None:
            on_saved(result)  # an exception here rolls every account back
    return result


# The import as a background job.


def users_import_start(*, actor: User, file: IO[bytes], name: str) -> tuple[Job | None, list[RowError]]:
    """Store an uploaded file and queue a job that checks it and creates the accounts.

    Only cheap checks run here (the name, the size, that the bytes are a workbook): reading
    the sheet is the job's. Returns (the job, []) or (None, the file's problem) — then
    nothing is stored.
    """
    data = file.read(MAX_UPLOAD_BYTES + 1)
    problem = _upload_problem(data, name)
    if problem:
        return None, [RowError(None, "", problem)]
    job = job_create(owner=actor, kind=JobKind.ACCOUNTS_IMPORT, input=ContentFile(data), input_name=name)
    return job_enqueue(job=job, task=users_import_task), []


@task()
def users_import_task(job_id: int) -> None:
    """Run an account import job (see `users_import_start`)."""
    job_execute(job_id, _run_import)


def _run_import(job: Job) -> None:
    # The actor's rights as they are now, not at upload time: read the account afresh.
    actor = User.objects.get(pk=job.owner_id)
    if not may_manage_accounts(actor):
        job_fail(job, message=_("Bạn không còn quyền quản trị tài khoản nên không tài khoản nào được tạo."))
        return
    job_stage(job, _("Đang kiểm tra tệp"))
    with job.input.open("rb") as file:
        data = file.read()
    check = users_import_check(
        actor=actor, file=io.BytesIO(data), name=job.input_name,
        progress=lambda done, total: job_progress(job, done, total, span=(0, CHECK_SHARE)),
    )
    if not check.ok:
        job_fail(job, errors=[asdict(error) for error in check.errors])
        return
    job_stage(job, _("Đang tạo tài khoản"))
    # The job is marked done in the transaction that creates the accounts: if it was taken
    # as dead meanwhile (JobLost), no account is created.
    result = _save(
        actor, check.ready,
        progress=lambda done, total: job_progress(job, done, total, span=(CHECK_SHARE, 100)),
        on_saved=lambda result: _finish(job, result),
    )
    if not result.ok:
        job_fail(job, errors=[asdict(error) for error in result.errors])


def _finish(job: Job, result: ImportResult) -> None:
    accounts = [
        {
            "id": account.user.pk,
            "username": account.user.username,
            "full_name": account.user.full_name,
            "unit": account.membership.unit.code,
            "role": str(Role(account.membership.role).label),
            "generated": account.generated_password is not None,
        }
        for account in result.created
    ]
    passwords = [[a.user.username, a.generated_password] for a in result.created if a.generated_password]
    job_finish(
        job,
        result={"count": len(accounts), "accounts": accounts, "generated": len(passwords)},
        secrets={"passwords": passwords} if passwords else None,
    )


def users_import_passwords_take(*, job: Job) -> list[tuple[str, str]] | None:
    """The generated passwords of a finished import, once: they are wiped as they are returned.

    None when there are none left (already viewed or downloaded, or none was generated).
    """
    if job.kind != JobKind.ACCOUNTS_IMPORT or job.status != JobStatus.DONE:
        return None
    secrets = job_secrets_take(job)
    if not secrets:
        return None
    return [(username, password) for username, password in secrets["passwords"]]


def users_import_passwords_xlsx(passwords: list[tuple[str, str]]) -> bytes:
    """The sheet of generated passwords: «Tên đăng nhập», «Mật khẩu»."""
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)  # a new workbook holds one worksheet
    sheet.title = SHEET_TITLE
    sheet.append([COLUMNS["username"], COLUMNS["password"]])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for username, password in passwords:
        sheet.append([username, password])
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 22
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


TEMPLATE_HELP = [
    gettext_lazy("Cách dùng tệp mẫu tạo tài khoản"),
    "",
    gettext_lazy("Mỗi dòng của trang «Tài khoản» là một tài khoản mới; dòng 1 là tiêu đề, không sửa."),
    gettext_lazy("Tên đăng nhập: bắt buộc; chữ thường không dấu a-z, chữ số và các ký tự . _ -"),
    gettext_lazy("Họ và tên: bắt buộc."),
    gettext_lazy("Thư điện tử: không bắt buộc."),
    gettext_lazy("Mã đơn vị: bắt buộc; mã của một đơn vị thuộc phạm vi bạn quản trị, ví dụ HP-A-01."),
    gettext_lazy("Vai trò: bắt buộc; một trong Xem, Nhập báo cáo, Duyệt, Quản trị."),
    gettext_lazy(
        "Mật khẩu: không bắt buộc; để trống thì hệ thống tự tạo và hiển thị một lần sau khi nhập. "
        "Mật khẩu tự đặt phải dài ít nhất 8 ký tự, không quá đơn giản, không toàn chữ số."
    ),
    gettext_lazy("Tệp có lỗi ở bất kỳ dòng nào sẽ không được nhập dòng nào; hãy sửa lỗi rồi tải lên lại."),
    gettext_lazy("Tối đa 5.000 dòng mỗi tệp."),
]


def users_import_template() -> bytes:
    """The .xlsx to fill: a header row, a role list to pick from, and a sheet of instructions."""
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)  # a new workbook holds one worksheet
    sheet.title = SHEET_TITLE
    sheet.append(list(COLUMNS.values()))
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="D9EAD3")
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = fill
    for letter, width in zip("ABCDEF", (22, 30, 30, 16, 16, 18), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    roles = DataValidation(
        type="list",
        formula1='"' + ",".join(ROLE_LABELS.values()) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=COLUMNS["role"],
        error=str(gettext_lazy("Chọn một vai trò trong danh sách.")),
    )
    roles.add(f"E2:E{MAX_ROWS + 1}")
    sheet.add_data_validation(roles)

    help_sheet = workbook.create_sheet(HELP_SHEET_TITLE)
    help_sheet.column_dimensions["A"].width = 110
    for line in TEMPLATE_HELP:
        help_sheet.append([str(line)])
    help_sheet["A1"].font = Font(bold=True, size=13)
    for row in help_sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
