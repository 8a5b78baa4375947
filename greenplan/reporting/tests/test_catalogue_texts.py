"""Indicator and rule texts through the shared text rule; indicator bounds through the value rule."""

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from greenplan.reporting.indicators import indicator_create, indicator_update, rule_create
from greenplan.reporting.models import Indicator, ValidationRule


def create(tree, **fields):
    data: dict[str, Any] = {"code": "G5_BIKES", "group": 5, "name": "Số xe đạp", "type": "integer",
                            "aggregation": "sum"}
    return indicator_create(actor=tree.users.admin, **(data | fields))


@pytest.mark.parametrize("field, value, message", [
    ("name", "Số xe\x00", "Tên chỉ tiêu chỉ được viết trên một dòng"),
    ("name_en", "\ud800", "Tên tiếng Anh chứa ký tự không hợp lệ"),
    ("unit", "x" * 41, "Đơn vị tính quá dài: tối đa 40 ký tự"),
    ("max_value", Decimal("99999999999999.99"), "Số có 14 chữ số phần nguyên"),
])
def test_an_indicator_refuses_bad_text_and_bounds(tree, field, value, message):
    with pytest.raises(ValidationError) as exc:
        create(tree, **{field: value})
    assert exc.value.message_dict[field][0].startswith(message)
    assert not Indicator.objects.filter(code="G5_BIKES").exists()
    existing = Indicator.objects.get(code="G3_SESSIONS")
    with pytest.raises(ValidationError):
        indicator_update(actor=tree.users.admin, indicator=existing, **{field: value})


def test_a_rule_message_with_a_control_character_is_refused(tree):
    left, right = Indicator.objects.get(code="G3_SESSIONS"), Indicator.objects.get(code="G3_MEDIA")
    with pytest.raises(ValidationError) as exc:
        rule_create(actor=tree.users.admin, left=left, operator="<=", right=right, message="Sai\x1b")
    assert "message" in exc.value.message_dict
    assert not ValidationRule.objects.filter(left=left, right=right).exists()
