"""Excel round-trip (issue #11): report templates, a superior's .zip of them, and imports.

Thin over greenplan.exchange: the templates are built by `exchange.template`, imports stored
and run as background jobs by `exchange.imports`; rights come from greenplan.accounts.access.
"""

from typing import Annotated, Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Path, Router, Schema, Status, UploadedFile

from greenplan.accounts.access import may_collect_templates, may_download_template
from greenplan.accounts.models import User
from greenplan.api.errors import ApiError
from greenplan.api.report_schemas import ErrorOut, InvalidOut
from greenplan.api.schemas import HalfYear, UnitCode
from greenplan.api.units import scoped_unit
from greenplan.exchange import template as T
from greenplan.exchange.imports import ImportRefused, import_payload, reports_import_start
from greenplan.jobs.models import Job, JobKind
from greenplan.jobs.selectors import job_for_user
from greenplan.jobs.sweep import jobs_reap_dead_when_read
from greenplan.orgs.models import Unit
from greenplan.reporting.models import Period
from greenplan.reporting.selectors import period_by_code

reports_router = Router(tags=["reports"])
aggregates_router = Router(tags=["aggregates"])
imports_router = Router(tags=["imports"])

REFUSALS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def _binary(media_type: str, description: str) -> dict[str, Any]:
    return {"responses": {200: {"description": description,
                                "content": {media_type: {"schema": {"type": "string", "format": "binary"}}}}}}


def _period(code: str) -> Period:
    try:
        return period_by_code(code)
    except Http404:
        raise ApiError(404, _("Không tìm thấy kỳ báo cáo %(code)s.") % {"code": code.upper()}) from None


