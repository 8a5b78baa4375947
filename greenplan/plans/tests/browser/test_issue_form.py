"""Issuing a plan: every error at once in a summary the page scrolls to and focuses, the chosen
signed PDF kept through a refusal, and a confirmation that says what issuing locks."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from greenplan.plans.models import Plan
from greenplan.plans.seed import load_seed_plan
from greenplan.plans.services import plan_copy_down, plan_issue
from greenplan.testing.browser import no_horizontal_scroll

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def draft(live_tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    admin = live_tree.users.admin
    plan = load_seed_plan(live_tree.root, actor=admin)
    plan_issue(actor=admin, plan=plan, number="12", symbol="KH-LĐLĐ", issued_on=datetime.date(2026, 3, 1),
               signer="Nguyễn Văn A")
    plan_copy_down(actor=admin, unit=live_tree.a)
    return plan_copy_down(actor=admin, unit=live_tree.a1)


def test_a_failed_issue_shows_every_error_in_view_and_keeps_the_file(
        page: Page, live_tree, draft, url, log_in, tmp_path):
    page.set_viewport_size({"width": 375, "height": 800})
    signed = tmp_path / "Kế hoạch đã ký.pdf"
    signed.write_bytes(PDF)
    log_in("reporter_a1")
    page.goto(url("/plans/HP-A-01/"))
    issue = page.get_by_test_id("issue")
    issue.get_by_label("Ký hiệu").fill("KH-CĐCS")
    issue.get_by_label("Ngày ban hành").fill("31/02/2026")
    issue.get_by_label("Bản ký (PDF, không bắt buộc)").set_input_files(str(signed))
    issue.get_by_role("button", name="Ban hành").click()

    dialog = page.get_by_test_id("issue-confirm")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("31 mục kế hoạch được khóa")
    page.screenshot(path="/tmp/browser-issue-confirm.png")
    dialog.get_by_role("button", name="Quay lại").click()  # changed their mind: nothing is sent
    expect(dialog).to_be_hidden()
    assert Plan.objects.get(pk=draft.pk).status == "draft"

    issue.get_by_role("button", name="Ban hành").click()
    page.get_by_test_id("issue-confirm-yes").click()
    summary = page.get_by_test_id("issue-errors")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport(ratio=1)
    expect(summary).to_have_attribute("role", "alert")
    for text in ("Số: Cần nhập số văn bản.", "Ngày ban hành: Ngày ban hành phải có dạng",
                 "Người ký: Cần nhập họ tên người ký."):
        expect(summary).to_contain_text(text)
    page.screenshot(path="/tmp/browser-issue-errors.png")
    assert no_horizontal_scroll(page)
    file_input = page.get_by_label("Bản ký (PDF, không bắt buộc)")
    assert file_input.evaluate("el => el.files.length && el.files[0].name") == "Kế hoạch đã ký.pdf"
    expect(page.get_by_label("Ký hiệu")).to_have_value("KH-CĐCS")
    assert Plan.objects.get(pk=draft.pk).status == "draft"

    summary.get_by_role("link", name="Người ký").click()
    expect(page.get_by_label("Người ký", exact=True)).to_be_focused()
    page.get_by_label("Người ký", exact=True).fill("Lê Thị C")
    page.get_by_label("Số", exact=True).fill("05")
    page.get_by_label("Ngày ban hành").fill("15/03/2026")
    page.get_by_test_id("issue").get_by_role("button", name="Ban hành").click()
    page.get_by_test_id("issue-confirm-yes").click()
    expect(page.get_by_test_id("plan-status")).to_have_text("Đã ban hành")
    expect(page.get_by_test_id("plan-reference")).to_contain_text("Số: 05/KH-CĐCS")
    expect(page.get_by_test_id("signed-pdf")).to_be_visible()  # the file chosen before the refusal
    assert Plan.objects.get(pk=draft.pk).signed_pdf.read() == PDF
