"""CPU milliseconds that a save and a submission cost the application process (issue #15):
through the API as bench/locustfile.py's reporters send them, and through the data-entry page.
The test client with the real middleware and DEBUG off, on drafts of the national dataset, each
in a rolled-back transaction (nothing is kept). PostgreSQL's own CPU is not counted; `--profile`
prints the functions that cost the most.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/greenplan_load .venv/bin/python bench/request_cpu.py
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "bench-only")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.submit_cost import rolled_back  # noqa: E402
from greenplan.accounts.models import ApiToken, Membership, Role, User, hash_token  # noqa: E402
from greenplan.reporting.models import Period, Report  # noqa: E402

# Whole-number indicators that no rule ties to another, as the load's reporters save.
FREE = ("G3_SESSIONS", "G3_MEDIA", "G3_EVENTS")


def reporter_headers(report: Report) -> dict[str, str]:
    user = User.objects.create(username=f"cpu-{report.unit.code}")
    Membership.objects.create(user=user, unit=report.unit, role=Role.REPORTER)
    raw = ApiToken.new_raw_key()
    ApiToken.objects.create(user=user, key_hash=hash_token(raw), expires_at=timezone.now() + settings.API_TOKEN_TTL)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def cpu_ms(send: Callable[..., Any], path: str, data: dict[str, Any], **extra: Any) -> tuple[float, Any]:
    started = time.process_time()
    response = send(path, data, secure=True, **extra)
    spent = (time.process_time() - started) * 1000
    assert response.status_code in (200, 302), (response.status_code, response.content[:300])
    return spent, response.json() if response.get("Content-Type", "").startswith("application/json") else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=30)
    parser.add_argument("--period", default="2026H1")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    period = Period.objects.get(code=args.period)
    drafts = list(Report.objects.filter(period=period, status=Report.Status.DRAFT, unit__kind__code="grassroots")
                  .select_related("unit").order_by("?")[: args.reports + 1])
    client = Client()
    saves: list[float] = []
    submits: list[float] = []
    page_saves: list[float] = []
    page_submits: list[float] = []
    profile = cProfile.Profile()
    for i, report in enumerate(drafts):
        url = f"/api/v1/reports/{report.unit.code}/{period.code}"
        with rolled_back():
            headers = reporter_headers(report)
            if i and args.profile:
                profile.enable()
            json = {"content_type": "application/json", **headers}
            save, saved = cpu_ms(client.put, url, {"version": report.version, "values": {FREE[i % 3]: 1000 + i}},
                                 **json)
            submit, _ = cpu_ms(client.post, url + "/submit", {"version": saved["version"]}, **json)
            profile.disable()
        with rolled_back():  # the same through the data-entry page (session, form, HTML answer)
            page = f"/reports/{report.unit.code}/{period.code}/"
            client.force_login(User.objects.create(username=f"cpu-{report.unit.code}"))
            Membership.objects.create(user_id=client.session["_auth_user_id"], unit=report.unit, role=Role.REPORTER)
            page_save, _ = cpu_ms(client.post, page, {"version": report.version, FREE[i % 3]: 1000 + i,
                                                      "action": "save"})
            page_submit, _ = cpu_ms(client.post, page, {"version": report.version + 1, "action": "submit"})
            assert Report.objects.get(pk=report.pk).status == Report.Status.SUBMITTED, "the page did not submit"
        if i:  # the first pair warms the caches up
            saves.append(save)
            submits.append(submit)
            page_saves.append(page_save)
            page_submits.append(page_submit)
    print(f"{len(saves)} reports: API save CPU median {statistics.median(saves):.1f} ms; "
          f"API submit {statistics.median(submits):.1f} ms; page save {statistics.median(page_saves):.1f} ms; "
          f"page submit {statistics.median(page_submits):.1f} ms")
    if args.profile:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main()
