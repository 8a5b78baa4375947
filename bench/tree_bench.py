"""Measure the organisation tree at national scale (docs/benchmarks.md has the results).

    DATABASE_URL=sqlite:///var/bench.sqlite3 .venv/bin/python bench/tree_bench.py --grassroots 150000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/greenplan_bench .venv/bin/python bench/tree_bench.py \
        --grassroots 150000

It migrates the database, rebuilds the synthetic tree with generate_org (timed), then times
each query `--runs` times after one warm-up run and prints the median and the fastest run.
Use a scratch database: the TLD tree in it is replaced.
"""

import argparse
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
from django.db import connection, transaction  # noqa: E402
from django.db.models import Sum  # noqa: E402

from greenplan.accounts.access import Action, may  # noqa: E402
from greenplan.accounts.models import Membership, Role, User  # noqa: E402
from greenplan.demo.generate import remove_national  # noqa: E402
from greenplan.orgs.models import Unit  # noqa: E402
from greenplan.orgs.selectors import unit_ancestors, unit_children, unit_search  # noqa: E402
from greenplan.orgs.services import unit_move  # noqa: E402

ROWS: list[tuple[str, float, float, Any]] = []


def timed(label: str, fn: Callable[[], Any], runs: int) -> Any:
    result = fn()  # warm-up: caches, and the first plan
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    ROWS.append((label, statistics.median(times), min(times), result))
    return result


