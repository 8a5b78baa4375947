"""What keeping the stored totals exact costs a submission (issue #15): submit time with the
roll-up upkeep (reporting.rollup.report_status_changed) and without it, as a ratio.

Two measurements on drafts of the national dataset (bench/national_bench.py), one at a time:

1. paired: each draft is submitted twice inside a transaction that is then rolled back, once
   as the product does it and once with the roll-up step replaced by nothing (patched here, in
   the benchmark only: the product has no switch to skip it); the order alternates;
2. committed: --drafts other drafts submitted for real (the totals stay exact), the roll-up
   step timed inside each submission; "without" = the submission's time minus that step.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/greenplan_load .venv/bin/python bench/submit_cost.py
"""

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ["DEBUG"] = "0"  # DEBUG would keep every query in memory and slow the service down
os.environ.setdefault("SECRET_KEY", "bench-only")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from greenplan.accounts.models import Membership, Role, User  # noqa: E402
from greenplan.orgs.models import Unit  # noqa: E402
from greenplan.reporting import services  # noqa: E402
from greenplan.reporting.models import Period, Report  # noqa: E402


class Rollback(Exception):
    pass


@contextmanager
def rolled_back() -> Iterator[None]:
    try:
        with transaction.atomic():
            yield
            raise Rollback
    except Rollback:
        pass


def national_admin() -> User:
    user, _ = User.objects.get_or_create(username="bench-national-admin")
    root = Unit.objects.get(depth=1, code="TLD")
    Membership.objects.update_or_create(user=user, unit=root, defaults={"role": Role.ADMIN})
    return user


def submit(actor: User, report: Report) -> float:
    started = time.perf_counter()
    services.report_submit(actor=User.objects.get(pk=actor.pk), unit=report.unit, period=report.period)
    return time.perf_counter() - started


def paired(actor: User, drafts: list[Report]) -> tuple[list[float], list[float]]:
    with_upkeep, without = [], []
    for i, report in enumerate(drafts):
        skip: Callable[..., Any] = lambda *a, **k: None  # noqa: E731
        runs: list[tuple[list[float], Callable[..., Any] | None]] = [(with_upkeep, None), (without, skip)]
        for times, replacement in runs if i % 2 else runs[::-1]:
            with rolled_back():
                if replacement is None:
                    times.append(submit(actor, report))
                else:
                    with mock.patch.object(services, "report_status_changed", replacement):
                        times.append(submit(actor, report))
    return with_upkeep, without


def committed(actor: User, drafts: list[Report]) -> tuple[list[float], list[float]]:
    totals, upkeep = [], []
    real = services.report_status_changed

    def timed_upkeep(*args: Any, **kwargs: Any) -> None:
        started = time.perf_counter()
        real(*args, **kwargs)
        upkeep.append(time.perf_counter() - started)

    with mock.patch.object(services, "report_status_changed", timed_upkeep):
        for report in drafts:
            totals.append(submit(actor, report))
    return totals, upkeep


def ms(values: list[float]) -> str:
    p95 = sorted(values)[int(len(values) * 0.95)]
    return f"median {statistics.median(values) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--drafts", type=int, default=40)
    parser.add_argument("--period", default="2026H1")
    args = parser.parse_args()
    actor = national_admin()
    period = Period.objects.get(code=args.period)
    drafts = list(Report.objects.filter(period=period, status=Report.Status.DRAFT, unit__kind__code="grassroots")
                  .select_related("unit", "period").order_by("?")[: 2 * args.drafts + 1])
    submit(actor, drafts[0])  # warm-up: imports, caches, the first plans
    with_upkeep, without = paired(actor, drafts[1: args.drafts + 1])
    totals, upkeep = committed(actor, drafts[args.drafts + 1:])
    print(f"{connection.vendor}, {Unit.objects.count()} units; {args.drafts} drafts in each measurement")
    print(f"1. paired, rolled back: with the roll-up upkeep {ms(with_upkeep)}; without {ms(without)}; "
          f"ratio of medians {statistics.median(with_upkeep) / statistics.median(without):.2f}×")
    rest = [t - u for t, u in zip(totals, upkeep, strict=True)]
    print(f"2. committed: submission {ms(totals)}; of which the roll-up step {ms(upkeep)}; "
          f"the rest {ms(rest)}; ratio of medians {statistics.median(totals) / statistics.median(rest):.2f}×")
    print(f"   submissions per second, one at a time: {len(totals) / sum(totals):.1f} with the upkeep, "
          f"{len(rest) / sum(rest):.1f} without")


if __name__ == "__main__":
    main()
