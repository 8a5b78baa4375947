"""The activity list of a whole subtree in a real browser on a 375 px phone: typing searches in
place (htmx), without diacritics, and the pager keeps the search."""

import datetime
import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from greenplan.activities import views
from greenplan.activities.models import Activity
from greenplan.testing.browser import no_horizontal_scroll

pytestmark = pytest.mark.browser


@pytest.fixture
def recorded(live_tree, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 5)
    Activity.objects.bulk_create([
        Activity(unit=live_tree.a1 if i % 2 else live_tree.b1, kind="tree_planting",
                 title=f"Trồng cây xanh đợt {i}", search_text=f"trong cay xanh dot {i}",
                 start_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=i), participants=10 + i)
        for i in range(12)
    ] + [Activity(unit=live_tree.a2, kind="training", title="Tập huấn an toàn lao động",
                  search_text="tap huan an toan lao dong", start_on=datetime.date(2026, 2, 1))])
    return live_tree


def test_a_superior_searches_the_subtree_on_a_phone_and_pages(page: Page, recorded, url, log_in, shot):
    page.set_viewport_size({"width": 375, "height": 800})
    log_in("admin")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xin chào")
    page.goto(url("/activities/HP/?subtree=1"))
    expect(page.get_by_test_id("summary")).to_contain_text("13 hoạt động")
    page.get_by_test_id("f-q").fill("trong cay")
    expect(page.get_by_test_id("summary")).to_contain_text("12 hoạt động")
    expect(page.get_by_test_id("activity-title").first).to_have_text("Trồng cây xanh đợt 11")
    assert no_horizontal_scroll(page)
    shot("activities-list-375")
    if os.environ.get("SHOTS_DIR"):
        page.screenshot(path=str(Path(os.environ["SHOTS_DIR"]) / "activities-list-375-view.png"))
    page.get_by_role("link", name="Trang sau").first.click()
    expect(page.get_by_test_id("activity-title").first).to_have_text("Trồng cây xanh đợt 6")
    expect(page.get_by_test_id("summary")).to_contain_text("12 hoạt động")
