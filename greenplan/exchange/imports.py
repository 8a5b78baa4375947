"""Imports of filled report templates (see `template.py`): one file, many files or .zip files.

The request only stores the upload after cheap checks (`reports_import_start`): names, sizes
and the number of files; every uploaded file goes, unopened, into one stored bundle (an
uncompressed zip with a manifest). A background job (`reports_import_task`) then:

1. reads each file, bounded: a .zip's member count and total inflated size are checked from its
   directory before any member is read, and every member is read to at most MAX_XLSX_BYTES;
   each .xlsx goes through `greenplan.lib.files.check_upload` (zip-bomb bounds) before openpyxl;
2. checks each file against the template it must be: kind and version, the unit (in the
   uploader's scope, with the reporter role), the period (open), the header and every row in
   place, numbers (no formula, no text) in the value cells — every problem named with file,
   sheet, row and cell;
3. refuses every file of a unit and period that came twice in the upload;
4. saves each remaining file with `reporting.services.report_save`, the service of a typed save
   (validation, version, audit), at the report version recorded in the template — a report
   changed since the template was made is refused as stale; then, when asked ("gửi luôn"),
   submits it with `report_submit`. Each file is saved in its own transaction: all or nothing
   per file, and one refused file does not stop the others.

The job is `done` when at least one file was imported, `failed` when none was; its `result`
lists imported and refused files, its `errors` every problem.
"""

import io
import json
import zipfile
import zlib
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django_tasks import task

from greenplan.accounts.access import may_edit_report
from greenplan.accounts.models import User
from greenplan.exchange import template as T
from greenplan.exchange import xlsx
from greenplan.jobs.models import Job, JobKind
from greenplan.jobs.services import job_create, job_enqueue, job_execute, job_fail, job_finish, job_progress, job_stage
from greenplan.lib import files
from greenplan.orgs.models import Unit
from greenplan.reporting import values as V
from greenplan.reporting.errors import InvalidValues, ReportingError, StaleVersion
from greenplan.reporting.models import Period
from greenplan.reporting.periods import parse_period_code
from greenplan.reporting.services import report_save, report_submit

MB = 1024 * 1024
MAX_XLSX_BYTES = 5 * MB
MAX_ZIP_BYTES = 20 * MB
# .xlsx files in one upload, the members of its .zip files included.
MAX_FILES = 2000
# What one .zip may inflate to in all, by its directory and by what is actually read.
MAX_ZIP_INFLATED = 200 * MB
# Rows read below the template's last row, to find rows added at the end.
EXTRA_ROWS = 50
# Rows of a template's list of codes read at most (the catalogue has fewer than a hundred).
MAX_TEMPLATE_ROWS = 2000
MANIFEST = "manifest.json"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted workbook, or an old .xls
CHECK_SHARE = 40  # of the progress bar; saving takes the rest


