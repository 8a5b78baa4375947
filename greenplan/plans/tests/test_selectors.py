import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from greenplan.orgs.models import UnitKind
from greenplan.orgs.services import unit_create
from greenplan.plans.selectors import (
    PlanNotFound,
    combined_status,
    coverage,
    plan_diff,
    plan_items,
    plan_unit_for_user,
)
from greenplan.plans.services import item_create, item_delete, item_update, plan_copy_down, plan_create


def queries(call):
    with CaptureQueriesContext(connection) as ctx:
        call()
    return len(ctx.captured_queries)


def test_plans_are_read_in_the_scope_and_above_it(tree, cascade):
    assert plan_unit_for_user(tree.users.reporter_a1, "hp-a-01") == tree.a1
    assert plan_unit_for_user(tree.users.approver_a, "HP-A-01") == tree.a1
    # the plans above a user's unit are the ones it concretizes: readable
    assert plan_unit_for_user(tree.users.reporter_a1, "HP") == tree.root
    assert plan_unit_for_user(tree.users.reporter_a1, "HP-A") == tree.a
    assert plan_unit_for_user(tree.users.viewer_b, "HP") == tree.root


@pytest.mark.parametrize(("username", "code"), [
    ("viewer_b", "HP-A"),  # a sibling branch's plan is not readable
    ("reporter_a1", "HP-A-02"),  # nor a sibling unit's
    ("approver_a", "HP-B"),
    ("outsider", "HP"),
])
def test_plans_outside_the_scope_and_above_it_are_refused(tree, cascade, username, code):
    with pytest.raises(PermissionDenied):
        plan_unit_for_user(getattr(tree.users, username), code)


def test_an_unknown_unit_has_no_plan_to_read(tree):
    with pytest.raises(Http404):
        plan_unit_for_user(tree.users.admin, "NOPE")


def test_the_diff_shows_changed_added_and_left_out_items(tree, cascade):
    _province, a, a1 = cascade
    actor = tree.users.reporter_a1
    item_update(actor=actor, item=a1.items.get(code="3.7"), data={"text": "Trồng 200 cây xanh ngày 5/6."})
    item_create(actor=actor, plan=a1, code="9.1", group="8", title="Câu lạc bộ xe đạp")
    item_delete(actor=actor, item=a1.items.get(code="2.4"))
    diff = plan_diff(a1)
    assert [(i.code, p.code, p.plan_id) for i, p in diff.changed] == [("3.7", "3.7", a.pk)]
    assert [i.code for i in diff.added] == ["9.1"]
    assert [i.code for i in diff.left_out] == ["2.4"]
    assert len(diff.same) == 29
    assert queries(lambda: plan_diff(a1)) == 2


def test_the_province_plan_has_nothing_to_diff(province_plan):
    diff = plan_diff(province_plan)
    assert (diff.changed, diff.left_out, len(diff.added)) == ([], [], 31)


def build_a1_partly(tree):
    """HP-A-01 concretizes 3.7 twice and 7.3 once and adds its own item; HP-A-02 has no plan."""
    actor = tree.users.reporter_a1
    plan = plan_create(actor=actor, unit=tree.a1, title="Kế hoạch của Công ty Thép Xanh")
    item_create(actor=actor, plan=plan, code="1", group="3", title="Trồng cây", parent_item="3.7", status="done")
    item_create(actor=actor, plan=plan, code="2", group="3", title="Thi ảnh", parent_item="3.7",
                status="not_started", progress_note="Chờ kinh phí")
    item_create(actor=actor, plan=plan, code="3", group="7", title="Mua sắm xanh", parent_item="7.3",
                status="done", progress_note="Đạt 40%")
    item_create(actor=actor, plan=plan, code="4", group="8", title="Câu lạc bộ xe đạp")
    return plan


def test_coverage_of_the_commune_union(tree, province_plan):
    plan_copy_down(actor=tree.users.approver_a, unit=tree.a)
    build_a1_partly(tree)
    cov = coverage(tree.users.approver_a, tree.a)
    assert [row.unit.code for row in cov.rows] == ["HP-A-01", "HP-A-02"]
    assert [u.code for u in cov.without_plan] == ["HP-A-02"]
    a1, a2 = cov.rows
    assert (a1.concretized, a1.own_initiatives, a2.concretized, a2.plan) == (2, 1, 0, None)
    cell = a1.cells["3.7"]
    assert (cell.concretized, cell.items, cell.status, cell.progress_note) == (
        True, ["1", "2"], "in_progress", "Chờ kinh phí"
    )
    assert (a1.cells["7.3"].status, a1.cells["7.3"].progress_note) == ("done", "Đạt 40%")
    assert not a1.cells["1.1"].concretized and a1.cells["1.1"].status is None
    assert all(cell.activities == 0 for row in cov.rows for cell in row.cells.values())  # no activities yet
    per_item = {c.item.code: c for c in cov.items}
    assert len(per_item) == 31
    assert (per_item["3.7"].concretized, per_item["3.7"].by_status) == (1, {"in_progress": 1})
    assert (per_item["7.3"].concretized, per_item["7.3"].by_status) == (1, {"done": 1})
    assert (per_item["1.1"].concretized, per_item["1.1"].by_status, per_item["1.1"].activities) == (0, {}, 0)


def test_coverage_of_the_province(tree, cascade):
    cov = coverage(tree.users.admin, tree.root)
    assert [row.unit.code for row in cov.rows] == ["HP-A", "HP-B"]
    assert [u.code for u in cov.without_plan] == ["HP-B"]
    assert cov.rows[0].concretized == 31 and cov.rows[1].concretized == 0
    assert {c.concretized for c in cov.items} == {1}
    assert {c.by_status.get("not_started") for c in cov.items} == {1}


def test_coverage_is_scoped_and_needs_a_plan(tree, cascade):
    with pytest.raises(PermissionDenied):
        coverage(tree.users.approver_a, tree.root)
    with pytest.raises(PlanNotFound):
        coverage(tree.users.viewer_b, tree.b)


def test_coverage_costs_the_same_queries_for_more_units(tree, province_plan):
    plan_copy_down(actor=tree.users.approver_a, unit=tree.a)
    build_a1_partly(tree)
    small = queries(lambda: coverage(tree.users.admin, tree.a))
    grassroots = UnitKind.objects.get(code="grassroots")
    for n in range(3, 8):
        unit = unit_create(parent=tree.a, code=f"HP-A-0{n}", name=f"CĐCS {n}", kind=grassroots)
        plan_copy_down(actor=tree.users.admin, unit=unit)
    tree.users.admin = type(tree.users.admin).objects.get(pk=tree.users.admin.pk)  # no cached grants
    big = queries(lambda: coverage(tree.users.admin, tree.a))
    assert big == small <= 8  # the activity counts are one grouped query, those deeper down one more
    assert len(coverage(tree.users.admin, tree.a).rows) == 7


def test_listing_items_costs_the_same_queries_for_more_items(tree, cascade):
    def listing():
        return [
            (item.group.code, item.parent_item, [t.indicator.code for t in item.targets.all()],
             [i.code for i in item.indicators.all()])
            for item in plan_items(cascade[0])
        ]

    assert queries(listing) == 3


def test_combined_status():
    assert combined_status([]) is None
    assert combined_status(["done", "cancelled"]) == "done"
    assert combined_status(["cancelled"]) == "cancelled"
    assert combined_status(["not_started", "done"]) == "in_progress"
    assert combined_status(["not_started", "cancelled"]) == "not_started"
