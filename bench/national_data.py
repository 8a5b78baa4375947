"""Four half-years of reports from every unit of a generate_org tree, their values and the
stored totals, written in bulk for `make bench` (bench/national_bench.py).

At national scale (≈ 380,000 reports, ≈ 23 million values) the product's own path — the
services per report, or load_demo's bulk_create followed by reporting.rebuild — takes hours,
so this module writes rows directly (COPY on PostgreSQL, executemany on SQLite) and computes
the stored totals (reporting.Rollup) the way rebuild.expected_totals does, with integers:
every value is kept in tenths, 64 bits per indicator packed into one Python int, so adding a
report or a subtree to a total is one integer addition. The totals are added bottom-up (each
unit's total into its parent's), which is the same as adding each report to every id of its
`counted_in` because counted_in is exactly the unit and its ancestors here.

greenplan/analytics/tests/test_bench_loader.py proves the result equals expected_totals().
What keeps the arithmetic simple, and holds for everything written here: every report carries
every entered (non-derived) indicator, values are non-negative with at most one decimal, and
the tree does not change between the periods.
"""

import datetime
import json
import random
import struct
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from greenplan.demo.reports import DEMO_PERIODS, NARRATIVES, RETURN_COMMENTS, demo_periods, pick_state
from greenplan.orgs.models import Unit, subtree_q
from greenplan.reporting.expected import expected_units
from greenplan.reporting.models import Indicator, Period, Report, ReportEvent, Rollup
from greenplan.reporting.rollup import SCOPES

CHUNK = 20_000  # rows per executemany / COPY write
FORMATTED = 200_000  # values below this many tenths have their text precomputed
Progress = Callable[[str], None]


