"""Revising a plan keeps its activities counting against the plan in force."""

import datetime

from greenplan.activities.models import Activity
from greenplan.activities.services import activity_record
from greenplan.plans.services import item_delete, plan_issue, plan_revise
from greenplan.testing.factories import activity_data


def test_activities_follow_the_items_into_the_new_revision(tree, a1_item):
    actor = tree.users.reporter_a1
    plan = a1_item.plan
    other = plan.items.get(code="7.3")
    kept = activity_record(actor=actor, unit=tree.a1, item=a1_item, **activity_data())
    dropped = activity_record(actor=actor, unit=tree.a1, item=other, **activity_data(title="Mua sắm xanh"))
    loose = activity_record(actor=actor, unit=tree.a1, **activity_data(title="Không gắn mục"))
    plan_issue(actor=actor, plan=plan, number="5", issued_on=datetime.date(2026, 1, 5), signer="Chủ tịch")
    new = plan_revise(actor=actor, plan=plan)
    item_delete(actor=actor, item=new.items.get(code="7.3"))
    kept.refresh_from_db()
    assert kept.item.plan == new and kept.item.code == "1.1"
    dropped.refresh_from_db()
    assert dropped.item is None  # its item is gone from the plan in force; the activity stays
    assert Activity.objects.get(pk=loose.pk).item is None
    assert Activity.objects.count() == 3
