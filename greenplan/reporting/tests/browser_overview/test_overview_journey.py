"""The overview, notifications and settings pages in a real browser."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from greenplan.notifications.services import notify
from greenplan.reporting.models import Indicator, Period
from greenplan.reporting.services import report_save, report_submit
from greenplan.testing.browser import no_horizontal_scroll
from greenplan.testing.factories import full_values

pytestmark = pytest.mark.browser

OVERVIEW = "/overview/HP-A/2026H1/"


@pytest.fixture
def open_period(live_tree):
    deadline = timezone.localdate() + datetime.timedelta(days=20)
    return Period.objects.create(
        code="2026H1", year=2026, half=1, start=datetime.date(2026, 1, 1), end=datetime.date(2026, 6, 30),
        cutoff=min(datetime.date(2026, 6, 30), deadline), deadline=deadline, is_open=True,
    )


@pytest.fixture
def a1_submitted(live_tree, open_period):
    user = live_tree.users.reporter_a1
    report = report_save(actor=user, unit=live_tree.a1, period=open_period, version=0, values=full_values()).report
    return report_submit(actor=user, unit=live_tree.a1, period=open_period, version=report.version)


def chart_drawn(page: Page) -> bool:
    return page.evaluate(
        """() => { const c = document.getElementById('overview-chart');
                   return !!c && c.width > 0 && c.height > 0 && !!window.Chart && !!Chart.getChart(c); }"""
    )


def test_an_approver_follows_the_subordinates_reports(page: Page, live_tree, a1_submitted, url, log_in, shot):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in("approver_a", "green-2030")
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    page.goto(url("/overview/"))
    expect(page).to_have_url(url(OVERVIEW))
    rows = page.get_by_test_id("overview-row")
    expect(rows).to_have_count(2)
    expect(page.locator('[data-unit="HP-A-01"] [data-testid="row-status"]')).to_have_text("Chờ duyệt")
    expect(page.locator('[data-unit="HP-A-02"] [data-testid="row-status"]')).to_have_text("Chưa có báo cáo")
    expect(page.get_by_test_id("count-sent")).to_have_text("1/2")
    page.wait_for_function("() => !!window.gpOverviewChart")
    assert chart_drawn(page)
    shot("overview-desktop")

    page.get_by_test_id("filter-missing").click()
    expect(page).to_have_url(url(OVERVIEW + "?show=missing"))
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-unit", "HP-A-02")

    page.locator('[data-unit="HP-A-02"]').get_by_test_id("remind").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã gửi nhắc nhở tới 1 người của 1 đơn vị.")
    expect(page).to_have_url(url(OVERVIEW + "?show=missing"))
    page.locator('[data-unit="HP-A-02"]').get_by_test_id("remind").click()
    expect(page.get_by_role("alert")).to_contain_text("Hôm nay đã nhắc rồi")
    shot("overview-missing-reminded")

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(url(OVERVIEW))
    page.wait_for_function("() => !!window.gpOverviewChart")
    assert chart_drawn(page)
    assert no_horizontal_scroll(page)
    shot("overview-phone")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url(OVERVIEW + "?show=missing"))
    page.locator('[data-unit="HP-A-02"]').get_by_test_id("drill-down").click()
    expect(page).to_have_url(url("/reports/HP-A-02/2026H1/"))


def test_the_admin_drills_down_the_province(page: Page, live_tree, a1_submitted, url, log_in, shot):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in("admin")
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    page.goto(url("/overview/HP/2026H1/"))
    expect(page.get_by_test_id("overview-row")).to_have_count(2)
    page.locator('[data-unit="HP-A"]').get_by_test_id("drill-down").click()
    expect(page).to_have_url(url(OVERVIEW))
    expect(page.get_by_test_id("breadcrumbs")).to_contain_text("Liên đoàn Lao động thành phố Hải Phòng")
    page.get_by_test_id("period-switcher").click()
    expect(page.get_by_role("link", name=re.compile("2026H1"))).to_be_visible()
    shot("overview-admin-switcher")


def test_a_reporter_reads_and_marks_notifications(page: Page, live_tree, open_period, url, log_in, shot):
    user = live_tree.users.reporter_a1
    notify(users=[user], kind="deadline", title="Nhắc nhở: hạn nộp báo cáo 2026H1", body="Công đoàn phường Hồng Bàng",
           url="/reports/HP-A-01/2026H1/")
    notify(users=[user], kind="returned", title="Báo cáo 2026H1 của Công đoàn Công ty TNHH Thép Xanh bị trả lại",
           body="Thiếu số liệu nhóm 3", url="/reports/HP-A-01/2026H1/")
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in("reporter_a1")
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    page.goto(url("/notifications/"))
    expect(page.get_by_test_id("notification")).to_have_count(2)
    expect(page.locator('[data-read="0"]')).to_have_count(2)
    shot("notifications")
    page.get_by_test_id("mark-read").first.click()
    expect(page.locator('[data-read="0"]')).to_have_count(1)
    page.set_viewport_size({"width": 375, "height": 800})
    assert no_horizontal_scroll(page)
    shot("notifications-phone")
    page.get_by_test_id("open").last.click()
    expect(page).to_have_url(url("/reports/HP-A-01/2026H1/"))
    page.goto(url("/notifications/badge/"))
    expect(page.get_by_test_id("notifications-badge")).to_have_text("Thông báo")


def test_the_province_admin_creates_a_period_and_retires_an_indicator(
    page: Page, live_tree, open_period, url, log_in, shot
):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in("admin")
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    page.goto(url("/settings/periods/"))
    page.get_by_test_id("period-new").click()
    page.get_by_label("Năm").fill("2027")
    page.locator("#id_half").select_option("1")
    page.get_by_label("Ngày chốt số liệu").fill("15/06/2027")
    page.get_by_label("Hạn nộp báo cáo").fill("10/06/2027")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("field-error")).to_contain_text("Hạn nộp phải sau hoặc đúng ngày chốt số liệu.")
    shot("settings-period-refused")
    page.get_by_label("Hạn nộp báo cáo").fill("10/07/2027")
    page.get_by_label("Mở kỳ ngay").check()
    page.get_by_test_id("save").click()
    expect(page).to_have_url(url("/settings/periods/"))
    row = page.locator('[data-testid="period-row"][data-code="2027H1"]')
    expect(row.get_by_test_id("period-deadline")).to_have_text("10/07/2027")
    expect(row.get_by_test_id("period-state")).to_have_text("Đang mở")
    shot("settings-periods")
    page.set_viewport_size({"width": 375, "height": 800})
    shot("settings-periods-phone")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url("/settings/indicators/"))
    page.get_by_label("Tìm chỉ tiêu").fill("tin bai")
    page.get_by_role("button", name="Lọc").click()
    media = page.locator('[data-testid="indicator-row"][data-code="G3_MEDIA"]')
    expect(media).to_be_visible()
    shot("settings-indicators-search")
    media.get_by_test_id("retire").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã ngừng sử dụng chỉ tiêu G3_MEDIA")
    expect(media).to_have_count(0)
    page.get_by_label("Hiện chỉ tiêu đã ngừng").check()
    page.get_by_role("button", name="Lọc").click()
    expect(media.get_by_test_id("retired-badge")).to_be_visible()
    assert Indicator.objects.get(code="G3_MEDIA").retired_at is not None
    page.goto(url("/settings/indicators/new/"))
    shot("settings-indicator-form")
    page.set_viewport_size({"width": 375, "height": 800})
    assert no_horizontal_scroll(page)
    shot("settings-indicator-form-phone")
    page.goto(url("/settings/indicators/?group=7"))
    assert no_horizontal_scroll(page)
    shot("settings-indicators-phone")
    page.goto(url("/settings/rules/"))
    shot("settings-rules-phone")
