"""Subtree totals of any unit for a half-year or a year, read from the stored roll-ups."""

from typing import Literal

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema

from greenplan.analytics.breakdown.exports import SubordinatesExporter
from greenplan.analytics.dashboard import normalise_code
from greenplan.analytics.selectors import aggregate, aggregate_payload
from greenplan.api.downloads import FileFormat, file_answer
from greenplan.api.errors import ApiError
from greenplan.api.report_schemas import ErrorOut
from greenplan.api.schemas import HalfYearOrYear, UnitCode
from greenplan.api.units import scoped_unit

router = Router(tags=["aggregates"])


class CompletenessOut(Schema):
    expected: int
    submitted: int
    approved: int
    on_time: int


class AggregateOut(Schema):
    unit: str
    period: str
    status: str
    values: dict[str, float | int | None]
    yes_shares: dict[str, float | int | None]
    completeness: CompletenessOut


@router.get(
    "/{unit}/{period}",
    response={200: AggregateOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Totals of a unit's whole subtree",
    description=(
        "Every indicator over the unit and all units below it, by the indicator's rule: sums; "
        "ratios as Σnumerator / Σdenominator × 100; yes/no as the number of units answering yes "
        "(their share in `yes_shares`); means as Σ / number of reports. Submitted and approved "
        "reports count; `?status=approved` counts approved ones only. `period` is a half-year "
        "(`2025H1`) or a year (`2025`): a year adds flows and takes each unit's latest headcounts."
    ),
)
def subtree_totals(
    request: HttpRequest, unit: UnitCode, period: HalfYearOrYear, status: Literal["approved", "submitted"] | None = None
) -> dict:
    target = scoped_unit(request, unit)
    try:
        agg = aggregate(target, period, approved_only=status == "approved")
    except Http404:
        raise ApiError(404, _("Không tìm thấy kỳ báo cáo %(code)s.") % {"code": period.upper()}) from None
    return aggregate_payload(agg)


@router.get(
    "/{unit}/{period}/subordinates.{fmt}",
    response={401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Totals of each direct subordinate as .xlsx or .csv",
    description="One row per direct subordinate of the unit: its completeness and every indicator over its "
    "subtree, each equal to `/aggregates/{subordinate}/{period}` (same `status`). The dashboard's download.",
    openapi_extra=file_answer("Totals by direct subordinate"),
)
def subordinate_totals_file(
    request: HttpRequest, unit: UnitCode, period: HalfYearOrYear, fmt: FileFormat,
    status: Literal["approved", "submitted"] | None = None,
) -> HttpResponse:
    target = scoped_unit(request, unit)
    try:
        code = normalise_code(period)
    except Http404:
        raise ApiError(404, _("Không tìm thấy kỳ báo cáo %(code)s.") % {"code": period.upper()}) from None
    return SubordinatesExporter(target, code, status == "approved").response(fmt)
