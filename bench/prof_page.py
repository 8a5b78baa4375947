"""Where one page's time goes, in process (cProfile): the functions with the most cumulative time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/greenplan_load .venv/bin/python bench/prof_page.py \
        "/dashboard/TLD-P01/2026H1/?level=grassroots&page=2"

Signs in as pages_bench.py's province admin (run pages_bench.py once first to create it).
"""

import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.update(SECURE_SSL_REDIRECT="0", SECURE_COOKIES="0", SECURE_HSTS_SECONDS="0")
os.environ.setdefault("STATIC_ROOT", str(Path(__file__).resolve().parent.parent / "var" / "load" / "static"))

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

from greenplan.accounts.models import User  # noqa: E402


def main() -> None:
    url, user = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "bench-admin-tld-p01")
    client = Client()
    client.force_login(User.objects.get(username=user))
    for _ in range(2):
        client.get(url)
    started = time.perf_counter()
    for _ in range(5):
        client.get(url)
    print("ms per request", round((time.perf_counter() - started) * 200))
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(3):
        client.get(url)
    profile.disable()
    stats = pstats.Stats(profile)
    rows = [(v[3] / 3, k) for k, v in stats.stats.items() if v[3] / 3 > 0.012]  # type: ignore[attr-defined]
    for cumulative, k in sorted(rows, reverse=True)[:60]:
        print(round(cumulative * 1000), k[0][-45:], k[1], k[2], stats.stats[k][1] // 3)  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
