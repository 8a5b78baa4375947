"""Unit names through the shared text rule."""

import pytest
from django.core.exceptions import ValidationError

from greenplan.orgs.models import Unit
from greenplan.orgs.services import unit_create, unit_update


@pytest.mark.parametrize("name, message", [
    ("Công đoàn\x00", "Tên đơn vị chỉ được viết trên một dòng"),
    ("\ud800", "Tên đơn vị chứa ký tự không hợp lệ"),
    ("x" * 256, "Tên đơn vị quá dài: tối đa 255 ký tự"),
])
def test_a_unit_name_is_refused_with_a_message(tree, name, message):
    with pytest.raises(ValidationError) as exc:
        unit_create(parent=tree.b, code="HP-B-09", name=name, kind=tree.a1.kind)
    assert exc.value.message_dict["name"][0].startswith(message)
    assert not Unit.objects.filter(code="HP-B-09").exists()
    with pytest.raises(ValidationError):
        unit_update(unit=tree.a1, name=name)
    assert Unit.objects.get(pk=tree.a1.pk).name == tree.a1.name


def test_a_unit_name_is_stripped(tree):
    assert unit_update(unit=tree.a1, name="  Công đoàn mới ").name == "Công đoàn mới"
