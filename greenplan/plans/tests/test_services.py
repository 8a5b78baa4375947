import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from greenplan.plans.errors import PlanStateError
from greenplan.plans.models import Plan, PlanEvent, PlanGroup, PlanItem, PlanTarget
from greenplan.plans.services import (
    item_create,
    item_delete,
    item_update,
    plan_copy_down,
    plan_create,
    plan_issue,
    plan_revise,
    plan_update,
    target_remove,
    target_set,
)

DAY = datetime.date(2024, 3, 1)


def counts():
    return (Plan.objects.count(), PlanItem.objects.count(), PlanTarget.objects.count(), PlanEvent.objects.count())


def issue(plan, actor, number="12"):
    return plan_issue(actor=actor, plan=plan, number=number, symbol="KH-LĐLĐ", issued_on=DAY, signer="Nguyễn Văn A")


# --- copy down ----------------------------------------------------------------------------------


def test_copy_down_concretizes_every_item_over_several_levels(tree, cascade):
    province, a, a1 = cascade
    assert (a.parent_plan, a1.parent_plan) == (province, a)
    for plan, above in ((a, province), (a1, a)):
        items = {i.code: i for i in plan.items.select_related("parent_item")}
        assert len(items) == 31
        assert all(i.parent_item.plan_id == above.pk and i.parent_item.code == code for code, i in items.items())
        assert not any(i.own_initiative for i in items.values())
        assert [g.code for g in plan.groups.all()] == [str(n) for n in range(1, 9)]
    assert a1.items.get(code="3.7").text == province.items.get(code="3.7").text
    target = PlanTarget.objects.get(item__plan=a1)
    assert (target.item.code, target.indicator.code, target.value) == ("7.3", "G7_GREEN_PROCUREMENT_RATE", 35)
    assert sorted(a1.items.get(code="7.3").indicators.values_list("code", flat=True)) == [
        "G7_GREEN_PROCUREMENT_RATE", "G7_PROCUREMENT_GREEN", "G7_PROCUREMENT_TOTAL"
    ]
    assert a.duties == province.duties and a.status == "draft"
    event = PlanEvent.objects.get(plan=a1)
    assert (event.kind, event.actor) == ("copied", tree.users.reporter_a1)


def test_copy_down_needs_a_superior_plan(tree):
    with pytest.raises(ValidationError, match="chưa có kế hoạch"):
        plan_copy_down(actor=tree.users.admin, unit=tree.a)
    assert counts() == (0, 0, 0, 0)


def test_a_unit_has_one_current_plan(tree, cascade):
    before = counts()
    with pytest.raises(PlanStateError, match="đã có kế hoạch"):
        plan_copy_down(actor=tree.users.admin, unit=tree.a)
    with pytest.raises(PlanStateError):
        plan_create(actor=tree.users.admin, unit=tree.a1, title="Kế hoạch khác")
    assert counts() == before
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(unit=tree.a, title="x", revision=9)


def test_plan_create_links_a_lower_plan_to_its_superior_and_copies_the_groups(tree, province_plan):
    plan = plan_create(actor=tree.users.admin, unit=tree.b, title=" KH ")
    assert (plan.title, plan.parent_plan, plan.items.count(), plan.groups.count()) == ("KH", province_plan, 0, 8)
    with pytest.raises(ValidationError):
        plan_create(actor=tree.users.admin, unit=tree.b1, title="x", parent_plan=province_plan)  # not its superior


# --- access ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["viewer_b", "outsider", "reporter_a2"])
def test_acting_on_another_units_plan_is_refused(tree, cascade, persona):
    province, a, a1 = cascade
    user = getattr(tree.users, persona)
    before = counts()
    item = a1.items.get(code="3.7")
    with pytest.raises(PermissionDenied):
        item_update(actor=user, item=item, data={"text": "x"})
    with pytest.raises(PermissionDenied):
        item_create(actor=user, plan=a1, code="9.9", group="3", title="x")
    with pytest.raises(PermissionDenied):
        item_delete(actor=user, item=item)
    with pytest.raises(PermissionDenied):
        target_set(actor=user, item=item, indicator="G3_EVENTS", value=2)
    with pytest.raises(PermissionDenied):
        issue(a1, user)
    with pytest.raises(PermissionDenied):
        plan_copy_down(actor=user, unit=tree.b1)
    assert counts() == before


