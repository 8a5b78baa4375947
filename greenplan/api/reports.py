"""One unit's six-monthly report: read, save, and the workflow submit → return / approve → reopen.

Thin over greenplan.reporting: the services check rights, versions, states and values; their
ReportingError refusals become JSON through the handler in greenplan.api.errors.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Body, Router

from greenplan.accounts.models import User
from greenplan.api.errors import ApiError
from greenplan.api.report_schemas import (
    ActionIn,
    CommentIn,
    ConflictOut,
    ErrorOut,
    InvalidOut,
    ReportIn,
    ReportOut,
    ReportSavedOut,
)
from greenplan.api.schemas import HalfYear, UnitCode
from greenplan.orgs.models import Unit
from greenplan.reporting import services
from greenplan.reporting.models import Period, Report
from greenplan.reporting.selectors import report_context, report_payload
from greenplan.reporting.values import catalogues_cached

router = Router(tags=["reports"])

PATH = "/{unit}/{period}"
READ = {200: ReportOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
ACT = {**READ, 400: ErrorOut, 409: ConflictOut, 422: InvalidOut}


def _context(request: HttpRequest, unit_code: str, period_code: str) -> tuple[Unit, Period, Report | None]:
    """The report after the scope check, with messages that say which code was wrong."""
    user: User = request.auth  # type: ignore[attr-defined]
    try:
        return report_context(user, unit_code, period_code)
    except Http404:
        if not Unit.objects.filter(code=unit_code.strip().upper()).exists():
            raise ApiError(404, _("Không tìm thấy đơn vị %(code)s.") % {"code": unit_code.upper()}) from None
        raise ApiError(404, _("Không tìm thấy kỳ báo cáo %(code)s.") % {"code": period_code.upper()}) from None
    except PermissionDenied:
        raise ApiError(403, _("Đơn vị %(code)s nằm ngoài phạm vi của bạn.") % {"code": unit_code.upper()}) from None


def _as(refusal: str, call: Callable[[], Any]) -> Any:
    """Run a service; its bare PermissionDenied (a role too low for the act) gets `refusal` as message."""
    try:
        return call()
    except PermissionDenied as exc:
        raise ApiError(403, str(exc) or refusal) from None

def _act(request: HttpRequest, unit: str, period: str, refusal: Callable[[Unit], str],
         service: Callable[..., Report], **kwargs: Any) -> dict[str, Any]:
    """One workflow step: scope check, the service (which checks the role), the new state."""
    unit_obj, period_obj, _report = _context(request, unit, period)
    with catalogues_cached():  # the service and the answer read the unit's catalogue once between them
        report = _as(
            refusal(unit_obj),
            lambda: service(actor=request.auth, unit=unit_obj, period=period_obj, **kwargs),  # type: ignore[attr-defined]
        )
        return report_payload(unit_obj, period_obj, report)



def _may_not_report(unit: Unit) -> str:
    return _("Bạn chỉ được xem báo cáo của đơn vị %(code)s, không được nhập hay gửi.") % {"code": unit.code}


def _may_not_approve(unit: Unit) -> str:
    return _(
        "Chỉ người duyệt của đơn vị cấp trên mới được duyệt, trả lại hoặc mở lại báo cáo của đơn vị %(code)s."
    ) % {"code": unit.code}


@router.get(
    PATH,
    response=READ,
    summary="One unit's report for a period",
    description="A unit with no report yet answers an empty draft: `version` 0, every value null. "
    "Derived indicators (ratios) are computed from the entered values.",
)
def report_detail(request: HttpRequest, unit: UnitCode, period: HalfYear) -> dict[str, Any]:
    unit_obj, period_obj, report = _context(request, unit, period)
    return report_payload(unit_obj, period_obj, report)


@router.put(
    PATH,
    response={**ACT, 200: ReportSavedOut},
    summary="Save values and narrative of a draft or returned report",
    description="Send the `version` you read. Values may be partial: codes left out keep their value, "
    "null clears one. 409 when the version is stale (with what changed since), when the report is "
    "submitted or approved, or when the period is closed; 422 with `errors` {code: message} for "
    "invalid values, unknown or derived codes and broken rules — then nothing is saved. "
    "`warnings` lists values saved but worth a second look.",
)
def report_update(request: HttpRequest, unit: UnitCode, period: HalfYear, body: ReportIn) -> dict[str, Any]:
    unit_obj, period_obj, _report = _context(request, unit, period)
    with catalogues_cached():  # the service and the answer read the unit's catalogue once between them
        result = _as(
            _may_not_report(unit_obj),
            lambda: services.report_save(
                actor=request.auth,  # type: ignore[attr-defined]
                unit=unit_obj,
                period=period_obj,
                version=body.version,
                values=body.values,
                narrative=body.narrative,
            ),
        )
        return {**report_payload(unit_obj, period_obj, result.report), "warnings": result.warnings}


@router.post(
    PATH + "/submit",
    response=ACT,
    summary="Submit the report to the superior unit",
    description="Every required indicator must be filled and every rule hold, else 422 with `errors`. "
    "Needs the reporter role (or higher) on the unit or an ancestor, and an open period.",
)
def report_submit(
    request: HttpRequest, unit: UnitCode, period: HalfYear, body: ActionIn = Body(None)  # noqa: B008
) -> dict[str, Any]:
    return _act(
        request, unit, period, _may_not_report, services.report_submit,
        version=body.version if body else None,
    )


@router.post(
    PATH + "/approve",
    response=ACT,
    summary="Approve a submitted report",
    description="Needs the approver role on a strict ancestor of the unit (not on the unit itself). "
    "The report is locked from then on. 409 unless it is submitted.",
)
def report_approve(
    request: HttpRequest, unit: UnitCode, period: HalfYear, body: ActionIn = Body(None)  # noqa: B008
) -> dict[str, Any]:
    return _act(
        request, unit, period, _may_not_approve, services.report_approve,
        version=body.version if body else None,
    )


@router.post(
    PATH + "/return",
    response=ACT,
    summary="Return a submitted report to its unit for correction",
    description="`comment` is required and shown to the unit (422 without it). Same role as approve.",
)
def report_return(
    request: HttpRequest, unit: UnitCode, period: HalfYear, body: CommentIn = Body(None)  # noqa: B008
) -> dict[str, Any]:
    return _act(
        request, unit, period, _may_not_approve, services.report_return,
        comment=body.comment if body else None,
        version=body.version if body else None,
    )


@router.post(
    PATH + "/reopen",
    response=ACT,
    summary="Reopen an approved report so its unit can correct it",
    description="`comment` is required (422 without it). Same role as approve; the report becomes "
    "`returned`.",
)
def report_reopen(
    request: HttpRequest, unit: UnitCode, period: HalfYear, body: CommentIn = Body(None)  # noqa: B008
) -> dict[str, Any]:
    return _act(
        request, unit, period, _may_not_approve, services.report_reopen,
        comment=body.comment if body else None,
        version=body.version if body else None,
    )
