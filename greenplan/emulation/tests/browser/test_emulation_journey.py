"""A grassroots union self-scores with an evidence file, its direct superior adjusts one score with
a reason and confirms, the ranking shows it with its award, and the superior proposes a commendation."""

import pytest
from playwright.sync_api import Page, expect

from greenplan.emulation.services import sheet_load
from greenplan.emulation.tests.browser.steps import (
    confirm_scores,
    fill_scores,
    propose_from_ranking,
    sign_in_as,
    submit_scores,
    verify_score,
)
from greenplan.testing.browser import no_horizontal_scroll

pytestmark = pytest.mark.browser

GROUPS = [
    {"code": "I", "title": "Xanh - Sạch - Đẹp nơi làm việc", "criteria": [
        {"code": "1.1", "title": "Trồng, chăm sóc cây xanh trong khuôn viên", "max_points": 40,
         "evidence": "Ảnh chụp khuôn viên"},
        {"code": "1.2", "title": "Phân loại rác thải tại nguồn", "max_points": 30},
    ]},
    {"code": "II", "title": "Bảo đảm an toàn, vệ sinh lao động", "criteria": [
        {"code": "2.1", "title": "Huấn luyện an toàn, vệ sinh lao động", "max_points": 30,
         "evidence": "Danh sách học viên"},
    ]},
]


@pytest.fixture
def movement(live_tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return sheet_load(actor=live_tree.users.admin, movement={"code": "XSD-ATVSLD", "name": "Xanh - Sạch - Đẹp, "
                      "Bảo đảm an toàn, vệ sinh lao động"}, year=2025, groups=GROUPS,
                      conditions=[{"code": "DK1", "text": "Không để xảy ra tai nạn lao động chết người"}],
                      awards=[{"code": "BK-TLD", "name": "Bằng khen của Tổng Liên đoàn", "min_score": 91,
                               "applies_to": "grassroots", "conditions": ["DK1"]}])


def test_self_score_verify_rank_and_propose(page: Page, live_tree, movement, url, log_in, shot, tmp_path):
    page.set_viewport_size({"width": 1280, "height": 900})
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    entry_url = url("/emulation/XSD-ATVSLD/2025/units/HP-A-01/")

    sign_in_as(page, log_in, "reporter_a1")
    page.goto(entry_url)
    page.get_by_test_id("register").click()
    expect(page.get_by_test_id("status")).to_have_text("Đang tự chấm")
    fill_scores(page, {"1.1": "40", "1.2": "28,5", "2.1": "31"}, {"DK1": "1"})  # 2.1 above the maximum: refused
    expect(page.get_by_text("Tiêu chí 2.1 có tối đa 30 điểm.")).to_be_visible()
    expect(page.get_by_test_id("self-total")).to_have_text("0")
    fill_scores(page, {"1.1": "40", "1.2": "28,5", "2.1": "27"}, {"DK1": "1"})
    expect(page.get_by_test_id("self-total")).to_have_text("95,5")
    evidence = tmp_path / "anh-khuon-vien.pdf"
    evidence.write_bytes(b"%PDF-1.4 anh khuon vien")
    form = page.get_by_test_id("evidence-form")
    form.get_by_label("Tệp minh chứng").set_input_files(str(evidence))
    form.get_by_role("button", name="Tải lên").click()
    expect(page.get_by_test_id("criterion-1.1")).to_contain_text("anh-khuon-vien.pdf")
    shot("emul-01-self-scored")
    submit_scores(page)

    sign_in_as(page, log_in, "approver_a")
    page.goto(entry_url)
    verify_score(page, "2.1", "24")
    expect(page.get_by_text("Cần ghi lý do khi điều chỉnh điểm tiêu chí 2.1.")).to_be_visible()
    verify_score(page, "2.1", "24", "Danh sách học viên thiếu chữ ký")
    expect(page.get_by_test_id("verified-total")).to_contain_text("92,5")
    shot("emul-02-verifying")
    confirm_scores(page)
    expect(page.get_by_test_id("eligibility")).to_contain_text("Đủ điều kiện")
    shot("emul-03-confirmed")

    page.goto(url("/emulation/XSD-ATVSLD/2025/ranking/HP-A/"))
    row = page.get_by_test_id("row-HP-A-01")
    expect(row.get_by_test_id("rank")).to_have_text("1")
    expect(row.get_by_test_id("verified")).to_have_text("92,5")
    expect(row.get_by_test_id("award")).to_have_text("Bằng khen của Tổng Liên đoàn")
    expect(page.get_by_test_id("ranking-chart")).to_be_visible()
    page.wait_for_function("window.gpRankingChart !== undefined")
    assert no_horizontal_scroll(page)
    shot("emul-04-ranking")

    propose_from_ranking(page, "HP-A-01", "Đạt 92,5 điểm, dẫn đầu các công đoàn cơ sở của phường",
                         before_sending=lambda: shot("emul-05-proposal"))

    sign_in_as(page, log_in, "admin")
    page.goto(url("/emulation/proposals/"))
    page.get_by_label("Ý kiến của tỉnh").fill("Đồng ý trình Tổng Liên đoàn")
    page.get_by_test_id("approve").click()
    expect(page.get_by_test_id("status").first).to_have_text("Đã chấp thuận")
    shot("emul-06-decided")
    assert violations == []
