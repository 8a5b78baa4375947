"""Recompute every stored total from the raw report values, to check or repair them."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from greenplan.reporting.models import Report, ReportValue, Rollup
from greenplan.reporting.rollup import SCOPES, Half, Part, half_part, on_time, over_time_rules, year_part

Key = tuple[int, str, str]  # (unit id, period or year, scope)


@dataclass
class Difference:
    unit_id: int
    period: str
    scope: str
    stored: dict
    expected: dict


def _accumulate(totals: dict[Key, Part], key: Key, part: Part) -> None:
    total = totals.setdefault(key, Part())
    for code, (s, n) in part.values.items():
        old_s, old_n = total.values.get(code, (Decimal(0), 0))
        total.values[code] = (old_s + s, old_n + n)
    total.reports += part.reports
    total.on_time += part.on_time


def expected_totals(report_ids: list[int] | None = None) -> dict[Key, Part]:
    """Totals computed from scratch: each counted report added to every unit it was counted in."""
    counted = Report.objects.filter(status__in=SCOPES[Rollup.Scope.COUNTED]).select_related("period")
    if report_ids is not None:
        counted = counted.filter(pk__in=report_ids)
    reports = list(counted)
    values: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for report_id, code, value in ReportValue.objects.filter(report__in=[r.pk for r in reports]).values_list(
        "report_id", "indicator__code", "value"
    ).iterator(chunk_size=20_000):
        values[report_id][code] = value
    rules = over_time_rules()
    totals: dict[Key, Part] = {}
    years: dict[tuple[int, int, str], list[Half]] = defaultdict(list)
    for report in reports:
        half = Half(report.period.half, list(report.counted_in), on_time(report), values[report.pk])
        for scope, statuses in SCOPES.items():
            if report.status not in statuses:
                continue
            for uid in half.counted_in:
                _accumulate(totals, (uid, report.period.code, scope), half_part(half))
            years[(report.unit_id, report.period.year, scope)].append(half)
    for (_unit, year, scope), halves in years.items():
        for uid in set().union(*(h.counted_in for h in halves)):
            mine = [h for h in halves if uid in h.counted_in]
            _accumulate(totals, (uid, str(year), scope), year_part(mine, rules))
    return totals


def as_data(part: Part) -> dict:
    return {code: [f"{s.normalize():f}", n] for code, (s, n) in part.values.items() if n}


def _normal(data: dict) -> dict:
    return {code: (Decimal(s), n) for code, (s, n) in data.items()}


def differences(totals: dict[Key, Part] | None = None) -> list[Difference]:
    totals = expected_totals() if totals is None else totals
    stored = {(r.unit_id, r.period, r.scope): r for r in Rollup.objects.all()}
    found = []
    for key in stored.keys() | totals.keys():
        row, part = stored.get(key), totals.get(key, Part())
        have = (_normal(row.data), row.reports, row.on_time) if row else ({}, 0, 0)
        want = (_normal(as_data(part)), part.reports, part.on_time)
        if have != want:
            found.append(Difference(*key, {"data": row.data if row else {}, "reports": have[1],
                                           "on_time": have[2]},
                                    {"data": as_data(part), "reports": part.reports, "on_time": part.on_time}))
    return found


@transaction.atomic
def rebuild() -> int:
    """Replace every stored total with the recomputed one; returns the number of rows."""
    totals = expected_totals()
    Rollup.objects.all().delete()
    Rollup.objects.bulk_create(
        [
            Rollup(unit_id=uid, period=period, scope=scope, data=as_data(part), reports=part.reports,
                   on_time=part.on_time)
            for (uid, period, scope), part in totals.items()
        ],
        batch_size=2000,
    )
    return len(totals)
