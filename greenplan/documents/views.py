"""Downloads of the official documents from the pages, and the edit of a compiled report's
drafted sections. The same builders as the API; the same scope rules as the pages beside them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from greenplan.accounts.access import may_decide_proposals, may_draft_compiled_report
from greenplan.accounts.http import SignedInRequest
from greenplan.accounts.selectors import unit_for_user
from greenplan.documents import services
from greenplan.documents.plan import build_plan, plan_stem
from greenplan.documents.proposals import build_proposals, proposals_stem
from greenplan.documents.report import (
    SECTION_KEYS,
    ReportData,
    build,
    compiled_report_data,
    drafted_sections,
    own_report_data,
    report_stem,
)
from greenplan.documents.responses import PdfUnavailable, download
from greenplan.documents.sections import section_rows
from greenplan.emulation.selectors import decided_proposals
from greenplan.plans.selectors import plan_of, plan_unit_for_user
from greenplan.reporting.links import report_url
from greenplan.reporting.selectors import period_by_code, report_context


def _send(request: SignedInRequest, content: bytes, stem: str, fmt: str) -> HttpResponse:
    try:
        return download(content, f"{stem}.{fmt}", fmt)
    except PdfUnavailable as exc:
        return render(request, "documents/unavailable.html", {"message": exc.message}, status=503)


@login_required
def report_document(request: SignedInRequest, unit: str, period: str, fmt: str) -> HttpResponse:
    unit_obj, period_obj, _report = report_context(request.user, unit, period)
    data = own_report_data(unit_obj, period_obj)
    return _send(request, build(data), report_stem(data), fmt)


def _compiled(request: SignedInRequest, unit: str, period: str) -> ReportData:
    unit_obj = unit_for_user(request.user, unit)
    return compiled_report_data(unit_obj, period)


@login_required
def compiled_document(request: SignedInRequest, unit: str, period: str, fmt: str) -> HttpResponse:
    data = _compiled(request, unit, period)
    return _send(request, build(data), report_stem(data), fmt)


@login_required
def plan_document(request: SignedInRequest, unit: str, fmt: str) -> HttpResponse:
    plan = plan_of(plan_unit_for_user(request.user, unit))
    if plan is None:
        raise Http404(unit)
    return _send(request, build_plan(plan), plan_stem(plan), fmt)


@login_required
def proposals_document(request: SignedInRequest, unit: str, fmt: str) -> HttpResponse:
    """The province's approved commendations and sanction recommendations: those who decide them."""
    root = unit_for_user(request.user, unit)
    if root.depth != 1 or not may_decide_proposals(request.user, root):
        raise PermissionDenied
    return _send(request, build_proposals(root, list(decided_proposals(root))), proposals_stem(root), fmt)


@login_required
@require_http_methods(["GET", "POST"])
def sections(request: SignedInRequest, unit: str, period: str) -> HttpResponse:
    """The drafted sections of the unit's compiled report for a half-year, to edit; saving goes
    back to the report page."""
    period_obj = period_by_code(period)
    data = _compiled(request, unit, period_obj.code)
    if not may_draft_compiled_report(request.user, data.unit):
        raise PermissionDenied
    errors: dict[str, str] = {}
    typed: dict[str, str] = {}
    if request.method == "POST":
        typed = {key: request.POST[key] for key in SECTION_KEYS if key in request.POST}
        if request.POST.get("action") == "reset":
            typed = dict.fromkeys(SECTION_KEYS, "")
        try:
            services.report_draft_save(actor=request.user, unit=data.unit, period=data.period, sections=typed,
                                       drafted=drafted_sections(data))
        except ValidationError as exc:
            errors = {key: " ".join(messages_) for key, messages_ in exc.message_dict.items()}
        else:
            messages.success(request, _("Đã lưu nội dung báo cáo tổng hợp; bản .docx và .pdf dùng nội dung này."))
            return redirect(report_url(data.unit, period_obj, "documents"))
    return render(request, "documents/sections.html", {
        "unit": data.unit, "period": period_obj, "rows": section_rows(data, typed, errors),
    }, status=422 if errors else 200)
