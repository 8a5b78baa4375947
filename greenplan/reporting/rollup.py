"""Keeping the stored subtree totals exact.

A report adds to the totals of every unit it was counted in (its unit and that unit's
ancestors when it was first submitted). When its status changes, the difference between its
contribution before and after is added to those totals, in the same transaction, for the
half-year and for the year. Rows are locked in one global order so that concurrent
submissions wait for each other instead of deadlocking.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from greenplan.reporting.models import Indicator, Report, ReportValue, Rollup

COUNTED = (Report.Status.SUBMITTED, Report.Status.APPROVED)
SCOPES: dict[str, tuple[str, ...]] = {Rollup.Scope.COUNTED: COUNTED, Rollup.Scope.APPROVED: (Report.Status.APPROVED,)}


@dataclass
class Part:
    """What some reports add to a total: per indicator (sum, units with a value)."""

    values: dict[str, tuple[Decimal, int]] = field(default_factory=dict)
    reports: int = 0
    on_time: int = 0

    def __sub__(self, other: "Part") -> "Part":
        values = {}
        for code in self.values.keys() | other.values.keys():
            s1, n1 = self.values.get(code, (Decimal(0), 0))
            s2, n2 = other.values.get(code, (Decimal(0), 0))
            if s1 != s2 or n1 != n2:
                values[code] = (s1 - s2, n1 - n2)
        return Part(values, self.reports - other.reports, self.on_time - other.on_time)

    def is_zero(self) -> bool:
        return not self.values and not self.reports and not self.on_time


@dataclass
class Half:
    """One report as the roll-up sees it."""

    half: int
    counted_in: list[int]
    on_time: bool
    values: dict[str, Decimal]


def on_time(report: Report) -> bool:
    first = report.first_submitted_at
    return first is not None and timezone.localtime(first).date() <= report.period.deadline


def half_part(half: Half) -> Part:
    return Part({code: (value, 1) for code, value in half.values.items()}, 1, int(half.on_time))


def year_part(halves: list[Half], over_time: dict[str, str]) -> Part:
    """One unit's contribution to a year: flows add up, stocks take the latest half, "max" the largest."""
    if not halves:
        return Part()
    halves = sorted(halves, key=lambda h: h.half)
    values: dict[str, tuple[Decimal, int]] = {}
    for code in set().union(*(h.values for h in halves)):
        present = [h.values[code] for h in halves if code in h.values]
        rule = over_time.get(code, Indicator.OverTime.SUM)
        if rule == Indicator.OverTime.LAST:
            total = present[-1]
        elif rule == Indicator.OverTime.MAX:
            total = max(present)
        else:
            total = sum(present, Decimal(0))
        values[code] = (total, 1)
    return Part(values, len(halves), sum(int(h.on_time) for h in halves))


def over_time_rules(codes: set[str] | None = None) -> dict[str, str]:
    """The over-time rule of the indicators `codes` (all of them when None)."""
    indicators = Indicator.objects.all() if codes is None else Indicator.objects.filter(code__in=codes)
    return dict(indicators.values_list("code", "over_time"))


def _rules_for(this: Half, other: Half | None) -> dict[str, str]:
    """The rules the year sums of these halves need: only where both halves have a value does
    the rule change anything (one value is its own sum, latest and largest), so a unit with one
    half reported, the common case at submission time, needs no query."""
    shared = set(this.values) & set(other.values) if other else set()
    return over_time_rules(shared) if shared else {}


def as_half(report: Report, values: dict[str, Decimal] | None = None) -> Half:
    if values is None:
        values = dict(ReportValue.objects.filter(report=report).values_list("indicator__code", "value"))
    return Half(report.period.half, list(report.counted_in), on_time(report), values)


def add(unit_ids: list[int], period: str, scope: str, delta: Part) -> None:
    """Add `delta` to the totals of `unit_ids` for the period and scope, creating rows as needed."""
    if delta.is_zero() or not unit_ids:
        return
    rows = _locked_rows(sorted(set(unit_ids)), period, scope)
    for row in rows:
        for code, (dsum, dn) in delta.values.items():
            old_sum, old_n = row.data.get(code, ("0", 0))
            new_sum, new_n = Decimal(old_sum) + dsum, old_n + dn
            if new_n:
                row.data[code] = [f"{new_sum.normalize():f}", new_n]
            else:
                row.data.pop(code, None)
        row.reports += delta.reports
        row.on_time += delta.on_time
    _write(rows)


