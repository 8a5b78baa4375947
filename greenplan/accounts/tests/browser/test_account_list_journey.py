"""The account list in a real browser, at 1366 px and on a 375 px phone: typing searches in place
(htmx), the pager moves on, and a row stays readable (no name broken into letters)."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from greenplan.accounts.models import Membership, Role, User
from greenplan.testing.browser import no_horizontal_scroll

pytestmark = pytest.mark.browser


@pytest.fixture
def staff(live_tree):
    """70 accounts on HP-A-01 with Vietnamese names, so the list has two pages."""
    hashed = live_tree.users.admin.password
    User.objects.bulk_create([
        User(username=f"nv{i:03d}", password=hashed, full_name=f"Nguyễn Thị Nhân Viên {i}",
             email=f"nv{i:03d}@congty-thepxanh.vn", search_text=f"nv{i:03d} nguyen thi nhan vien {i}")
        for i in range(70)
    ])
    Membership.objects.bulk_create([Membership(user=u, unit=live_tree.a1, role=Role.REPORTER)
                                    for u in User.objects.filter(username__startswith="nv")])
    return live_tree


@pytest.mark.parametrize("width", [1366, 375])
def test_the_admin_searches_without_diacritics_and_pages(page: Page, staff, url, log_in, shot, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in("admin")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xin chào")  # signed in (the menu folds on a phone)
    page.goto(url("/accounts/manage/"))
    expect(page.get_by_test_id("account-count")).to_contain_text("75")
    page.get_by_label("Tìm tài khoản").fill("nhan vien")  # typed without diacritics
    expect(page.get_by_test_id("account-count")).to_contain_text("70")
    expect(page).to_have_url(re.compile(r"/accounts/manage/\?q=nhan(\+|%20)vien&"))  # a link to send on
    rows = page.get_by_test_id("account-row")
    expect(rows.first).to_have_attribute("data-username", "nv000")
    expect(rows.first).to_contain_text("Nguyễn Thị Nhân Viên 0")
    assert no_horizontal_scroll(page)
    # Readable on a phone: the account cell is a few lines high, not one letter per line.
    height = rows.first.bounding_box()["height"]
    assert height < 160, height
    shot(f"accounts-{width}")
    if os.environ.get("SHOTS_DIR"):  # what the screen shows (the full page is too tall to look at)
        page.screenshot(path=str(Path(os.environ["SHOTS_DIR"]) / f"accounts-{width}-view.png"))
    page.get_by_role("link", name="Trang sau").first.click()
    expect(rows.first).to_have_attribute("data-username", "nv050")
    expect(page).to_have_url(re.compile(r"q=nhan(\+|%20)vien.*&page=2$"))
    page.get_by_test_id("sort-username").click()
    expect(rows.first).to_have_attribute("data-username", "nv069")
    shot(f"accounts-{width}-sorted")
