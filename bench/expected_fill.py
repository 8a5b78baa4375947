"""How long the first read of a stored expected count takes after the tree changed (it recomputes
the period for the whole tree), and the next read. Run on a loaded bench database:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/greenplan_bench .venv/bin/python bench/expected_fill.py
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
import django  # noqa: E402

django.setup()
from greenplan.orgs.models import TreeVersion, Unit  # noqa: E402
from greenplan.reporting.expected import expected_counts  # noqa: E402
from greenplan.reporting.models import Period  # noqa: E402

root = Unit.objects.get(depth=1)
p = Period.objects.get(code="2026H1")
for _run in range(3):
    TreeVersion.bump()
    t = time.perf_counter()
    expected_counts([root], [p])
    cold = time.perf_counter() - t
    t = time.perf_counter()
    expected_counts([root], [p])
    warm = time.perf_counter() - t
    print(f"first read after a tree change {cold*1000:.0f} ms, next read {warm*1000:.1f} ms")
