"""How many units must report: one rule, stored for the units with children.

The rule (reporting.selectors.expected_units): every unit of the subtree that existed during
the period reports to its superior, except a root. A leaf's answer is read from its own row.
For a unit with children the count is stored per period (ExpectedCount) and stamped with the
tree's version; the first read after any change to the tree recomputes the period for the
whole tree in one pass, because a national count at request time takes longer than the
100 ms the national roll-up is allowed.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction

from greenplan.orgs.models import TreeVersion, Unit
from greenplan.reporting.models import ExpectedCount, Period


def reports_itself(unit: Unit, period: Period) -> bool:
    """Whether the unit itself must report for the period (it existed then and is not a root)."""
    return (unit.depth > 1 and unit.valid_from <= period.end
            and (unit.valid_to is None or unit.valid_to > period.start))


def _compute(period: Period) -> dict[str, int]:
    """{path of a unit with children: units expected in its subtree} for the whole tree."""
    counts: dict[str, int] = defaultdict(int)
    step = Unit.steplen
    reporting = (Unit.objects.filter(depth__gt=1, valid_from__lte=period.end)
                 .exclude(valid_to__lte=period.start).values_list("path", flat=True))
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


def expected_counts(units: Iterable[Unit], periods: Iterable[Period]) -> dict[int, int]:
    """{unit id: reports expected from its subtree over all the periods}."""
    units, periods = list(units), list(periods)
    parents = [u for u in units if u.numchild]
    stored: dict[tuple[int, int], int] = {}
    if parents:
        version = TreeVersion.current()
        for unit_id, period_id, count in ExpectedCount.objects.filter(
            unit__in=parents, period__in=periods, tree_version=version
        ).values_list("unit_id", "period_id", "count"):
            stored[unit_id, period_id] = count
        for period in periods:
            if any((u.pk, period.pk) not in stored for u in parents):
                fresh = _fill(period, version)
                stored.update({(u.pk, period.pk): fresh[u.pk] for u in parents if u.pk in fresh})
    return {u.pk: sum(stored.get((u.pk, p.pk), int(reports_itself(u, p))) for p in periods) for u in units}
