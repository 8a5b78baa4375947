"""What the dashboard page reads: a unit's totals, its trend, its direct subordinates.

Every figure comes from the stored totals (Rollup) through selectors.aggregate and
indicator_value. The subordinates cost a fixed number of queries whatever their number: their
Rollup rows for the period in one query and the units each one expects to report in one
grouped query per half-year.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol, TypeVar

from django.conf import settings
from django.db.models import Sum

from greenplan.analytics.classification.scores import Classification, classify_many
from greenplan.analytics.comparison import Comparison, compare_previous
from greenplan.analytics.comparison import previous_code as comparison_previous_code
from greenplan.analytics.evaluation import NO_DATA, TargetCheck, evaluate, status_of, targets_for_units
from greenplan.analytics.selectors import (
    Aggregate,
    active_indicators,
    aggregate,
    indicator_value,
    periods_of,
    rollup_parts,
    scope_for,
)
from greenplan.orgs.models import Unit
from greenplan.orgs.selectors import unit_children
from greenplan.reporting.expected import expected_counts
from greenplan.reporting.models import Indicator, Period, Rollup

# Item 7.3 of the province plan: green procurement; its target comes from the plans in force.
GREEN_PROCUREMENT = "G7_GREEN_PROCUREMENT_RATE"
DEFAULT_INDICATOR = GREEN_PROCUREMENT


def pct(numerator: Decimal | int, denominator: Decimal | int) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def period_codes() -> list[str]:
    """Every half-year and year that exists, oldest first: "2025H2", "2025", "2026H1", …"""
    halves = list(Period.objects.order_by("year", "half").values_list("code", "year"))
    return [code for code, _year in halves]


def year_codes() -> list[str]:
    return [str(y) for y in Period.objects.order_by("year").values_list("year", flat=True).distinct()]


def is_year(code: str) -> bool:
    return "H" not in code.upper()


def normalise_code(code: str) -> str:
    """The stored form of a period code ("2026h1" → "2026H1"); 404 for an unknown period."""
    periods = periods_of(code)
    return str(periods[0].year) if is_year(code) else periods[0].code


def series_codes(code: str) -> list[str]:
    """The periods a trend runs over: every half-year for a half-year, every year for a year."""
    return year_codes() if is_year(code) else period_codes()


def previous_code(code: str) -> str | None:
    return comparison_previous_code(code)


def newest_code_with_data(unit: Unit) -> str | None:
    """The newest half-year in which the unit's subtree has a submitted or approved report."""
    codes = Rollup.objects.filter(unit=unit, scope=Rollup.Scope.COUNTED, reports__gt=0, period__contains="H")
    return codes.order_by("-period").values_list("period", flat=True).first()


@dataclass
class IndicatorRow:
    indicator: Indicator
    value: Decimal | None
    share: Decimal | None
    previous: Decimal | None

    @property
    def change(self) -> Decimal | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def change_pct(self) -> Decimal | None:
        change = self.change
        if change is None or not self.previous:
            return None
        return pct(change, abs(self.previous))


@dataclass
class IndicatorGroup:
    group: int
    rows: list[IndicatorRow] = field(default_factory=list)


def indicator_table(agg: Aggregate, prev: Aggregate | None, inds: list[Indicator]) -> list[IndicatorGroup]:
    groups: dict[int, IndicatorGroup] = {}
    for ind in inds:
        group = groups.setdefault(ind.group, IndicatorGroup(ind.group))
        group.rows.append(IndicatorRow(
            ind, agg.values.get(ind.code), agg.shares.get(ind.code),
            prev.values.get(ind.code) if prev else None,
        ))
    return [groups[g] for g in sorted(groups)]


def trend(unit: Unit, code: str, approved_only: bool, ind: Indicator) -> list[tuple[str, Decimal | None]]:
    """The indicator in every period of the series: one query for all of them."""
    codes = series_codes(code)
    rows = {r.period: r for r in Rollup.objects.filter(unit=unit, scope=scope_for(approved_only), period__in=codes)}
    return [(c, indicator_value(ind, rollup_parts(rows.get(c), [ind]))) for c in codes]


