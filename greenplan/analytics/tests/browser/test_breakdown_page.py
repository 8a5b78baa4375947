"""The breakdown page in a real browser: a superior picks dimensions, reads the table, sees the
bar chart drawn by the vendored Chart.js and downloads the table as .xlsx."""

import io
import os
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from greenplan.reporting.services import report_save, report_submit
from greenplan.testing.browser import no_horizontal_scroll
from greenplan.testing.factories import full_values

pytestmark = pytest.mark.browser


@pytest.fixture
def figures(live_tree, period):
    admin = live_tree.users.admin
    for unit, green, total in ((live_tree.a1, 40, 100), (live_tree.a2, 10, 60), (live_tree.b1, 5, 50)):
        values = full_values(MEMBERS=unit.members, WORKERS=unit.workers, G7_PROCUREMENT_GREEN=green,
                             G7_PROCUREMENT_TOTAL=total)
        report = report_save(actor=admin, unit=unit, period=period, version=0, values=values).report
        report_submit(actor=admin, unit=unit, period=period, version=report.version)
    return period


def chart_drawn(page: Page) -> bool:
    """The canvas has a size, a Chart.js chart, and pixels that are not all transparent."""
    return page.evaluate(
        """() => { const c = document.getElementById('breakdown-chart');
                   if (!c || !c.width || !c.height || !window.Chart || !Chart.getChart(c)) return false;
                   const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                   for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
                   return false; }"""
    )


def phone_shots(page: Page) -> None:
    folder = os.environ.get("SHOTS_DIR")
    if folder:  # the screens a phone user sees, one at a time
        for name, target in (("form", "breakdown-form"), ("chart", "breakdown-chart"), ("table", "breakdown-table")):
            page.get_by_test_id(target).scroll_into_view_if_needed()
            page.screenshot(path=str(Path(folder) / f"breakdown-375-{name}.png"))


def test_a_superior_breaks_the_province_down_by_kind_and_downloads_xlsx(
        page: Page, live_tree, figures, url, log_in, shot):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in("admin")
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    page.goto(url("/dashboard/HP/2026H1/breakdown/"))
    expect(page.get_by_test_id("breakdown-unit")).to_have_text("Liên đoàn Lao động thành phố Hải Phòng")
    expect(page.locator('[data-testid="breakdown-row"][data-key="education|public_service"]')).to_be_visible()
    page.wait_for_function("() => !!window.gpBreakdownChart")
    assert chart_drawn(page)
    shot("breakdown-default")

    page.get_by_test_id("first-dimension").select_option("kind")
    page.get_by_test_id("second-dimension").select_option("")
    page.get_by_label("Số buổi tuyên truyền", exact=False).check()
    page.get_by_test_id("show-breakdown").click()
    expect(page).to_have_url(url("/dashboard/HP/2026H1/breakdown/?by=kind&by=&status=&indicators=MEMBERS"
                                 "&indicators=WORKERS&indicators=G3_SESSIONS&indicators=G7_GREEN_PROCUREMENT_RATE"))
    rows = page.get_by_test_id("breakdown-row")
    expect(rows).to_have_count(3)  # commune, sector union, grassroots: the root reports to no one
    grassroots = page.locator('[data-testid="breakdown-row"][data-key="grassroots"]')
    # members 120 + 40 + 80; green procurement (40 + 10 + 5) / (100 + 60 + 50)
    expect(grassroots.locator("td")).to_have_text(["Công đoàn cơ sở", "3", "3", "240", "277", "0", "26,19"])
    expect(page.get_by_test_id("breakdown-total").locator("td").nth(2)).to_have_text("240")
    page.wait_for_function("() => !!window.gpBreakdownChart")
    assert chart_drawn(page)
    assert page.evaluate("() => window.gpBreakdownChart.data.labels.length") == 3
    shot("breakdown-kind")

    page.get_by_test_id("chart-select").select_option("G7_GREEN_PROCUREMENT_RATE")  # redraws at once
    expect(page).to_have_url(url("/dashboard/HP/2026H1/breakdown/?by=kind&indicators=MEMBERS&indicators=WORKERS"
                                 "&indicators=G3_SESSIONS&indicators=G7_GREEN_PROCUREMENT_RATE"
                                 "&chart=G7_GREEN_PROCUREMENT_RATE"))
    page.wait_for_function("() => !!window.gpBreakdownChart")
    values = page.evaluate("() => window.gpBreakdownChart.data.datasets[0].data")
    assert 26.19 in values

    with page.expect_download() as info:
        page.get_by_test_id("export-xlsx").click()
    download = info.value
    assert download.suggested_filename == "HP-2026H1-breakdown-kind-counted.xlsx"
    sheet = list(load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active.iter_rows(values_only=True))
    assert sheet[0][:3] == ("Loại đơn vị", "Số đơn vị phải báo cáo", "Số báo cáo được tính")
    assert ("Công đoàn cơ sở", 3, 3, 240) == sheet[[r[0] for r in sheet].index("Công đoàn cơ sở")][:4]
    assert sheet[-1][0] == "Tổng cộng"

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(url("/dashboard/HP/2026H1/breakdown/"))
    page.wait_for_function("() => !!window.gpBreakdownChart")
    assert chart_drawn(page)
    assert no_horizontal_scroll(page)
    shot("breakdown-375")
    phone_shots(page)


def test_a_reporter_is_refused_a_unit_above_them(page: Page, live_tree, figures, url, log_in):
    log_in("reporter_a1")
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    response = page.goto(url("/dashboard/HP/2026H1/breakdown/"))
    assert response is not None and response.status == 403
