"""A province admin sets the classification in a real browser: edits a band, then a criterion."""

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from greenplan.analytics.models import ClassificationBand, ClassificationCriterion
from greenplan.reporting.models import Indicator
from greenplan.testing.browser import no_horizontal_scroll

pytestmark = pytest.mark.browser


@pytest.fixture
def defaults(live_tree):
    """The seeded default, in case an earlier transactional test flushed it."""
    if not ClassificationBand.objects.exists():
        for i, (label, low, colour) in enumerate([("Xuất sắc", 91, "success"), ("Tốt", 75, "primary"),
                                                  ("Khá", 50, "info"), ("Trung bình", 30, "warning"),
                                                  ("Yếu", 0, "danger")], start=1):
            ClassificationBand.objects.create(label=label, min_score=Decimal(low), colour=colour, order=i)
    if not ClassificationCriterion.objects.exists():
        ClassificationCriterion.objects.create(name="Gửi báo cáo 6 tháng đúng hạn", kind="on_time", points=20)
        ClassificationCriterion.objects.create(
            name="Tỷ lệ mua sắm xanh đạt mục tiêu của kế hoạch", kind="indicator", points=20,
            indicator=Indicator.objects.get(code="G7_GREEN_PROCUREMENT_RATE"), threshold=Decimal(35))
    return live_tree


def test_the_admin_edits_a_band_and_a_criterion(page: Page, defaults, url, log_in, shot):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in("admin")
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    page.goto(url("/settings/classification/"))
    expect(page.get_by_role("heading", name="Xếp loại đơn vị")).to_be_visible()
    total_before = int(page.get_by_test_id("total-points").inner_text())
    shot("classification-list")

    # the band "Tốt" now starts at 80 %
    good = page.get_by_test_id("band-row").filter(has_text="Tốt").first
    good.get_by_role("link", name="Sửa").click()
    expect(page.get_by_role("heading", name="Sửa mức xếp loại “Tốt”")).to_be_visible()
    page.get_by_label("Điểm tối thiểu (%)").fill("91")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("field-error")).to_have_text("Đã có mức xếp loại với điểm tối thiểu này.")
    shot("classification-band-refused")
    page.get_by_label("Điểm tối thiểu (%)").fill("80")
    page.get_by_test_id("save").click()
    expect(page.get_by_text("Đã lưu mức xếp loại “Tốt”.")).to_be_visible()
    expect(page.get_by_test_id("band-row").filter(has_text="Khá").first.get_by_test_id("band-range")).to_have_text(
        "từ 50 % đến dưới 80 %")

    # the green-procurement criterion: a negative score is refused, then 25 points are saved
    green = page.get_by_test_id("criterion-row").filter(has_text="mua sắm xanh").first
    green.get_by_role("link", name="Sửa").click()
    page.locator("#id_points").fill("-5")
    page.get_by_label("Ngưỡng").fill("40")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("form-error")).to_be_visible()
    expect(page.get_by_test_id("field-error")).to_have_text("Điểm không được âm.")
    shot("classification-criterion-refused")
    assert no_horizontal_scroll(page)
    page.locator("#id_points").fill("25")
    page.get_by_test_id("save").click()
    expect(page.get_by_text("Đã lưu tiêu chí")).to_be_visible()
    expect(page.get_by_test_id("total-points")).to_have_text(str(total_before + 5))
    expect(page.get_by_test_id("criterion-row").filter(has_text="mua sắm xanh").first).to_contain_text("≥ 40")
    shot("classification-saved")

    criterion = ClassificationCriterion.objects.get(indicator__code="G7_GREEN_PROCUREMENT_RATE")
    assert (criterion.points, criterion.threshold) == (25, 40)
    assert ClassificationBand.objects.get(label="Tốt").min_score == 80

    # on a phone the tables become blocks and nothing scrolls sideways
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert no_horizontal_scroll(page)
    shot("classification-phone")
