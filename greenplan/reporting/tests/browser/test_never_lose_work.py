"""Nothing typed on the report page is lost: valid fields are saved beside an invalid one, leaving
with unsaved work asks first, an upload keeps the figures being typed, an over-long narrative is
refused rather than cut, and a superior typing for a unit is told so."""

import datetime
import time

import pytest
from playwright.sync_api import Page, expect

from greenplan.notifications.models import Notification
from greenplan.reporting.models import Period, Report, ReportAttachment
from greenplan.reporting.services import stored_values
from greenplan.testing import inflight
from greenplan.testing.browser import leave

pytestmark = pytest.mark.browser

REPORT = "/reports/HP-A-01/2026H1/"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def open_period(live_tree):
    return Period.objects.create(
        code="2026H1", year=2026, half=1, start=datetime.date(2026, 1, 1), end=datetime.date(2026, 6, 30),
        cutoff=datetime.date(2026, 6, 30), deadline=datetime.date(2026, 7, 15), is_open=True,
    )


def snap(page: Page, name: str) -> None:
    page.screenshot(path=f"/tmp/browser-{name}.png", full_page=False)


def test_valid_fields_are_saved_beside_an_invalid_one(page: Page, live_tree, open_period, url, log_in):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in("reporter_a1")
    page.goto(url(REPORT))
    page.locator("#f-G3_SESSIONS").fill("12")
    page.locator("#f-G3_MEDIA").fill("-1")
    page.locator("#f-G3_REACHED").fill("300")
    page.locator("#f-G3_REACHED").press("Tab")
    expect(page.locator("#save-status")).to_contain_text("Đã lưu lúc")
    expect(page.locator("#save-status")).to_contain_text("chưa lưu 1 chỗ cần sửa")
    expect(page.locator("#fb-G3_MEDIA")).to_contain_text("Giá trị không được âm.")
    expect(page.locator("#f-G3_MEDIA")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#f-G3_MEDIA")).to_have_value("-1")  # what was typed stays, to be corrected
    page.locator("#f-G3_MEDIA").scroll_into_view_if_needed()
    snap(page, "valid-beside-invalid")
    report = Report.objects.get()
    assert (report.version, stored_values(report)) == (1, {"G3_SESSIONS": 12, "G3_REACHED": 300})

    page.once("dialog", lambda dialog: dialog.accept())  # the invalid figure is unsaved: leaving asks
    page.reload()
    expect(page.locator("#f-G3_SESSIONS")).to_have_value("12")
    expect(page.locator("#f-G3_REACHED")).to_have_value("300")
    expect(page.locator("#f-G3_MEDIA")).to_have_value("")


def test_leaving_with_unsaved_changes_asks_first(page: Page, live_tree, open_period, url, log_in):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in("reporter_a1")
    page.goto(url(REPORT))
    seen: list[str] = []

    def stay(dialog):
        seen.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.locator("#f-G3_SESSIONS").fill("9")  # typed, not yet saved (the field still has focus)
    page.get_by_role("link", name="Báo cáo 6 tháng").first.click()
    expect(page).to_have_url(url(REPORT))
    assert seen == ["beforeunload"]
    expect(page.locator("#f-G3_SESSIONS")).to_have_value("9")
    page.remove_listener("dialog", stay)

    page.locator("#f-G3_SESSIONS").press("Tab")  # saved: nothing left to lose, no question
    expect(page.locator("#save-status")).to_contain_text("Đã lưu lúc")
    page.on("dialog", lambda dialog: seen.append(dialog.type))
    page.get_by_role("link", name="Báo cáo 6 tháng").first.click()
    expect(page).to_have_url(url("/reports/"))
    assert seen == ["beforeunload"]


def test_an_upload_right_after_typing_keeps_and_saves_the_figures(
    page: Page, live_tree, open_period, url, log_in, tmp_path
):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in("reporter_a1")
    page.goto(url(REPORT))
    wrong = tmp_path / "virus.exe"
    wrong.write_bytes(b"MZ")
    good = tmp_path / "Biên bản họp.pdf"
    good.write_bytes(PDF)

    page.locator("#f-G3_MEDIA").fill("7")  # and at once, without leaving the field, the upload
    page.locator("#attachment-file").set_input_files(str(wrong))
    page.get_by_test_id("upload").click()
    error = page.get_by_test_id("upload-error")
    expect(error).to_contain_text("chỉ nhận PDF (.pdf), Word (.docx), Excel (.xlsx)")
    expect(error).to_be_in_viewport()
    expect(page.get_by_test_id("attachment-list")).to_contain_text("Chưa có tệp nào.")
    expect(page.get_by_test_id("upload-progress")).to_be_hidden()
    assert page.locator("#attachment-file").evaluate("el => el.files.length") == 1  # the choice is kept
    snap(page, "upload-refused")

    page.locator("#attachment-file").set_input_files(str(good))
    page.get_by_test_id("upload").click()
    expect(page.get_by_test_id("attachment")).to_contain_text("Biên bản họp.pdf")
    expect(page.get_by_test_id("upload-feedback")).to_contain_text("Đã đính kèm tệp Biên bản họp.pdf.")
    expect(page.get_by_test_id("upload-progress")).to_have_js_property("value", 100)
    expect(page.locator("#f-G3_MEDIA")).to_have_value("7")
    expect(page.get_by_test_id("timeline")).to_contain_text("Đính kèm tệp")
    expect(page.get_by_test_id("timeline")).to_contain_text("bài đăng mạng xã hội: — → 7")
    snap(page, "upload-done")
    assert stored_values(Report.objects.get()) == {"G3_MEDIA": 7}  # saved before the file was sent

    page.once("dialog", lambda dialog: dialog.accept())  # "Delete this file?"
    page.get_by_test_id("detach").click()
    expect(page.get_by_test_id("attachment-list")).to_contain_text("Chưa có tệp nào.")
    expect(page.get_by_test_id("timeline")).to_contain_text("Xóa tệp đính kèm")
    assert not ReportAttachment.objects.exists()


def test_an_over_long_narrative_is_refused_not_cut(page: Page, live_tree, open_period, url, log_in):
    page.set_viewport_size({"width": 375, "height": 740})
    log_in("reporter_a1")
    page.goto(url(REPORT))
    results = page.locator("#f-results")
    results.fill("Đ" * 20_001)
    counter = page.get_by_test_id("count-results")
    expect(counter).to_have_text("20.001 / 20.000 ký tự")
    expect(page.locator("#fb-results")).to_contain_text("Quá dài: hãy rút bớt 1 ký tự")
    expect(results).to_have_attribute("aria-invalid", "true")
    page.locator("#f-G3_SESSIONS").fill("5")
    page.locator("#f-G3_SESSIONS").press("Tab")
    expect(page.locator("#save-status")).to_contain_text("chưa lưu 1 chỗ cần sửa")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    results.scroll_into_view_if_needed()
    snap(page, "narrative-too-long")
    report = Report.objects.get()
    assert report.results == "" and stored_values(report) == {"G3_SESSIONS": 5}

    results.press("End")
    results.press("Backspace")
    expect(counter).to_have_text("20.000 / 20.000 ký tự")
    expect(page.locator("#fb-results")).to_be_empty()
    page.keyboard.press("Control+s")
    expect(page.locator("#save-status")).to_contain_text("Đã lưu lúc")
    expect(page.locator("#save-status")).not_to_contain_text("chưa lưu")
    assert len(Report.objects.get().results) == 20_000


def test_a_superior_typing_for_a_unit_is_told_and_the_unit_too(page: Page, live_tree, open_period, url, log_in):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in("approver_a")
    page.goto(url(REPORT))
    banner = page.get_by_test_id("on-behalf")
    expect(banner).to_contain_text("Bạn đang nhập thay cho Công đoàn Công ty TNHH Thép Xanh")
    expect(banner).to_be_in_viewport()
    snap(page, "on-behalf")
    page.locator("#f-G3_SESSIONS").fill("4")
    page.locator("#f-G3_SESSIONS").press("Tab")
    expect(page.locator("#save-status")).to_contain_text("Đã lưu lúc")
    expect(page.get_by_test_id("timeline")).to_contain_text(
        "Approver_A (Công đoàn phường Hồng Bàng) nhập thay cho Công đoàn Công ty TNHH Thép Xanh.")
    page.get_by_test_id("timeline").scroll_into_view_if_needed()
    snap(page, "on-behalf-timeline")
    page.locator("#f-G3_MEDIA").fill("2")
    page.locator("#f-G3_MEDIA").press("Tab")
    expect(page.locator("#save-status")).to_contain_text("Đã lưu lúc")
    notes = Notification.objects.filter(kind="on_behalf")
    assert [n.user.username for n in notes] == ["reporter_a1"]


def test_a_page_the_tests_leave_sends_nothing_afterwards(page: Page, live_tree, open_period, url, log_in):
    """Closing hides the page, and a hidden report page saves what was typed: a test's last page
    must not write into the database while it is flushed for the next test."""
    log_in("reporter_a1")
    page.goto(url(REPORT))
    page.locator("#f-G3_SESSIONS").fill("9")  # typed, not saved yet
    leave(page)
    served = inflight.served()
    time.sleep(1)
    assert inflight.served() == served
    assert not Report.objects.exists()
