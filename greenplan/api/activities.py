"""A unit's activities: what it did, with participants, cost and its evidence files."""

import datetime
from typing import Annotated

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from greenplan.activities.selectors import unit_activities
from greenplan.api.errors import ApiError
from greenplan.api.report_schemas import ErrorOut
from greenplan.api.schemas import PERIOD_OR_YEAR_PATTERN, UnitCode
from greenplan.api.units import scoped_unit
from greenplan.reporting.selectors import period_by_code

router = Router(tags=["activities"])


class EvidenceOut(Schema):
    id: int
    name: str
    size: int


class ActivityOut(Schema):
    id: int
    unit: str
    kind: str
    title: str
    description: str
    findings: str
    item: str | None
    start_on: datetime.date
    end_on: datetime.date | None
    participants: int | None
    cost: int | None
    evidence: list[EvidenceOut]


def _dates(code: str) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a half-year period that exists, or of a calendar year."""
    if len(code) == 4:
        year = int(code)
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    try:
        period = period_by_code(code)
    except Http404:
        raise ApiError(404, _("Không tìm thấy kỳ báo cáo %(code)s.") % {"code": code.upper()}) from None
    return period.start, period.end


@router.get(
    "/{unit}",
    response={200: list[ActivityOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="A unit's activities",
    description=(
        "The activities the unit recorded (its own, not those of the units below it), newest first. "
        "`period`: a half-year (`2025H1`; 404 when no such period exists) or a year (`2025`) keeps "
        "the activities that started in it. `kind` is one of `propaganda`, `training`, "
        "`environment_day`, `tree_planting`, `dialogue`, `inspection`, `other`; `item` the code of "
        "the plan item it carries out; `cost` in đồng. 403 outside the caller's scope."
    ),
)
def activity_list(
    request: HttpRequest,
    unit: UnitCode,
    period: Annotated[str | None, Query(pattern=PERIOD_OR_YEAR_PATTERN,
                                        description="A half-year (`2025H1`) or a year (`2025`)")] = None,
) -> list[ActivityOut]:
    target = scoped_unit(request, unit)
    rows = unit_activities(target)
    if period:
        start, end = _dates(period.upper())
        rows = rows.filter(start_on__gte=start, start_on__lte=end)
    return [
        ActivityOut(id=a.pk, unit=target.code, kind=a.kind, title=a.title, description=a.description,
                    findings=a.findings, item=a.item.code if a.item else None, start_on=a.start_on,
                    end_on=a.end_on, participants=a.participants, cost=a.cost,
                    evidence=[EvidenceOut(id=e.pk, name=e.name, size=e.size) for e in a.evidence.all()])
        for a in rows
    ]
