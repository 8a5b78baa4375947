"""On its report page, a superior's officer edits the drafted text of the compiled report,
saves it and downloads the .docx that carries it."""

import io
import re

import pytest
from docx import Document
from playwright.sync_api import Page, expect

from greenplan.testing.factories import issue_province_plan, submit

pytestmark = pytest.mark.browser


@pytest.fixture
def sent_reports(live_tree, period):
    issue_province_plan(live_tree)
    for key in ("a1", "a2"):
        submit(live_tree, key, period)
    return live_tree


def test_the_officer_edits_the_drafted_text_and_downloads_it(page: Page, sent_reports, url, log_in, shot):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in("approver_a")
    page.goto(url("/reports/HP-A/2026H1/"))
    box = page.get_by_test_id("report-documents")
    expect(box.get_by_test_id("compiled-docx")).to_have_text("Tải .docx")
    expect(box.get_by_test_id("compiled-pdf")).to_have_text("Tải .pdf")
    box.get_by_text("Sửa nội dung soạn sẵn của báo cáo tổng hợp").click()
    sessions = page.get_by_role("textbox", name="II. 3. Nhóm nhiệm vụ, giải pháp về truyền thông", exact=False)
    expect(sessions).to_have_value(re.compile("lối sống xanh là 6 buổi"))
    box.screenshot(path="/tmp/t11-report-documents.png")
    sessions.fill("Phường tổ chức 6 buổi tuyên truyền về lối sống xanh cho 160 đoàn viên.")
    page.get_by_test_id("sections-save").click()
    expect(page.get_by_text("Đã lưu nội dung báo cáo tổng hợp")).to_be_visible()
    shot("documents-sections-saved")
    page.screenshot(path="/tmp/t11-report-documents-saved.png")
    with page.expect_download() as info:
        page.get_by_test_id("compiled-docx").click()
    download = info.value
    assert download.suggested_filename == "bao-cao-tong-hop-HP-A-2026H1.docx"
    doc = Document(io.BytesIO(open(download.path(), "rb").read()))
    assert "Phường tổ chức 6 buổi tuyên truyền về lối sống xanh cho 160 đoàn viên." in [p.text for p in doc.paragraphs]
