"""Who must report, and how many: one rule, its count stored for the units with children.

The rule (`expected_units`, `reports_itself` for one unit in hand): every unit that existed
during the period reports to its superior, except a root. A leaf's answer is read from its own row.
For a unit with children the count is stored per period (ExpectedCount) and stamped with the
tree's version; the first read after any change to the tree recomputes the period for the
whole tree in one pass, because a national count at request time takes longer than the
100 ms the national roll-up is allowed.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import Any, NamedTuple, Protocol

from django.db import transaction
from django.db.models import Case, Q, QuerySet, Value, When
from django.db.models.expressions import Combinable

from greenplan.orgs.models import TreeVersion, Unit, subtree_q
from greenplan.reporting.models import ExpectedCount, Period


def active_during(period: Period) -> Q:
    """Units that existed at some time during the period."""
    return Q(valid_from__lte=period.end) & (Q(valid_to__isnull=True) | Q(valid_to__gt=period.start))


def expected_units(period: Period, within: Unit | None = None) -> QuerySet[Unit]:
    """The units that must report for the period, in `within`'s subtree (itself included) or
    in the whole tree: every unit that existed during the period, except a root, which has no
    superior in the system to report to."""
    units = Unit.objects.filter(active_during(period), depth__gt=1)
    return units.filter(subtree_q(within.path)) if within is not None else units


class UnitSpan(Protocol):
    """What the rule reads of a unit: a Unit, or a row read thinly (values_list) at scale."""

    @property
    def pk(self) -> Any: ...
    @property
    def depth(self) -> int: ...
    @property
    def numchild(self) -> int: ...
    @property
    def valid_from(self) -> datetime.date: ...
    @property
    def valid_to(self) -> datetime.date | None: ...


def reports_itself(unit: UnitSpan, period: Period) -> bool:
    """`expected_units`' rule for one unit already read: whether it must report for the period."""
    return (unit.depth > 1 and unit.valid_from <= period.end
            and (unit.valid_to is None or unit.valid_to > period.start))


def _compute(period: Period) -> dict[str, int]:
    """{path of a unit with children: units expected in its subtree} for the whole tree."""
    counts: dict[str, int] = defaultdict(int)
    step = Unit.steplen
    reporting = expected_units(period).values_list("path", flat=True)
    for path in reporting.iterator(chunk_size=20_000):
        for end in range(step, len(path) + 1, step):
            counts[path[:end]] += 1
    return counts


def _fill(period: Period, version: int) -> dict[int, int]:
    counts = _compute(period)
    parents = Unit.objects.filter(numchild__gt=0).values_list("pk", "path")
    rows = [ExpectedCount(unit_id=pk, period=period, tree_version=version, count=counts.get(path, 0))
            for pk, path in parents]
    with transaction.atomic():
        ExpectedCount.objects.filter(period=period).exclude(tree_version=version).delete()
        # Two first readers may race: the second one's rows are the same numbers, skipped.
        ExpectedCount.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    return {row.unit_id: row.count for row in rows}


def expected_counts(units: Iterable[UnitSpan], periods: Iterable[Period]) -> dict[int, int]:
    """{unit id: reports expected from its subtree over all the periods}."""
    units, periods = list(units), list(periods)
    parents = [u for u in units if u.numchild]
    stored: dict[tuple[int, int], int] = {}
    if parents:
        version = TreeVersion.current()
        for unit_id, period_id, count in ExpectedCount.objects.filter(
            unit__in=[u.pk for u in parents], period__in=periods, tree_version=version
        ).values_list("unit_id", "period_id", "count"):
            stored[unit_id, period_id] = count
        for period in periods:
            if any((u.pk, period.pk) not in stored for u in parents):
                fresh = _fill(period, version)
                stored.update({(u.pk, period.pk): fresh[u.pk] for u in parents if u.pk in fresh})
    return {u.pk: sum(stored.get((u.pk, p.pk), int(reports_itself(u, p))) for p in periods) for u in units}


class _Span(NamedTuple):
    pk: int
    depth: int
    numchild: int
    valid_from: datetime.date
    valid_to: datetime.date | None


def expected_in_sql(units: QuerySet[Unit], periods: Iterable[Period]) -> Combinable:
    """`expected_counts` as an expression over `units`' rows, so a level of ~8,000 units can be
    ranked in the database: a leaf's own rule in SQL; the units with children — few in a level
    (~80 above a province's ~8,000 grassroots unions) — get their `expected_counts` as constants.
    Constants rather than a subquery per row keep the query parallel-safe on PostgreSQL."""
    periods = list(periods)
    own: Combinable = Value(0)
    for period in periods:
        own = own + Case(When(active_during(period) & Q(depth__gt=1), then=Value(1)), default=Value(0))
    parents = [_Span(*row) for row in units.filter(numchild__gt=0).order_by()
               .values_list("pk", "depth", "numchild", "valid_from", "valid_to")]
    counts = expected_counts(parents, periods)
    if not counts:
        return own
    return Case(*(When(pk=pk, then=Value(count)) for pk, count in counts.items()), default=own)
