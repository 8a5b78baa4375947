"""Free text in plans: bounded, no control characters or lone surrogates, the limit shown in the form."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from greenplan.plans.models import Plan, PlanItem
from greenplan.plans.services import item_create, item_update, plan_copy_down, plan_create, plan_issue, plan_update

DAY = datetime.date(2026, 3, 1)


@pytest.fixture
def a1_plan(tree, cascade):
    return cascade[2]


def test_a_progress_note_of_a_megabyte_is_refused(tree, a1_plan):
    item = a1_plan.items.first()
    with pytest.raises(ValidationError) as exc:
        item_update(actor=tree.users.reporter_a1, item=item, data={"progress_note": "x" * 1_000_000})
    assert exc.value.message_dict["progress_note"] == [
        "Ghi chú tiến độ quá dài: tối đa 5.000 ký tự (hiện có 1.000.000)."
    ]
    assert PlanItem.objects.get(pk=item.pk).progress_note == ""


@pytest.mark.parametrize(
    "field, value",
    [("title", "Trồng\x00cây"), ("title", "Dòng 1\nDòng 2"), ("lead", "\ud800"), ("text", "a\x1bb"),
     ("progress_note", "\x07"), ("participants", "x" * 2_001), ("frequency", "x" * 201)],
)
def test_an_item_refuses_bad_text_naming_the_field(tree, a1_plan, field, value):
    item = a1_plan.items.first()
    with pytest.raises(ValidationError) as exc:
        item_update(actor=tree.users.reporter_a1, item=item, data={field: value})
    assert list(exc.value.message_dict) == [field]
    with pytest.raises(ValidationError):
        item_create(actor=tree.users.reporter_a1, plan=a1_plan, code="9.9", group="3",
                    **{"title": "Mới", field: value})
    assert not PlanItem.objects.filter(plan=a1_plan, code="9.9").exists()


def test_an_item_keeps_line_breaks_and_tabs_in_long_text(tree, a1_plan):
    item = a1_plan.items.first()
    item_update(actor=tree.users.reporter_a1, item=item, data={"progress_note": "Đã làm:\n\t- trồng cây"})
    assert PlanItem.objects.get(pk=item.pk).progress_note == "Đã làm:\n\t- trồng cây"


def test_a_plan_title_is_refused_rather_than_cut(tree, cascade):
    with pytest.raises(ValidationError) as exc:
        plan_copy_down(actor=tree.users.reporter_a2, unit=tree.a2, title="x" * 301)
    assert "tối đa 300 ký tự" in exc.value.message_dict["title"][0]
    with pytest.raises(ValidationError):
        plan_create(actor=tree.users.reporter_a2, unit=tree.a2, title="Kế hoạch\x00")
    assert not Plan.objects.filter(unit=tree.a2).exists()


def test_plan_texts_and_paragraphs_are_checked(tree, a1_plan):
    with pytest.raises(ValidationError) as exc:
        plan_update(actor=tree.users.reporter_a1, plan=a1_plan,
                    data={"intro": "a\x00", "purposes": [{"code": "1", "text": "x" * 5_001}]})
    assert set(exc.value.message_dict) == {"intro", "purposes"}
    plan_update(actor=tree.users.reporter_a1, plan=a1_plan, data={"closing": " Kết luận\n "})
    assert Plan.objects.get(pk=a1_plan.pk).closing == "Kết luận"


@pytest.mark.parametrize("field, value", [("signer", "Nguyễn\x00"), ("symbol", "x" * 61), ("signer_title", "\ud800"),
                                          ("number", "1" * 21)])
def test_issuing_refuses_bad_text(tree, a1_plan, field, value):
    data = {"number": "12", "symbol": "KH", "signer": "Nguyễn Văn A", "signer_title": "", field: value}
    with pytest.raises(ValidationError) as exc:
        plan_issue(actor=tree.users.reporter_a1, plan=a1_plan, issued_on=DAY, **data)
    assert field in exc.value.message_dict
    assert Plan.objects.get(pk=a1_plan.pk).status == "draft"


def test_the_item_form_shows_the_limits(client, tree, a1_plan):
    item = a1_plan.items.first()
    client.force_login(tree.users.reporter_a1)
    html = client.get(f"/plans/HP-A-01/items/{item.pk}/").content.decode()
    assert 'maxlength="300" class="form-control" id="id_title"' in html
    assert '<input type="text" name="lead" maxlength="200"' in html
    assert "Tối đa 5.000 ký tự." in html
    note = html[html.index('name="progress_note"') - 200:html.index('name="progress_note"') + 200]
    assert "maxlength" not in note
