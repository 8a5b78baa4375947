"""A grassroots chair records an activity with an evidence file against an item of the unit's plan,
sees it in the list, and the superior sees it counted in the coverage of its plan."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from greenplan.testing.browser import no_horizontal_scroll
from greenplan.testing.factories import plans_down_to_a1

pytestmark = pytest.mark.browser


@pytest.fixture
def plans_ready(live_tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return plans_down_to_a1(live_tree)


@pytest.mark.parametrize("width", [375, 1280])
def test_grassroots_chair_records_an_activity_with_evidence(page: Page, live_tree, plans_ready, url, log_in, shot,
                                                            tmp_path, width):
    page.set_viewport_size({"width": width, "height": 900})
    item = plans_ready.items.get(code="1.1")
    log_in("reporter_a1")
    expect(page.get_by_test_id("user-menu")).to_be_attached()
    page.goto(url("/activities/HP-A-01/"))
    expect(page.get_by_test_id("no-activities")).to_be_visible()
    shot(f"{width}-01-empty")

    page.goto(url(f"/activities/HP-A-01/new/?item={item.pk}"))
    form = page.get_by_test_id("activity-form")
    expect(form.get_by_label("Thực hiện mục kế hoạch")).to_have_value(str(item.pk))
    form.get_by_label("Loại hoạt động").select_option(label="Trồng cây xanh")
    form.get_by_label("Tên hoạt động").fill("Trồng cây xanh tại khuôn viên")
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    form.get_by_label("Ngày thực hiện").fill(tomorrow.strftime("%d/%m/%Y"))  # not done yet: refused
    form.get_by_label("Số người tham gia").fill("42")
    form.get_by_label("Kinh phí (đồng)").fill("3.500.000")
    form.get_by_role("button", name="Lưu hoạt động").click()
    expect(page.get_by_test_id("error-start_on")).to_contain_text("không được sau hôm nay")
    shot(f"{width}-02-refused")

    done_on = datetime.date.today() - datetime.timedelta(days=10)
    form.get_by_label("Ngày thực hiện").fill(done_on.strftime("%d/%m/%Y"))
    evidence = tmp_path / "bien-ban-trong-cay.pdf"
    evidence.write_bytes(b"%PDF-1.4 bien ban")
    form.get_by_label("Tệp minh chứng").set_input_files(str(evidence))
    shot(f"{width}-03-form")
    assert no_horizontal_scroll(page)
    form.get_by_role("button", name="Lưu hoạt động").click()

    expect(page.get_by_text("Đã ghi hoạt động “Trồng cây xanh tại khuôn viên”.")).to_be_visible()
    card = page.get_by_test_id("activities").locator("li").first
    expect(card.get_by_test_id("activity-title")).to_have_text("Trồng cây xanh tại khuôn viên")
    expect(card.get_by_test_id("activity-date")).to_have_text(done_on.strftime("%d/%m/%Y"))
    expect(card.get_by_test_id("activity-item")).to_contain_text("1.1")
    expect(card.get_by_test_id("activity-participants")).to_have_text("42")
    expect(card.get_by_test_id("activity-cost")).to_have_text("3.500.000")
    expect(card.get_by_test_id("activity-files")).to_contain_text("bien-ban-trong-cay.pdf")
    assert no_horizontal_scroll(page)
    shot(f"{width}-04-listed")

    with page.expect_download() as download:
        card.get_by_role("link", name="bien-ban-trong-cay.pdf").click()
    assert download.value.suggested_filename == "bien-ban-trong-cay.pdf"

    page.context.clear_cookies()
    log_in("approver_a")
    expect(page.get_by_test_id("user-menu")).to_be_attached()
    page.goto(url("/plans/HP-A/coverage/"))
    expect(page.get_by_test_id("per-item").get_by_role("row").filter(has_text="1.1.")).to_contain_text("1")
