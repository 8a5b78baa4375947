"""List pages at province scale (issue #12): for the admin of the largest province of the
national dataset (bench/national_bench.py), the median and p95 time of each page and its size.

Target: every list page and the province home ≤ 300 ms median and ≤ 300 KB. In-process
(django.test.Client, DEBUG off, the real middleware), after one warm-up request per page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/greenplan_load .venv/bin/python bench/pages_bench.py --runs 7

The pages are the ones that list the province's units or its people; other engineers add
paging and search to them, so re-run this after each merge (the table is the whole output).

Before timing, it gives the coverage page something to measure (generate_org makes no plans):
the seed plan issued at the top, copied down to the province and issued, and copied on to four
in five of the province's direct subordinates (bench/plan_seed.py, shared with
bench/overview_bench.py). The step is idempotent: the first run on a database writes the plans
through the product's services (seconds for 192 copies on greenplan_load), later runs find
them and write nothing.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ["DEBUG"] = "0"  # DEBUG pages and query logging are not what users get
os.environ.setdefault("SECRET_KEY", "bench-only")
# Plain HTTP as on the loopback (scripts/run.sh); hashed static files as users get them.
os.environ.update(SECURE_SSL_REDIRECT="0", SECURE_COOKIES="0", SECURE_HSTS_SECONDS="0")
os.environ.setdefault("STATIC_ROOT", str(Path(__file__).resolve().parent.parent / "var" / "load" / "static"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from bench.plan_seed import seed_plans  # noqa: E402
from greenplan.accounts.models import Membership, Role, User  # noqa: E402
from greenplan.demo.emulation import demo_sheet  # noqa: E402
from greenplan.emulation.models import Sheet  # noqa: E402
from greenplan.orgs.models import Unit  # noqa: E402

TARGET_MS = 300
TARGET_KB = 300


def largest_province() -> tuple[Unit, int]:
    sizes = {p: Unit.objects.filter(path__startswith=p.path).count()
             for p in Unit.objects.filter(depth=2)}
    province = max(sizes, key=lambda p: sizes[p])
    return province, sizes[province]


def emulation_sheet() -> Sheet:
    """The demo movement's score sheet; only the national admin may load one (generate_org has none)."""
    root = Unit.objects.get(depth=1)
    national, _ = User.objects.get_or_create(username="bench-national-admin")
    Membership.objects.update_or_create(user=national, unit=root, defaults={"role": Role.ADMIN})
    return demo_sheet(root)


def pages(province: Unit, period: str) -> list[tuple[str, str]]:
    sheet = emulation_sheet()
    code = province.code
    return [
        ("province home", "/"),
        ("the province's unit page", f"/units/{code}/"),
        ("overview (reports of the subordinates)", f"/overview/{code}/{period}/"),
        ("overview, every level below, searched", f"/overview/{code}/{period}/?scope=all&q=cong+ty&page=3"),
        ("plan coverage", f"/plans/{code}/coverage/"),
        ("dashboard", f"/dashboard/{code}/{period}/"),
        ("dashboard, every grassroots union ranked", f"/dashboard/{code}/{period}/?level=grassroots&page=2"),
        ("activities of the whole subtree", f"/activities/{code}/?subtree=1"),
        ("emulation ranking, every grassroots union",
         f"/emulation/{sheet.movement.code}/{sheet.year}/ranking/{code}/?level=grassroots"),
        ("activities list", f"/activities/{code}/"),
        ("accounts list", "/accounts/manage/"),
        ("emulation ranking", f"/emulation/{sheet.movement.code}/{sheet.year}/ranking/{code}/"),
        ("practices list", "/practices/"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--period", default="2026H1")
    args = parser.parse_args()
    call_command("collectstatic", interactive=False, verbosity=0)
    province, size = largest_province()
    admin, _ = User.objects.get_or_create(username=f"bench-admin-{province.code.lower()}")
    Membership.objects.update_or_create(user=admin, unit=province, defaults={"role": Role.ADMIN})
    copied = seed_plans(province, admin)
    client = Client()
    client.force_login(admin)
    print(f"{province.code}: {size} units, {province.numchild} direct subordinates "
          f"({copied} plans copied down now); admin {admin.username}; {args.runs} runs after a warm-up\n")
    print("| page | URL | status | median ms | p95 ms | KB | ≤ 300 ms and ≤ 300 KB |")
    print("| --- | --- | ---: | ---: | ---: | ---: | --- |")
    for label, url in pages(province, args.period):
        response = client.get(url)  # warm-up
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        kb = len(response.content) / 1024
        median, p95 = statistics.median(times), sorted(times)[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        ok = "yes" if response.status_code == 200 and median <= TARGET_MS and kb <= TARGET_KB else "**no**"
        print(f"| {label} | `{url}` | {response.status_code} | {median:.0f} | {p95:.0f} | {kb:.0f} | {ok} |",
              flush=True)


if __name__ == "__main__":
    main()
