"""Issue #13's whole walk: a grassroots union chair records an activity with a photo, accepts
its figures into the six-monthly report, self-scores citing that activity as evidence; the
direct superior adjusts a score with a reason (the unit is told), confirms, and proposes the
unit for a commendation."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from greenplan.activities.models import Activity
from greenplan.emulation.services import sheet_load
from greenplan.emulation.tests.browser.steps import (
    confirm_scores,
    fill_scores,
    propose_from_ranking,
    sign_in_as,
    submit_scores,
    verify_score,
)
from greenplan.notifications.models import Notification
from greenplan.reporting.models import Report
from greenplan.testing.factories import plans_down_to_a1

pytestmark = pytest.mark.browser


@pytest.fixture
def ready(live_tree, period, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    admin = live_tree.users.admin
    plans_down_to_a1(live_tree)
    return sheet_load(actor=admin, movement={"code": "XSD", "name": "Xanh - Sạch - Đẹp"}, year=2026,
                      groups=[{"code": "I", "title": "Tuyên truyền", "criteria": [
                          {"code": "1.1", "title": "Tuyên truyền tăng trưởng xanh", "max_points": 50},
                          {"code": "1.2", "title": "Trồng cây xanh", "max_points": 50}]}],
                      conditions=[], awards=[{"code": "BK", "name": "Bằng khen", "min_score": 91,
                                              "applies_to": "grassroots"}])


def _photo(path):
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (46, 125, 50)).save(out, "JPEG")
    path.write_bytes(out.getvalue())
    return str(path)


def test_record_accept_self_score_verify_and_propose(page: Page, live_tree, ready, url, log_in, shot, tmp_path):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in_as(page, log_in, "reporter_a1")
    page.goto(url("/activities/HP-A-01/new/"))
    form = page.get_by_test_id("activity-form")
    form.get_by_label("Loại hoạt động").select_option("propaganda")
    form.get_by_label("Tên hoạt động").fill("Hội nghị tuyên truyền tăng trưởng xanh")
    form.get_by_label("Ngày thực hiện").fill("10/03/2026")
    form.get_by_label("Số người tham gia").fill("120")
    form.get_by_label(re.compile("^Tệp minh chứng")).set_input_files(_photo(tmp_path / "hoi-nghi.jpg"))
    form.get_by_role("button", name="Lưu hoạt động").click()
    expect(page.get_by_text("Đã ghi hoạt động “Hội nghị tuyên truyền tăng trưởng xanh”.")).to_be_visible()
    activity = Activity.objects.get()
    assert [e.name for e in activity.evidence.all()] == ["hoi-nghi.jpg"]

    page.goto(url("/reports/HP-A-01/2026H1/"))
    expect(page.locator("#offer-value-G3_REACHED")).to_have_value("120")
    page.get_by_test_id("activities-offer-accept").click()
    expect(page.locator(".alert-success, [role=alert]").first).to_contain_text("Đã điền số liệu từ hoạt động")
    report = Report.objects.get(unit=live_tree.a1)
    assert dict(report.values.values_list("indicator__code", "value"))["G3_REACHED"] == 120

    entry_url = url("/emulation/XSD/2026/units/HP-A-01/")
    page.goto(entry_url)
    page.get_by_test_id("register").click()
    fill_scores(page, {"1.1": "48", "1.2": "47,5"})
    expect(page.get_by_test_id("self-total")).to_have_text("95,5")
    link = page.get_by_test_id("link-form")
    link.get_by_label("Tiêu chí").select_option("1.1")
    link.get_by_label("Hoạt động").select_option(str(activity.pk))
    link.get_by_role("button", name="Thêm minh chứng").click()
    expect(page.get_by_test_id("criterion-1.1")).to_contain_text("Hoạt động: Hội nghị tuyên truyền tăng trưởng xanh")
    shot("chair-01-self-scored")
    submit_scores(page)

    sign_in_as(page, log_in, "approver_a")
    page.goto(entry_url)
    verify_score(page, "1.2", "44", "Số cây còn sống thấp hơn báo cáo")
    expect(page.get_by_test_id("verified-total")).to_contain_text("92")
    confirm_scores(page)
    told = Notification.objects.get(user=live_tree.users.reporter_a1, kind="emulation")
    assert told.title == "Cấp trên điều chỉnh điểm thi đua năm 2026"

    page.goto(url("/emulation/XSD/2026/ranking/HP-A/"))
    expect(page.get_by_test_id("row-HP-A-01").get_by_test_id("award")).to_have_text("Bằng khen")
    propose_from_ranking(page, "HP-A-01", "Đạt 92 điểm; tuyên truyền cho 120 đoàn viên")
    shot("chair-02-proposed")
    assert Notification.objects.filter(user=live_tree.users.admin, kind="emulation").count() == 1