def once(label: str, fn: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = fn()
    ROWS.append((label, time.perf_counter() - started, float("nan"), result))
    return result


def rebuild(grassroots: int) -> None:
    once("remove an old TLD tree", remove_national)
    once(f"generate_org --grassroots {grassroots}", lambda: call_command(
        "generate_org", "--grassroots", str(grassroots), stdout=io.StringIO()))
    with connection.cursor() as cursor:  # fresh planner statistics, as autovacuum would give
        cursor.execute("ANALYZE")


def bench_user(username: str, unit: Unit, role: str) -> User:
    user, _ = User.objects.get_or_create(username=username)
    Membership.objects.update_or_create(user=user, unit=unit, defaults={"role": role})
    return user


def fresh_user(username: str) -> User:
    """A user as a request sees it: grants not yet read."""
    return User.objects.get(username=username)


def subtree_by_range(unit: Unit) -> Any:
    # Every path character is 0-9 or A-Z, all below "~": [path, path + "~") is the subtree.
    return Unit.objects.filter(path__gte=unit.path, path__lt=unit.path + "~")


def move_and_roll_back(unit: Unit, to: Unit) -> int:
    with transaction.atomic():
        moved = unit_move(unit=Unit.objects.get(pk=unit.pk), new_parent=to, date=unit.valid_from)
        transaction.set_rollback(True)
    return len(moved.path)


def build_adjacency() -> None:
    """The same tree as an adjacency list (id, parent_id), for the recursive-CTE comparison."""
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_adjacency")
        cursor.execute(
            "CREATE TABLE bench_adjacency AS SELECT c.id AS id, p.id AS parent_id FROM orgs_unit c "
            "LEFT JOIN orgs_unit p ON p.path = substr(c.path, 1, length(c.path) - 4)"
        )
        cursor.execute("CREATE INDEX bench_adjacency_parent ON bench_adjacency (parent_id)")
        cursor.execute("CREATE UNIQUE INDEX bench_adjacency_id ON bench_adjacency (id)")
        cursor.execute("ANALYZE bench_adjacency")


def cte_subtree_count(unit_id: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH RECURSIVE sub(id) AS (SELECT id FROM bench_adjacency WHERE id = %s UNION ALL "
            "SELECT a.id FROM bench_adjacency a "
            "JOIN sub ON a.parent_id = sub.id) SELECT count(*) FROM sub", [unit_id])
        return cursor.fetchone()[0]


def cte_ancestors(unit_id: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH RECURSIVE up(id, parent_id) AS (SELECT id, parent_id FROM bench_adjacency WHERE id = %s "
            "UNION ALL SELECT a.id, a.parent_id FROM bench_adjacency a JOIN up ON a.id = up.parent_id) "
            "SELECT count(*) FROM up", [unit_id])
        return cursor.fetchone()[0]


def measure(runs: int, cte: bool) -> None:
    national = Unit.objects.get(code="TLD")
    province = Unit.objects.get(code="TLD-P18")  # Hải Phòng, a typical province
    biggest = Unit.objects.get(code="TLD-P01")
    commune = Unit.objects.get(code="TLD-P18-C001")
    other_province = Unit.objects.get(code="TLD-P19")
    leaf = Unit.objects.filter(path__startswith=province.path, depth=5).order_by("path").first()
    assert leaf is not None
    bench_user("bench-national", national, Role.ADMIN)
    bench_user("bench-province", province, Role.APPROVER)

    timed("province subtree count, path LIKE prefix (TLD-P18)",
          lambda: Unit.objects.filter(path__startswith=province.path).count(), runs)
    timed("province subtree count, path range (TLD-P18)", lambda: subtree_by_range(province).count(), runs)
    timed("biggest province subtree count, LIKE (TLD-P01)",
          lambda: Unit.objects.filter(path__startswith=biggest.path).count(), runs)
    timed("province members total, Sum over subtree (LIKE)",
          lambda: Unit.objects.filter(path__startswith=province.path).aggregate(s=Sum("members"))["s"], runs)
    timed("commune subtree rows, LIKE (TLD-P18-C001)",
          lambda: len(list(Unit.objects.filter(path__startswith=commune.path))), runs)
    timed("commune subtree rows, range", lambda: len(list(subtree_by_range(commune))), runs)
    timed("whole province rows as objects, LIKE",
          lambda: len(list(Unit.objects.filter(path__startswith=province.path))), runs)
    timed("ancestors of a depth-5 grassroots unit (path__in)", lambda: len(unit_ancestors(leaf)), runs)
    timed("children of a province (unit_children)", lambda: len(list(unit_children(province))), runs)
    timed("children of a province, depth + path range",
          lambda: len(list(subtree_by_range(province).filter(depth=province.depth + 1).active()
                           .select_related("kind", "sector").order_by("kind__order", "name"))), runs)
    timed("children of the national root", lambda: len(list(unit_children(national))), runs)
    timed("unit by code (unit_for_user-style lookup)", lambda: Unit.objects.get(code=leaf.code).pk, runs)
    timed("unit_search 'truong tieu hoc', national scope",
          lambda: len(list(unit_search(fresh_user("bench-national"), "truong tieu hoc"))), runs)
    timed("unit_search 'cong ty det may', province scope",
          lambda: len(list(unit_search(fresh_user("bench-province"), "cong ty det may"))), runs)
    timed("unit_search 'zzzz' (no match: full scan), national",
          lambda: len(list(unit_search(fresh_user("bench-national"), "zzzz"))), runs)
    timed("may(): read grants + 1 check (cold user)",
          lambda: may(fresh_user("bench-province"), Action.APPROVE, leaf), runs)
    warm = fresh_user("bench-province")
    timed("may() x 10,000, grants cached (total)",
          lambda: sum(may(warm, Action.VIEW, leaf) for _ in range(10_000)), runs)
    timed("move a commune union (with subtree) to another province, rolled back",
          lambda: move_and_roll_back(commune, other_province), max(3, runs // 2))
    if cte:
        once("build adjacency table for the CTE comparison", build_adjacency)
        timed("CTE: province subtree count (adjacency list)", lambda: cte_subtree_count(province.pk), runs)
        timed("CTE: biggest province subtree count", lambda: cte_subtree_count(biggest.pk), runs)
        timed("CTE: ancestors of the depth-5 unit", lambda: cte_ancestors(leaf.pk), runs)


def report(total_units: int) -> None:
    db = connection.vendor + " " + ".".join(map(str, connection.Database.sqlite_version_info)) \
        if connection.vendor == "sqlite" else f"postgresql {connection.pg_version // 10000}"
    print(f"\n{db}, {total_units} units in the database\n")
    print("| measurement | median ms | fastest ms | result |")
    print("| --- | ---: | ---: | --- |")
    for label, median, fastest, result in ROWS:
        best = "" if fastest != fastest else f"{fastest * 1000:.2f}"  # NaN for one-off timings
        shown = result if isinstance(result, int | bool) else ""
        print(f"| {label} | {median * 1000:.2f} | {best} | {shown} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--grassroots", type=int, default=150_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="reuse the TLD tree already in the database")
    parser.add_argument("--no-cte", action="store_true", help="skip the recursive-CTE comparison")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if not args.keep or not Unit.objects.filter(code="TLD").exists():
        rebuild(args.grassroots)
    measure(args.runs, cte=not args.no_cte)
    report(Unit.objects.count())


if __name__ == "__main__":
    main()
