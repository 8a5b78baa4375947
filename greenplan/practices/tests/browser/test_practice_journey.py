"""A grassroots chair proposes a practice with a photo, the superior publishes it, and someone
from another branch finds it by typing without diacritics."""

import io

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from greenplan.testing.browser import no_horizontal_scroll

pytestmark = pytest.mark.browser


def photo(path):
    image = Image.new("RGB", (1200, 800), (30, 120, 60))
    for x in range(0, 1200, 40):  # stripes, so the thumbnail shows a picture and not a flat colour
        image.paste((230, 200, 40), (x, 0, x + 15, 800))
    out = io.BytesIO()
    image.save(out, "JPEG")
    path.write_bytes(out.getvalue())
    return str(path)


@pytest.mark.parametrize("width", [375, 1280])
def test_propose_publish_and_find_without_diacritics(page: Page, live_tree, settings, url, log_in, shot, tmp_path,
                                                      width):
    settings.MEDIA_ROOT = tmp_path / "media"
    page.set_viewport_size({"width": width, "height": 900})
    log_in("reporter_a1")
    expect(page.get_by_test_id("user-menu")).to_be_attached()
    page.goto(url("/practices/"))
    expect(page.get_by_test_id("no-practices")).to_be_visible()
    page.get_by_test_id("propose").click()

    form = page.get_by_test_id("practice-form")
    form.get_by_role("button", name="Gửi đề xuất").click()  # nothing typed: every error at once
    expect(page.get_by_test_id("form-errors")).to_contain_text("Cần nhập tên mô hình.")
    expect(page.get_by_test_id("form-errors")).to_contain_text("Hãy chọn nhóm nhiệm vụ")
    shot(f"{width}-practice-01-refused")

    form.get_by_label("Tên mô hình").fill("Tiết kiệm điện trong phân xưởng cán thép")
    form.get_by_label("Thuộc nhóm nhiệm vụ của kế hoạch").select_option("7")
    form.get_by_label("Cách làm").fill("Thay 1.240 bóng huỳnh quang bằng đèn LED, lắp biến tần cho 18 quạt hút.")
    form.get_by_label("Kết quả đạt được").fill("Điện năng giảm 14,6%, tiết kiệm gần 2,1 tỷ đồng mỗi năm.")
    form.get_by_label("Tài liệu và ảnh").set_input_files(photo(tmp_path / "xuong-can.jpg"))
    assert no_horizontal_scroll(page)
    shot(f"{width}-practice-02-form")
    form.get_by_role("button", name="Gửi đề xuất").click()
    expect(page.get_by_test_id("status")).to_have_text("Chờ duyệt")
    expect(page.get_by_test_id("photos").locator("img")).to_have_count(1)
    expect(page.get_by_test_id("review")).to_have_count(0)  # the unit does not publish its own practice
    shot(f"{width}-practice-03-proposed")

    page.context.clear_cookies()
    log_in("approver_a")
    expect(page.get_by_test_id("user-menu")).to_be_attached()
    page.goto(url("/practices/pending/"))
    expect(page.get_by_test_id("pending")).to_contain_text("Tiết kiệm điện trong phân xưởng cán thép")
    assert no_horizontal_scroll(page)
    shot(f"{width}-practice-04-pending")
    page.get_by_role("link", name="Xem và duyệt").click()
    page.get_by_label("Ý kiến của cấp trên").fill("Mô hình hiệu quả, đề nghị các đơn vị học tập.")
    assert no_horizontal_scroll(page)
    shot(f"{width}-practice-05-review")
    page.get_by_test_id("publish").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã giới thiệu")

    page.context.clear_cookies()
    log_in("viewer_b")
    expect(page.get_by_test_id("user-menu")).to_be_attached()
    page.goto(url("/practices/"))
    page.get_by_label("Tìm (gõ có dấu hoặc không dấu)").fill("tiet kiem dien")
    page.get_by_role("button", name="Tìm", exact=True).click()
    results = page.get_by_test_id("practices")
    expect(results).to_contain_text("Tiết kiệm điện trong phân xưởng cán thép")
    expect(results.locator("img")).to_have_count(1)
    assert no_horizontal_scroll(page)
    shot(f"{width}-practice-06-found")
    page.get_by_label("Tìm (gõ có dấu hoặc không dấu)").fill("nha tro")
    page.get_by_role("button", name="Tìm", exact=True).click()
    expect(page.get_by_test_id("no-practices")).to_be_visible()
