"""The province admin builds a three-question survey with a skip rule on the pages, opens it,
and a worker answers it at phone width (375 px): the dependent question shows only when the
option it depends on is chosen."""

import pytest
from playwright.sync_api import Page, expect

from greenplan.survey.links import answer_path
from greenplan.survey.models import Answer, Survey
from greenplan.testing.browser import no_horizontal_scroll

pytestmark = pytest.mark.browser


def _add(page: Page, code: str, kind: str, text: str, **extra: str) -> None:
    form = page.get_by_test_id("question-form")
    form.locator("#id_code").fill(code)
    form.locator("#id_kind").select_option(kind)
    form.locator("#id_text").fill(text)
    if extra.get("options"):
        form.locator("#id_options").fill(extra["options"])
    if extra.get("show_if"):
        form.locator("#id_show_if").select_option(extra["show_if"])
        form.locator("#id_show_if_options").fill(extra["show_if_options"])
    form.locator("#id_required").set_checked(kind != "number")
    form.get_by_role("button", name="Thêm câu hỏi").click()
    expect(page.get_by_test_id("question-list")).to_contain_text(text)


def test_the_province_builds_a_survey_with_skip_logic_and_a_worker_answers_it(
        page: Page, live_tree, period, url, log_in, shot):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in("admin")
    page.goto(url("/surveys/"))
    page.get_by_test_id("survey-start-link").click()
    page.locator("#id_title").fill("Khảo sát ca làm việc")
    page.locator("#id_title_en").fill("Shift work survey")
    page.get_by_label("Phiếu trống").check()
    shot("builder-01-start")
    page.get_by_role("button", name="Tạo phiếu").click()
    expect(page.get_by_test_id("no-questions")).to_be_visible()
    _add(page, "ca_lam", "single", "Anh/chị làm ca nào?",
         options="ngay | Ca ngày | Day shift\ndem | Ca đêm | Night shift")
    _add(page, "gio_dem", "number", "Mỗi tuần anh/chị làm bao nhiêu giờ ca đêm?",
         show_if="ca_lam", show_if_options="dem")
    _add(page, "hai_long", "scale", "Mức hài lòng với điều kiện làm việc")
    shot("builder-02-questions")
    survey = Survey.objects.get(title="Khảo sát ca làm việc")
    page.goto(url("/surveys/"))
    page.get_by_test_id("survey-list").locator("tr", has_text="Khảo sát ca làm việc").get_by_role(
        "button", name="Mở lại").click()
    survey.refresh_from_db()
    assert survey.is_open

    page.context.clear_cookies()
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(url(answer_path(survey, live_tree.a1)))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Khảo sát ca làm việc")
    night = page.locator("#q-gio_dem")
    expect(night).to_be_hidden()
    page.locator("#q-ca_lam label", has_text="Ca đêm").click()
    expect(night).to_be_visible()
    page.locator("#q-gio_dem input").fill("12")
    page.locator("#q-hai_long label", has_text="4").first.click()
    assert no_horizontal_scroll(page)
    shot("builder-03-phone-skip")
    page.locator("#q-ca_lam label", has_text="Ca ngày").click()
    expect(night).to_be_hidden()
    page.locator("#q-ca_lam label", has_text="Ca đêm").click()
    page.get_by_test_id("survey-submit").click()
    expect(page.get_by_test_id("survey-message")).to_contain_text("Phiếu trả lời đã được gửi")
    stored = {(a.question.code, a.option, str(a.number)) for a in Answer.objects.select_related("question")}
    assert stored == {("ca_lam", "dem", "None"), ("gio_dem", "", "12.00"), ("hai_long", "4", "4.00")}
