"""The official documents: the six-monthly report (a unit's own, and a subtree's compiled one)
and the plan, as .docx and as PDF.

The same scope rules as the JSON endpoints beside them (reports: the unit's scope; aggregates:
the unit's scope; plans: the scope and the units above it). A PDF answers 503 where the server
has no LibreOffice; the .docx always works.
"""

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router

from greenplan.api.errors import ApiError
from greenplan.api.plans import _plan
from greenplan.api.report_schemas import ErrorOut
from greenplan.api.reports import _context
from greenplan.api.schemas import HalfYear, HalfYearOrYear, UnitCode
from greenplan.api.units import scoped_unit
from greenplan.documents.plan import build_plan, plan_stem
from greenplan.documents.report import build, compiled_report_data, own_report_data, report_stem
from greenplan.documents.responses import DOCX, PDF, PdfUnavailable, download
from greenplan.plans.selectors import plan_unit_for_user

reports_router = Router(tags=["documents"])
aggregates_router = Router(tags=["documents"])
plans_router = Router(tags=["documents"])

ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
PDF_ERRORS: dict[int, Any] = {**ERRORS, 503: ErrorOut}


def _binary(media_type: str, what: str) -> dict[str, Any]:
    """The OpenAPI description of a 200 that is a file, not JSON."""
    answer: dict[str, Any] = {
        "description": f"{what} (Content-Disposition: attachment with the unit code and period in the filename).",
        "content": {media_type: {"schema": {"type": "string", "format": "binary"}}},
    }
    extra: dict[str, Any] = {"responses": {200: answer}}
    if media_type == PDF:
        extra["responses"][503] = {
            "description": "No PDF converter (LibreOffice) on this server: the .docx still works.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
        }
    return extra


def _send(make: Callable[[], tuple[bytes, str]], extension: str) -> HttpResponse:
    content, name = make()
    try:
        return download(content, f"{name}.{extension}", extension)
    except PdfUnavailable as exc:
        raise ApiError(503, exc.message) from None


def _own(request: HttpRequest, unit: str, period: str) -> tuple[bytes, str]:
    unit_obj, period_obj, _report = _context(request, unit, period)
    data = own_report_data(unit_obj, period_obj)
    return build(data), report_stem(data)


def _compiled(request: HttpRequest, unit: str, period: str) -> tuple[bytes, str]:
    target = scoped_unit(request, unit)
    try:
        data = compiled_report_data(target, period)
    except Http404:
        raise ApiError(404, _("Không tìm thấy kỳ báo cáo %(code)s.") % {"code": period.upper()}) from None
    return build(data), report_stem(data)


def _plan_doc(request: HttpRequest, unit: str) -> tuple[bytes, str]:
    plan = _plan(scoped_unit(request, unit, plan_unit_for_user))
    return build_plan(plan), plan_stem(plan)


OWN = "The unit's own six-monthly report as an official document (Nghị định 30/2020): its figures, their " \
      "change from the previous period and progress to the plan's targets, its difficulties and proposals, " \
      "the next six months' tasks, and an annex table of every indicator. Same access as GET /reports/{unit}/{period}."
COMPILED = "The compiled report of the unit's whole subtree for a half-year or a year (`2025`): figures from " \
           "the stored subtree totals (equal to GET /aggregates/{unit}/{period}), the subordinates' difficulties " \
           "and proposals each under its unit's name, the officer's edits of the drafted sections, and annex " \
           "tables per direct subordinate (completeness and key indicators)."
PLAN = "The unit's current plan laid out like the seed document: purposes and requirements, task groups and " \
       "items with lead units, timing and targets, duties, Nơi nhận and signature. Same access as GET /plans/{unit}."


@reports_router.get("/{unit}/{period}/report.docx", response=ERRORS, summary="A unit's report as .docx",
                    description=OWN, openapi_extra=_binary(DOCX, "The report as .docx"))
def report_docx(request: HttpRequest, unit: UnitCode, period: HalfYear) -> HttpResponse:
    return _send(lambda: _own(request, unit, period), "docx")


@reports_router.get("/{unit}/{period}/report.pdf", response=PDF_ERRORS, summary="A unit's report as PDF",
                    description=OWN + " 503 where no converter is installed.",
                    openapi_extra=_binary(PDF, "The report as PDF"))
def report_pdf(request: HttpRequest, unit: UnitCode, period: HalfYear) -> HttpResponse:
    return _send(lambda: _own(request, unit, period), "pdf")


@aggregates_router.get("/{unit}/{period}/report.docx", response=ERRORS, summary="A subtree's compiled report as .docx",
                       description=COMPILED, openapi_extra=_binary(DOCX, "The compiled report as .docx"))
def compiled_report_docx(request: HttpRequest, unit: UnitCode, period: HalfYearOrYear) -> HttpResponse:
    return _send(lambda: _compiled(request, unit, period), "docx")


@aggregates_router.get("/{unit}/{period}/report.pdf", response=PDF_ERRORS, summary="A subtree's compiled report as PDF",
                       description=COMPILED + " 503 where no converter is installed.",
                       openapi_extra=_binary(PDF, "The compiled report as PDF"))
def compiled_report_pdf(request: HttpRequest, unit: UnitCode, period: HalfYearOrYear) -> HttpResponse:
    return _send(lambda: _compiled(request, unit, period), "pdf")


@plans_router.get("/{unit}/plan.docx", response=ERRORS, summary="A unit's plan as .docx", description=PLAN,
                  openapi_extra=_binary(DOCX, "The plan as .docx"))
def plan_docx(request: HttpRequest, unit: UnitCode) -> HttpResponse:
    return _send(lambda: _plan_doc(request, unit), "docx")


@plans_router.get("/{unit}/plan.pdf", response=PDF_ERRORS, summary="A unit's plan as PDF",
                  description=PLAN + " 503 where no converter is installed.",
                  openapi_extra=_binary(PDF, "The plan as PDF"))
def plan_pdf(request: HttpRequest, unit: UnitCode) -> HttpResponse:
    return _send(lambda: _plan_doc(request, unit), "pdf")
