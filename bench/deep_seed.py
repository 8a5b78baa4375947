"""Plans one level further down and activities recorded against them, for the coverage page's
deeper counts (issue #12): bench/overview_bench.py --deeper. Import it after django.setup().

Every grassroots unit under a direct subordinate with a plan gets a copy of that plan (a draft,
every item concretizing the one above), and activities on a few of its items, so the coverage
page of the province reads ≈ 7,000 plans two levels down (≈ 220,000 items). Rows are written in
bulk, not through plan_copy_down and activity_record: thousands of copies through the services
would take many minutes, and only the rows matter to the page. Idempotent: units with a current
plan are skipped, and activities are only added to the plans made by this run.
"""

import datetime
import random

from greenplan.activities.models import Activity
from greenplan.orgs.models import Unit, subtree_q
from greenplan.plans.models import Plan, PlanItem

ACTIVITIES_PER_PLAN = 3


def seed_deeper(province: Unit) -> int:
    """Copy the plans of the province's direct subordinates down to their grassroots units and
    record activities there. Returns how many plans this run made."""
    above = {p.unit_id: p for p in Plan.objects.filter(subtree_q(province.path, "unit__"),
                                                     unit__depth=province.depth + 1, superseded_at__isnull=True)}
    planned = set(Plan.objects.filter(subtree_q(province.path, "unit__"), unit__depth=province.depth + 2,
                                      superseded_at__isnull=True).values_list("unit_id", flat=True))
    by_path = {u.path: u.pk for u in Unit.objects.filter(pk__in=list(above))}
    units = [u for u in Unit.objects.filter(subtree_q(province.path), depth=province.depth + 2).order_by("path")
             if u.pk not in planned and u.path[:-Unit.steplen] in by_path]
    if not units:
        return 0
    parent_of = {u.pk: by_path[u.path[:-Unit.steplen]] for u in units}
    items_of = {pk: list(plan.items.order_by("order", "id")) for pk, plan in above.items()}
    copies = [Plan(unit=u, title=above[parent_of[u.pk]].title, parent_plan=above[parent_of[u.pk]]) for u in units]
    plans = Plan.objects.bulk_create(copies, batch_size=1000)
    rows = [PlanItem(plan=plan, code=item.code, group_id=item.group_id, title=item.title, parent_item=item,
                     order=item.order) for plan in plans for item in items_of[parent_of[plan.unit_id]]]
    PlanItem.objects.bulk_create(rows, batch_size=2000)
    rng = random.Random(12)
    by_plan: dict[int, list[int]] = {}
    for pk, plan_id in PlanItem.objects.filter(plan__in=plans).values_list("pk", "plan_id"):
        by_plan.setdefault(plan_id, []).append(pk)
    activities = [Activity(unit_id=plan.unit_id, item_id=rng.choice(by_plan[plan.pk]), kind=Activity.Kind.OTHER,
                           title="Bench", start_on=datetime.date(2026, 3, 1))
                  for plan in plans for _ in range(ACTIVITIES_PER_PLAN)]
    Activity.objects.bulk_create(activities, batch_size=2000)
    return len(plans)
