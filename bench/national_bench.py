"""Reports and totals at national scale (issue #5): load a synthetic country, then time what
users wait for. docs/benchmarks.md has the results.

    DATABASE_URL=sqlite:///var/bench.sqlite3 .venv/bin/python bench/national_bench.py --grassroots 130000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/greenplan_bench .venv/bin/python bench/national_bench.py

It empties the database (use a scratch one), migrates, runs generate_org, loads four half-years
of reports with bench/national_data.py, then times each measurement --runs times after one
warm-up run and prints the median, fastest and slowest run in milliseconds.
"""

import argparse
import importlib.util
import io
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench import national_data  # noqa: E402
from greenplan.accounts.models import Membership, Role, User  # noqa: E402
from greenplan.analytics.selectors import aggregate, aggregate_many  # noqa: E402
from greenplan.orgs.models import Unit, subtree_q  # noqa: E402
from greenplan.reporting.models import Period, Report  # noqa: E402
from greenplan.reporting.services import report_submit, stored_values  # noqa: E402

PERIOD = "2026H1"
BREAKDOWN_INDICATORS = ["MEMBERS", "G3_SESSIONS", "G5_SELF_SCORE", "G7_GREEN_PROCUREMENT_RATE"]
ROWS: list[tuple[str, list[float], str, Any]] = []  # label, seconds of each run, target, result


def say(line: str) -> None:
    print(line, flush=True)


def timed(label: str, fn: Callable[[], Any], runs: int, target: str = "") -> Any:
    result = fn()  # warm-up: caches, and the first plan
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    ROWS.append((label, times, target, result))
    say(f"  {label}: median {statistics.median(times) * 1000:.1f} ms")
    return result


def once(label: str, seconds: float, result: Any = "") -> None:
    ROWS.append((label, [seconds], "", result))
    say(f"  {label}: {seconds:.1f} s")


