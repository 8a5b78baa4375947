"""The activity form: every error at once, in a summary the page scrolls to and focuses, and the
chosen evidence files kept through a refusal."""

import re

import pytest
from playwright.sync_api import Page, expect

from greenplan.activities.models import Activity
from greenplan.testing.factories import plans_down_to_a1

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def plans_ready(live_tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return plans_down_to_a1(live_tree)


def test_a_refused_activity_lists_every_error_in_view_and_keeps_the_files(
        page: Page, live_tree, plans_ready, url, log_in, tmp_path):
    page.set_viewport_size({"width": 375, "height": 800})
    photo = tmp_path / "bien-ban.pdf"
    photo.write_bytes(PDF)
    log_in("reporter_a1")
    page.goto(url("/activities/HP-A-01/new/"))
    form = page.get_by_test_id("activity-form")
    form.get_by_label("Ngày thực hiện").fill("32/13/2026")  # not a date
    form.get_by_label("Kinh phí (đồng)").fill("-5")
    form.get_by_label("Tệp minh chứng").set_input_files(str(photo))
    form.get_by_role("button", name="Lưu hoạt động").click()

    summary = page.get_by_test_id("form-errors")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport(ratio=1)
    for text in ("Loại hoạt động: Hãy chọn loại hoạt động.", "Tên hoạt động: Cần nhập tên hoạt động.",
                 "Ngày thực hiện: Ngày phải viết theo dạng", "Kinh phí (đồng): Kinh phí không được âm."):
        expect(summary).to_contain_text(text)
    page.screenshot(path="/tmp/browser-activity-errors.png")
    files = page.get_by_label("Tệp minh chứng")
    assert files.evaluate("el => el.files.length && el.files[0].name") == "bien-ban.pdf"
    assert not Activity.objects.exists()

    form = page.get_by_test_id("activity-form")
    form.get_by_label("Loại hoạt động").select_option(label="Trồng cây xanh")
    form.get_by_label("Tên hoạt động").fill("Trồng cây xanh tại khuôn viên")
    form.get_by_label("Ngày thực hiện").fill("10/01/2026")
    form.get_by_label("Kinh phí (đồng)").fill("3.500.000")
    form.get_by_role("button", name="Lưu hoạt động").click()
    expect(page).to_have_url(re.compile(r"/activities/HP-A-01/#activity-\d+$"))
    expect(page.get_by_text("Đã ghi hoạt động “Trồng cây xanh tại khuôn viên”.")).to_be_visible()
    assert [e.name for e in Activity.objects.get().evidence.all()] == ["bien-ban.pdf"]
