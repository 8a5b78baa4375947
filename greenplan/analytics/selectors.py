"""Reading subtree totals: each indicator by its own rule, plus completeness."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.http import Http404

from greenplan.orgs.models import Unit
from greenplan.reporting.expected import expected_counts
from greenplan.reporting.models import Indicator, Period, Rollup
from greenplan.reporting.periods import parse_period_code
from greenplan.reporting.values import as_json_number


@dataclass
class Aggregate:
    unit: Unit
    period: str
    scope: str
    values: dict[str, Decimal | None]
    shares: dict[str, Decimal | None]  # yes/no indicators: share of reporting units answering yes
    expected: int
    submitted: int
    approved: int
    on_time: int


def periods_of(code: str) -> list[Period]:
    try:
        year, half = parse_period_code(code)
    except ValueError:
        raise Http404(code) from None
    qs = Period.objects.filter(year=year)
    periods = list(qs.filter(half=half) if half else qs.order_by("half"))
    if not periods:
        raise Http404(code)
    return periods


def percent(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    if not denominator:
        return None
    return (numerator * 100 / denominator).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def yes_share(total: tuple[Decimal, int] | None) -> Decimal | None:
    """A yes/no indicator's share of reporting units answering yes, in %."""
    return percent(total[0], Decimal(total[1])) if total else None


def indicator_value(ind: Indicator, data: dict[str, tuple[Decimal, int]]) -> Decimal | None:
    """One indicator's value from summed parts: Σ for sums and yes-counts, Σ/n for means,
    Σnumerator / Σdenominator × 100 for ratios (never an average of ratios)."""
    if ind.aggregation == Indicator.Aggregation.RATIO:
        if not (ind.numerator and ind.denominator):
            return None
        num, den = data.get(ind.numerator.code), data.get(ind.denominator.code)
        if num is None or den is None:
            return None
        return combine(ind.aggregation, num[0], den[0])
    total = data.get(ind.code)
    if total is None:
        return None
    return combine(ind.aggregation, total[0], Decimal(total[1]))


def combine(aggregation: str, first: Decimal, second: Decimal) -> Decimal | None:
    """The arithmetic of `indicator_value` on the parts it read: (Σ, n) of the indicator, or the
    numerator's and the denominator's Σ for a ratio. Also what SQLite calls to rank in SQL
    (`analytics.level_sql`)."""
    if aggregation == Indicator.Aggregation.RATIO:
        return percent(first, second)
    if aggregation == Indicator.Aggregation.MEAN:
        return (first / second).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return first


def rollup_parts(row: Rollup | None, only: list[Indicator] | None = None) -> dict[str, tuple[Decimal, int]]:
    """A stored row's parts as decimals: {code: (Σ, reports with a value)}; with `only`, just what
    those indicators are computed from (themselves, their numerator and denominator)."""
    if row is None:
        return {}
    data = row.data
    if only is None:
        return {code: (Decimal(s), n) for code, (s, n) in data.items()}
    # Look the few codes up rather than scan the row's whole catalogue (~60 codes), row after row.
    codes = {c for i in only for c in (i.code, i.numerator.code if i.numerator else "",
                                        i.denominator.code if i.denominator else "")}
    return {code: (Decimal(part[0]), part[1]) for code in codes if (part := data.get(code)) is not None}


def scope_for(approved_only: bool) -> str:
    """Which stored rows answer: submitted and approved reports, or approved ones only."""
    return Rollup.Scope.APPROVED if approved_only else Rollup.Scope.COUNTED


def period_key(period_code: str, periods: list[Period]) -> str:
    """The stored rows' period: the half-year's code, or the year."""
    return periods[0].code if len(periods) == 1 and "H" in period_code.upper() else str(periods[0].year)


def active_indicators() -> list[Indicator]:
    return list(Indicator.objects.filter(retired_at__isnull=True).select_related("numerator", "denominator"))


def aggregate_many(units: list[Unit], period_code: str, approved_only: bool = False,
                   indicators: list[Indicator] | None = None) -> dict[int, Aggregate]:
    """The subtree totals of several units (e.g. every province) in five queries whatever their
    number: the periods, the catalogue (unless the caller has it), the stored rows of both scopes,
    the expected counts."""
    periods = periods_of(period_code)
    key = period_key(period_code, periods)
    scope = scope_for(approved_only)
    rows = {(r.unit_id, r.scope): r for r in Rollup.objects.filter(unit__in=units, period=key)}
    indicators = active_indicators() if indicators is None else indicators
    expected = expected_counts(units, periods)
    result = {}
    for unit in units:
        row = rows.get((unit.pk, scope))
        data = rollup_parts(row)
        counted, approved = rows.get((unit.pk, Rollup.Scope.COUNTED)), rows.get((unit.pk, Rollup.Scope.APPROVED))
        values, shares = {}, {}
        for ind in indicators:
            values[ind.code] = indicator_value(ind, data)
            if ind.aggregation == Indicator.Aggregation.YES_COUNT:
                shares[ind.code] = yes_share(data.get(ind.code))
        result[unit.pk] = Aggregate(
            unit=unit,
            period=key,
            scope=scope,
            values=values,
            shares=shares,
            expected=expected[unit.pk],
            submitted=counted.reports if counted else 0,
            approved=approved.reports if approved else 0,
            on_time=counted.on_time if counted else 0,
        )
    return result


def aggregate(unit: Unit, period_code: str, approved_only: bool = False,
              indicators: list[Indicator] | None = None) -> Aggregate:
    return aggregate_many([unit], period_code, approved_only, indicators)[unit.pk]


def aggregate_payload(agg: Aggregate) -> dict:
    return {
        "unit": agg.unit.code,
        "period": agg.period,
        "status": "approved" if agg.scope == Rollup.Scope.APPROVED else "submitted,approved",
        "values": {code: as_json_number(v) for code, v in agg.values.items()},
        "yes_shares": {code: as_json_number(v) for code, v in agg.shares.items()},
        "completeness": {
            "expected": agg.expected,
            "submitted": agg.submitted,
            "approved": agg.approved,
            "on_time": agg.on_time,
        },
    }
