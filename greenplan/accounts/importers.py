"""Create many accounts at once from an Excel sheet, all or nothing.

The importer only reads the sheet and reports; every rule about an account lives in
`services.user_create_validate` / `services.user_create`, the same ones the form uses.
Checking runs first over the whole file (cheap); accounts are saved (passwords hashed) only
when no row has an error, inside one transaction.
"""

import datetime
import io
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from greenplan.accounts.models import Role, User
from greenplan.accounts.selectors import units_by_code
from greenplan.accounts.services import (
    ActionRefused,
    NewAccount,
    user_create,
    user_create_validate,
    username_normalize,
)
from greenplan.lib.text import fold

MAX_ROWS = 5000
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# An .xlsx is a zip: refuse one that would expand to far more than any honest sheet needs.
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
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


def _file_error(message: str) -> ImportResult:
    return ImportResult(errors=[RowError(None, "", message)])


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


def _open_workbook(file: IO[bytes], name: str) -> tuple[Any, str | None]:
    if not name.lower().endswith(".xlsx"):
        return None, _("Chỉ nhận tệp Excel .xlsx (nếu là tệp .xls, hãy mở bằng Excel và lưu lại dạng .xlsx).")
    data = file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        return None, _("Tệp quá lớn: tối đa 5 MB.")
    buffer = io.BytesIO(data)
    bad = _("Tệp không phải là tệp Excel .xlsx hợp lệ hoặc đã bị hỏng.")
    if not zipfile.is_zipfile(buffer):
        return None, bad
    try:
        with zipfile.ZipFile(buffer) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNCOMPRESSED_BYTES:
                return None, bad
        buffer.seek(0)
        workbook = load_workbook(buffer, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (KeyError, ValueError, zip and XML errors)
        return None, bad
    return workbook, None


def _header_map(header: tuple[Any, ...]) -> dict[str, int]:
    wanted = {fold(label): key for key, label in COLUMNS.items()}
    found: dict[str, int] = {}
    for index, value in enumerate(header):
        key = wanted.get(fold(_text(value)))
        if key is not None and key not in found:
            found[key] = index
    return found


def users_import_xlsx(*, actor: User, file: IO[bytes], name: str | None = None) -> ImportResult:
    """Create the accounts listed in an .xlsx file, or none of them.

    Returns the created accounts (with generated passwords to show once) or the errors, each
    with its Excel row number, column header and a Vietnamese message.
    """
    name = name if name is not None else getattr(file, "name", "") or ""
    workbook, problem = _open_workbook(file, name)
    if problem:
        return _file_error(problem)
    try:
        sheet = workbook[SHEET_TITLE] if SHEET_TITLE in workbook.sheetnames else workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        columns = _header_map(header or ())
        missing = [COLUMNS[key] for key in REQUIRED if key not in columns]
        if missing:
            return _file_error(
                _("Thiếu cột: %(columns)s. Hãy dùng tệp mẫu.") % {"columns": ", ".join(missing)}
            )
        records: list[tuple[int, dict[str, str]]] = []
        for number, values in enumerate(rows, start=2):
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
        return _file_error(_("Tệp không phải là tệp Excel .xlsx hợp lệ hoặc đã bị hỏng."))
    finally:
        workbook.close()
    if not records:
        return _file_error(_("Tệp không có dòng dữ liệu nào."))
    return _import_records(actor, records)


def _import_records(actor: User, records: list[tuple[int, dict[str, str]]]) -> ImportResult:
    units = units_by_code([record.get("unit", "") for _number, record in records])
    errors: list[RowError] = []
    ready: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for number, record in records:
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
            kwargs = {
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
    if errors:
        return ImportResult(errors=errors)
    return _save(actor, ready)


def _row_errors(number: int, exc: ValidationError) -> list[RowError]:
    return [
        RowError(number, COLUMNS.get(key, ""), message)
        for key, messages in exc.message_dict.items()
        for message in messages
    ]


def _save(actor: User, ready: list[dict[str, Any]]) -> ImportResult:
    result = ImportResult()
    with transaction.atomic():
        for kwargs in ready:
            number = kwargs.pop("row")
            try:
                result.created.append(user_create(actor=actor, **kwargs))
            except ActionRefused as exc:
                result.errors.append(RowError(number, COLUMNS.get(exc.field or "", ""), exc.message))
            except ValidationError as exc:
                result.errors.extend(_row_errors(number, exc))
            except IntegrityError:  # someone created the same username meanwhile
                result.errors.append(RowError(number, COLUMNS["username"], _(
                    "Tên đăng nhập %(username)s đã tồn tại."
                ) % {"username": kwargs["username"]}))
        if result.errors:
            transaction.set_rollback(True)
            result.created = []
    return result


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
