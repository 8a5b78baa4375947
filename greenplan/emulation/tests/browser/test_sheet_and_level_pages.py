"""The province edits the scoring sheet (a threshold above the total is refused in place, then
saved), reads the ranking of every grassroots union, and finds the decided list's downloads."""

import pytest
from playwright.sync_api import Page, expect

from greenplan.emulation.services import sheet_load
from greenplan.testing.browser import no_horizontal_scroll

pytestmark = pytest.mark.browser


@pytest.fixture
def movement(live_tree):
    return sheet_load(actor=live_tree.users.admin, movement={"code": "XSD", "name": "Xanh - Sạch - Đẹp, "
                      "Bảo đảm an toàn, vệ sinh lao động"}, year=2025,
                      groups=[{"code": "I", "title": "Xanh - Sạch - Đẹp nơi làm việc", "criteria": [
                          {"code": "1.1", "title": "Trồng, chăm sóc cây xanh", "max_points": 60, "evidence": "Ảnh"},
                          {"code": "1.2", "title": "Phân loại rác tại nguồn", "max_points": 40}]}],
                      conditions=[{"code": "DK1", "text": "Không để xảy ra tai nạn lao động chết người"}],
                      awards=[{"code": "BK", "name": "Bằng khen của Tổng Liên đoàn", "min_score": 91,
                               "applies_to": "grassroots", "conditions": ["DK1"]}])


def test_the_province_edits_the_sheet_and_ranks_a_level(page: Page, live_tree, movement, url, log_in, shot):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in("admin")
    page.goto(url("/emulation/XSD/2025/"))
    page.get_by_test_id("edit-sheet").click()
    page.get_by_test_id("award-0-min_score").fill("120")
    page.get_by_test_id("save-sheet").click()
    expect(page.get_by_test_id("error-award-0-min_score")).to_contain_text("không vượt tổng điểm của bảng (100)")
    shot("emulation-sheet-edit-error")
    page.get_by_test_id("award-0-min_score").fill("91")
    page.get_by_test_id("criterion-2-group").fill("I")
    page.get_by_test_id("criterion-2-code").fill("1.3")
    page.get_by_test_id("criterion-2-title").fill("Tiết kiệm điện, nước")
    page.get_by_test_id("criterion-2-max_points").fill("10,5")
    page.get_by_test_id("save-sheet").click()
    expect(page.get_by_text("Bảng chấm điểm năm 2025 · tổng 110,5 điểm")).to_be_visible()
    expect(page.get_by_text("Tiết kiệm điện, nước")).to_be_visible()

    page.goto(url("/emulation/XSD/2025/ranking/HP/"))
    page.get_by_test_id("level-grassroots").click()
    expect(page.get_by_role("heading", name="Xếp hạng mọi công đoàn cơ sở")).to_be_visible()
    for code in ("HP-A-01", "HP-A-02", "HP-B-01"):
        expect(page.get_by_test_id(f"row-{code}")).to_be_visible()
    shot("emulation-level-ranking")

    page.goto(url("/emulation/proposals/"))
    expect(page.get_by_test_id("export-docx")).to_have_attribute("href", "/documents/emulation/HP/proposals.docx")
    shot("emulation-proposals")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(url("/emulation/XSD/2025/edit/"))
    assert no_horizontal_scroll(page)
    shot("emulation-sheet-edit-phone")
