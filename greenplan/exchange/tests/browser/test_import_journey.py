"""A superior downloads its subordinates' templates from the report page, fills them offline,
uploads several files at once and watches the job page: the progress bar, then the summary."""

import datetime
import io
import zipfile

import pytest
from openpyxl import load_workbook
from playwright.sync_api import FilePayload, Page, expect

from greenplan.reporting.models import Period, Report
from greenplan.reporting.services import stored_values
from greenplan.testing.browser import no_horizontal_scroll

pytestmark = pytest.mark.browser

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def open_period(live_tree):
    return Period.objects.create(
        code="2026H1", year=2026, half=1, start=datetime.date(2026, 1, 1), end=datetime.date(2026, 6, 30),
        cutoff=datetime.date(2026, 6, 30), deadline=datetime.date(2026, 7, 15), is_open=True,
    )


def fill(content: bytes, members: int) -> bytes:
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    header = next(row[0].row for row in sheet.iter_rows() if row[0].value == "Mã chỉ tiêu")
    value_col = [c.value for c in sheet[header]].index("Số liệu") + 1
    for row in range(header + 1, sheet.max_row + 1):
        if sheet.cell(row, 1).value == "MEMBERS":
            sheet.cell(row, value_col).value = members
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_a_superior_imports_several_templates_and_sees_the_summary(page: Page, live_tree, open_period, url,
                                                                    log_in, shot):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in("approver_a")
    page.goto(url("/reports/HP-A/2026H1/"))
    buttons = page.get_by_test_id("exchange-buttons")
    expect(buttons.get_by_role("link", name="Tải mẫu Excel")).to_be_visible()
    shot("exchange-report-buttons")
    with page.expect_download() as download:
        buttons.get_by_role("link", name="Tải mẫu của các đơn vị trực thuộc (.zip)").click()
    with zipfile.ZipFile(download.value.path()) as archive:
        templates = {name: archive.read(name) for name in archive.namelist()}
    assert sorted(templates) == ["mau-bao-cao-HP-A-01-2026H1.xlsx", "mau-bao-cao-HP-A-02-2026H1.xlsx"]

    buttons.get_by_role("link", name="Nhập từ Excel").click()
    expect(page.get_by_role("heading", name="Nhập báo cáo từ Excel")).to_be_visible()
    expect(page.get_by_test_id("import-target")).to_contain_text("HP-A")
    shot("exchange-import-page")
    page.locator("#import-files").set_input_files([
        FilePayload(name="hp-a-01.xlsx", mimeType=XLSX, buffer=fill(templates["mau-bao-cao-HP-A-01-2026H1.xlsx"], 121)),
        FilePayload(name="hp-a-02.xlsx", mimeType=XLSX, buffer=fill(templates["mau-bao-cao-HP-A-02-2026H1.xlsx"], 41)),
        FilePayload(name="ghi-chu.xlsx", mimeType=XLSX, buffer=b"not a workbook"),
    ])
    page.get_by_role("button", name="Nhập báo cáo").click()

    expect(page.get_by_role("heading", name="Nhập báo cáo từ Excel")).to_be_visible()
    bar = page.locator("#job-status .progress")
    expect(bar).to_have_attribute("aria-valuenow", "100")
    expect(page.locator("#job-status")).to_contain_text("Hoàn thành")
    expect(page.locator("#import-summary")).to_contain_text("Đã nhập 2 tệp, từ chối 1 tệp.")
    expect(page.locator("#import-imported")).to_contain_text("HP-A-01")
    expect(page.locator("#import-imported")).to_contain_text("HP-A-02")
    expect(page.locator("#import-refused")).to_contain_text("ghi-chu.xlsx")
    expect(page.locator("#job-errors")).to_contain_text("Tệp ghi-chu.xlsx")
    assert no_horizontal_scroll(page)
    shot("exchange-import-job")
    page.set_viewport_size({"width": 390, "height": 844})
    shot("exchange-import-job-phone")

    assert stored_values(Report.objects.get(unit=live_tree.a1, period=open_period))["MEMBERS"] == 121
    assert stored_values(Report.objects.get(unit=live_tree.a2, period=open_period))["MEMBERS"] == 41