def tenths_text(t: int) -> str:
    """A value in tenths as the decimal text Decimal.normalize() would print ("12.5", "1200")."""
    return str(t // 10) if t % 10 == 0 else f"{t // 10}.{t % 10}"


TEXT = [tenths_text(t) for t in range(FORMATTED)]


def text(t: int) -> str:
    return TEXT[t] if t < FORMATTED else tenths_text(t)


@dataclass
class Catalogue:
    """The entered indicators in a fixed order: one 64-bit slot each in a packed int."""

    indicators: list[Indicator]
    fmt: str = ""
    last: list[int] = field(default_factory=list)  # slots whose year value is the later half's
    largest: list[int] = field(default_factory=list)  # slots whose year value is the larger one

    def __post_init__(self) -> None:
        self.fmt = f"<{len(self.indicators)}Q"
        self.last = [i for i, ind in enumerate(self.indicators) if ind.over_time == Indicator.OverTime.LAST]
        self.largest = [i for i, ind in enumerate(self.indicators) if ind.over_time == Indicator.OverTime.MAX]
        self.keys = [json.dumps(ind.code) + ': ["' for ind in self.indicators]

    @classmethod
    def load(cls) -> "Catalogue":
        return cls(list(Indicator.objects.filter(derived=False, retired_at__isnull=True).order_by("pk")))

    def pack(self, values: list[int]) -> int:
        return int.from_bytes(struct.pack(self.fmt, *values), "little")

    def unpack(self, packed: int) -> tuple[int, ...]:
        return struct.unpack(self.fmt, packed.to_bytes(8 * len(self.indicators), "little"))

    def year(self, earlier: int, later: int) -> int:
        """A unit's year from its two halves: flows add up, stocks take the later half, "max" the larger."""
        a, b = self.unpack(earlier), self.unpack(later)
        values = [x + y for x, y in zip(a, b, strict=True)]
        for i in self.last:
            values[i] = b[i]
        for i in self.largest:
            values[i] = max(a[i], b[i])
        return self.pack(values)

    def data_json(self, packed: int, n: int) -> str:
        """Rollup.data: {"CODE": ["sum", n], …}; every indicator is present in every report."""
        tail = f'", {n}]'
        return "{" + ", ".join(k + text(v) + tail for k, v in zip(self.keys, self.unpack(packed), strict=True)) + "}"


def plausible_tenths(members: int, workers: int, catalogue: Catalogue, rng: random.Random) -> list[int]:
    """demo.reports.plausible_values in tenths of a unit (integers), in catalogue order."""
    members = members or rng.randint(3, 12)
    workers = max(workers, members + rng.randint(0, 3))

    def share(n: int, lo: float, hi: float) -> int:
        return int(n * rng.uniform(lo, hi)) * 10

    procurement = rng.randint(20, 900) * 10
    proposals, findings, docs = rng.randint(0, 12), rng.randint(0, 8), rng.randint(80, 900)
    screened = int(workers * rng.uniform(0.1, 0.6))
    known = {
        "MEMBERS": members * 10, "WORKERS": workers * 10,
        "G2_PROPOSALS": proposals * 10, "G2_PROPOSALS_RESOLVED": rng.randint(0, proposals) * 10,
        "G3_REACHED": share(members, 0.6, 1.8), "G3_MEMBERS_REACHED": share(members, 0.4, 1.0),
        "G3_TRAINEES": share(members, 0.05, 0.4), "G3_EVENT_PARTICIPANTS": share(members, 0.2, 1.2),
        "G4_SURVEY_RESPONSES": share(workers, 0.0, 0.5), "G4_TRAINING_DEMAND": share(workers, 0.05, 0.3),
        "G4_TRAINED": share(workers, 0.0, 0.2), "G4_GREEN_JOBS": share(workers, 0.0, 0.15),
        "G5_SELF_SCORE": rng.randint(700, 990), "G5_INITIATIVE_VALUE": rng.randint(0, 5000),
        "G5_RECYCLED_KG": rng.randint(0, 20000), "G5_PLEDGED_MEMBERS": share(members, 0.3, 1.0),
        "G5_ELECTRICITY_KWH": share(workers, 300, 1500),
        "G6_FINDINGS": findings * 10, "G6_FINDINGS_FIXED": rng.randint(0, findings) * 10,
        "G6_HEALTH_CHECKED": share(workers, 0.5, 1.0), "G6_OD_SCREENED": screened * 10,
        "G6_OD_CASES": min(screened, rng.choice([0, 0, 0, 0, 1, 2])) * 10,
        "G6_ACCIDENTS": rng.choice([0, 0, 0, 0, 0, 1]) * 10, "G6_FATALITIES": 0,
        "G7_UNION_SPENDING": rng.randint(5, 300), "G7_MOBILISED": rng.randint(0, 500),
        "G7_DOCS_TOTAL": docs * 10, "G7_DOCS_ELECTRONIC": share(docs, 0.5, 1.0),
        "G7_PROCUREMENT_TOTAL": procurement, "G7_PROCUREMENT_GREEN": int(procurement * rng.uniform(0.15, 0.6)),
    }
    values = []
    for ind in catalogue.indicators:
        value = known.get(ind.code)
        if value is None:
            if ind.type == Indicator.Type.YESNO:
                value = 10 if rng.random() < 0.7 else 0
            elif ind.type == Indicator.Type.DECIMAL:
                value = rng.randint(0, 500)
            else:
                value = rng.choice((0, 0, 10, 10, 20, 30, 40, 60, 100))
        values.append(value)
    return values


def batched(rows: Iterable[tuple], size: int = CHUNK) -> Iterator[list[tuple]]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


def write(table: str, columns: list[str], rows: Iterable[tuple]) -> int:
    """Insert rows with the driver's fastest path; the caller holds the transaction."""
    count = 0
    cursor = connection.connection.cursor()  # the driver's own cursor: no query logging per row
    try:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for chunk in batched(rows):
                    # Text format; nothing written here contains a tab, a newline or a backslash.
                    copy.write("".join("\t".join(r"\N" if v is None else str(v) for v in row) + "\n"
                                       for row in chunk))
                    count += len(chunk)
        else:
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            for chunk in batched(rows):
                cursor.executemany(sql, chunk)
                count += len(chunk)
    finally:
        cursor.close()
    return count


class Stamps:
    """Datetimes as the database column wants them, converted once per distinct value."""

    def __init__(self) -> None:
        self.cache: dict[datetime.datetime, Any] = {}

    def __call__(self, at: datetime.datetime | None) -> Any:
        if at is None:
            return None
        if at not in self.cache:
            value = connection.ops.adapt_datetimefield_value(at)
            self.cache[at] = value if isinstance(value, str) else at.astimezone(datetime.UTC).isoformat(" ")
        return self.cache[at]


@dataclass
class Own:
    """What the reports of one unit add to its own total: packed values, reports, on time, units."""

    packed: int
    reports: int
    on_time: int
    units: int

    def add(self, other: "Own") -> None:
        self.packed += other.packed
        self.reports += other.reports
        self.on_time += other.on_time
        self.units += other.units


@dataclass
class Summary:
    reports: int = 0
    values: int = 0
    events: int = 0
    rollups: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=lambda: defaultdict(int))