def _write(rows: list[Rollup]) -> None:
    """One plain UPDATE per row, sent together: bulk_update's CASE expressions cost more Python
    than the whole statement costs the database (a third of the upkeep's time at submission)."""
    data = Rollup._meta.get_field("data")
    table = connection.ops.quote_name(Rollup._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET data = %s, reports = %s, on_time = %s WHERE id = %s",  # noqa: S608 (no user text)
            [(data.get_db_prep_save(row.data, connection), row.reports, row.on_time, row.pk) for row in rows],
        )


def _locked_rows(ids: list[int], period: str, scope: str) -> list[Rollup]:
    """The total rows of `ids`, created when missing and locked, in one statement: an upsert whose
    update leaves the row as it is, so that it locks it and returns it either way. The VALUES are
    in unit id order, the one global order in which every status change locks these rows, so that
    concurrent ones wait for each other instead of deadlocking."""
    table = connection.ops.quote_name(Rollup._meta.db_table)
    data = Rollup._meta.get_field("data")
    empty = data.get_db_prep_save({}, connection)
    values = ", ".join(["(%s, %s, %s, 0, 0, %s)"] * len(ids))
    sql = (
        f"INSERT INTO {table} (unit_id, period, scope, reports, on_time, data) VALUES {values} "  # noqa: S608
        f"ON CONFLICT (unit_id, period, scope) DO UPDATE SET reports = {table}.reports "
        "RETURNING id, unit_id, reports, on_time, data"
    )
    params = [p for uid in ids for p in (uid, period, scope, empty)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    rows = [
        Rollup(pk=pk, unit_id=uid, period=period, scope=scope, reports=reports, on_time=on_time,
               data=json.loads(raw) if isinstance(raw, str) else raw)  # SQLite and psycopg: text
        for pk, uid, reports, on_time, raw in found
    ]
    return sorted(rows, key=lambda row: row.unit_id)


def report_status_changed(report: Report, old_status: str, values: dict[str, Decimal] | None = None) -> None:
    """Bring every stored total in line with `report` having gone from `old_status` to its status.

    Called by the reporting services inside their transaction, after the report row is saved.
    `values`: the report's stored values when the caller has just read them (None: read here).
    """
    period = report.period
    changed = [(scope, statuses) for scope, statuses in SCOPES.items()
               if (old_status in statuses) != (report.status in statuses)]
    if not changed:
        return
    this = as_half(report, values)
    other_report = (
        Report.objects.filter(unit_id=report.unit_id, period__year=period.year)
        .exclude(pk=report.pk)
        .select_related("period")
        .first()
    )
    # The other half counts only in the scopes its status belongs to: its values are read only then.
    counts_other = other_report is not None and any(other_report.status in s for _scope, s in changed)
    other = as_half(other_report) if other_report and counts_other else None
    rules = _rules_for(this, other)
    for scope, statuses in changed:
        before, after = old_status in statuses, report.status in statuses
        delta = half_part(this) - Part() if after else Part() - half_part(this)
        add(this.counted_in, period.code, scope, delta)
        counted_other = other if other_report and other_report.status in statuses else None
        _year_delta(this, counted_other, before, after, str(period.year), scope, rules)


def _year_delta(this: Half, other: Half | None, before: bool, after: bool, year: str, scope: str,
                rules: dict[str, str]) -> None:
    """The unit's year contribution changes for each ancestor that counts this half."""
    ancestors = set(this.counted_in) | (set(other.counted_in) if other else set())
    by_delta: dict[tuple, list[int]] = defaultdict(list)
    deltas: dict[tuple, Part] = {}
    for uid in ancestors:
        others = [other] if other and uid in other.counted_in else []
        mine = [this] if uid in this.counted_in else []
        old = year_part(others + (mine if before else []), rules)
        new = year_part(others + (mine if after else []), rules)
        delta = new - old
        key = (tuple(sorted(delta.values.items())), delta.reports, delta.on_time)
        by_delta[key].append(uid)
        deltas[key] = delta
    for key, uids in by_delta.items():
        add(uids, year, scope, deltas[key])