@dataclass
class SubordinateRow:
    unit: Unit
    value: Decimal | None
    values: dict[str, Decimal | None]
    expected: int
    submitted: int
    approved: int
    on_time: int
    rank: int | None = None
    rankable: bool = True  # enough of its reports are in to be ranked (RANKING_MIN_REPORTED_PCT)
    received: int = 0  # the reports its figures count: submitted and approved, or approved only
    target_status: str | None = None  # the chosen indicator against the unit's own target
    classification: Classification | None = None

    @property
    def submitted_pct(self) -> Decimal | None:
        return pct(self.submitted, self.expected)

    @property
    def approved_pct(self) -> Decimal | None:
        return pct(self.approved, self.expected)


def complete_enough(received: int, expected: int) -> bool:
    """Whether a unit's subtree has sent enough of its reports for its figures to be ranked."""
    return expected > 0 and received * 100 >= expected * settings.RANKING_MIN_REPORTED_PCT


class RankedRow(Protocol):
    value: Decimal | None
    rankable: bool
    rank: int | None


Row = TypeVar("Row", bound=RankedRow)


def rank_by_value(rows: list[Row], name: Callable[[Row], str]) -> None:
    """The one ranking rule, in place: the rows complete enough by value, highest first (equal
    values share a rank); rows without a value come next, then those with too few reports in,
    unranked; ties in order by `name`."""
    rows.sort(key=lambda r: (not r.rankable, r.value is None, -(r.value or 0), name(r)))
    previous, rank = None, 0
    for i, row in enumerate(rows, start=1):
        if row.value is None or not row.rankable:
            continue
        if row.value != previous:
            rank, previous = i, row.value
        row.rank = rank


def rank_rows(rows: list[SubordinateRow], approved_only: bool) -> None:
    """Rank the direct subordinates' rows (`rank_by_value`) once their completeness is known."""
    for row in rows:
        row.received = row.approved if approved_only else row.submitted
        row.rankable = complete_enough(row.received, row.expected)
    rank_by_value(rows, lambda r: r.unit.name)


def period_rollups(units: list[Unit], code: str, approved_only: bool) -> dict[tuple[int, str], Rollup]:
    """{(unit id, scope): stored row} of `units` in the (normalised) period, for `subordinates`
    and `classify_many` to share: the figures' scope with its parts, the other scope without
    them, since only its report counts are read (decoding the parts is most of a row's cost)."""
    ids = [u.pk for u in units]  # ids rather than instances: cheaper to bind in an IN list
    scope = scope_for(approved_only)
    other = Rollup.Scope.COUNTED if approved_only else Rollup.Scope.APPROVED
    rows = list(Rollup.objects.filter(unit__in=ids, period=code, scope=scope))
    rows += Rollup.objects.filter(unit__in=ids, period=code, scope=other).defer("data")
    return {(r.unit_id, r.scope): r for r in rows}


def subordinates(unit: Unit, children: list[Unit], code: str, approved_only: bool, ind: Indicator | None,
                 inds: list[Indicator], targets: dict[int, list],
                 rollups: dict[tuple[int, str], Rollup] | None = None) -> list[SubordinateRow]:
    """The direct subordinates with the chosen indicator, ranked by `rank_rows`, each checked
    against its own target for it. `rollups`: the children's rows from `period_rollups`, when the
    caller already read them."""
    if not children:
        return []
    by_unit = period_rollups(children, code, approved_only) if rollups is None else rollups
    expected = expected_counts(children, periods_of(code))
    scope = scope_for(approved_only)
    by_code = {i.code: i for i in inds}
    rows = []
    for child in children:
        # Only what the page shows of a subordinate: the chosen indicator and those its targets name.
        codes = {ind.code if ind else "", *(t.indicator.code for t, _p in targets.get(child.pk, []))}
        shown = [by_code[c] for c in codes if c in by_code]
        data = rollup_parts(by_unit.get((child.pk, scope)), shown)
        counted = by_unit.get((child.pk, Rollup.Scope.COUNTED))
        approved = by_unit.get((child.pk, Rollup.Scope.APPROVED))
        values = {i.code: indicator_value(i, data) for i in shown}
        rows.append(SubordinateRow(
            unit=child,
            value=values.get(ind.code) if ind else None,
            values=values,
            expected=expected[child.pk],
            submitted=counted.reports if counted else 0,
            approved=approved.reports if approved else 0,
            on_time=counted.on_time if counted else 0,
            target_status=status_of(values, targets.get(child.pk, []), ind.code) if ind else None,
        ))
    rank_rows(rows, approved_only)
    return rows


