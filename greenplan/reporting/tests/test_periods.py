import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from greenplan.reporting.models import Period
from greenplan.reporting.periods import period_create


def test_a_deadline_before_the_cutoff_is_refused(tree):
    with pytest.raises(ValidationError) as exc:
        period_create(actor=tree.users.admin, year=2027, half=1, cutoff=datetime.date(2027, 6, 30),
                      deadline=datetime.date(2027, 6, 1))
    assert exc.value.message_dict["deadline"] == ["Hạn nộp phải sau hoặc đúng ngày chốt số liệu."]
    assert not Period.objects.filter(year=2027).exists()


def test_a_period_that_exists_is_refused(tree, period):
    with pytest.raises(ValidationError) as exc:
        period_create(actor=tree.users.admin, year=2026, half=1)
    assert exc.value.message_dict["half"] == ["Kỳ báo cáo 2026H1 đã có."]


def test_defaults_and_who_may_create(tree):
    with pytest.raises(PermissionDenied):
        period_create(actor=tree.users.approver_a, year=2027, half=2)
    created = period_create(actor=tree.users.admin, year=2027, half=2)
    assert (created.code, created.cutoff, created.deadline) == (
        "2027H2", datetime.date(2027, 12, 31), datetime.date(2028, 1, 15))