@dataclass
class Tree:
    """The subtree's units: what a report needs and each unit's parent."""

    rows: dict[int, tuple[str, int, int]]  # id → (path, members, workers)
    parent: dict[int, int]
    chain: dict[int, list[int]]  # id → counted_in: ancestors from the root, then the unit

    @classmethod
    def load(cls, root: Unit) -> "Tree":
        # A root's reports count in no unit above it, so counted_in is the chain inside the subtree.
        assert root.depth == 1, "load a whole tree, from its root"
        rows = {pk: (path, m, w) for pk, path, m, w in
                Unit.objects.filter(subtree_q(root.path)).values_list("id", "path", "members", "workers")}
        by_path = {path: pk for pk, (path, _m, _w) in rows.items()}
        parent = {}
        for pk, (path, _m, _w) in rows.items():
            up = by_path.get(path[: -Unit.steplen])
            if up is not None:
                parent[pk] = up
        chain: dict[int, list[int]] = {}
        for pk in sorted(rows, key=lambda k: rows[k][0]):  # parents before children
            up = parent.get(pk)
            chain[pk] = [*(chain.get(up, []) if up is not None else []), pk]
        return cls(rows, parent, chain)

    def bottom_up(self) -> list[int]:
        """Every unit after all of its descendants (a descendant's path sorts after its own)."""
        return sorted(self.rows, key=lambda k: self.rows[k][0], reverse=True)


REPORT_COLUMNS = ["id", "unit_id", "period_id", "status", "version", "results", "difficulties", "proposals",
                  "counted_in", "first_submitted_at", "submitted_at", "decided_at", "decided_by_id",
                  "return_comment", "updated_at"]


def _report_rows(period: Period, shares: tuple, units: list[int], tree: Tree, catalogue: Catalogue,
                 rng: random.Random, next_id: int, stamps: Stamps, own: dict, years: dict,
                 summary: Summary) -> tuple[list[tuple], list[tuple], list[tuple]]:
    """One period's reports, values and events; counted reports are noted in `own` and `years`."""
    reports: list[tuple] = []
    values: list[tuple] = []
    events: list[tuple] = []
    ids = [ind.pk for ind in catalogue.indicators]
    deadline = timezone.make_aware(datetime.datetime.combine(period.deadline, datetime.time(17)))
    now = stamps(timezone.now())
    for uid in units:
        state = pick_state(shares, rng)
        if state is None:
            continue
        _path, members, workers = tree.rows[uid]
        rid = next_id + len(reports)
        tenths = plausible_tenths(members, workers, catalogue, rng)
        sent = deadline - datetime.timedelta(days=rng.randint(-10, 14), hours=rng.randint(0, 8))
        narrative = [rng.choice(texts) for texts in NARRATIVES.values()]
        saved = sent - datetime.timedelta(days=3)
        kinds: list[tuple[str, datetime.datetime, str]] = [(ReportEvent.Kind.SAVED.value, saved, "")]
        decided, comment = None, ""
        if state != "draft":
            kinds.append((ReportEvent.Kind.SUBMITTED.value, sent, ""))
        if state == "approved":
            decided = sent + datetime.timedelta(days=rng.randint(1, 7))
            kinds.append((ReportEvent.Kind.APPROVED.value, decided, ""))
        elif state == "returned":
            decided, comment = sent + datetime.timedelta(days=2), rng.choice(RETURN_COMMENTS)
            kinds.append((ReportEvent.Kind.RETURNED.value, decided, comment))
        submitted = sent if state != "draft" else None
        # The services set counted_in at the first submission; a draft has never counted.
        counted_in = json.dumps(tree.chain[uid]) if state != "draft" else "[]"
        reports.append((rid, uid, period.pk, state, len(kinds), *narrative, counted_in, stamps(submitted),
                        stamps(submitted), stamps(decided), None, comment, now))
        values.extend((rid, ind_id, text(t)) for ind_id, t in zip(ids, tenths, strict=True))
        events.extend((rid, version, kind, None, stamps(at), note, "[]")
                      for version, (kind, at, note) in enumerate(kinds, 1))
        summary.by_status[f"{period.code} {state}"] += 1
        if state in SCOPES[Rollup.Scope.COUNTED]:
            on_time = int(timezone.localtime(sent).date() <= period.deadline)
            packed = catalogue.pack(tenths)
            for scope, statuses in SCOPES.items():
                scope = str(scope)  # the drivers want plain strings, not the choices enum
                if state in statuses:
                    own[(period.code, scope)][uid] = Own(packed, 1, on_time, 1)
                    years[(period.year, scope)][uid].append((period.half, packed, on_time))
    return reports, values, events


