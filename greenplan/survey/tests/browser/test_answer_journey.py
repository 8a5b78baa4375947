"""A worker answers the green-jobs survey on a phone (375 px) through the unit's link; the
province then sees the answer in the results and in the figures offered to the unit's report."""

import pytest
from playwright.sync_api import Page, expect

from greenplan.survey.links import answer_path
from greenplan.survey.services import survey_create
from greenplan.testing.browser import no_horizontal_scroll

pytestmark = pytest.mark.browser


def _pick(page: Page, code: str, text: str) -> None:
    page.locator(f"#q-{code} label", has_text=text).first.click()


def test_a_worker_answers_on_a_phone_and_the_province_sees_it(page: Page, live_tree, period, url, log_in, shot):
    survey = survey_create(actor=live_tree.users.admin, unit=live_tree.root, period=period)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(url(answer_path(survey, live_tree.a1)))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Khảo sát nhu cầu việc làm xanh")
    topics = page.locator("#q-training_topics")
    expect(topics).to_be_hidden()  # asked only of those who want training
    shot("survey-01-phone-form")
    assert no_horizontal_scroll(page)

    _pick(page, "job_area", "Sản xuất trực tiếp")
    _pick(page, "change_exposure", "4")
    page.get_by_test_id("survey-submit").click()  # required answers missing: refused, nothing stored
    expect(page.get_by_test_id("survey-error")).to_contain_text("vui lòng xem lại các câu được đánh dấu")
    expect(page.get_by_test_id("error-awareness")).to_have_text("Vui lòng trả lời câu hỏi này.")
    shot("survey-02-phone-refused")
    assert survey.responses.count() == 0

    _pick(page, "heard_green", "Đã nghe nhưng chưa rõ")
    _pick(page, "awareness", "3")
    _pick(page, "training_interest", "Có")
    expect(topics).to_be_visible()
    _pick(page, "training_topics", "Phân loại, tái chế rác thải")
    _pick(page, "retrain", "Nếu được hỗ trợ")
    _pick(page, "support", "Tổ chức tập huấn kỹ năng xanh")
    page.locator("#q-suggestion input").fill("Mở lớp vào cuối tuần")
    shot("survey-03-phone-filled")
    page.get_by_test_id("survey-submit").click()
    expect(page.get_by_test_id("survey-message")).to_contain_text("Phiếu trả lời đã được gửi")
    shot("survey-04-phone-thanks")
    page.goto(url(answer_path(survey, live_tree.a1)))  # the same phone again: told, not a second form
    expect(page.get_by_test_id("survey-message")).to_contain_text("Thiết bị này đã gửi phiếu")
    assert survey.responses.count() == 1

    page.set_viewport_size({"width": 1280, "height": 900})
    log_in("admin")
    page.goto(url("/surveys/"))
    expect(page.get_by_test_id("survey-list")).to_contain_text("Đang nhận trả lời")
    shot("survey-05a-list")
    page.goto(url(f"/surveys/{survey.pk}/HP/"))
    expect(page.get_by_test_id("responses")).to_have_text("1")
    expect(page.get_by_test_id("count-job_area-production")).to_have_text("1")
    expect(page.get_by_test_id("count-training_topics-waste")).to_have_text("1")
    expect(page.get_by_test_id("texts-suggestion")).to_contain_text("Mở lớp vào cuối tuần")
    shot("survey-05-results")

    page.goto(url(f"/reports/HP-A-01/{period.code}/"))
    offer = page.get_by_test_id("survey-offer")
    expect(offer.get_by_test_id("offer-responses")).to_have_text("1")
    expect(offer.get_by_test_id("offer-training")).to_have_text("1")
    shot("survey-06-report-offer")
    offer.get_by_test_id("offer-accept").click()
    expect(page.get_by_text("Đã điền số liệu khảo sát vào báo cáo")).to_be_visible()
    shot("survey-07-report-accepted")

    page.goto(url(f"/surveys/{survey.pk}/HP-A-01/poster/"))
    expect(page.get_by_test_id("poster-qr").locator("svg")).to_be_visible()
    shot("survey-08-poster")
