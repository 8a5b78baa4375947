"""The six-monthly report in a real browser: enter, submit, return, fix, resubmit, approve, locked."""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from greenplan.reporting.models import Period, Report
from greenplan.reporting.services import report_save
from greenplan.testing.browser import no_horizontal_scroll
from greenplan.testing.factories import full_values

pytestmark = pytest.mark.browser

REPORT = "/reports/HP-A-01/2026H1/"
TYPED = ("G3_SESSIONS", "G1_FOCAL", "G7_PROCUREMENT_GREEN")


@pytest.fixture
def open_period(live_tree):
    return Period.objects.create(
        code="2026H1", year=2026, half=1, start=datetime.date(2026, 1, 1), end=datetime.date(2026, 6, 30),
        cutoff=datetime.date(2026, 6, 30), deadline=datetime.date(2026, 7, 15), is_open=True,
    )


@pytest.fixture
def prefilled(live_tree, open_period):
    """Most required figures already entered (as by an earlier sitting); three are left to type."""
    values = {code: value for code, value in full_values().items() if code not in TYPED}
    return report_save(actor=live_tree.users.reporter_a1, unit=live_tree.a1, period=open_period, version=0,
                       values=values).report


def log_out(page: Page) -> None:
    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("logout").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def saved(page: Page) -> None:
    expect(page.locator("#save-status")).to_contain_text("Đã lưu lúc")


def test_the_whole_journey_from_entry_to_a_locked_report(page: Page, live_tree, prefilled, url, log_in, shot):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in("reporter_a1")
    page.goto(url("/reports/"))
    expect(page.get_by_test_id("report-list")).to_contain_text("Công đoàn Công ty TNHH Thép Xanh")
    shot("report-list")
    page.get_by_role("link", name="Nhập báo cáo").click()
    expect(page).to_have_url(url(REPORT))
    expect(page.get_by_test_id("group-heading")).to_have_count(9)

    # A wrong figure is caught as soon as the field is left, and nothing is saved.
    sessions = page.locator("#f-G3_SESSIONS")
    sessions.fill("-3")
    sessions.press("Enter")
    expect(page.locator("#fb-G3_SESSIONS")).to_contain_text("Giá trị không được âm.")
    expect(sessions).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#save-status")).to_contain_text("Chưa lưu")
    shot("report-invalid")

    sessions.fill("12")
    sessions.press("Enter")  # moves on to the next field
    expect(page.locator("#f-G3_REACHED")).to_be_focused()
    saved(page)
    expect(page.locator("#fb-G3_SESSIONS")).to_be_empty()
    page.locator("#f-G1_FOCAL").select_option(label="Có")
    green = page.locator("#f-G7_PROCUREMENT_GREEN")
    green.fill("40")
    expect(page.locator("#f-G7_GREEN_PROCUREMENT_RATE")).to_have_text("40")  # derived, live
    page.locator("#f-results").fill("Tổ chức 12 buổi tuyên truyền về tăng trưởng xanh cho 1.200 lượt người.")
    page.locator("#f-difficulties").fill("Kinh phí còn hạn chế.")
    page.locator("#f-proposals").click()
    saved(page)
    expect(page.get_by_test_id("timeline")).to_contain_text("Kinh phí còn hạn chế.")
    shot("report-entry")

    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Đã gửi, chờ duyệt")
    expect(page.get_by_test_id("report-form")).to_have_count(0)
    shot("report-submitted")
    log_out(page)

    # The superior returns it with a reason.
    log_in("approver_a")
    page.goto(url(REPORT))
    expect(page.get_by_test_id("report-values")).to_contain_text("Kinh phí còn hạn chế.")
    shot("report-approver")
    page.get_by_role("button", name="Trả lại để sửa").click()  # the reason is required
    expect(page.get_by_test_id("report-status")).to_have_text("Đã gửi, chờ duyệt")
    page.get_by_label("Lý do trả lại").fill("Số buổi tuyên truyền chưa khớp với biên bản, đề nghị kiểm tra lại.")
    page.get_by_role("button", name="Trả lại để sửa").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Bị trả lại")
    log_out(page)

    # The reporter sees why, fixes the figure and sends it again.
    log_in("reporter_a1")
    page.goto(url(REPORT))
    expect(page.get_by_test_id("return-comment")).to_contain_text("Số buổi tuyên truyền chưa khớp")
    shot("report-returned")
    sessions = page.locator("#f-G3_SESSIONS")
    expect(sessions).to_have_value("12")
    sessions.fill("10")
    sessions.press("Tab")
    saved(page)
    page.get_by_role("button", name="Gửi lại báo cáo").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Đã gửi, chờ duyệt")
    log_out(page)

    # The superior approves; the report is locked.
    log_in("approver_a")
    page.goto(url(REPORT))
    page.get_by_role("button", name="Duyệt báo cáo").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Đã duyệt")
    values = page.get_by_test_id("report-values")
    expect(values.locator("tr[data-code=G3_SESSIONS] td")).to_have_text("10 buổi")
    expect(values.locator("input, select, textarea")).to_have_count(0)
    expect(page.get_by_test_id("timeline")).to_contain_text("Trả lại")
    expect(page.get_by_test_id("timeline")).to_contain_text("Duyệt")
    shot("report-approved")
    log_out(page)

    log_in("reporter_a1")
    page.goto(url(REPORT))
    expect(page.get_by_test_id("report-status")).to_have_text("Đã duyệt")
    expect(page.locator("main").locator("input:not([type=hidden]), select, textarea")).to_have_count(0)
    assert Report.objects.get().status == "approved"


