"""Each unit's score and class for a half-year or a year, with its direct subordinates'."""

from typing import Literal

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema

from greenplan.analytics.classification.exports import ClassificationExporter
from greenplan.analytics.classification.scores import classification_payload, classify_many
from greenplan.api.downloads import FileFormat, file_answer
from greenplan.api.errors import ApiError
from greenplan.api.report_schemas import ErrorOut
from greenplan.api.schemas import HalfYearOrYear, UnitCode
from greenplan.api.units import scoped_unit
from greenplan.orgs.selectors import unit_children

router = Router(tags=["classifications"])


class BandOut(Schema):
    label: str
    label_en: str
    min_score: float | int
    colour: str


class CriterionResultOut(Schema):
    id: int
    name: str
    name_en: str
    points: int
    result: Literal["met", "not_met", "no_data"]
    value: float | int | None


class ClassificationOut(Schema):
    unit: str
    name: str
    score: float | int | None
    earned: int
    applicable: int
    band: BandOut | None
    criteria: list[CriterionResultOut]


class ClassificationsOut(Schema):
    period: str
    status: str
    unit: ClassificationOut
    subordinates: list[ClassificationOut]


@router.get(
    "/{unit}/{period}",
    response={200: ClassificationsOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Score and class of a unit and of its direct subordinates",
    description=(
        "Each unit is scored on the criteria the province set: `score` = points `earned` / points "
        "`applicable` × 100. A criterion with no data for the unit (`no_data`: nobody reported the "
        "indicator, a ratio's denominator is 0, the unit files no report of its own) is not applicable "
        "and leaves the denominator; `score` and `band` are null when nothing applies. `band` is the "
        "class with the highest `min_score` the score reaches. Indicator values are the subtree "
        "totals of /aggregates. Submitted and approved reports count; `?status=approved` counts "
        "approved ones only. `period` is a half-year (`2025H1`) or a year (`2025`)."
    ),
)
def unit_classifications(
    request: HttpRequest, unit: UnitCode, period: HalfYearOrYear, status: Literal["approved", "submitted"] | None = None
) -> dict:
    target = scoped_unit(request, unit)
    children = list(unit_children(target))
    try:
        found = classify_many([target, *children], period, approved_only=status == "approved")
    except Http404:
        raise ApiError(404, _("Không tìm thấy kỳ báo cáo %(code)s.") % {"code": period.upper()}) from None
    this = found[target.pk]
    return {
        "period": this.period,
        "status": "approved" if status == "approved" else "submitted,approved",
        "unit": classification_payload(this),
        "subordinates": [classification_payload(found[child.pk]) for child in children],
    }


@router.get(
    "/{unit}/{period}/table.{fmt}",
    response={401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Score and class of a unit and of its direct subordinates as .xlsx or .csv",
    description="The same figures as the JSON above, one row per unit (the unit first, then its direct "
    "subordinates): score, points earned and applicable, class, and each criterion's result.",
    openapi_extra=file_answer("The classification table"),
)
def unit_classifications_file(
    request: HttpRequest, unit: UnitCode, period: HalfYearOrYear, fmt: FileFormat,
    status: Literal["approved", "submitted"] | None = None,
) -> HttpResponse:
    target = scoped_unit(request, unit)
    try:
        exporter = ClassificationExporter(target, period, approved_only=status == "approved")
    except Http404:
        raise ApiError(404, _("Không tìm thấy kỳ báo cáo %(code)s.") % {"code": period.upper()}) from None
    return exporter.response(fmt)
