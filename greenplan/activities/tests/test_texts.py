"""Free text of activities: bounded, no control characters or lone surrogates, limits shown in the form."""

import pytest
from django.core.exceptions import ValidationError

from greenplan.activities.models import Activity
from greenplan.activities.services import activity_record, activity_update
from greenplan.testing.factories import activity_data


def record(tree, **changes):
    return activity_record(actor=tree.users.reporter_a1, unit=tree.a1, **activity_data(**changes))


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("title", "Trồng cây\x00", "Tên hoạt động chỉ được viết trên một dòng"),
        ("title", "Trồng\ncây", "Tên hoạt động chỉ được viết trên một dòng"),
        ("description", "a\x1bb", "Nội dung chứa ký tự điều khiển"),
        ("findings", "\ud800", "Kết quả, phát hiện chứa ký tự không hợp lệ"),
        ("description", "x" * 5_001, "Nội dung quá dài: tối đa 5.000 ký tự"),
        ("title", "x" * 301, "Tên hoạt động quá dài: tối đa 300 ký tự"),
    ],
)
def test_it_refuses_bad_text_naming_the_field(tree, field, value, message):
    with pytest.raises(ValidationError) as exc:
        record(tree, **{field: value})
    assert exc.value.message_dict[field][0].startswith(message)
    assert not Activity.objects.exists()


def test_an_update_refuses_a_nul_and_keeps_line_breaks(tree):
    activity = record(tree, findings="Kết quả:\r\n\t40 cây")
    assert Activity.objects.get().findings == "Kết quả:\r\n\t40 cây"
    with pytest.raises(ValidationError):
        activity_update(actor=tree.users.reporter_a1, unit=tree.a1, activity=activity,
                        data=activity_data(description="\x00"))
    assert Activity.objects.get().description == "Trồng 40 cây sao đen."


def test_the_form_shows_the_limits(client, tree):
    client.force_login(tree.users.reporter_a1)
    html = client.get("/activities/HP-A-01/new/").content.decode()
    assert 'name="title" maxlength="300"' in html
    assert html.count("Tối đa 5.000 ký tự.") == 2
