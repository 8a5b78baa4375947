import datetime
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from greenplan.orgs.models import Unit
from greenplan.plans.errors import PlanStateError
from greenplan.plans.models import Plan, PlanEvent, PlanItem, PlanTarget
from greenplan.plans.seed import SEED_PLAN, load_seed_plan, read_seed, remove_plans
from greenplan.plans.services import plan_issue

CODES = [
    "1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "2.5", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8",
    "4.1", "4.2", "4.3", "4.4", "5.1", "5.2", "6.1", "6.2", "6.3", "7.1", "7.2", "7.3", "8.1", "8.2", "8.3",
]


def test_the_seed_loads_whole(tree, province_plan):
    plan = province_plan
    assert plan.unit == tree.root and plan.parent_plan is None and plan.status == "draft" and plan.revision == 1
    groups = list(plan.groups.order_by("order"))
    assert [g.code for g in groups] == ["1", "2", "3", "4", "5", "6", "7", "8"]
    assert groups[0].title == (
        "Nhóm nhiệm vụ, giải pháp về lãnh đạo, chỉ đạo thực hiện Chiến lược Quốc gia về tăng trưởng xanh "
        "trong các cấp Công đoàn"
    )
    assert groups[3].title == "Tham gia phát triển nguồn nhân lực và việc làm xanh"
    assert groups[4].title == "Phát động các phong trào thi đua"
    items = list(plan.items.order_by("order"))
    assert [i.code for i in items] == CODES
    assert all(i.group.code == i.code.split(".")[0] for i in items)
    assert not any(i.own_initiative or i.parent_item_id for i in items)


def test_item_texts_are_the_seed_paragraphs(province_plan):
    text = dict(province_plan.items.values_list("code", "text"))
    assert text["3.7"] == (
        "Tăng cường các hoạt động hưởng ứng Ngày môi trường thế giới và Tháng hành động về môi trường hằng năm."
    )
    assert text["7.3"] == (
        "Hướng dẫn và khuyến khích các sáng kiến tiêu dùng bền vững trong hệ thống Công đoàn. Phần đầu tỷ lệ mua "
        "sắm phục vụ tăng trưởng xanh trong tổng mua sắm công trong hệ thống Công đoàn đạt ít nhất 35%."
    )
    # Paragraphs cut by a page break in the seed are whole again.
    assert "Chiến lược quốc gia về tăng trưởng xanh; nghiên cứu lồng ghép các nội dung" in text["2.4"]
    assert "để kịp thời phát hiện các vi phạm, các nguy cơ" in text["6.1"]
    assert text["8.3"].endswith(
        "ứng dụng giải pháp nâng cao sức khỏe người lao động để chống chịu với biến đổi khí hậu và ô nhiễm môi "
        "trường không khí..."
    )
    assert text["1.1"].startswith("Tăng cường sự lãnh đạo, chỉ đạo của Ban Chấp hành, Ban Thường vụ")
    assert all(len(t) > 60 for t in text.values())
    titles = dict(province_plan.items.values_list("code", "title"))
    assert titles["3.7"] == text["3.7"].rstrip(".")
    assert all(len(t) <= 121 for t in titles.values())


def test_part_one_and_the_duties_of_every_level(province_plan):
    plan = province_plan
    assert plan.title == "Kế hoạch hành động thực hiện Chiến lược quốc gia về tăng trưởng xanh giai đoạn 2021-2030"
    assert [p["code"] for p in plan.purposes] == ["1.1", "1.2", "1.3"]
    assert [r["code"] for r in plan.requirements] == ["2.1", "2.2", "2.3"]
    assert plan.purposes[2]["text"].startswith("Góp phần cải thiện điều kiện làm việc")
    assert plan.requirements[1]["text"].startswith("Đề ra được bước đi cụ thể")
    assert set(plan.duties) == {"province", "superior", "grassroots"}
    assert [len(plan.duties[level]["paragraphs"]) for level in ("province", "superior", "grassroots")] == [4, 3, 4]
    assert plan.duties["superior"]["title"] == "Công đoàn cấp trên trực tiếp cơ sở"
    assert plan.duties["grassroots"]["paragraphs"][1].endswith(
        "phong trào trồng cây xanh, vườn hoa tạo cảnh quan xanh, sạch, đẹp trong cơ quan, doanh nghiệp..."
    )
    assert plan.intro.startswith("Thực hiện Kế hoạch số 365/KH-TLĐ, ngày 09/10/2023")
    assert plan.closing.startswith("Trên đây là Kế hoạch hành động")
    assert len(plan.recipients) == 8
    assert (plan.signer_capacity, plan.signer_title, plan.signer_name) == (
        "TM. BAN THƯỜNG VỤ", "PHÓ CHỦ TỊCH", "Lương Xuân Trường"
    )


