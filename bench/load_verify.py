"""After a deadline-day run (bench/load.sh): no accepted write lost, every stored total exact.

1. Every write the server accepted (LOAD_DIR/accepted.jsonl, appended by bench/locustfile.py)
   is in the database: each accepted version has its ReportEvent, each report's status is the
   one its last accepted action left, and each value holds what its last accepted save sent.
2. The stored totals (reporting.Rollup) stay exact: only the load's reports changed, so every
   total they reach must have moved by exactly what those reports add, recomputed from their
   raw values by reporting.rebuild.expected_totals —
   (stored after − stored before) == (recomputed after − recomputed before),
   for the half-year and the year, both scopes (LOAD_DIR/before.pickle holds the "before").
   The totals before the run are the loader's, which test_bench_loader proves exact, so the
   totals after are exact too. (reporting.rebuild.differences() proves the same for every row,
   but at national scale it reads 23 million values into Python: too slow to run after each load.)

Exits 1 and says what differs when anything does. `--repair` puts the watched totals right
after a run without the roll-up upkeep (LOAD_WITHOUT_ROLLUP=1), with the same arithmetic.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/greenplan_load \
        .venv/bin/python bench/load_verify.py var/load/run1
"""

import json
import os
import pickle
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

from greenplan.reporting.models import Report, ReportEvent, ReportValue, Rollup  # noqa: E402
from greenplan.reporting.rebuild import expected_totals  # noqa: E402
from greenplan.reporting.rollup import Part, add  # noqa: E402

STATUS_AFTER = {"submitted": "submitted", "approved": "approved", "returned": "returned"}


def lost_writes(load_dir: Path, period: str) -> tuple[Counter, list[str]]:
    lines = [json.loads(line) for line in (load_dir / "accepted.jsonl").read_text().splitlines() if line]
    kinds = Counter(entry["kind"] for entry in lines)
    units = {entry["unit"] for entry in lines}
    reports = {r.unit.code: r for r in Report.objects.filter(unit__code__in=units, period__code=period)
               .select_related("unit")}
    events = {(e.report_id, e.version): e.kind
              for e in ReportEvent.objects.filter(report__in=reports.values()).only("report_id", "version", "kind")}
    stored = {(v.report_id, v.indicator.code): v.value
              for v in ReportValue.objects.filter(report__in=reports.values()).select_related("indicator")}
    problems: list[str] = []
    last_value: dict[tuple[str, str], int] = {}
    last_status: dict[str, str] = {}
    for entry in lines:
        report = reports.get(entry["unit"])
        if report is None:
            problems.append(f"{entry['unit']}: no report, yet a {entry['kind']} was accepted")
            continue
        kind = events.get((report.pk, entry["version"]))
        if kind is None or (entry["kind"] != "save" and kind != entry["kind"]):
            problems.append(f"{entry['unit']}: accepted {entry['kind']} v{entry['version']}, event is {kind}")
        for code, value in entry.get("values", {}).items():
            last_value[(entry["unit"], code)] = value
        if entry["kind"] in STATUS_AFTER:
            last_status[entry["unit"]] = STATUS_AFTER[entry["kind"]]
    # A write still in flight when locust stopped may have been done without locust seeing the
    # answer: a later version than any accepted one. Such a report's values and status are
    # newer than the log; its accepted versions were checked above.
    last_version: dict[str, int] = {}
    for entry in lines:
        last_version[entry["unit"]] = max(last_version.get(entry["unit"], 0), entry["version"])
    in_flight = {unit for unit, version in last_version.items()
                 if unit in reports and reports[unit].version > version}
    for (unit, code), value in last_value.items():
        have = stored.get((reports[unit].pk, code))
        if have != Decimal(value) and unit not in in_flight:
            problems.append(f"{unit} {code}: last accepted save {value}, stored {have}")
    for unit, status in last_status.items():
        if reports[unit].status != status and unit not in in_flight:
            problems.append(f"{unit}: last accepted action left {status}, stored {reports[unit].status}")
    kinds["values checked"] = len(last_value)
    kinds["reports with a write in flight at the stop"] = len(in_flight)
    kinds["reports"] = len(units)
    return kinds, problems


def as_part(row: tuple | None) -> Part:
    if row is None:
        return Part()
    data, reports, on_time = row
    return Part({code: (Decimal(s), n) for code, (s, n) in data.items()}, reports, on_time)


def total_differences(before: dict) -> tuple[int, list[str]]:
    after_stored = {(r.unit_id, r.period, r.scope): (r.data, r.reports, r.on_time)
                    for r in Rollup.objects.filter(unit_id__in=before["units"], period__in=before["periods"])}
    after_expected = expected_totals(before["report_ids"])
    keys = before["stored"].keys() | after_stored.keys() | before["expected"].keys() | after_expected.keys()
    problems = []
    moved = 0
    for key in sorted(keys):
        stored = as_part(after_stored.get(key)) - as_part(before["stored"].get(key))
        expected = after_expected.get(key, Part()) - before["expected"].get(key, Part())
        moved += not stored.is_zero()
        if stored != expected:
            problems.append(f"total {key}: moved by {stored}, should have moved by {expected}")
    return moved, problems


def repair(before: dict) -> int:
    """After a run without the roll-up upkeep (bench/load_wsgi.py): each watched total becomes
    its value before the run plus what the load's reports add now, the same arithmetic the
    check uses; returns how many rows changed."""
    after_expected = expected_totals(before["report_ids"])
    changed = 0
    with transaction.atomic():
        rows = {(r.unit_id, r.period, r.scope): r for r in Rollup.objects.select_for_update()
                .filter(unit_id__in=before["units"], period__in=before["periods"])}
        for key in before["stored"].keys() | before["expected"].keys() | after_expected.keys():
            delta = after_expected.get(key, Part()) - before["expected"].get(key, Part())
            if delta.is_zero():
                continue
            row = rows.get(key) or Rollup(unit_id=key[0], period=key[1], scope=key[2])
            data, reports, on_time = before["stored"].get(key, ({}, 0, 0))
            row.data, row.reports, row.on_time = dict(data), reports, on_time
            row.save()
            add([key[0]], key[1], key[2], delta)
            changed += 1
    return changed


def main() -> None:
    load_dir = Path(sys.argv[1])
    with open(load_dir / "before.pickle", "rb") as f:
        before = pickle.load(f)
    if "--repair" in sys.argv:
        print(f"stored totals put right after the run without the roll-up upkeep: {repair(before)}")
        return
    period = json.loads((load_dir / "accounts.json").read_text())["period"]
    kinds, problems = lost_writes(load_dir, period)
    moved, total_problems = total_differences(before)
    print(f"accepted writes: {dict(kinds)}")
    print(f"lost writes: {len(problems)}")
    for line in problems[:20]:
        print(f"  {line[:300]}")
    print(f"stored totals watched: {len(before['stored'])}, moved: {moved}, inexact: {len(total_problems)}")
    for line in total_problems[:20]:
        print(f"  {line[:300]}")
    sys.exit(1 if problems or total_problems else 0)


if __name__ == "__main__":
    main()
