"""The indicator catalogue and the reporting periods: the same for every signed-in user."""

from django.http import HttpRequest
from ninja import Router

from greenplan.api.report_schemas import IndicatorOut, PeriodOut
from greenplan.reporting.selectors import indicators_listed, periods_listed

indicators_router = Router(tags=["reporting"])
periods_router = Router(tags=["reporting"])


@indicators_router.get(
    "",
    response=list[IndicatorOut],
    summary="The indicator catalogue",
    description="Every active indicator in catalogue order; `?include_retired=true` adds the retired "
    "ones (`active` false). `name` is always Vietnamese and `name_en` English.",
)
def indicator_list(request: HttpRequest, include_retired: bool = False) -> list[IndicatorOut]:
    return [IndicatorOut.of(ind) for ind in indicators_listed(include_retired)]


@periods_router.get(
    "",
    response=list[PeriodOut],
    summary="The reporting periods",
    description="Newest first. Dates are ISO `YYYY-MM-DD`; `label` follows `Accept-Language`.",
)
def period_list(request: HttpRequest) -> list[PeriodOut]:
    return [PeriodOut.of(period) for period in periods_listed()]