class ImportRefused(ValueError):
    """The upload as a whole is refused (no file, too many); nothing is stored."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Problem:
    """One problem, placed: the file, the sheet, the row and the cell (each when known)."""

    file: str
    message: str
    sheet: str = ""
    row: int | None = None
    cell: str = ""
    code: str = ""

    def text(self) -> str:
        if not (self.sheet or self.row or self.cell or self.code) and self.file in self.message:
            return self.message  # the upload checks name the file themselves
        where = [_("Tệp %(name)s") % {"name": self.file}]
        if self.sheet:
            where.append(_("trang «%(sheet)s»") % {"sheet": self.sheet})
        if self.row is not None:
            where.append(_("dòng %(row)s") % {"row": self.row})
        if self.cell:
            where.append(_("ô %(cell)s") % {"cell": self.cell})
        if self.code:
            where.append(_("chỉ tiêu %(code)s") % {"code": self.code})
        return f"{', '.join(where)}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        # `row` and `column` are what the job page shows for every kind of job.
        return {"file": self.file, "sheet": self.sheet, "row": self.row, "cell": self.cell,
                "column": self.cell, "message": self.text()}


@dataclass
class Parsed:
    """A file that reads as a template: what it would save."""

    file: str
    unit: Unit
    period: Period
    report_version: int
    values: dict[str, Any]
    rows: dict[str, int]  # indicator code → row of the main sheet


@dataclass
class Outcome:
    file: str
    unit: Unit | None = None
    period: Period | None = None
    errors: list[Problem] = field(default_factory=list)
    parsed: Parsed | None = None
    version: int | None = None
    submitted: bool | None = None
    note: str = ""
    warnings: int = 0


# --- the request: store the upload ---------------------------------------------------------------


def _bundle_name(names: list[str]) -> str:
    """What the job page calls the upload: the names, the first three of a longer list."""
    shown = ", ".join(names[:3])
    if len(names) > 3:
        shown += " " + _("và %(count)s tệp khác") % {"count": len(names) - 3}
    return shown[:255]


def reports_import_start(
    *, actor: User, uploads: Sequence[Any], submit: bool = False, unit: Unit | None = None,
    period: Period | None = None,
) -> Job:
    """Store the uploaded files (Django `UploadedFile`s) as one job that imports them, and queue it.

    Cheap checks only: a file that is neither .xlsx nor .zip, or too big, is not stored and is
    listed as refused by the job. `unit` and `period` (optional) restrict the upload: every file
    must be the template of that unit or a unit below it, and of that period. Raises
    ImportRefused when there is no file or too many.
    """
    if not uploads:
        raise ImportRefused(_("Chưa chọn tệp nào để nhập."))
    if len(uploads) > MAX_FILES:
        limit = number_format(MAX_FILES, force_grouping=True)
        raise ImportRefused(_("Mỗi lần nhập tối đa %(max)s tệp.") % {"max": limit})
    manifest: dict[str, Any] = {"submit": bool(submit), "files": [], "refused": [],
                                "unit": unit.code if unit else "", "period": period.code if period else ""}
    names: list[str] = []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED, allowZip64=True) as bundle:
        for index, upload in enumerate(uploads, start=1):
            name = files.safe_name(getattr(upload, "name", "")) or f"tep-{index}"
            names.append(name)
            ext = files.extension(name)
            max_size = {"xlsx": MAX_XLSX_BYTES, "zip": MAX_ZIP_BYTES}.get(ext)
            if max_size is None:
                manifest["refused"].append({"file": name, "message": _(
                    "Chỉ nhận tệp Excel .xlsx (mẫu báo cáo) hoặc tệp nén .zip chứa các tệp .xlsx."
                )})
                continue
            if (upload.size or 0) > max_size:
                manifest["refused"].append({"file": name, "message": _(
                    "Tệp quá lớn: tối đa %(mb)s MB."
                ) % {"mb": max_size // MB}})
                continue
            member = f"{index:05d}.{ext}"
            with bundle.open(member, "w", force_zip64=True) as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            manifest["files"].append({"file": name, "member": member})
        bundle.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False))
    job = job_create(owner=actor, kind=JobKind.REPORTS_IMPORT, input=ContentFile(buffer.getvalue()),
                     input_name=_bundle_name(names))
    return job_enqueue(job=job, task=reports_import_task)


# --- the job ---------------------------------------------------------------------------------------


@task()
def reports_import_task(job_id: int) -> None:
    """Run a report import job (see the module's docstring)."""
    job_execute(job_id, _run)


def _bad(name: str, message: str, **where: Any) -> list[Problem]:
    return [Problem(name, message, **where)]


def _zip_entries(name: str, data: bytes) -> Iterator[tuple[str, bytes | None, list[Problem]]]:
    """The .xlsx members of an uploaded .zip, bounded before and while reading."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        yield name, None, _bad(name, _("Tệp nén .zip bị hỏng hoặc không phải tệp .zip."))
        return
    # Folders and hidden files that archivers add (__MACOSX/, .DS_Store) are not uploads.
    members = [m for m in members if not any(part.startswith((".", "__MACOSX")) for part in m.filename.split("/"))]
    if len(members) > MAX_FILES:
        yield name, None, _bad(name, _("Tệp nén có %(count)s tệp, quá số tối đa %(max)s; không tệp nào được nhập.") % {
            "count": number_format(len(members), force_grouping=True),
            "max": number_format(MAX_FILES, force_grouping=True)})
        return
    if sum(m.file_size for m in members) > MAX_ZIP_INFLATED:
        yield name, None, _bad(name, _(
            "Tệp nén khi giải nén quá lớn (tối đa %(mb)s MB); không tệp nào trong đó được nhập."
        ) % {"mb": MAX_ZIP_INFLATED // MB})
        return
    inflated = 0
    for info in members:
        shown = f"{name} › {files.safe_name(info.filename)}"
        if files.extension(info.filename) != "xlsx":
            yield shown, None, _bad(shown, _("Trong tệp nén chỉ nhận tệp Excel .xlsx."))
            continue
        if info.file_size > MAX_XLSX_BYTES:
            yield shown, None, _bad(shown, _("Tệp quá lớn: tối đa %(mb)s MB.") % {"mb": MAX_XLSX_BYTES // MB})
            continue
        try:
            with archive.open(info) as member:
                content = member.read(MAX_XLSX_BYTES + 1)  # the directory may lie: never more
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, zlib.error, ValueError, OSError, EOFError):
            yield shown, None, _bad(shown, _("Không giải nén được tệp (tệp nén có mật khẩu hoặc bị hỏng)."))
            continue
        inflated += len(content)
        if len(content) > MAX_XLSX_BYTES or inflated > MAX_ZIP_INFLATED:
            yield shown, None, _bad(shown, _("Tệp nén khi giải nén quá lớn; tệp này và các tệp sau nó không được "
                                             "nhập."))
            return
        yield shown, content, []


def _entries(bundle: zipfile.ZipFile, manifest: dict[str, Any]) -> Iterator[tuple[str, bytes | None, list[Problem]]]:
    for entry in manifest["refused"]:
        yield entry["file"], None, _bad(entry["file"], entry["message"])
    for entry in manifest["files"]:
        data = bundle.read(entry["member"])
        if entry["member"].endswith(".zip"):
            yield from _zip_entries(entry["file"], data)
        else:
            yield entry["file"], data, []


def _count(bundle: zipfile.ZipFile, manifest: dict[str, Any]) -> int:
    """How many files the job will look at, for the progress bar (from the zip directories only)."""
    total = len(manifest["refused"])
    for entry in manifest["files"]:
        if not entry["member"].endswith(".zip"):
            total += 1
            continue
        try:
            with zipfile.ZipFile(bundle.open(entry["member"])) as inner:
                total += min(len(inner.infolist()), MAX_FILES)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
            total += 1
    return max(total, 1)


class _Context:
    """What the checks of one job read once: periods, catalogues per kind of unit."""

    def __init__(self, actor: User, manifest: dict[str, Any]):
        self.actor = actor
        self.periods: dict[str, Period | None] = {}
        self.within = Unit.objects.filter(code=manifest.get("unit") or "").first()
        self.period_code = manifest.get("period") or ""

    def catalogue(self, unit: Unit) -> V.Catalogue:
        return V.catalogue_for(unit)  # read once per kind of unit: the job runs in catalogues_cached()

    def period(self, code: str) -> Period | None:
        if code not in self.periods:
            try:
                year, half = parse_period_code(code)
            except ValueError:
                year, half = 0, None
            self.periods[code] = Period.objects.filter(year=year, half=half).first() if half else None
        return self.periods[code]


def _info(workbook: xlsx.Workbook) -> dict[str, Any]:
    rows = workbook.rows(T.INFO_TITLE, max_row=T.ROWS_HEADER + MAX_TEMPLATE_ROWS, max_col=2)

    def value(row: int, column: int) -> Any:
        cell = rows.get(row, {}).get(column)
        return cell.value if cell is not None else None

    cells = {value(row, 1): value(row, 2) for row in range(1, T.ROWS_HEADER)}
    found = {key: cells.get(label) for key, label in T.INFO_LABELS.items()}
    listed: list[tuple[Any, Any]] = []
    for row in range(T.ROWS_HEADER + 1, T.ROWS_HEADER + MAX_TEMPLATE_ROWS + 1):
        if value(row, 1) is None:
            break
        listed.append((value(row, 1), value(row, 2)))
    found["rows"] = listed
    return found


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _check_target(context: _Context, name: str, info: dict[str, Any]) -> tuple[Unit, Period] | list[Problem]:
    """The unit and period a template is for, if the uploader may import it now."""
    sheet = T.INFO_TITLE
    if info["kind"] != T.KIND:
        return _bad(name, _("Tệp không phải là mẫu báo cáo của hệ thống; hãy tải mẫu Excel tại trang báo cáo."))
    version = _as_int(info["template_version"])
    if version != T.TEMPLATE_VERSION:
        return _bad(name, _("Mẫu phiên bản %(found)s không dùng được nữa (nay là phiên bản %(now)s); hãy tải mẫu "
                            "mới.") % {
            "found": info["template_version"], "now": T.TEMPLATE_VERSION}, sheet=sheet)
    code = str(info["unit"] or "").strip().upper()
    unit = Unit.objects.select_related("kind").filter(code=code).first() if code else None
    if unit is None:
        return _bad(name, _("Không tìm thấy đơn vị %(code)s ghi trong mẫu.") % {"code": code or "—"}, sheet=sheet)
    if not may_edit_report(context.actor, unit):
        return _bad(name, _("Đơn vị %(code)s nằm ngoài phạm vi của bạn hoặc bạn không có quyền nhập báo cáo của "
                            "đơn vị này; không có gì được nhập.") % {"code": unit.code})
    if context.within is not None and not unit.path.startswith(context.within.path):
        return _bad(name, _("Tệp là mẫu của đơn vị %(code)s, không phải của %(target)s hay một đơn vị trực thuộc.") % {
            "code": unit.code, "target": context.within.code})
    period_code = str(info["period"] or "").strip().upper()
    period = context.period(period_code)
    if period is None:
        return _bad(name, _("Không tìm thấy kỳ báo cáo %(code)s ghi trong mẫu.") % {"code": period_code or "—"},
                    sheet=sheet)
    if context.period_code and period.code != context.period_code:
        return _bad(name, _("Tệp là mẫu của kỳ %(found)s, không phải kỳ %(period)s.") % {
            "found": period.code, "period": context.period_code})
    if not period.is_open:
        return _bad(name, _("Kỳ báo cáo %(code)s đã đóng, không nhập được.") % {"code": period.code})
    return unit, period


def _cell_problem(cell: xlsx.Cell) -> str | None:
    value = cell.value
    if cell.formula or (isinstance(value, str) and value.startswith("=")):
        return _("Ô chứa công thức; chỉ nhận số (hãy dán dạng giá trị).")
    if isinstance(value, bool):
        return _("Ô chứa giá trị đúng/sai; chỉ nhận số (có/không: nhập 1 hoặc 0).")
    if isinstance(value, datetime | date | time):
        return _("Ô chứa ngày giờ; chỉ nhận số.")
    if isinstance(value, str) and value.strip():
        return _("Ô chứa chữ «%(text)s»; chỉ nhận số.") % {"text": value.strip()[:40]}
    if isinstance(value, float) and value != value:  # NaN
        return _("Giá trị phải là một số.")
    return None


def _read_rows(name: str, workbook: xlsx.Workbook, expected: list[tuple[int, str]],
               catalogue: V.Catalogue) -> tuple[dict[str, Any], dict[str, int]] | list[Problem]:
    """The values of the main sheet, with every row where the template put it."""
    sheet_name = T.SHEET_TITLE
    if sheet_name not in workbook.sheetnames:
        return _bad(name, _("Thiếu trang «%(sheet)s» của mẫu.") % {"sheet": sheet_name})
    last = expected[-1][0] if expected else T.FIRST_ROW
    code_letter, value_letter = "A", "D"
    rows = workbook.rows(sheet_name, max_row=last + EXTRA_ROWS, max_col=T.VALUE_COLUMN)
    header = rows.get(T.HEADER_ROW, {})

    def text(cells: dict[int, xlsx.Cell], column: int) -> str:
        cell = cells.get(column)
        return "" if cell is None or cell.value is None else str(cell.value).strip()

    if text(header, T.CODE_COLUMN) != T.CODE_HEADER or text(header, T.VALUE_COLUMN) != T.VALUE_HEADER:
        return _bad(name, _("Dòng tiêu đề đã bị sửa hoặc xê dịch: cần «%(code)s» ở ô %(a)s và «%(value)s» ở ô "
                            "%(d)s.") % {
            "code": T.CODE_HEADER, "value": T.VALUE_HEADER, "a": f"{code_letter}{T.HEADER_ROW}",
            "d": f"{value_letter}{T.HEADER_ROW}"}, sheet=sheet_name, row=T.HEADER_ROW)
    values: dict[str, Any] = {}
    places: dict[str, int] = {}
    errors: list[Problem] = []
    for row, code in expected:
        cells = rows.get(row, {})
        found = text(cells, T.CODE_COLUMN)
        if found != code:
            if not found:
                message = _("Thiếu dòng của chỉ tiêu %(code)s: các dòng đã bị xoá hoặc xê dịch; hãy dùng lại "
                            "mẫu.") % {"code": code}
            else:
                message = _("Ô ghi mã %(found)s nhưng mẫu đặt chỉ tiêu %(code)s ở dòng này: các dòng đã bị xoá, "
                            "chèn hoặc xê dịch; hãy dùng lại mẫu.") % {"found": found, "code": code}
            return errors + _bad(name, message, sheet=sheet_name, row=row, cell=f"{code_letter}{row}")
        indicator = catalogue.indicators[code]
        if indicator.derived:
            continue
        cell = cells.get(T.VALUE_COLUMN)
        places[code] = row
        if cell is None:
            values[code] = None
            continue
        problem = _cell_problem(cell)
        if problem:
            errors.append(Problem(name, problem, sheet=sheet_name, row=row, cell=f"{value_letter}{row}", code=code))
            continue
        value = cell.value
        values[code] = None if isinstance(value, str) else value  # a blank text is a cleared value
    for row in range(last + 1, last + EXTRA_ROWS + 1):
        cells = rows.get(row, {})
        if text(cells, T.CODE_COLUMN) or text(cells, T.VALUE_COLUMN):
            errors.append(Problem(name, _("Dòng thừa ngoài mẫu: không thêm dòng vào mẫu."), sheet=sheet_name,
                                       row=row, cell=f"{code_letter}{row}"))
            break
    return errors or (values, places)


def _open(name: str, data: bytes) -> xlsx.Workbook | list[Problem]:
    """The workbook, or the list of what is wrong with the bytes."""
    if data.startswith(OLE_SIGNATURE):
        return _bad(name, _("Tệp được đặt mật khẩu (mã hoá) hoặc là tệp .xls cũ: hãy gỡ mật khẩu và lưu lại "
                            "dạng .xlsx."))
    try:
        files.check_upload(ContentFile(data, name=name if name.lower().endswith(".xlsx") else "tep.xlsx"),
                           kinds=(files.XLSX,), max_bytes=MAX_XLSX_BYTES)
    except files.FileRefused as exc:
        return _bad(name, exc.message)
    try:
        return xlsx.Workbook(data)
    except xlsx.Unreadable:
        return _bad(name, _("Tệp không phải là tệp Excel .xlsx hợp lệ hoặc đã bị hỏng."))


def _check_file(context: _Context, name: str, data: bytes) -> Outcome:
    workbook = _open(name, data)
    if isinstance(workbook, list):
        return Outcome(name, errors=workbook)
    try:
        if T.INFO_TITLE not in workbook.sheetnames:
            return Outcome(name, errors=_bad(name, _(
                "Tệp không phải là mẫu báo cáo của hệ thống (thiếu trang «%(sheet)s»); hãy tải mẫu Excel tại trang "
                "báo cáo.") % {"sheet": T.INFO_TITLE}))
        info = _info(workbook)
        target = _check_target(context, name, info)
        if isinstance(target, list):
            return Outcome(name, errors=target)
        unit, period = target
        outcome = Outcome(name, unit=unit, period=period)
        catalogue = context.catalogue(unit)
        expected = [(_as_int(row), str(code or "")) for row, code in info["rows"]]
        if [code for _row, code in expected] != list(catalogue.indicators) or any(r is None for r, _c in expected):
            outcome.errors = _bad(name, _("Mẫu đã cũ: danh mục chỉ tiêu đã thay đổi từ khi tải mẫu; hãy tải mẫu mới."),
                                  sheet=T.INFO_TITLE)
            return outcome
        read = _read_rows(name, workbook, [(r, c) for r, c in expected if r is not None], catalogue)
        if isinstance(read, list):
            outcome.errors = read
            return outcome
        values, places = read
        report_version = _as_int(info["report_version"])
        # A missing version is never current: refused as stale rather than overwriting.
        version = report_version if report_version is not None else -1
        outcome.parsed = Parsed(name, unit, period, version, values, places)
        return outcome
    except xlsx.Unreadable:  # a package that opened but whose sheets do not read
        return Outcome(name, errors=_bad(name, _("Tệp không phải là tệp Excel .xlsx hợp lệ hoặc đã bị hỏng.")))
    finally:
        workbook.close()


def _refuse_duplicates(outcomes: list[Outcome]) -> None:
    by_target: dict[tuple[int, int], list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        if outcome.parsed is not None:
            by_target[(outcome.parsed.unit.pk, outcome.parsed.period.pk)].append(outcome)
    for same in by_target.values():
        if len(same) < 2:
            continue
        names = ", ".join(o.file for o in same)
        for outcome in same:
            assert outcome.parsed is not None
            outcome.errors.append(Problem(outcome.file, _(
                "Có %(count)s tệp cho cùng đơn vị %(unit)s kỳ %(period)s trong lần nhập này (%(names)s); không tệp "
                "nào trong số đó được nhập: hãy chỉ gửi một tệp cho mỗi đơn vị."
            ) % {"count": len(same), "unit": outcome.parsed.unit.code, "period": outcome.parsed.period.code,
                 "names": names}))
            outcome.parsed = None


def _save(actor: User, outcome: Outcome, submit: bool) -> None:
    parsed = outcome.parsed
    assert parsed is not None
    name, sheet = parsed.file, T.SHEET_TITLE
    try:
        result = report_save(actor=actor, unit=parsed.unit, period=parsed.period, version=parsed.report_version,
                             values=parsed.values)
    except InvalidValues as exc:
        for code, message in exc.errors.items():
            row = parsed.rows.get(code)
            outcome.errors.append(Problem(name, message, sheet=sheet, row=row,
                                               cell=f"D{row}" if row else "", code=code))
        return
    except StaleVersion as exc:
        outcome.errors.append(Problem(name, _(
            "Báo cáo của đơn vị %(unit)s đã được sửa sau khi tải mẫu (mẫu ghi phiên bản %(old)s, nay là %(new)s); "
            "hãy tải mẫu mới để không ghi đè thay đổi đó."
        ) % {"unit": parsed.unit.code, "old": parsed.report_version, "new": exc.current}))
        return
    except ReportingError as exc:
        outcome.errors.append(Problem(name, exc.message))
        return
    except PermissionDenied:
        outcome.errors.append(Problem(name, _("Bạn không có quyền nhập báo cáo của đơn vị %(code)s.") % {
            "code": parsed.unit.code}))
        return
    outcome.version = result.report.version if result.report else 0
    outcome.warnings = len(result.warnings)
    if submit:
        _submit(actor, outcome)


def _submit(actor: User, outcome: Outcome) -> None:
    parsed = outcome.parsed
    assert parsed is not None
    try:
        report = report_submit(actor=actor, unit=parsed.unit, period=parsed.period, version=outcome.version)
    except InvalidValues as exc:
        outcome.submitted = False
        codes = ", ".join(sorted(exc.errors))
        outcome.note = f"{exc.message} ({codes})" if codes else exc.message
    except ReportingError as exc:
        outcome.submitted, outcome.note = False, exc.message
    except PermissionDenied:
        outcome.submitted, outcome.note = False, _("Bạn không có quyền gửi báo cáo của đơn vị này.")
    else:
        outcome.submitted, outcome.version = True, report.version


def _summary(outcomes: list[Outcome], submit: bool) -> dict[str, Any]:
    imported = [
        {"file": o.file, "unit": o.unit.code, "unit_name": o.unit.name, "period": o.period.code,
         "version": o.version, "submitted": o.submitted, "note": o.note, "warnings": o.warnings}
        for o in outcomes if not o.errors and o.unit is not None and o.period is not None
    ]
    refused = [
        {"file": o.file, "unit": o.unit.code if o.unit else "", "errors": len(o.errors),
         "message": o.errors[0].text()}
        for o in outcomes if o.errors
    ]
    return {"imported": imported, "refused": refused, "files": len(outcomes), "submit": submit}


def _run(job: Job) -> None:
    with V.catalogues_cached():
        _import(job)


def _import(job: Job) -> None:
    actor = User.objects.get(pk=job.owner_id)  # the actor's rights as they are now
    job_stage(job, _("Đang kiểm tra tệp"))
    with job.input.open("rb") as stored:
        bundle_bytes = stored.read()
    with zipfile.ZipFile(io.BytesIO(bundle_bytes)) as bundle:
        manifest = json.loads(bundle.read(MANIFEST))
        total = _count(bundle, manifest)
        context = _Context(actor, manifest)
        outcomes: list[Outcome] = []
        for name, data, problems in _entries(bundle, manifest):
            outcomes.append(Outcome(name, errors=problems) if data is None else _check_file(context, name, data))
            job_progress(job, len(outcomes), max(total, len(outcomes)), span=(0, CHECK_SHARE))
    _refuse_duplicates(outcomes)
    submit = bool(manifest.get("submit"))
    ready = [o for o in outcomes if o.parsed is not None and not o.errors]
    job_stage(job, _("Đang lưu báo cáo"))
    for done, outcome in enumerate(ready, start=1):
        _save(actor, outcome, submit)  # one transaction per file (report_save's own)
        job_progress(job, done, len(ready), span=(CHECK_SHARE, 100))
    summary = _summary(outcomes, submit)
    errors = [error.as_dict() for outcome in outcomes for error in outcome.errors]
    if summary["imported"]:
        job.errors = errors
        Job.objects.filter(pk=job.pk).update(errors=errors)
        job_finish(job, result=summary)
    else:
        job_fail(job, errors=errors, result=summary)


def import_payload(job: Job) -> dict[str, Any]:
    """A report import job as the API shows it."""
    result = job.result or {}
    return {
        "id": job.pk,
        "status": job.status,
        "progress": job.progress,
        "errors": [
            {"file": e.get("file", ""), "sheet": e.get("sheet", ""), "row": e.get("row"), "cell": e.get("cell", ""),
             "message": e.get("message", "")}
            for e in job.errors
        ],
        "stage": job.stage,
        "imported": result.get("imported", []),
        "refused": result.get("refused", []),
        "created_at": job.created_at.isoformat(),
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
    }
