"""Pages of the Excel round-trip: template downloads and the import upload (then the job page)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from greenplan.accounts.access import Action, may_collect_templates, may_download_template
from greenplan.accounts.http import SignedInRequest
from greenplan.accounts.selectors import unit_for_user
from greenplan.exchange import template as T
from greenplan.exchange.imports import MAX_FILES, MAX_XLSX_BYTES, MAX_ZIP_BYTES, ImportRefused, reports_import_start
from greenplan.jobs.models import JobKind
from greenplan.jobs.selectors import jobs_for_user
from greenplan.jobs.sweep import jobs_reap_dead_when_read
from greenplan.orgs.models import Unit
from greenplan.reporting.models import Period
from greenplan.reporting.selectors import period_by_code

MB = 1024 * 1024


def _download(content: bytes, media_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def template_download(request: SignedInRequest, unit: str, period: str) -> HttpResponse:
    unit_obj = unit_for_user(request.user, unit)
    period_obj = period_by_code(period)
    if not may_download_template(request.user, unit_obj):
        raise PermissionDenied
    return _download(T.report_template(unit_obj, period_obj), T.XLSX, T.template_filename(unit_obj, period_obj))


@login_required
@require_GET
def templates_zip(request: SignedInRequest, unit: str, period: str) -> HttpResponse:
    unit_obj = unit_for_user(request.user, unit)
    period_obj = period_by_code(period)
    if not may_collect_templates(request.user, unit_obj):
        raise PermissionDenied
    try:
        content, _count = T.subordinate_templates_zip(unit_obj, period_obj)
    except T.TooManyTemplates:
        return render(request, "exchange/too_many.html", {"unit": unit_obj, "max": T.MAX_ZIP_TEMPLATES}, status=422)
    return _download(content, T.ZIP, T.templates_zip_filename(unit_obj, period_obj))


def _target(request: HttpRequest, source: dict[str, str]) -> tuple[Unit | None, Period | None]:
    """The unit and period an upload is restricted to, when the page was opened from a report."""
    user = request.user
    code, period = source.get("unit", "").strip(), source.get("period", "").strip()
    unit_obj = unit_for_user(user, code, Action.VIEW) if code else None  # type: ignore[arg-type]
    return unit_obj, period_by_code(period) if period else None


def _page(request: SignedInRequest, unit: Unit | None, period: Period | None, error: str = "",
          status: int = 200) -> HttpResponse:
    jobs = jobs_for_user(request.user, JobKind.REPORTS_IMPORT)
    jobs_reap_dead_when_read(jobs)  # no worker may be running to see them
    return render(request, "exchange/import.html", {
        "unit": unit, "period": period, "error": error, "recent": jobs[:5],
        "max_files": MAX_FILES, "xlsx_mb": MAX_XLSX_BYTES // MB, "zip_mb": MAX_ZIP_BYTES // MB,
        "request_mb": settings.UPLOAD_MAX_REQUEST_BYTES // MB,
    }, status=status)


def _too_big(request: HttpRequest) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    return length > settings.UPLOAD_MAX_REQUEST_BYTES


@csrf_exempt  # the size is checked before the body is read; the CSRF check (which reads it) follows
@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: SignedInRequest) -> HttpResponse:
    """The upload form; a POST stores the files as a background job and opens its page."""
    if request.method == "POST" and _too_big(request):
        # Refused by the announced length, before Django reads or spools a byte of the body.
        unit, period = _target(request, request.GET)
        return _page(request, unit, period, _("Tải lên quá lớn: tối đa %(mb)s MB mỗi lần; hãy chia thành nhiều lần.")
                     % {"mb": settings.UPLOAD_MAX_REQUEST_BYTES // MB}, status=413)
    return _import(request)


@csrf_protect
def _import(request: SignedInRequest) -> HttpResponse:
    if request.method != "POST":
        unit, period = _target(request, request.GET)
        return _page(request, unit, period)
    unit, period = _target(request, request.POST)
    uploads = request.FILES.getlist("files")
    try:
        job = reports_import_start(actor=request.user, uploads=uploads, submit=request.POST.get("submit") == "1",
                                   unit=unit, period=period)
    except ImportRefused as exc:
        return _page(request, unit, period, exc.message, status=422)
    return redirect("jobs:detail", pk=job.pk)