def _download(content: bytes, media_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@reports_router.get(
    "/{unit}/{period}/template.xlsx",
    response=REFUSALS,
    openapi_extra=_binary(T.XLSX, "The unit's report template for the period (.xlsx)."),
    summary="The Excel template of a unit's report",
    description="One indicator per row under a header row with the columns `Mã chỉ tiêu` (the code) and "
    "`Số liệu` (the value), beside the name, the unit of measure and a hint; prefilled with the report's "
    "current values. The sheet is protected except the value cells of entered indicators, which carry a "
    "data validation; derived indicators are locked. A very hidden sheet `Thông tin` (and the defined names "
    "`GP_UNIT`, `GP_PERIOD`, `GP_TEMPLATE_VERSION`, `GP_REPORT_VERSION`) records what the file is for. "
    "Needs the reporter role (or higher) on the unit or above it. Upload it filled to `POST /imports`.",
)
def report_template(request: HttpRequest, unit: UnitCode, period: HalfYear) -> HttpResponse:
    unit_obj = scoped_unit(request, unit)
    period_obj = _period(period)
    if not may_download_template(request.auth, unit_obj):  # type: ignore[attr-defined]
        raise ApiError(403, _("Bạn chỉ được xem báo cáo của đơn vị %(code)s, không được nhập.") % {
            "code": unit_obj.code})
    return _download(T.report_template(unit_obj, period_obj), T.XLSX, T.template_filename(unit_obj, period_obj))


@aggregates_router.get(
    "/{unit}/{period}/templates.zip",
    response={**REFUSALS, 422: InvalidOut},
    openapi_extra=_binary(T.ZIP, "One report template (.xlsx) per unit below the unit, in a .zip."),
    summary="The Excel templates of every unit below a unit (.zip)",
    description="An addition to the contract: one template, as `GET /reports/{unit}/{period}/template.xlsx` "
    "gives it, for each unit strictly below `unit` that reports for the half-year `period`. Needs the "
    "approver role on the unit or above it. 404 when no unit below it reports; 422 above "
    f"{T.MAX_ZIP_TEMPLATES} units (download per subordinate then).",
)
def subordinate_templates(request: HttpRequest, unit: UnitCode, period: HalfYear) -> HttpResponse:
    unit_obj = scoped_unit(request, unit)
    period_obj = _period(period)
    if not may_collect_templates(request.auth, unit_obj):  # type: ignore[attr-defined]
        raise ApiError(403, _("Chỉ người duyệt của đơn vị %(code)s hoặc cấp trên mới tải được mẫu của các đơn vị "
                              "trực thuộc.") % {"code": unit_obj.code})
    try:
        content, count = T.subordinate_templates_zip(unit_obj, period_obj)
    except T.TooManyTemplates:
        raise ApiError(422, _("Quá %(max)s đơn vị trực thuộc; hãy tải mẫu theo từng đơn vị cấp dưới.") % {
            "max": T.MAX_ZIP_TEMPLATES}) from None
    if not count:
        raise ApiError(404, _("Đơn vị %(code)s không có đơn vị trực thuộc phải báo cáo kỳ %(period)s.") % {
            "code": unit_obj.code, "period": period_obj.code})
    return _download(content, T.ZIP, T.templates_zip_filename(unit_obj, period_obj))


class ImportErrorOut(Schema):
    file: str
    sheet: str
    row: int | None
    cell: str
    message: str


class ImportedOut(Schema):
    file: str
    unit: str
    unit_name: str
    period: str
    version: int | None
    submitted: bool | None
    note: str
    warnings: int


class RefusedOut(Schema):
    file: str
    unit: str
    errors: int
    message: str


class ImportOut(Schema):
    id: int
    status: str
    progress: int
    errors: list[ImportErrorOut]
    stage: str
    imported: list[ImportedOut]
    refused: list[RefusedOut]
    created_at: str
    finished_at: str | None


def _scope(request: HttpRequest, unit: str | None) -> Unit | None:
    return scoped_unit(request, unit) if unit else None


@imports_router.post(
    "",
    response={202: ImportOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
    summary="Import filled report templates (.xlsx, or .zip of them)",
    description="multipart/form-data with one or more files, under any field name (`files` documented): "
    "report templates (.xlsx, at most 5 MB each) or .zip files of them (at most 20 MB, 2,000 files, "
    "200 MB inflated); the whole request at most 25 MB (413). The files are checked and saved by a "
    "background job: the answer (202) is the job, to follow with `GET /imports/{id}` until `status` is "
    "`done` (at least one file imported) or `failed` (none). Each file is imported whole or not at all, "
    "with the same checks as `PUT /reports/{unit}/{period}`, at the report version recorded in the "
    "template; every error names the file, sheet, row and cell. `submit=true` also submits each "
    "imported report (a report that cannot be submitted stays saved, with a `note`). Optional `unit` and "
    "`period` restrict the upload to that unit's subtree and that period.",
)
def import_create(
    request: HttpRequest,
    files: File[list[UploadedFile]] = None,  # type: ignore[assignment]
    submit: Form[bool] = False,
    unit: Form[str] = "",
    period: Form[str] = "",
) -> Any:
    user: User = request.auth  # type: ignore[attr-defined]
    uploads = [upload for key in request.FILES for upload in request.FILES.getlist(key)]
    within = _scope(request, unit.strip())
    period_obj = _period(period.strip()) if period.strip() else None
    try:
        job = reports_import_start(actor=user, uploads=uploads, submit=submit, unit=within, period=period_obj)
    except ImportRefused as exc:
        raise ApiError(422, exc.message) from None
    return Status(202, import_payload(job))


@imports_router.get(
    "/{id}",
    response={200: ImportOut, 401: ErrorOut, 404: ErrorOut},
    summary="An import and its progress",
    description="Only its owner sees it (404 for anyone else). `status` is `queued`, `running`, `done` or "
    "`failed`; `progress` 0–100; `errors` every problem, each with file, sheet, row and cell; "
    "`imported` and `refused` the files.",
)
def import_detail(request: HttpRequest, id: Annotated[int, Path(ge=1, le=2**63 - 1)]) -> Any:
    user: User = request.auth  # type: ignore[attr-defined]
    try:
        job = job_for_user(user, id)
    except Http404:
        raise ApiError(404, _("Không tìm thấy lần nhập %(id)s.") % {"id": id}) from None
    if job.kind != JobKind.REPORTS_IMPORT:
        raise ApiError(404, _("Không tìm thấy lần nhập %(id)s.") % {"id": id})
    if job.is_active and jobs_reap_dead_when_read(Job.objects.filter(pk=job.pk)):
        job.refresh_from_db()
    return import_payload(job)
