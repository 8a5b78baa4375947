"""Account names through the shared text rule: one line, bounded, no control characters."""

import pytest
from django.core.exceptions import ValidationError

from greenplan.accounts.models import User
from greenplan.accounts.services import user_create, user_update


def create(tree, **overrides):
    fields = {"username": "nguyen.van.a", "full_name": "Nguyễn Văn A", "email": "", "password": None,
              "unit": tree.a1, "role": "reporter"}
    return user_create(actor=tree.users.admin, **(fields | overrides))


@pytest.mark.parametrize("full_name, message", [
    ("Nguyễn\x00Văn A", "Họ và tên chỉ được viết trên một dòng"),
    ("Nguyễn\nVăn A", "Họ và tên chỉ được viết trên một dòng"),
    ("\ud800", "Họ và tên chứa ký tự không hợp lệ"),
    ("A" * 151, "Họ và tên quá dài: tối đa 150 ký tự"),
])
def test_an_account_name_is_refused_with_a_message(tree, full_name, message):
    with pytest.raises(ValidationError) as exc:
        create(tree, full_name=full_name)
    assert exc.value.message_dict["full_name"][0].startswith(message)
    assert not User.objects.filter(username="nguyen.van.a").exists()
    with pytest.raises(ValidationError) as exc:
        user_update(actor=tree.users.admin, user=tree.users.reporter_a1, full_name=full_name, email="")
    assert exc.value.message_dict["full_name"][0].startswith(message)


def test_a_lone_surrogate_in_a_username_is_refused_with_a_message(tree):
    with pytest.raises(ValidationError) as exc:
        create(tree, username="a\ud800")
    assert "username" in exc.value.message_dict
