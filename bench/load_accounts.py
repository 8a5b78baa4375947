"""Accounts for the deadline-day load (bench/load.sh, docs/benchmarks.md "Deadline-day load").

On the national dataset of bench/national_bench.py, picks --reporters grassroots units whose
report of the period can still be edited (draft or returned), spread over the whole country,
and creates:

- a reporter `load-<unit code>` on each, with an API token (saves and submissions use the API);
- an approver `load-<parent code>` on each of their direct superiors, with an API token;
- a viewer `load-officer-<province code>` on each of the --provinces largest provinces (the
  officers sign in on the pages, with a session and CSRF, like a browser).

Every account has the password of the demo accounts. The accounts, tokens, units and the
indicators a save may change go to <out>/accounts.json; the state the check after the run
compares against (the stored totals these reports reach, and the totals recomputed from these
reports alone) goes to <out>/before.pickle (bench/load_verify.py).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/greenplan_load \
        .venv/bin/python bench/load_accounts.py --reporters 2000 --out var/load/run1
"""

import argparse
import json
import os
import pickle
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from greenplan.accounts.models import ApiToken, Membership, Role, User, hash_token  # noqa: E402
from greenplan.orgs.models import Unit  # noqa: E402
from greenplan.reporting import values as V  # noqa: E402
from greenplan.reporting.models import Indicator, Period, Report, Rollup  # noqa: E402
from greenplan.reporting.rebuild import expected_totals  # noqa: E402

PASSWORD = "green-2030"  # the demo accounts' password (DESIGN.md)
PREFIX = "load-"


def editable_reports(period: Period, count: int, seed: int) -> list[Report]:
    """Draft or returned reports of grassroots units, drawn at random over the whole country."""
    ids = list(
        Report.objects.filter(period=period, unit__kind__code="grassroots",
                              status__in=[Report.Status.DRAFT, Report.Status.RETURNED])
        .values_list("pk", flat=True)
    )
    random.Random(seed).shuffle(ids)
    return list(Report.objects.filter(pk__in=ids[:count]).select_related("unit"))


def changeable_indicators(unit: Unit) -> list[dict]:
    """Whole-number indicators that no rule ties to another: any value in range keeps the report valid."""
    catalogue = V.catalogue_for(unit)
    in_rules = {code for rule in catalogue.rules for code in (rule.left.code, rule.right.code)}
    found = []
    for ind in catalogue.entered:
        if ind.type != Indicator.Type.INTEGER or ind.code in in_rules:
            continue
        top = 500 if ind.max_value is None else min(500, int(ind.max_value))
        found.append({"code": ind.code, "min": int(ind.min_value), "max": top})
    return found


def accounts(role_units: dict[str, tuple[Unit, str]], password_hash: str) -> dict[str, User]:
    """Users (created or reset) with one membership each: username → (unit, role)."""
    existing = {u.username: u for u in User.objects.filter(username__in=role_units)}
    User.objects.bulk_create([User(username=name, password=password_hash, full_name=name)
                              for name in role_units if name not in existing])
    users = {u.username: u for u in User.objects.filter(username__in=role_units)}
    User.objects.filter(pk__in=[u.pk for u in users.values()]).update(password=password_hash, is_active=True)
    Membership.objects.filter(user__in=users.values()).delete()
    Membership.objects.bulk_create([Membership(user=users[name], unit=unit, role=role)
                                    for name, (unit, role) in role_units.items()])
    return users


def tokens(users: list[User]) -> dict[str, str]:
    """A fresh API token per user (only the hash is stored, as token_issue does)."""
    ApiToken.objects.filter(user__in=users).delete()
    expires = timezone.now() + settings.API_TOKEN_TTL
    raw = {u.username: ApiToken.new_raw_key() for u in users}
    ApiToken.objects.bulk_create([ApiToken(user=u, key_hash=hash_token(raw[u.username]), expires_at=expires)
                                  for u in users])
    return raw


def snapshot(reports: list[Report], period: Period) -> dict:
    """What bench/load_verify.py needs to prove the totals exact after the run.

    Only these reports change during the run, so every stored total they reach must move by
    exactly what they add: (stored after − stored before) = (recomputed after − recomputed
    before), the recomputation over these units' reports of the year (both halves)."""
    unit_ids = [r.unit_id for r in reports]
    year_reports = list(Report.objects.filter(unit_id__in=unit_ids, period__year=period.year)
                        .values_list("pk", flat=True))
    # A draft has no counted_in yet: submitting it counts it in its unit and every ancestor.
    paths = {p for r in reports for p in [*r.unit.ancestor_paths(), r.unit.path]}
    reached = sorted(set(Unit.objects.filter(path__in=paths).values_list("pk", flat=True))
                     | {uid for r in reports for uid in (r.counted_in or [])})
    keys = [period.code, str(period.year)]
    stored = {(r.unit_id, r.period, r.scope): (r.data, r.reports, r.on_time)
              for r in Rollup.objects.filter(unit_id__in=reached, period__in=keys)}
    return {"report_ids": year_reports, "units": reached, "periods": keys, "stored": stored,
            "expected": expected_totals(year_reports)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reporters", type=int, default=2000)
    parser.add_argument("--provinces", type=int, default=3)
    parser.add_argument("--period", default="2026H1")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    period = Period.objects.get(code=args.period)
    reports = editable_reports(period, args.reporters, args.seed)
    units = [r.unit for r in reports]
    parents = {p.path: p for p in Unit.objects.filter(path__in={u.path[: -Unit.steplen] for u in units})}
    parent_of = {u.code: parents[u.path[: -Unit.steplen]] for u in units}
    provinces = list(Unit.objects.filter(depth=2).order_by("code"))
    sizes = {p.pk: Unit.objects.filter(path__startswith=p.path).count() for p in provinces}
    largest = sorted(provinces, key=lambda p: -sizes[p.pk])[: args.provinces]

    role_units: dict[str, tuple[Unit, str]] = {}
    for u in units:
        role_units[PREFIX + u.code.lower()] = (u, Role.REPORTER)
        parent = parent_of[u.code]
        role_units[PREFIX + parent.code.lower()] = (parent, Role.APPROVER)
    for p in largest:
        role_units[f"{PREFIX}officer-{p.code.lower()}"] = (p, Role.VIEWER)

    with transaction.atomic():
        users = accounts(role_units, make_password(PASSWORD))
        raw = tokens([users[name] for name, (_u, role) in role_units.items() if role != Role.VIEWER])
    state = snapshot(reports, period)
    data = {
        "period": period.code,
        "password": PASSWORD,
        "reporters": [{"unit": u.code, "token": raw[PREFIX + u.code.lower()],
                       "approver": raw[PREFIX + parent_of[u.code].code.lower()]} for u in units],
        "officers": [{"username": f"{PREFIX}officer-{p.code.lower()}", "province": p.code,
                      "units": sizes[p.pk]} for p in largest],
        "indicators": changeable_indicators(units[0]),
    }
    (args.out / "accounts.json").write_text(json.dumps(data, indent=1))
    with open(args.out / "before.pickle", "wb") as f:
        pickle.dump(state, f)
    print(f"{len(units)} reporters, {len(parents)} approvers, {len(largest)} officers "
          f"({', '.join(f'{p.code}: {sizes[p.pk]} units' for p in largest)}), "
          f"{len(data['indicators'])} indicators a save may change, "
          f"{len(state['stored'])} stored totals watched → {args.out}")


if __name__ == "__main__":
    main()
