"""The overview and the coverage page of one large province (issue #12; docs/benchmarks.md).

    DATABASE_URL=sqlite:///var/overview.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:///var/overview.sqlite3 .venv/bin/python manage.py generate_org --grassroots 9000 \\
        --provinces 1
    DATABASE_URL=sqlite:///var/overview.sqlite3 .venv/bin/python bench/overview_bench.py

The first run seeds what the pages read (idempotent): the open period 2026H1 with reports from
≈ 70 % of the units in mixed states, the national and province plans issued, four in five of the
province's direct subordinates with a plan copied down (bench/plan_seed.py), a reporter on every
unit, and an admin of the province; with --deeper, plans and activities one level further down
(bench/deep_seed.py). Then it times each page `--runs` times after a warm-up
(median), with its size and number of queries, and "remind all" over every level.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.deep_seed import seed_deeper  # noqa: E402
from bench.plan_seed import seed_plans  # noqa: E402
from greenplan.accounts.models import Membership, Role, User  # noqa: E402
from greenplan.notifications.models import Notification  # noqa: E402
from greenplan.orgs.models import Unit  # noqa: E402
from greenplan.reporting.models import Period, Report  # noqa: E402

ADMIN = "bench_overview_admin"


def seed(province: Unit) -> User:
    period, made = Period.objects.get_or_create(code="2026H1", defaults=dict(
        year=2026, half=1, start=datetime.date(2026, 1, 1), end=datetime.date(2026, 6, 30),
        cutoff=datetime.date(2026, 6, 15), deadline=datetime.date(2026, 7, 15), is_open=True))
    below = list(Unit.objects.filter(path__startswith=province.path, depth__gt=province.depth)
                 .values_list("pk", "code"))
    if made:
        rng = random.Random(1)
        reports = []
        for pk, _code in below:
            if rng.random() < 0.3:
                continue
            status = rng.choice(["draft", "submitted", "approved", "returned"])
            sent = None if status == "draft" else timezone.make_aware(datetime.datetime(2026, 7, rng.randint(1, 28), 9))
            reports.append(Report(unit_id=pk, period=period, status=status, first_submitted_at=sent))
        Report.objects.bulk_create(reports, batch_size=2000)
    admin, _ = User.objects.get_or_create(username=ADMIN)
    Membership.objects.get_or_create(user=admin, unit=province, defaults={"role": Role.ADMIN})
    if not User.objects.filter(username__startswith="bench-rep-").exists():
        User.objects.bulk_create([User(username=f"bench-rep-{code.lower()}", password="!") for _pk, code in below],
                                 batch_size=2000)
        users = dict(User.objects.filter(username__startswith="bench-rep-").values_list("username", "pk"))
        Membership.objects.bulk_create([Membership(user_id=users[f"bench-rep-{code.lower()}"], unit_id=pk,
                                                   role=Role.REPORTER) for pk, code in below], batch_size=2000)
    seed_plans(province, admin)
    return User.objects.get(pk=admin.pk)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--deeper", action="store_true", help="plans and activities at the grassroots too "
                        "(bench/deep_seed.py)")
    parser.add_argument("--only", default="", help="time only the pages whose URL contains this")
    args = parser.parse_args()
    province = Unit.objects.filter(depth=2).order_by("path").first()
    assert province is not None, "run generate_org first"
    admin = seed(province)
    if args.deeper:
        print(f"deeper plans made: {seed_deeper(province)}")
    print(f"{province.code}: {Unit.objects.filter(path__startswith=province.path).count() - 1} units below, "
          f"{province.numchild} direct subordinates")
    client = Client()
    client.force_login(admin)
    base = f"/overview/{province.code}/2026H1/"
    pages = [(base, False), (f"{base}?scope=all", False), (f"{base}?scope=all&q=truong&sort=late&page=3", False),
             (f"{base}?scope=all", True), (f"{base}?scope=all&q=truong&sort=late&page=3", True),
             (f"{base}?scope=all&show=missing&format=csv", False), (f"/plans/{province.code}/coverage/", False)]
    for url, htmx in [(url, htmx) for url, htmx in pages if args.only in url]:
        headers = {"HX-Request": "true"} if htmx else {}
        client.get(url, headers=headers)
        times = []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url, headers=headers)
                times.append((time.perf_counter() - start) * 1000)
        print(f"{url}{' [htmx]' if htmx else ''}: {response.status_code}, median {statistics.median(times):.0f} ms, "
              f"{len(response.content) / 1024:.0f} KiB, {len(queries)} queries")
    if args.only:
        return
    Notification.objects.filter(dedupe_key__startswith="remind:").delete()
    for label in ("remind all, every level", "the same again (all reminded today)"):
        start = time.perf_counter()
        client.post(f"{base}remind/", {"scope": "all"})
        print(f"{label}: {(time.perf_counter() - start) * 1000:.0f} ms, "
              f"{Notification.objects.filter(dedupe_key__startswith='remind:').count()} notifications")


if __name__ == "__main__":
    main()