def test_item_7_3_targets_green_procurement_of_35_percent(province_plan):
    target = PlanTarget.objects.select_related("item", "indicator").get()
    assert (target.item.code, target.indicator.code, target.operator) == ("7.3", "G7_GREEN_PROCUREMENT_RATE", ">=")
    assert target.value == Decimal(35) and target.period is None and target.year is None


def test_items_link_to_the_indicators_that_name_them(province_plan):
    links = {i.code: sorted(i.indicators.values_list("code", flat=True)) for i in province_plan.items.all()}
    assert links["3.7"] == ["G3_EVENTS", "G3_EVENT_PARTICIPANTS"]
    assert links["7.3"] == ["G7_GREEN_PROCUREMENT_RATE", "G7_PROCUREMENT_GREEN", "G7_PROCUREMENT_TOTAL"]
    assert "G1_DOCS" in links["1.2"] and "G1_DOCS" in links["2.1"]
    assert links["2.4"] == []  # no indicator of the catalogue names 2.4


def test_loading_twice_changes_nothing(tree, province_plan):
    before = (PlanItem.objects.count(), PlanTarget.objects.count(), PlanEvent.objects.count())
    again = load_seed_plan(tree.root)
    assert again.pk == province_plan.pk
    assert (PlanItem.objects.count(), PlanTarget.objects.count(), PlanEvent.objects.count()) == before
    assert Plan.objects.count() == 1


def test_loading_again_keeps_progress_and_restores_texts(tree, province_plan):
    item = province_plan.items.get(code="3.7")
    PlanItem.objects.filter(pk=item.pk).update(text="sửa tay", status="in_progress", progress_note="đã làm")
    load_seed_plan(tree.root)
    item.refresh_from_db()
    assert item.text.startswith("Tăng cường các hoạt động") and (item.status, item.progress_note) == (
        "in_progress", "đã làm"
    )


def test_an_issued_plan_that_matches_loads_as_a_no_op_and_one_that_differs_is_refused(tree, province_plan):
    plan_issue(actor=tree.users.admin, plan=province_plan, number="12", symbol="KH-LĐLĐ",
               issued_on=datetime.date(2024, 1, 10), signer="Lương Xuân Trường")
    assert load_seed_plan(tree.root).pk == province_plan.pk
    PlanItem.objects.filter(plan=province_plan, code="1.1").update(text="khác")
    with pytest.raises(PlanStateError):
        load_seed_plan(tree.root)
    assert province_plan.items.get(code="1.1").text == "khác", "nothing saved on refusal"


def test_only_a_root_unit_gets_the_seed(tree):
    with pytest.raises(ValidationError):
        load_seed_plan(tree.a)
    assert not Plan.objects.exists()


def test_the_command_loads_the_plan_and_is_safe_to_run_twice(tree):
    out = StringIO()
    call_command("load_plan", "--unit", "hp", stdout=out)
    call_command("load_plan", "--unit", "HP", "--file", str(SEED_PLAN), stdout=out)
    assert "8 nhóm, 31 mục" in out.getvalue()
    assert Plan.objects.get().items.count() == 31
    assert PlanEvent.objects.filter(kind="loaded").count() == 1
    with pytest.raises(CommandError):
        call_command("load_plan", "--unit", "NOPE")
    with pytest.raises(CommandError):
        call_command("load_plan", "--unit", "HP-A")


def test_the_data_file_holds_the_seed_shape():
    data = read_seed()
    assert len(data["groups"]) == 8 and sum(len(g["items"]) for g in data["groups"]) == 31
    assert json.dumps(data, ensure_ascii=False).count("G7_GREEN_PROCUREMENT_RATE") == 1


def test_a_subtree_with_plans_can_be_removed(tree, cascade):
    assert remove_plans(tree.root) == 3
    assert not PlanItem.objects.exists()
    assert Unit.objects.filter(code="HP").exists()