@dataclass
class Dashboard:
    unit: Unit
    code: str
    approved_only: bool
    aggregate: Aggregate
    previous: Aggregate | None  # only when the comparison rule allows comparing the two periods
    previous_code: str | None
    comparison: Comparison
    indicators: list[Indicator]
    indicator: Indicator | None
    groups: list[IndicatorGroup]
    trend: list[tuple[str, Decimal | None]]
    subordinates: list[SubordinateRow]
    targets: list[TargetCheck] = field(default_factory=list)

    def target_on(self, code: str) -> TargetCheck | None:
        return next((t for t in self.targets if t.target.indicator.code == code), None)

    @property
    def green_target(self) -> TargetCheck | None:
        return self.target_on(GREEN_PROCUREMENT)

    @property
    def chosen_target(self) -> TargetCheck | None:
        return self.target_on(self.indicator.code) if self.indicator else None

    def subordinate_counts(self, code: str) -> dict[str, int]:
        """How many direct subordinates meet, miss or have no data for their target on `code`."""
        counts = {"met": 0, "not_met": 0, NO_DATA: 0}
        for row in self.subordinates:
            status = status_of(row.values, self.child_targets.get(row.unit.pk, []), code)
            if status:
                counts[status] += 1
        return counts

    child_targets: dict[int, list] = field(default_factory=dict)
    classification: Classification | None = None
    registered_members: int = 0  # the unit register's count for the subtree, what the home page shows

    @property
    def received(self) -> int:
        """The reports the figures add up: submitted and approved ones, or approved ones only."""
        return self.aggregate.approved if self.approved_only else self.aggregate.submitted

    @property
    def unranked(self) -> list[SubordinateRow]:
        """Subordinates with too few reports in to be ranked, listed apart."""
        return [row for row in self.subordinates if not row.rankable]
    all_indicators: list[Indicator] = field(default_factory=list)  # the active catalogue, not only chartable

    @property
    def members(self) -> Decimal | None:
        return self.aggregate.values.get("MEMBERS")

    @property
    def workers(self) -> Decimal | None:
        return self.aggregate.values.get("WORKERS")

    @property
    def green_rate(self) -> Decimal | None:
        return self.aggregate.values.get(GREEN_PROCUREMENT)

    @property
    def green_met(self) -> bool | None:
        target = self.green_target
        return target.met if target else None

    @property
    def submitted_pct(self) -> Decimal | None:
        return pct(self.aggregate.submitted, self.aggregate.expected)

    @property
    def approved_pct(self) -> Decimal | None:
        return pct(self.aggregate.approved, self.aggregate.expected)

    @property
    def on_time_pct(self) -> Decimal | None:
        return pct(self.aggregate.on_time, self.aggregate.submitted)


def registered_members(unit: Unit) -> int:
    """Members of the subtree's active units as the unit register records them."""
    total = Unit.objects.subtree_of(unit).active().aggregate(n=Sum("members"))["n"]
    return int(total or 0)


def build(unit: Unit, code: str, approved_only: bool = False, indicator_code: str = "") -> Dashboard:
    code = normalise_code(code)
    inds = active_indicators()
    chartable = [i for i in inds if i.type != Indicator.Type.YESNO or i.aggregation == Indicator.Aggregation.YES_COUNT]
    by_code = {i.code: i for i in chartable}
    ind = (by_code.get(indicator_code.strip().upper()) or by_code.get(DEFAULT_INDICATOR)
           or (chartable[0] if chartable else None))
    agg = aggregate(unit, code, approved_only, inds)
    children = list(unit_children(unit))
    targets = targets_for_units([unit, *children], code)
    rollups = period_rollups([unit, *children], code, approved_only)
    classes = classify_many([unit, *children], code, approved_only, rollups=rollups)
    compared = compare_previous(unit, agg, approved_only, inds)
    prev = compared.previous
    board = Dashboard(
        unit=unit,
        code=code,
        approved_only=approved_only,
        aggregate=agg,
        previous=prev,
        previous_code=compared.previous_code,
        comparison=compared,
        indicators=chartable,
        indicator=ind,
        groups=indicator_table(agg, prev, inds),
        trend=trend(unit, code, approved_only, ind) if ind else [],
        subordinates=subordinates(unit, children, code, approved_only, ind, inds, targets, rollups),
        targets=evaluate(agg, targets[unit.pk]),
        child_targets=targets,
        classification=classes.get(unit.pk),
        registered_members=registered_members(unit),
        all_indicators=inds,
    )
    for row in board.subordinates:
        row.classification = classes.get(row.unit.pk)
    return board