def empty_database() -> None:
    """A scratch database starts empty, so every run loads the same data the same way."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    else:
        assert not connection.introspection.table_names(), "give a new SQLite file (run.sh deletes it)"


def analyze() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM (ANALYZE)")  # as autovacuum would leave it: statistics and visibility map
        else:
            cursor.execute("PRAGMA analysis_limit=2000")  # sampled: a full ANALYZE reads every index
            cursor.execute("ANALYZE")


def load(grassroots: int) -> Unit:
    say("== loading")
    started = time.perf_counter()
    call_command("generate_org", "--grassroots", str(grassroots), stdout=io.StringIO())
    once(f"load: tree (generate_org --grassroots {grassroots})", time.perf_counter() - started,
         Unit.objects.count())
    root = Unit.objects.get(code="TLD")
    summary = national_data.load(root, progress=say)
    once("load: reports, values and events", summary.seconds["reports and values"],
         f"{summary.reports} reports, {summary.values} values")
    once("load: stored totals (Rollup rows)", summary.seconds["stored totals"], summary.rollups)
    started = time.perf_counter()
    analyze()
    once("load: VACUUM ANALYZE / ANALYZE", time.perf_counter() - started)
    once("load: total", sum(times[0] for label, times, _t, _r in ROWS if label.startswith("load:")))
    return root


def user_on(username: str, unit: Unit, role: str) -> User:
    user, _ = User.objects.get_or_create(username=username)
    Membership.objects.update_or_create(user=user, unit=unit, defaults={"role": role})
    return user


def province_of_size(provinces: list[Unit], size: int) -> tuple[Unit, int]:
    counts = [(abs(n - size), n, p) for p in provinces
              for n in [Unit.objects.filter(subtree_q(p.path), kind__code="grassroots").count()]]
    _d, n, province = min(counts, key=lambda c: c[0])
    return province, n


def raw_national(root: Unit, period: Period) -> dict[str, dict[int, tuple]]:
    """The national roll-up written by hand over the raw values: per province, every indicator."""
    width = len(root.path) + Unit.steplen
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT substr(u.path, 1, {width}), v.indicator_id, sum(v.value), count(*) "
            "FROM reporting_reportvalue v JOIN reporting_report r ON r.id = v.report_id "
            "JOIN orgs_unit u ON u.id = r.unit_id "
            "WHERE r.period_id = %s AND r.status IN ('submitted', 'approved') AND u.depth > 1 "
            "GROUP BY 1, 2", [period.pk])
        rows = cursor.fetchall()
    result: dict[str, dict[int, tuple]] = {}
    for province, indicator, total, n in rows:
        result.setdefault(province, {})[indicator] = (total, n)
    return result


def dashboard_get(client: Client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(response.content)


def slowest_queries(label: str, fn: Callable[[], Any], top: int = 3) -> None:
    """Which queries a measurement spends its time in (DEBUG records each query's time)."""
    with CaptureQueriesContext(connection) as ctx:
        fn()
    queries = sorted(ctx.captured_queries, key=lambda q: float(q["time"]), reverse=True)
    total = sum(float(q["time"]) for q in queries)
    say(f"  {label}: {len(queries)} queries, {total * 1000:.0f} ms in the database; slowest:")
    for q in queries[:top]:
        say(f"    {float(q['time']) * 1000:.1f} ms  {q['sql'][:400]}")


def submissions(root: Unit, period: Period, runs: int) -> None:
    """A draft submitted through the product's service reaches the national total at once."""
    admin = user_on("bench-national-admin", root, Role.ADMIN)
    drafts = list(Report.objects.filter(period=period, status="draft", unit__kind__code="grassroots")
                  .select_related("unit", "period").order_by("pk")[: runs + 1])
    service, end_to_end = [], []
    for draft in drafts:
        before = aggregate(root, PERIOD).values["MEMBERS"]
        started = time.perf_counter()
        report_submit(actor=User.objects.get(pk=admin.pk), unit=draft.unit, period=period)
        submitted = time.perf_counter()
        after = aggregate(root, PERIOD).values["MEMBERS"]
        read = time.perf_counter()
        assert after - before == stored_values(draft)["MEMBERS"], (before, after)
        service.append(submitted - started)
        end_to_end.append(read - started)
    ROWS.append(("submit a draft: report_submit service (national dataset)", service[1:], "≤ 100 ms", ""))
    ROWS.append(("submit a draft, then read the national aggregate (changed by its MEMBERS)",
                 end_to_end[1:], "", ""))
    say(f"  report_submit: median {statistics.median(service[1:]) * 1000:.1f} ms")


def measure(root: Unit, runs: int) -> None:
    say("== measuring")
    period = Period.objects.get(code=PERIOD)
    provinces = list(Unit.objects.filter(depth=2, path__startswith=root.path).order_by("path"))
    province, grassroots = province_of_size(provinces, 3000)
    say(f"  province {province.code}: {grassroots} grassroots units")
    every = [root, *provinces]
    def national() -> list:
        found = aggregate_many(every, PERIOD)
        return [found[u.pk] for u in every]

    product = timed(f"national roll-up: aggregate_many() for the root and {len(provinces)} provinces, {PERIOD}",
                    national, runs, "≤ 100 ms (PostgreSQL)")
    slowest_queries("national roll-up", national)
    timed(f"one province roll-up: aggregate({province.code}, {PERIOD}), {grassroots} grassroots",
          lambda: aggregate(province, PERIOD), runs, "≤ 20 ms")
    slowest_queries("one province roll-up", lambda: aggregate(province, PERIOD))

    client = Client()
    client.force_login(user_on("bench-province-viewer", province, Role.VIEWER))
    url = f"/dashboard/{province.code}/{PERIOD}/"
    timed(f"province dashboard: GET {url} (in-process, logged-in viewer)",
          lambda: dashboard_get(client, url), runs, "≤ 150 ms")
    slowest_queries("province dashboard", lambda: dashboard_get(client, url))

    if importlib.util.find_spec("greenplan.analytics.breakdown.tables"):
        from greenplan.analytics.breakdown.tables import breakdown

        timed(f"national breakdown by sector × ownership, {len(BREAKDOWN_INDICATORS)} indicators",
              lambda: len(breakdown(root, PERIOD, BREAKDOWN_INDICATORS, by=("sector", "ownership")).rows),
              runs, "≤ 2 s")
        slowest_queries("national breakdown", lambda: breakdown(root, PERIOD, BREAKDOWN_INDICATORS,
                                                                by=("sector", "ownership")))
    else:
        say("  greenplan.analytics.breakdown.tables does not exist yet: breakdown not measured")

    raw = timed(f"national roll-up as one hand-written SQL query over raw values, {PERIOD}",
                lambda: raw_national(root, period), runs)
    _check_raw(raw, product)
    submissions(root, period, runs)


def _check_raw(raw: dict[str, dict[int, tuple]], product: list) -> None:
    """The raw query and the stored totals agree on each province's MEMBERS."""
    from greenplan.reporting.models import Indicator

    members = Indicator.objects.get(code="MEMBERS").pk
    for agg in product[1:]:
        total = raw.get(agg.unit.path, {}).get(members, (None,))[0]
        assert total == agg.values["MEMBERS"], (agg.unit.code, total, agg.values["MEMBERS"])


def report(runs: int) -> None:
    db = (f"SQLite {'.'.join(map(str, connection.Database.sqlite_version_info))}"
          if connection.vendor == "sqlite" else f"PostgreSQL {connection.pg_version // 10000}")
    say(f"\n{db}, {Unit.objects.count()} units, {Report.objects.count()} reports, {runs} runs after a warm-up\n")
    say("| measurement | median | fastest | slowest | target | result |")
    say("| --- | ---: | ---: | ---: | --- | --- |")
    by_label = {label: times for label, times, _t, _r in ROWS}
    for label, times, target, result in ROWS:
        result = result if isinstance(result, int | str) else ""
        if label.startswith("load:"):
            say(f"| {label} | {times[0]:.1f} s | | | | {result} |")
        else:
            ms = [t * 1000 for t in times]
            say(f"| {label} | {statistics.median(ms):.1f} | {min(ms):.1f} | {max(ms):.1f} | {target} | {result} |")
    raw = next((t for label, t in by_label.items() if "hand-written" in label), None)
    product = next((t for label, t in by_label.items() if label.startswith("national roll-up: ")), None)
    if raw and product:
        say(f"\nraw SQL / product (medians): {statistics.median(raw) / statistics.median(product):.1f}×")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--grassroots", type=int, default=130_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="measure the data already loaded")
    args = parser.parse_args()
    if args.keep:
        call_command("migrate", verbosity=0)  # the checkout may have new migrations since the load
        root = Unit.objects.get(code="TLD")
    else:
        empty_database()
        call_command("migrate", verbosity=0)
        root = load(args.grassroots)
    measure(root, args.runs)
    report(args.runs)


if __name__ == "__main__":
    main()
