"""Targets set in the plan item page: add, change, remove; the superior's target beside each one
and a warning when a lower level loosens it."""

import pytest
from django.urls import reverse

from greenplan.plans.models import Plan, PlanEvent, PlanItem, PlanTarget
from greenplan.reporting.models import Indicator

pytestmark = pytest.mark.django_db

RATE = "G7_GREEN_PROCUREMENT_RATE"


@pytest.fixture
def lower_item(cascade):
    """HP-A's item that concretizes the province's 7.3 (green procurement ≥ 35 %)."""
    province, plan_a, _plan_a1 = cascade
    above = PlanItem.objects.get(plan=province, code="7.3")
    PlanTarget.objects.update_or_create(item=above, indicator=Indicator.objects.get(code=RATE), period=None,
                                        year=None, defaults={"operator": ">=", "value": 35})
    return PlanItem.objects.get(plan=plan_a, parent_item=above)


def page(client, item):
    return reverse("plans:item_edit", args=[item.plan.unit.code, item.pk])


def set_target(client, item, value, operator=">=", indicator=RATE, period=""):
    return client.post(page(client, item), {"target_action": "set", "indicator": indicator, "operator": operator,
                                            "value": value, "period": period}, follow=True)


def test_tightening_the_superiors_target_is_saved_without_a_warning(client, tree, lower_item):
    client.force_login(tree.users.approver_a)
    response = set_target(client, lower_item, "40")
    html = response.content.decode()
    target = PlanTarget.objects.get(item=lower_item, indicator__code=RATE, period=None, year=None)
    assert (target.operator, target.value) == (">=", 40)
    assert "Đã lưu chỉ tiêu phấn đấu" in html and "thấp hơn chỉ tiêu của cấp trên" not in html
    assert "Cấp trên: ≥ 35" in html and 'data-testid="looser"' not in html
    assert PlanEvent.objects.filter(plan=lower_item.plan, kind=PlanEvent.Kind.TARGET_SET).exists()


def test_loosening_it_warns_and_marks_the_target(client, tree, lower_item):
    client.force_login(tree.users.approver_a)
    html = set_target(client, lower_item, "30,5").content.decode()
    assert PlanTarget.objects.get(item=lower_item, indicator__code=RATE).value == 30.5
    assert "thấp hơn chỉ tiêu của cấp trên" in html
    assert 'data-testid="looser"' in html


def test_removing_a_target_leaves_the_superiors_in_view(client, tree, lower_item):
    client.force_login(tree.users.approver_a)
    set_target(client, lower_item, "40")
    html = client.post(page(client, lower_item), {"target_action": "remove", "indicator": RATE, "period": ""},
                       follow=True).content.decode()
    assert not PlanTarget.objects.filter(item=lower_item).exists()
    assert 'data-testid="inherited-targets"' in html and "≥ 35" in html


@pytest.mark.parametrize("value, message", [("", "Giá trị"), ("-3", "không được âm"), ("abc", "phải là một số"),
                                            ("140", "không được vượt quá 100")])
def test_a_bad_value_is_refused_with_a_message_and_nothing_saved(client, tree, lower_item, value, message):
    client.force_login(tree.users.approver_a)
    before = list(PlanTarget.objects.filter(item=lower_item).values_list("value", flat=True))
    response = set_target(client, lower_item, value)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert list(PlanTarget.objects.filter(item=lower_item).values_list("value", flat=True)) == before


def test_an_unknown_period_is_refused(client, tree, lower_item):
    client.force_login(tree.users.approver_a)
    response = set_target(client, lower_item, "40", period="2099H1")
    assert response.status_code == 422 and "Không có kỳ báo cáo 2099H1" in response.content.decode()


def test_only_those_who_edit_the_plan_may_set_targets(client, tree, lower_item):
    client.force_login(tree.users.reporter_a1)  # reads HP-A's plan from below, may not edit it
    assert set_target(client, lower_item, "40").status_code == 403
    client.force_login(tree.users.viewer_b)
    assert set_target(client, lower_item, "40").status_code == 403
    assert not PlanTarget.objects.filter(item=lower_item, value=40).exists()


def test_an_issued_plan_refuses_target_changes(client, tree, lower_item):
    Plan.objects.filter(pk=lower_item.plan_id).update(status="issued", number="1", issued_on="2026-01-10")
    client.force_login(tree.users.approver_a)
    html = set_target(client, lower_item, "40").content.decode()
    assert not PlanTarget.objects.filter(item=lower_item, value=40).exists()
    assert 'data-testid="target-form"' not in client.get(page(client, lower_item)).content.decode()
    assert "alert-danger" in html or "ban hành" in html