def test_the_approver_of_a_superior_unit_may_edit_plans_below(tree, cascade):
    _province, _a, a1 = cascade
    item = item_update(actor=tree.users.approver_a, item=a1.items.get(code="1.1"), data={"lead": "Ban Thường vụ"})
    assert item.lead == "Ban Thường vụ"
    with pytest.raises(PermissionDenied):
        item_update(actor=tree.users.approver_a, item=cascade[0].items.get(code="1.1"), data={"lead": "x"})


# --- items ----------------------------------------------------------------------------------------


def test_an_item_concretizes_a_superior_item_or_is_an_own_initiative(tree, cascade):
    _province, a, a1 = cascade
    actor = tree.users.reporter_a1
    sub = item_create(actor=actor, plan=a1, code="3.7.a", group="3", title="Ngày Môi trường thế giới 5/6",
                      text="Trồng 200 cây xanh trong khuôn viên nhà máy.", parent_item="3.7", lead="Ban nữ công",
                      start_on=datetime.date(2025, 6, 1), end_on=datetime.date(2025, 6, 5), indicators=["g5_trees"])
    own = item_create(actor=actor, plan=a1, code="9.1", group="8", title="Câu lạc bộ xe đạp")
    assert sub.parent_item == a.items.get(code="3.7") and not sub.own_initiative
    assert own.parent_item is None and own.own_initiative
    assert list(sub.indicators.values_list("code", flat=True)) == ["G5_TREES"]
    codes = list(a1.items.order_by("order").values_list("code", flat=True))
    assert codes.index("3.7.a") == codes.index("3.7") + 1 and codes[-1] == "9.1"
    event = PlanEvent.objects.filter(plan=a1, kind="item_created", item_code="3.7.a").get()
    assert event.actor == actor and {"field": "parent_item", "old": None, "new": "3.7"} in event.changes


def test_a_duplicate_code_is_refused_and_nothing_saved(tree, cascade):
    a1 = cascade[2]
    before = counts()
    with pytest.raises(ValidationError) as caught:
        item_create(actor=tree.users.reporter_a1, plan=a1, code="3.7", group="3", title="Lặp")
    assert caught.value.message_dict == {"code": ["Mã mục 3.7 đã có trong kế hoạch."]}
    with pytest.raises(ValidationError) as caught:
        item_update(actor=tree.users.reporter_a1, item=a1.items.get(code="3.8"), data={"code": "3.7", "lead": "x"})
    assert "code" in caught.value.message_dict
    assert counts() == before and a1.items.get(code="3.8").lead == ""


def test_a_parent_item_must_be_in_the_superior_units_current_plan(tree, cascade):
    province, a, a1 = cascade
    before = counts()
    for bad in ("9.9", "3.7.a"):
        with pytest.raises(ValidationError) as caught:
            item_create(actor=tree.users.reporter_a1, plan=a1, code="x1", group="3", title="x", parent_item=bad)
        assert caught.value.message_dict["parent_item"] == [
            f"Mục {bad} không có trong kế hoạch hiện hành của đơn vị cấp trên trực tiếp."
        ]
    # An item of the province plan is not in HP-A-01's direct superior's plan... unless HP-A has the
    # same code: the code is looked up in HP-A's plan, so the link is to HP-A's item.
    item = item_create(actor=tree.users.reporter_a1, plan=a1, code="x2", group="3", title="x", parent_item="3.1")
    assert item.parent_item.plan == a
    with pytest.raises(ValidationError):
        item_create(actor=tree.users.admin, plan=province, code="x3", group="3", title="x", parent_item="3.1")
    assert counts()[1] == before[1] + 1


def test_item_fields_are_checked(tree, cascade):
    a1 = cascade[2]
    before = counts()
    with pytest.raises(ValidationError) as caught:
        item_create(actor=tree.users.reporter_a1, plan=a1, code="a b", group="42", title=" ", status="soon",
                    start_on=datetime.date(2025, 6, 5), end_on=datetime.date(2025, 6, 1), indicators=["NOPE"])
    assert set(caught.value.message_dict) == {"code", "group", "title", "status", "end_on", "indicators"}
    assert counts() == before


def test_an_item_lower_units_concretize_cannot_be_deleted(tree, cascade):
    province, a, a1 = cascade
    with pytest.raises(PlanStateError, match="HP-A"):
        item_delete(actor=tree.users.admin, item=province.items.get(code="3.7"))
    item_delete(actor=tree.users.reporter_a1, item=a1.items.get(code="3.7"))
    assert not a1.items.filter(code="3.7").exists()
    assert PlanEvent.objects.filter(plan=a1, kind="item_deleted", item_code="3.7").exists()


# --- targets --------------------------------------------------------------------------------------