def test_the_entry_page_on_a_phone_with_the_keyboard(page: Page, live_tree, prefilled, url, log_in, shot):
    page.set_viewport_size({"width": 375, "height": 667})
    log_in("reporter_a1")
    page.goto(url(REPORT))
    expect(page.get_by_test_id("report-form")).to_be_visible()
    assert no_horizontal_scroll(page)
    box = page.locator("#f-MEMBERS").bounding_box()
    assert box is not None and box["height"] >= 40 and box["x"] + box["width"] <= 375
    shot("report-phone")

    members = page.locator("#f-MEMBERS")
    members.focus()
    members.press("Enter")
    expect(page.locator("#f-WORKERS")).to_be_focused()
    page.locator("#f-G7_PROCUREMENT_GREEN").fill("1.234,5")
    page.keyboard.press("Control+s")
    expect(page.locator("#fb-G7_PROCUREMENT_GREEN")).to_contain_text("«Giá trị mua sắm xanh»")  # green > total
    page.locator("#f-G7_PROCUREMENT_GREEN").fill("35")
    page.keyboard.press("Control+s")
    saved(page)
    page.locator("#save-status").scroll_into_view_if_needed()
    shot("report-phone-saved")
    assert no_horizontal_scroll(page)


def test_a_stale_autosave_tells_what_changed_and_overwrites_nothing(
    page: Page, live_tree, prefilled, url, log_in, shot
):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in("reporter_a1")
    page.goto(url(REPORT))
    # Meanwhile a colleague saves another figure.
    report_save(actor=live_tree.users.approver_a, unit=live_tree.a1, period=prefilled.period,
                version=prefilled.version, values={"G3_SESSIONS": 7})
    page.locator("#f-G3_MEDIA").fill("5")
    page.locator("#f-G3_MEDIA").press("Tab")
    alert = page.get_by_test_id("stale-alert")
    expect(alert).to_be_visible()
    expect(alert).to_be_in_viewport()  # scrolled to, wherever the user was typing
    expect(alert).to_contain_text("Approver_A")
    expect(alert).to_contain_text("→ 7")
    expect(page.locator("#save-status")).to_contain_text("Chưa lưu")
    shot("report-stale")
    report = Report.objects.get()
    assert report.version == prefilled.version + 1
    alert.get_by_test_id("reload").click()
    expect(page.locator("#f-G3_SESSIONS")).to_have_value("7")
