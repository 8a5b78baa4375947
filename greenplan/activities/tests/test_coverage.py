"""The coverage of a superior's plan counts the activities recorded against its items, its own and
those of its subordinates on the items that concretize them."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from greenplan.activities.services import activity_record
from greenplan.orgs.models import UnitKind
from greenplan.orgs.services import unit_create
from greenplan.plans.models import Plan, PlanItem
from greenplan.plans.selectors import activity_counts, coverage
from greenplan.plans.services import plan_copy_down
from greenplan.testing.factories import activity_data


def record(user, unit, item, n=1):
    for i in range(n):
        activity_record(actor=user, unit=unit, item=item, **activity_data(title=f"Hoạt động {i}"))


def test_activity_counts_groups_by_item_in_one_query(tree, cascade):
    _hp, a, a1 = cascade
    a_11, a1_11, a1_12 = a.items.get(code="1.1"), a1.items.get(code="1.1"), a1.items.get(code="1.2")
    record(tree.users.reporter_a1, tree.a1, a1_11, 3)
    record(tree.users.reporter_a1, tree.a1, a1_12)
    record(tree.users.reporter_a1, tree.a1, None)
    record(tree.users.approver_a, tree.a, a_11, 2)
    ids = [a_11.pk, a1_11.pk, a1_12.pk, a.items.get(code="2.1").pk]
    with CaptureQueriesContext(connection) as ctx:
        counts = activity_counts(ids)
    assert len(ctx) == 1
    assert counts == {a_11.pk: 2, a1_11.pk: 3, a1_12.pk: 1}
    assert activity_counts([]) == {}


def test_coverage_adds_the_subordinates_activities_to_the_item_they_concretize(tree, cascade):
    _hp, a, a1 = cascade
    record(tree.users.reporter_a1, tree.a1, a1.items.get(code="1.1"), 3)
    record(tree.users.approver_a, tree.a, a.items.get(code="1.1"), 2)
    record(tree.users.approver_a, tree.a, a.items.get(code="1.2"))

    seen_by_a = coverage(tree.users.approver_a, tree.a)
    by_code = {line.item.code: line.activities for line in seen_by_a.items}
    assert by_code["1.1"] == 2 + 3 and by_code["1.2"] == 1 and by_code["2.1"] == 0
    row = next(r for r in seen_by_a.rows if r.unit == tree.a1)
    assert row.cells["1.1"].activities == 3 and row.cells["1.2"].activities == 0

    # One level up, HP-A's activities on its concretizing items count under HP's items, and so
    # do HP-A-01's, two levels below HP (see test_coverage_counts_activities_at_every_level_below).
    seen_by_hp = coverage(tree.users.admin, tree.root)
    assert {line.item.code: line.activities for line in seen_by_hp.items}["1.1"] == 2 + 3


def test_coverage_counts_activities_at_every_level_below(tree, cascade):
    """HP sees the activities of HP-A-01 (two levels down) under the HP item that HP-A-01's item
    concretizes through HP-A's, in HP-A's row; an item of HP-A-01 tied to no item above counts nowhere."""
    hp, a, a1 = cascade
    a1_11, a1_12, a_11 = a1.items.get(code="1.1"), a1.items.get(code="1.2"), a.items.get(code="1.1")
    assert a1_11.parent_item == a_11 and a_11.parent_item == hp.items.get(code="1.1")
    record(tree.users.reporter_a1, tree.a1, a1_11, 4)
    record(tree.users.reporter_a1, tree.a1, a1_12, 2)
    record(tree.users.approver_a, tree.a, a_11, 1)
    # An own initiative of HP-A-01: its activities have no item of HP to count under.
    loose = a1.items.get(code="2.1")
    type(loose).objects.filter(pk=loose.pk).update(parent_item=None)
    record(tree.users.reporter_a1, tree.a1, loose, 5)

    expected = {"1.1": 4 + 1, "1.2": 2, "2.1": 0}
    seen = coverage(tree.users.admin, tree.root)
    lines = {line.item.code: line.activities for line in seen.items}
    assert {code: lines[code] for code in expected} == expected
    row_a = next(r for r in seen.rows if r.unit == tree.a)
    assert {code: row_a.cells[code].activities for code in expected} == expected
    row_b = next(r for r in seen.rows if r.unit == tree.b)
    assert all(cell.activities == 0 for cell in row_b.cells.values())
    assert sum(lines.values()) == 4 + 1 + 2  # the loose 5 are not counted anywhere


def test_a_chain_three_levels_deep_counts_up_to_a_superseded_plan_and_a_cycle_nowhere(tree, cascade):
    """A workshop union under HP-A-01 with its own plan: its activities reach HP through HP-A-01's
    and HP-A's items; once HP-A-01's plan is superseded they count nowhere above it, and two of its
    items concretizing each other (a cycle) never count."""
    hp, a, a1 = cascade
    workshop = unit_create(parent=tree.a1, code="HP-A-01-X", name="Tổ công đoàn Phân xưởng Cán",
                           kind=UnitKind.objects.get(code="grassroots"), valid_from=datetime.date(2020, 1, 1))
    x = plan_copy_down(actor=tree.users.admin, unit=workshop)
    x_11, x_12 = x.items.get(code="1.1"), x.items.get(code="1.2")
    assert x_11.parent_item == a1.items.get(code="1.1")
    record(tree.users.admin, workshop, x_11, 3)
    record(tree.users.admin, workshop, x_12, 2)
    record(tree.users.reporter_a1, tree.a1, a1.items.get(code="1.1"))
    record(tree.users.approver_a, tree.a, a.items.get(code="1.1"), 4)
    x_21, x_22 = x.items.get(code="2.1"), x.items.get(code="2.2")
    PlanItem.objects.filter(pk=x_21.pk).update(parent_item=x_22)
    PlanItem.objects.filter(pk=x_22.pk).update(parent_item=x_21)
    record(tree.users.admin, workshop, x_21, 5)

    def lines(user, unit):
        seen = coverage(user, unit)
        return {line.item.code: line.activities for line in seen.items if line.item.code in ("1.1", "1.2", "2.1")}

    assert lines(tree.users.admin, tree.root) == {"1.1": 4 + 1 + 3, "1.2": 2, "2.1": 0}
    assert lines(tree.users.approver_a, tree.a) == {"1.1": 4 + 1 + 3, "1.2": 2, "2.1": 0}  # 4 its own
    # Superseded in the middle: only HP-A's own 4 are left; HP-A-01's 1 went with its plan.
    Plan.objects.filter(pk=a1.pk).update(superseded_at=timezone.now())
    assert lines(tree.users.admin, tree.root) == {"1.1": 4, "1.2": 0, "2.1": 0}
    assert lines(tree.users.approver_a, tree.a) == {"1.1": 4, "1.2": 0, "2.1": 0}