def test_a_target_is_set_and_changed_and_removed(tree, cascade, period):
    a1 = cascade[2]
    item = a1.items.get(code="3.7")
    actor = tree.users.reporter_a1
    t = target_set(actor=actor, item=item, indicator="G3_EVENTS", value="3", period="2026H1")
    assert (t.value, t.operator, t.period_code) == (Decimal(3), ">=", "2026H1")
    t = target_set(actor=actor, item=item, indicator="g3_events", value="4,5", period="2026H1", operator="=")
    assert PlanTarget.objects.filter(item=item).count() == 1 and (t.value, t.operator) == (Decimal("4.5"), "=")
    y = target_set(actor=actor, item=item, indicator="G3_EVENTS", value=10, period=2026)
    assert (y.year, y.period_code) == (2026, "2026")
    target_remove(actor=actor, item=item, indicator="G3_EVENTS", period="2026H1")
    assert list(PlanTarget.objects.filter(item=item)) == [y]
    kinds = list(PlanEvent.objects.filter(plan=a1).values_list("kind", flat=True))
    assert kinds.count("target_set") == 3 and kinds.count("target_removed") == 1


@pytest.mark.parametrize(
    "value, message",
    [(-1, "không được âm"), ("-0.5", "không được âm"), ("abc", "phải là một số"), (None, "phải là một số"),
     ("NaN", "phải là một số"), (True, "phải là một số"), ("1e20", "phải là một số"),
     (Decimal("1e20"), "quá lớn"), ("12345678901234,5678", "tối đa 1 chữ số thập phân"), ("１２", "phải là một số")],
)
def test_a_negative_or_non_numeric_target_is_refused(tree, cascade, value, message):
    item = cascade[2].items.get(code="7.3")
    before = counts()
    with pytest.raises(ValidationError, match=message) as caught:
        target_set(actor=tree.users.reporter_a1, item=item, indicator="G7_GREEN_PROCUREMENT_RATE", value=value)
    assert list(caught.value.message_dict) == ["value"]
    assert counts() == before
    assert PlanTarget.objects.get(item=item).value == 35


def test_target_refusals_for_indicator_operator_period_and_percent(tree, cascade):
    item = cascade[2].items.get(code="7.3")
    with pytest.raises(ValidationError) as caught:
        target_set(actor=tree.users.reporter_a1, item=item, indicator="NOPE", value=1, operator="~", period="2099H1")
    assert set(caught.value.message_dict) == {"indicator", "operator", "period"}
    with pytest.raises(ValidationError, match="100%"):
        target_set(actor=tree.users.reporter_a1, item=item, indicator="G7_GREEN_PROCUREMENT_RATE", value=120)


def test_the_database_refuses_a_negative_target(tree, cascade):
    target = PlanTarget.objects.filter(item__plan=cascade[2]).get()
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanTarget.objects.filter(pk=target.pk).update(value=-1)


def test_replacing_targets_is_all_or_nothing(tree, cascade):
    item = cascade[2].items.get(code="7.3")
    with pytest.raises(ValidationError) as caught:
        item_update(actor=tree.users.reporter_a1, item=item, data={"lead": "BCH", "targets": [
            {"indicator": "G7_GREEN_PROCUREMENT_RATE", "value": 40},
            {"indicator": "G7_UNION_SPENDING", "value": -5},
        ]})
    assert list(caught.value.message_dict) == ["targets.1.value"]
    item.refresh_from_db()
    assert item.lead == "" and PlanTarget.objects.get(item=item).value == 35
    item_update(actor=tree.users.reporter_a1, item=item, data={"targets": [{"indicator": "G7_UNION_SPENDING",
                                                                            "value": 5, "period": "2026"}]})
    assert [(t.indicator.code, t.value, t.year) for t in item.targets.all()] == [("G7_UNION_SPENDING", 5, 2026)]


# --- issue and revise -----------------------------------------------------------------------------


def test_an_issued_plan_is_locked(tree, cascade):
    province, a, a1 = cascade
    issue(a1, tree.users.reporter_a1)
    a1.refresh_from_db()
    assert (a1.status, a1.reference, a1.issued_on, a1.signer_name) == ("issued", "12/KH-LĐLĐ", DAY, "Nguyễn Văn A")
    item = a1.items.get(code="3.7")
    before = counts()
    refusals = [
        lambda: item_update(actor=tree.users.reporter_a1, item=item, data={"text": "x"}),
        lambda: item_update(actor=tree.users.reporter_a1, item=item, data={"status": "done", "lead": "x"}),
        lambda: item_create(actor=tree.users.reporter_a1, plan=a1, code="9.1", group="3", title="x"),
        lambda: item_delete(actor=tree.users.reporter_a1, item=item),
        lambda: target_set(actor=tree.users.reporter_a1, item=item, indicator="G3_EVENTS", value=1),
        lambda: plan_update(actor=tree.users.reporter_a1, plan=a1, data={"title": "x"}),
        lambda: issue(a1, tree.users.reporter_a1, number="13"),
    ]
    for refuse in refusals:
        with pytest.raises(PlanStateError):
            refuse()
    assert counts() == before
    # Recording progress is execution, not a change of the plan.
    done = item_update(actor=tree.users.reporter_a1, item=item, data={"status": "done", "progress_note": "Xong"})
    assert (done.status, done.progress_note) == ("done", "Xong")
    assert PlanEvent.objects.filter(plan=a1, kind="progress").count() == 1


