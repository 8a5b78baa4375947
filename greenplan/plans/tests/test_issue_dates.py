"""The issue date of a plan: dd/mm/yyyy or ISO text or a date; never in the future."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from greenplan.plans.models import Plan
from greenplan.plans.services import plan_issue


@pytest.mark.parametrize("given", ["15/11/2023", "2023-11-15", datetime.date(2023, 11, 15)])
def test_accepted_forms(tree, province_plan, given):
    plan = plan_issue(actor=tree.users.admin, plan=province_plan, number="12", issued_on=given, signer="A")
    assert plan.issued_on == datetime.date(2023, 11, 15)


@pytest.mark.parametrize(("given", "message"), [
    ("31/02/2023", "ngày/tháng/năm"), ("hôm qua", "ngày/tháng/năm"), ("", "Cần nhập ngày ban hành"),
    (None, "Cần nhập ngày ban hành"), ("tomorrow", "ngày/tháng/năm"),
])
def test_refused_with_a_vietnamese_message(tree, province_plan, given, message):
    with pytest.raises(ValidationError) as exc:
        plan_issue(actor=tree.users.admin, plan=province_plan, number="12", issued_on=given, signer="A")
    assert message in " ".join(exc.value.message_dict["issued_on"])
    assert Plan.objects.get(pk=province_plan.pk).status == Plan.Status.DRAFT


def test_a_date_after_today_is_refused(tree, province_plan):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        plan_issue(actor=tree.users.admin, plan=province_plan, number="12", issued_on=tomorrow, signer="A")
    assert "sau ngày hôm nay" in exc.value.message_dict["issued_on"][0]
