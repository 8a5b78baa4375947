"""Emulation movements and the ranking of a unit's direct subordinates."""

from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Router, Schema

from greenplan.api.errors import ApiError
from greenplan.api.report_schemas import ErrorOut
from greenplan.api.schemas import UnitCode
from greenplan.api.units import scoped_unit
from greenplan.emulation.selectors import ranking, sheet_of, sheets

router = Router(tags=["emulation"])


def _param(description: str, pattern: str) -> Any:
    param = Path(description=description)
    param.json_schema_extra["pattern"] = pattern
    return param


MovementCode = Annotated[str, _param("Movement code, case-insensitive (e.g. `XSD-ATVSLD`).", r"^[A-Za-z0-9._-]{1,40}$")]
Year = Annotated[str, _param("The year of the movement's scoring sheet (e.g. `2025`).", r"^[0-9]{4}$")]


class MovementOut(Schema):
    code: str
    name: str
    year: int


class RankingRowOut(Schema):
    unit: str
    self_score: float | None
    verified_score: float | None
    rank: int | None
    award: str | None


@router.get("/movements", response={200: list[MovementOut], 401: ErrorOut},
            summary="Emulation movements, one row per year that has a scoring sheet")
def movement_list(request: HttpRequest) -> list[MovementOut]:
    return [MovementOut(code=s.movement.code, name=s.movement.name, year=s.year) for s in sheets()]


@router.get(
    "/{movement}/{year}/ranking/{unit}",
    response={200: list[RankingRowOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="The ranking of a unit's direct subordinates in a movement's year",
    description=(
        "One row per direct subordinate of `unit`. `self_score` is the unit's own total once it "
        "has sent its self-scoring to its direct superior, `verified_score` the total the superior "
        "confirmed (the scores are then locked); both null before that. `rank` orders the "
        "verified scores, highest first, and equal scores share a rank (1, 2, 2, 4); null when not "
        "verified. `award` is the code of the highest award level the unit earned — verified score "
        "at or above the level's threshold and every condition of the level met — or null. Rows "
        "come ranked first, then by unit code. 404 for an unknown movement, year or unit; 403 for "
        "a unit outside the caller's scope."
    ),
)
def movement_ranking(request: HttpRequest, movement: MovementCode, year: Year, unit: UnitCode) -> list[RankingRowOut]:
    try:
        sheet = sheet_of(movement, int(year))
    except Http404:
        raise ApiError(404, _("Không tìm thấy phong trào %(code)s năm %(year)s.") % {
            "code": movement.upper(), "year": year}) from None
    parent = scoped_unit(request, unit)
    return [
        RankingRowOut(
            unit=row.unit.code,
            self_score=float(row.self_score) if row.self_score is not None else None,
            verified_score=float(row.verified_score) if row.verified_score is not None else None,
            rank=row.rank,
            award=row.award.code if row.award else None,
        )
        for row in ranking(sheet, parent)
    ]