def test_issue_needs_a_number_a_date_a_signer_and_items(tree, province_plan):
    with pytest.raises(ValidationError) as caught:
        plan_issue(actor=tree.users.admin, plan=province_plan, number=" ", issued_on=None, signer="")
    assert set(caught.value.message_dict) == {"number", "issued_on", "signer"}
    empty = plan_create(actor=tree.users.admin, unit=tree.b, title="Trống")
    with pytest.raises(ValidationError, match="chưa có mục nào"):
        issue(empty, tree.users.admin)
    assert Plan.objects.filter(status="issued").count() == 0


def test_revise_keeps_the_issued_version_and_lower_plans_follow(tree, cascade):
    province, a, a1 = cascade
    issue(province, tree.users.admin)
    issue(a, tree.users.approver_a, number="3")
    with pytest.raises(PlanStateError):
        plan_revise(actor=tree.users.reporter_a1, plan=a1)  # a draft is edited directly
    new = plan_revise(actor=tree.users.admin, plan=Plan.objects.get(pk=province.pk))
    province.refresh_from_db()
    assert (new.revision, new.status, new.previous_revision, new.parent_plan) == (2, "draft", province, None)
    assert province.superseded_at is not None and province.status == "issued" and province.reference == "12/KH-LĐLĐ"
    assert Plan.objects.filter(unit=tree.root).count() == 2
    assert new.items.count() == province.items.count() == 31
    assert PlanTarget.objects.filter(item__plan=new).count() == 1
    assert new.items.get(code="3.7").indicators.count() == 2
    # HP-A's current plan now concretizes the new revision, item by item.
    a.refresh_from_db()
    assert a.parent_plan == new
    assert set(a.items.values_list("parent_item__plan", flat=True)) == {new.pk}
    # The new draft is editable; the old revision is not.
    item_update(actor=tree.users.admin, item=new.items.get(code="3.7"), data={"text": "Mới"})
    assert province.items.get(code="3.7").text.startswith("Tăng cường")
    with pytest.raises(PlanStateError, match="bản cũ"):
        item_update(actor=tree.users.admin, item=province.items.get(code="3.7"), data={"status": "done"})
    with pytest.raises(PlanStateError):
        plan_revise(actor=tree.users.admin, plan=province)
    kinds = set(PlanEvent.objects.filter(plan__unit=tree.root).values_list("kind", flat=True))
    assert {"loaded", "issued", "superseded", "revised", "item_updated"} <= kinds


def test_a_revision_of_a_lower_plan_keeps_its_links(tree, cascade):
    province, a, a1 = cascade
    issue(a1, tree.users.reporter_a1)
    new = plan_revise(actor=tree.users.reporter_a1, plan=a1)
    assert new.parent_plan == a and new.revision == 2
    assert set(new.items.values_list("parent_item__plan", flat=True)) == {a.pk}
    assert Plan.objects.get(unit=tree.a1, superseded_at__isnull=True) == new


def test_changes_are_recorded_with_who_and_what(tree, cascade):
    a1 = cascade[2]
    item_update(actor=tree.users.reporter_a1, item=a1.items.get(code="5.1"),
                data={"lead": "Ban Thường vụ", "indicators": ["G5_TREES"]})
    event = PlanEvent.objects.filter(kind="item_updated").get()
    assert (event.plan, event.item_code, event.actor) == (a1, "5.1", tree.users.reporter_a1)
    fields = {c["field"]: c for c in event.changes}
    assert fields["lead"] == {"field": "lead", "old": "", "new": "Ban Thường vụ"}
    assert fields["indicators"]["new"] == "G5_TREES"
    assert "G5_TREES" in fields["indicators"]["old"]


def test_groups_are_unique_in_a_plan(tree, province_plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanGroup.objects.create(plan=province_plan, code="1", title="x")
