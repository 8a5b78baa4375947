"""The compiled report of a province as .docx at national scale (issue #11: ≤ 5 s for a
province of ≈ 3,000 grassroots units and ≈ 200 direct subordinates). docs/benchmarks.md has the
results.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/greenplan_bench .venv/bin/python bench/documents_bench.py --keep
    DATABASE_URL=sqlite:///var/bench.sqlite3 .venv/bin/python bench/documents_bench.py --keep

Without --keep it empties the (scratch) database and loads the national dataset first, exactly
as bench/national_bench.py does. Then it times, after one warm-up, the whole API request
GET /api/v1/aggregates/<province>/2026H1/report.docx (in process, with a bearer token), and the
same for the year 2026, and counts the queries of one request.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.national_bench import empty_database, load, province_of_size, say, user_on  # noqa: E402
from greenplan.accounts.models import Role  # noqa: E402
from greenplan.accounts.tokens import token_issue  # noqa: E402
from greenplan.orgs.models import Unit, children_q, subtree_q  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--grassroots", type=int, default=130_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="measure the data already loaded")
    parser.add_argument("--unit", help="measure this unit (default: the province closest to 3,000 grassroots units)")
    args = parser.parse_args()
    if not args.keep:
        empty_database()
    call_command("migrate", verbosity=0)
    root = Unit.objects.get(code="TLD") if args.keep else load(args.grassroots)
    provinces = list(Unit.objects.filter(children_q(root)).order_by("path"))
    province, grassroots = province_of_size(provinces, 3000)
    if args.unit:
        province = Unit.objects.get(code=args.unit)
        grassroots = Unit.objects.filter(subtree_q(province.path), kind__code="grassroots").count()
    children = Unit.objects.filter(children_q(province)).count()
    user = user_on("bench-documents", province, Role.VIEWER)
    headers = {"Authorization": f"Bearer {token_issue(user=user)[0]}"}
    client = Client()
    say(f"== {connection.vendor}: {province.code}, {grassroots} grassroots units, {children} direct subordinates")
    for period in ("2026H1", "2026"):
        url = f"/api/v1/aggregates/{province.code}/{period}/report.docx"
        times, size = [], 0
        for run in range(args.runs + 1):
            started = time.perf_counter()
            response = client.get(url, headers=headers)
            elapsed = time.perf_counter() - started
            assert response.status_code == 200, response.content[:300]
            size = len(response.content)
            if run:
                times.append(elapsed)
        with CaptureQueriesContext(connection) as queries:
            client.get(url, headers=headers)
        say(f"  GET {url}: median {statistics.median(times):.2f} s, fastest {min(times):.2f} s, "
            f"slowest {max(times):.2f} s over {args.runs} runs; {size / 1024:.0f} KiB; "
            f"{len(queries.captured_queries)} queries")


if __name__ == "__main__":
    main()
