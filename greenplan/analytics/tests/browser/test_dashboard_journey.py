"""The dashboard in a real browser: charts drawn by the vendored Chart.js, drill-down, CSV download."""

import csv
import datetime
import io
import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from greenplan.analytics.selectors import aggregate
from greenplan.reporting.models import Period
from greenplan.reporting.services import report_save, report_submit
from greenplan.testing.browser import no_horizontal_scroll
from greenplan.testing.factories import full_values

pytestmark = pytest.mark.browser


@pytest.fixture
def figures(live_tree):
    """Reports of a1, a2 and b1 in 2025H2 and 2026H1, so the trend has two points."""
    periods = [
        Period.objects.create(code=code, year=year, half=half, start=start, end=end, cutoff=end,
                              deadline=end + datetime.timedelta(days=15), is_open=True)
        for code, year, half, start, end in [
            ("2025H2", 2025, 2, datetime.date(2025, 7, 1), datetime.date(2025, 12, 31)),
            ("2026H1", 2026, 1, datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)),
        ]
    ]
    admin = live_tree.users.admin
    for i, period in enumerate(periods):
        for unit, sessions in ((live_tree.a1, 4), (live_tree.a2, 2), (live_tree.b1, 5)):
            values = full_values(G3_SESSIONS=sessions + i, MEMBERS=unit.members or 10)
            report = report_save(actor=admin, unit=unit, period=period, version=0, values=values).report
            report_submit(actor=admin, unit=unit, period=period, version=report.version)
    Period.objects.update(is_open=False)  # two closed periods: the dashboard compares them
    return periods[1]


def charts_drawn(page: Page, *ids: str) -> bool:
    return page.evaluate(
        """(ids) => ids.every(id => { const c = document.getElementById(id);
                   return !!c && c.width > 0 && c.height > 0 && !!window.Chart && !!Chart.getChart(c); })""",
        list(ids),
    )


def test_the_admin_reads_the_province_dashboard_drills_down_and_downloads_csv(
        page: Page, live_tree, figures, url, log_in, shot, settings):
    settings.RANKING_MIN_REPORTED_PCT = 0  # HP-A has 2 of its 3 reports in; rank it all the same
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in("admin")
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    page.goto(url("/dashboard/"))
    expect(page).to_have_url(url("/dashboard/HP/2026H1/"))
    agg = aggregate(live_tree.root, "2026H1")
    expect(page.get_by_test_id("fig-submitted")).to_have_text(f"{agg.submitted}/{agg.expected}")
    page.wait_for_function("() => window.gpDashboardCharts && window.gpDashboardCharts.completeness")
    assert charts_drawn(page, "trend-chart", "bar-chart", "completeness-chart")
    shot("dashboard-desktop")

    page.get_by_test_id("indicator-select").select_option("G3_SESSIONS")
    expect(page).to_have_url(url("/dashboard/HP/2026H1/?indicator=G3_SESSIONS&status="))
    expect(page.locator('[data-testid="ranking-row"]').first).to_have_attribute("data-unit", "HP-A")
    assert page.evaluate("() => Chart.getChart(document.getElementById('trend-chart')).data.datasets[0].data") == [
        11, 14]

    with page.expect_download() as info:
        page.get_by_test_id("export-indicators-csv").click()
    download = info.value
    assert download.suggested_filename == "HP-2026H1-indicators-counted.csv"
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig"))))
    assert rows[0][:3] == ["Nhóm", "Mã chỉ tiêu", "Chỉ tiêu"]
    sessions = next(r for r in rows if r[1] == "G3_SESSIONS")
    assert sessions[4:7] == ["14", "11", "3"]

    page.locator('[data-unit="HP-A"] [data-testid="drill-down"]').click()
    expect(page).to_have_url(url("/dashboard/HP-A/2026H1/?indicator=G3_SESSIONS"))
    expect(page.get_by_test_id("breadcrumbs")).to_contain_text("Hải Phòng")
    page.locator('[data-unit="HP-A-01"] [data-testid="drill-down"]').click()
    expect(page.get_by_test_id("dashboard-unit")).to_have_text("Công đoàn Công ty TNHH Thép Xanh")
    expect(page.get_by_test_id("no-subordinates")).to_be_visible()
    page.wait_for_function("() => window.gpDashboardCharts && window.gpDashboardCharts.trend")
    shot("dashboard-grassroots")

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(url("/dashboard/HP/2026H1/"))
    page.wait_for_function("() => window.gpDashboardCharts && window.gpDashboardCharts.completeness")
    assert charts_drawn(page, "trend-chart", "bar-chart")
    assert no_horizontal_scroll(page)
    shot("dashboard-375")
    if os.environ.get("SHOTS_DIR"):  # the first screens, readable at phone size
        for name, target in (("top", "key-figures"), ("charts", "bar-chart"), ("ranking", "ranking")):
            page.get_by_test_id(target).scroll_into_view_if_needed()
            page.screenshot(path=str(Path(os.environ["SHOTS_DIR"]) / f"dashboard-375-{name}.png"))