def load_reports(root: Unit, seed: int = 2030, progress: Progress = print) -> tuple[Summary, Tree, dict]:
    """Periods, reports, values and events for every unit of `root` that the product expects."""
    summary, stamps, rng = Summary(), Stamps(), random.Random(seed)
    started = time.perf_counter()
    catalogue, tree = Catalogue.load(), Tree.load(root)
    own: dict[tuple[str, str], dict[int, Own]] = defaultdict(dict)
    years: dict[tuple[int, str], dict[int, list]] = defaultdict(lambda: defaultdict(list))
    next_id = (Report.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    for period, (_y, _h, _open, shares) in zip(demo_periods(), DEMO_PERIODS, strict=True):
        units = list(expected_units(period, within=root).order_by("path").values_list("id", flat=True))
        reports, values, events = _report_rows(period, shares, units, tree, catalogue, rng, next_id, stamps,
                                               own, years, summary)
        next_id += len(reports)
        with transaction.atomic():
            summary.reports += write("reporting_report", REPORT_COLUMNS, reports)
            summary.values += write("reporting_reportvalue", ["report_id", "indicator_id", "value"], values)
            summary.events += write("reporting_reportevent",
                                    ["report_id", "version", "kind", "actor_id", "at", "comment", "changes"], events)
        progress(f"  {period.code}: {len(units)} units expected, {len(reports)} reports, {len(values)} values "
                 f"({time.perf_counter() - started:.0f} s)")
    if connection.vendor == "postgresql":  # ids were given explicitly: move the sequence past them
        with connection.cursor() as cursor:
            cursor.execute("SELECT setval(pg_get_serial_sequence('reporting_report', 'id'), "
                           "(SELECT coalesce(max(id), 1) FROM reporting_report))")
    summary.seconds["reports and values"] = time.perf_counter() - started
    return summary, tree, {"own": own, "years": years, "catalogue": catalogue}


def _year_own(catalogue: Catalogue, halves: dict[int, list]) -> dict[int, Own]:
    result = {}
    for uid, parts in halves.items():
        parts.sort()
        if len(parts) == 1:
            result[uid] = Own(parts[0][1], 1, parts[0][2], 1)
        else:
            (_h1, a, t1), (_h2, b, t2) = parts
            result[uid] = Own(catalogue.year(a, b), 2, t1 + t2, 1)
    return result


def _roll_up(order: list[int], parent: dict[int, int], own: dict[int, Own]) -> dict[int, Own]:
    totals = {uid: Own(o.packed, o.reports, o.on_time, o.units) for uid, o in own.items()}
    for uid in order:
        total, up = totals.get(uid), parent.get(uid)
        if total is None or up is None:
            continue
        if up in totals:
            totals[up].add(total)
        else:
            totals[up] = Own(total.packed, total.reports, total.on_time, total.units)
    return totals


def load_rollups(tree: Tree, parts: dict, progress: Progress = print) -> tuple[int, float]:
    """Every stored total (half-years and years, both scopes), replacing what was there."""
    started = time.perf_counter()
    catalogue: Catalogue = parts["catalogue"]
    by_key = dict(parts["own"])
    for (year, scope), halves in parts["years"].items():
        by_key[(str(year), scope)] = _year_own(catalogue, halves)
    order = tree.bottom_up()
    written = 0
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM analytics_rollup")
        for (period, scope), own in sorted(by_key.items()):
            totals = _roll_up(order, tree.parent, own)
            rows = ((uid, period, scope, t.reports, t.on_time, catalogue.data_json(t.packed, t.units))
                    for uid, t in totals.items())
            written += write("analytics_rollup", ["unit_id", "period", "scope", "reports", "on_time", "data"], rows)
            progress(f"  totals {period} {scope}: {len(totals)} rows ({time.perf_counter() - started:.0f} s)")
    return written, time.perf_counter() - started


@contextmanager
def foreign_keys_unchecked() -> Iterator[None]:
    """On PostgreSQL, skip the foreign-key triggers while loading (superusers only).

    Django's foreign keys are deferred constraints: COPY queues one check per row and runs them
    all at commit, which made loading ≈ 10× slower than the COPY itself. Every id written here
    comes from the rows just read or written, so there is nothing for the checks to find.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        superuser = cursor.fetchone()[0]
        if superuser:
            cursor.execute("SET session_replication_role = replica")
        try:
            yield
        finally:
            if superuser:
                cursor.execute("SET session_replication_role = DEFAULT")


def load(root: Unit, seed: int = 2030, progress: Progress = print) -> Summary:
    with foreign_keys_unchecked():
        summary, tree, parts = load_reports(root, seed, progress)
        summary.rollups, summary.seconds["stored totals"] = load_rollups(tree, parts, progress)
    return summary
