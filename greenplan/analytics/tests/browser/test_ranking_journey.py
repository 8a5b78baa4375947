"""The dashboard's ranking in a real browser, at 1366 px and on a 375 px phone: every grassroots
union of the province ranked, searched without diacritics and paged in place (htmx), and the
chart holding the best and the worst with short names."""

import datetime
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from greenplan.analytics import ranking as rank
from greenplan.orgs.models import UnitKind
from greenplan.orgs.services import unit_create
from greenplan.reporting.models import Period
from greenplan.reporting.services import report_save, report_submit
from greenplan.testing.browser import no_horizontal_scroll
from greenplan.testing.factories import full_values

pytestmark = pytest.mark.browser


@pytest.fixture
def province(live_tree, monkeypatch):
    """Nine more grassroots unions under HP-A, six of them reported; pages of 4, charts of 2 + 2."""
    monkeypatch.setattr(rank, "PAGE_SIZE", 4)
    monkeypatch.setattr(rank, "CHART_N", 2)
    period = Period.objects.create(code="2026H1", year=2026, half=1, start=datetime.date(2026, 1, 1),
                                   end=datetime.date(2026, 6, 30), cutoff=datetime.date(2026, 6, 30),
                                   deadline=datetime.date(2026, 7, 15), is_open=True)
    kind = UnitKind.objects.get(code="grassroots")
    for i in range(9):
        unit = unit_create(parent=live_tree.a, code=f"HP-A-G{i:02d}", kind=kind, valid_from=datetime.date(2020, 1, 1),
                           name=f"Công đoàn Công ty TNHH Cơ khí Đóng tàu Phà Rừng số {i}")
        if i < 6:
            report = report_save(actor=live_tree.users.admin, unit=unit, period=period, version=0,
                                 values=full_values(MEMBERS=100 + i)).report
            report_submit(actor=live_tree.users.admin, unit=unit, period=period, version=report.version)
    return live_tree


@pytest.mark.parametrize("width", [1366, 375])
def test_the_admin_ranks_every_grassroots_union_searches_and_pages(page: Page, province, url, log_in, shot, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in("admin")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xin chào")  # signed in (the menu folds on a phone)
    page.goto(url("/dashboard/HP/2026H1/?indicator=MEMBERS"))
    page.get_by_test_id("ranking-level").select_option("grassroots")  # a new level: the charts follow it
    expect(page).to_have_url(re.compile(r"level=grassroots"))
    expect(page.get_by_test_id("ranking-count")).to_contain_text("12")
    page.wait_for_function("() => window.gpDashboardCharts && window.gpDashboardCharts.bars")
    labels = page.evaluate("() => Chart.getChart(document.getElementById('bar-chart')).data.labels")
    assert labels[0] == "TNHH Cơ khí Đóng tàu Phà Rừng số 5" and len(labels) == 4  # the best 2, the worst 2
    box = page.get_by_test_id("bar-chart").bounding_box()
    assert box["height"] < 700, box
    page.get_by_test_id("bar-chart").scroll_into_view_if_needed()
    shot(f"ranking-chart-{width}")
    keep_view(page, f"ranking-chart-{width}-view")
    rows = page.get_by_test_id("ranking-row")
    expect(rows.first).to_have_attribute("data-unit", "HP-A-G05")
    page.get_by_role("link", name="Trang sau").first.click()  # in place
    expect(rows.first).to_have_attribute("data-unit", "HP-A-G01")
    expect(page).to_have_url(re.compile(r"page=2"))
    page.get_by_test_id("ranking-search").fill("pha rung so 3")  # without diacritics
    expect(page.get_by_test_id("ranking-count")).to_contain_text("1 trên 12")
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_test_id("rank")).to_have_text("3")  # its place among all twelve
    assert no_horizontal_scroll(page)
    shot(f"ranking-{width}")
    if os.environ.get("SHOTS_DIR"):
        page.locator("section", has=page.get_by_test_id("ranking")).screenshot(
            path=str(Path(os.environ["SHOTS_DIR"]) / f"ranking-{width}-table.png"))


def keep_view(page: Page, name: str) -> None:
    """What the screen shows now (the full-page shots are too tall to look at)."""
    if os.environ.get("SHOTS_DIR"):
        page.screenshot(path=str(Path(os.environ["SHOTS_DIR"]) / f"{name}.png"))
