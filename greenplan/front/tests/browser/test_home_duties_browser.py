"""Each role's duty on the first screen, in a real browser at phone (375 px) and desktop width."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, ViewportSize, expect

from greenplan.notifications.services import notify
from greenplan.reporting.models import Period
from greenplan.testing.browser import no_horizontal_scroll
from greenplan.testing.factories import submit

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 375, "height": 740}
DESKTOP: ViewportSize = {"width": 1366, "height": 900}


@pytest.fixture
def open_periods(live_tree):
    today = timezone.localdate()
    late = Period.objects.create(code="2020H1", year=2020, half=1, start=datetime.date(2020, 1, 1),
                                 end=datetime.date(2020, 6, 30), cutoff=datetime.date(2020, 6, 30),
                                 deadline=today - datetime.timedelta(days=5), is_open=True)
    current = Period.objects.create(code="2020H2", year=2020, half=2, start=datetime.date(2020, 7, 1),
                                    end=datetime.date(2020, 12, 31), cutoff=datetime.date(2020, 12, 31),
                                    deadline=today + datetime.timedelta(days=25), is_open=True)
    return late, current


def test_phone_reporter_sees_the_report_and_the_unread_count_without_opening_the_menu(
        page: Page, live_tree, open_periods, url, log_in, shot):
    tree = live_tree
    for n in range(3):
        notify(users=[tree.users.reporter_a1], kind="deadline", title=f"Nhắc {n}", url="/")
    page.set_viewport_size(PHONE)
    log_in("reporter_a1")
    expect(page).to_have_url(url("/"))
    expect(page.get_by_test_id("unread-count-phone")).to_be_visible()
    expect(page.get_by_test_id("unread-count-phone")).to_have_text("3")
    expect(page.locator("#gp-nav")).to_be_hidden()  # the menu is still collapsed
    buttons = page.get_by_test_id("duty-report-button")
    expect(buttons).to_have_count(2)
    expect(buttons.first).to_be_visible()
    expect(buttons.first).to_have_text("Nhập báo cáo")
    assert no_horizontal_scroll(page)
    shot("phone-home-reporter")
    buttons.first.click()
    expect(page).to_have_url(re.compile(r"/reports/HP-A-01/2020H2/$"))
    page.get_by_test_id("notifications-phone").click()
    expect(page).to_have_url(url("/notifications/"))


def test_phone_approver_walks_the_queue_from_the_home_page(page: Page, live_tree, open_periods, url, log_in, shot):
    tree = live_tree
    late, _current = open_periods
    submit(tree, "a1", late)
    submit(tree, "a2", late)
    page.set_viewport_size(PHONE)
    log_in("approver_a")
    expect(page.get_by_test_id("awaiting-count")).to_have_text("2")
    assert no_horizontal_scroll(page)
    shot("phone-home-approver")
    page.get_by_test_id("queue-start").click()
    expect(page).to_have_url(re.compile(r"/reports/HP-A-01/2020H1/\?queue=1$"))
    expect(page.get_by_test_id("queue-position")).to_contain_text("Còn 2 báo cáo chờ duyệt")
    page.get_by_role("button", name="Duyệt báo cáo").click()
    expect(page).to_have_url(re.compile(r"/reports/HP-A-02/2020H1/\?queue=1$"))
    expect(page.get_by_test_id("queue-position")).to_contain_text("Còn 1 báo cáo chờ duyệt")
    assert no_horizontal_scroll(page)
    shot("phone-queue-next")
    page.get_by_role("button", name="Duyệt báo cáo").click()
    expect(page).to_have_url(url("/reports/queue/"))
    expect(page.get_by_test_id("queue-empty")).to_be_visible()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1366"])
def test_admin_sees_the_whole_subtree_late_units_and_missing_plans(
        page: Page, live_tree, open_periods, url, log_in, shot, viewport):
    tree = live_tree
    late, _current = open_periods
    for key in ("a1", "a2", "a"):
        submit(tree, key, late)
    page.set_viewport_size(viewport)
    log_in("admin")
    block = page.locator('[data-testid="completeness"][data-period="2020H1"]')
    expect(block.get_by_test_id("expected")).to_have_text("5")
    expect(block.get_by_test_id("received")).to_have_text("3")
    expect(block.get_by_test_id("late")).to_have_text("2")
    expect(block.get_by_test_id("late")).to_be_visible()
    block.get_by_text("Xem đơn vị quá hạn (2)").click()
    expect(block.get_by_test_id("late-units")).to_contain_text("Công đoàn ngành Giáo dục")
    expect(block.get_by_test_id("late-units")).to_contain_text("Công đoàn Trường THPT Ngô Quyền")
    expect(page.get_by_test_id("plans-missing")).to_contain_text("5 đơn vị chưa có kế hoạch")
    expect(page.get_by_test_id("awaiting-count")).to_have_text("3")
    assert no_horizontal_scroll(page)
    shot(f"home-admin-{viewport['width']}")


def test_phone_pages_of_the_menu_do_not_overflow(page: Page, live_tree, open_periods, url, log_in):
    page.set_viewport_size(PHONE)
    log_in("admin")
    for path in ("/", "/accounts/manage/", "/reports/", "/reports/queue/", "/activities/", "/units/",
                 "/overview/HP/2020H1/", "/audit/"):
        page.goto(url(path))
        assert no_horizontal_scroll(page), path
    # the account list keeps whole words: no cell squeezed to a letter per line
    page.goto(url("/accounts/manage/"))
    widths = page.locator("main table td").evaluate_all("cells => cells.map(c => c.getBoundingClientRect().width)")
    assert widths and min(widths) > 60
