"""A grassroots chair concretizes the superior's plan, edits an item, issues it; the superior sees coverage."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from greenplan.plans.seed import load_seed_plan
from greenplan.plans.services import plan_copy_down, plan_issue
from greenplan.testing.browser import no_horizontal_scroll

pytestmark = pytest.mark.browser


@pytest.fixture
def cascade_ready(live_tree):
    admin = live_tree.users.admin
    plan = load_seed_plan(live_tree.root, actor=admin)
    plan_issue(actor=admin, plan=plan, number="12", symbol="KH-LĐLĐ", issued_on=datetime.date(2026, 3, 1),
               signer="Nguyễn Văn A")
    return plan_copy_down(actor=admin, unit=live_tree.a)


def test_grassroots_chair_copies_down_edits_and_issues_then_superior_sees_coverage(
        page: Page, live_tree, cascade_ready, url, log_in, shot):
    page.set_viewport_size({"width": 375, "height": 800})
    log_in("reporter_a1")
    expect(page.get_by_test_id("user-menu")).to_be_attached()
    page.goto(url("/plans/HP-A-01/"))
    expect(page.get_by_test_id("no-plan")).to_be_visible()
    shot("01-empty")
    page.get_by_role("button", name="Cụ thể hóa từ kế hoạch cấp trên").click()
    expect(page.get_by_text("Đã tạo kế hoạch từ kế hoạch cấp trên (31 mục)")).to_be_visible()
    expect(page.get_by_test_id("plan-status")).to_have_text("Đang soạn thảo")
    assert no_horizontal_scroll(page)
    shot("02-copied")

    page.get_by_test_id("edit-1.1").click()
    page.get_by_label("Chủ trì").fill("Ban Chấp hành CĐCS")
    page.get_by_label("Tiến độ", exact=True).select_option(label="Đang triển khai")
    page.get_by_label("Từ ngày").fill("01/04/2026")
    shot("03-edit-item")
    page.get_by_role("button", name="Lưu mục").click()
    expect(page.get_by_text("Đã lưu mục 1.1.")).to_be_visible()
    item = page.get_by_test_id("item-1.1")
    expect(item.get_by_test_id("item-lead")).to_have_text("Ban Chấp hành CĐCS")
    expect(item.get_by_test_id("item-status")).to_have_text("Đang triển khai")

    issue = page.get_by_test_id("issue")
    issue.get_by_label("Số", exact=True).fill("05")
    issue.get_by_label("Ký hiệu").fill("KH-CĐCS")
    issue.get_by_label("Ngày ban hành").fill("15/03/2026")
    issue.get_by_label("Người ký", exact=True).fill("Lê Thị C")
    issue.get_by_label("Chức vụ người ký").fill("Chủ tịch")
    shot("04-issue-form")
    issue.get_by_role("button", name="Ban hành").click()
    page.get_by_test_id("issue-confirm-yes").click()  # issuing locks the plan: it asks first
    expect(page.get_by_test_id("plan-status")).to_have_text("Đã ban hành")
    expect(page.get_by_test_id("plan-reference")).to_contain_text("Số: 05/KH-CĐCS")
    expect(page.get_by_test_id("plan-reference")).to_contain_text("15/03/2026")
    assert no_horizontal_scroll(page)
    shot("05-issued")

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in("approver_a")
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    page.goto(url("/plans/HP-A/coverage/"))
    row = page.get_by_test_id("row-HP-A-01")
    expect(row).to_contain_text("Đã ban hành")
    expect(page.get_by_test_id("cell-HP-A-01-1.1")).to_contain_text("✓")
    expect(page.get_by_test_id("count-1.1")).to_have_text("1")
    expect(page.get_by_test_id("without-plan")).to_contain_text("HP-A-02")
    shot("06-coverage")
    row.get_by_role("link", name=live_tree.a1.name).click()
    expect(page.get_by_test_id("item-1.1").get_by_test_id("item-lead")).to_have_text("Ban Chấp hành CĐCS")
    expect(page.get_by_test_id("diff")).to_be_visible()
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(url("/plans/HP-A/coverage/"))
    assert no_horizontal_scroll(page)
    shot("07-coverage-375")
