"""The demo activities: plausible, linked to the items of the plans they belong to, all valid."""

import datetime

from greenplan.activities.models import Activity
from greenplan.demo.activities import load_demo_activities
from greenplan.plans.services import plan_copy_down


def test_demo_activities_follow_the_plans(tree, province_plan):
    plan_copy_down(actor=tree.users.admin, unit=tree.a)
    plan_copy_down(actor=tree.users.admin, unit=tree.a1)
    count = load_demo_activities(tree.root)
    activities = list(Activity.objects.select_related("item__plan", "unit"))
    assert count == len(activities) >= 6
    assert {a.unit.code for a in activities} == {"HP", "HP-A", "HP-A-01"}  # the units with a plan
    linked = [a for a in activities if a.item]
    assert linked and all(a.item.plan.unit_id == a.unit_id for a in linked)
    assert all(a.start_on <= datetime.date.today() and a.cost >= 0 and a.participants > 0 for a in activities)
    assert all(a.recorded_by == tree.users.admin for a in activities)  # no account named after these units


def test_each_unit_records_with_its_own_demo_account(tree, province_plan):
    from greenplan.accounts.models import Role
    from greenplan.testing.personas import make_user

    own = make_user("hp", tree.root, Role.ADMIN)
    load_demo_activities(tree.root)
    assert set(Activity.objects.values_list("recorded_by", flat=True)) == {own.pk}
