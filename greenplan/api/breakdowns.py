"""A unit's subtree split by unit kind, sector and ownership type, computed at request time."""

from typing import Literal

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema

from greenplan.analytics.breakdown.exports import BreakdownExporter
from greenplan.analytics.breakdown.tables import (
    DEFAULT_BY,
    DEFAULT_INDICATORS,
    Breakdown,
    BreakdownError,
    Row,
    breakdown,
)
from greenplan.api.downloads import FileFormat, file_answer
from greenplan.api.errors import ApiError
from greenplan.api.report_schemas import ErrorOut
from greenplan.api.schemas import HalfYearOrYear, UnitCode
from greenplan.api.units import scoped_unit
from greenplan.reporting.values import as_json_number

router = Router(tags=["aggregates"])

Number = float | int | None


class BreakdownGroupOut(Schema):
    dimension: str
    code: str | None  # null: the unit has no sector / ownership type ("Chưa phân loại")
    label: str


class RowOut(Schema):
    groups: list[BreakdownGroupOut]
    expected: int
    reports: int
    values: dict[str, Number]
    yes_shares: dict[str, Number]


class BreakdownOut(Schema):
    unit: str
    period: str
    status: str
    by: list[str]
    indicators: list[str]
    rows: list[RowOut]
    total: RowOut


def _row(row: Row) -> dict:
    return {
        "groups": [{"dimension": g.dimension, "code": g.code, "label": g.label} for g in row.groups],
        "expected": row.expected,
        "reports": row.reports,
        "values": {code: as_json_number(v) for code, v in row.values.items()},
        "yes_shares": {code: as_json_number(v) for code, v in row.shares.items()},
    }


def breakdown_payload(result: Breakdown) -> dict:
    return {
        "unit": result.unit.code,
        "period": result.period,
        "status": "approved" if result.approved_only else "submitted,approved",
        "by": list(result.by),
        "indicators": [i.code for i in result.indicators],
        "rows": [_row(r) for r in result.rows],
        "total": _row(result.total),
    }


@router.get(
    "/{unit}/{period}",
    response={200: BreakdownOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="A unit's subtree by unit kind, sector and ownership type",
    description=(
        "One row per combination of the chosen dimensions (`by`: one or two of `kind`, `sector`, "
        "`ownership`, comma-separated; default `sector,ownership`). A unit without a sector or "
        "ownership type is in the group whose `code` is null. Units are grouped by their current "
        "classification. Each row has the units expected to report (summed over the halves of a "
        "year), the reports counted, and each indicator of `indicators` (comma-separated codes; "
        f"default `{','.join(DEFAULT_INDICATORS)}`) by the same rules as `/aggregates`: sums; ratios as "
        "Σnumerator / Σdenominator × 100; yes/no as the number of units answering yes (their share in "
        "`yes_shares`); means as Σ / number of reports; a year adds flows and takes each unit's latest "
        "stock. `total` equals `/aggregates` for the same unit and period. Submitted and approved "
        "reports count; `?status=approved` counts approved ones only."
    ),
)
def subtree_breakdown(
    request: HttpRequest,
    unit: UnitCode,
    period: HalfYearOrYear,
    by: str = ",".join(DEFAULT_BY),
    indicators: str = ",".join(DEFAULT_INDICATORS),
    status: Literal["approved", "submitted"] | None = None,
) -> dict:
    target = scoped_unit(request, unit)
    try:
        result = breakdown(target, period, indicators, by=by, approved_only=status == "approved")
    except Http404:
        raise ApiError(404, _("Không tìm thấy kỳ báo cáo %(code)s.") % {"code": period.upper()}) from None
    except BreakdownError as exc:
        raise ApiError(422, str(exc)) from None
    return breakdown_payload(result)


@router.get(
    "/{unit}/{period}/table.{fmt}",
    response={401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="The breakdown table as .xlsx or .csv",
    description="The table of the breakdown page, with the same parameters and figures as the JSON above "
    "(one row per group, then the total).",
    openapi_extra=file_answer("The breakdown table"),
)
def subtree_breakdown_file(
    request: HttpRequest,
    unit: UnitCode,
    period: HalfYearOrYear,
    fmt: FileFormat,
    by: str = ",".join(DEFAULT_BY),
    indicators: str = ",".join(DEFAULT_INDICATORS),
    status: Literal["approved", "submitted"] | None = None,
) -> HttpResponse:
    target = scoped_unit(request, unit)
    try:
        result = breakdown(target, period, indicators, by=by, approved_only=status == "approved")
    except Http404:
        raise ApiError(404, _("Không tìm thấy kỳ báo cáo %(code)s.") % {"code": period.upper()}) from None
    except BreakdownError as exc:
        raise ApiError(422, str(exc)) from None
    return BreakdownExporter(result).response(fmt)
