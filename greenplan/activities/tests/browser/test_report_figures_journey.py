"""A grassroots reporter opens the report and finds the figures of the period's activities
offered beside it; corrects one, accepts them, and the timeline says they came from activities.
The commune union then sees the activities of its whole subtree."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from greenplan.activities.services import activity_record
from greenplan.reporting.models import Report
from greenplan.testing.factories import activity_data

pytestmark = pytest.mark.browser


def test_the_reporter_accepts_the_figures_of_the_activities(page: Page, live_tree, period, url, log_in, shot):
    for kind, people, cost, day in [("propaganda", 120, 2_000_000, 10), ("propaganda", 80, None, 20),
                                    ("training", 45, 7_250_000, 15)]:
        activity_record(actor=live_tree.users.reporter_a1, unit=live_tree.a1,
                        **activity_data(kind=kind, participants=people, cost=cost,
                                        start_on=datetime.date(2026, 3, day), title=f"{kind} {day}"))
    log_in("reporter_a1")
    page.goto(url(f"/reports/HP-A-01/{period.code}/"))
    offer = page.get_by_test_id("activities-offer")
    expect(offer).to_contain_text("Số liệu từ hoạt động đã ghi")
    expect(page.locator("#offer-value-G3_SESSIONS")).to_have_value("2")
    expect(page.locator("#offer-value-G3_REACHED")).to_have_value("200")
    expect(page.locator("#offer-value-G7_UNION_SPENDING")).to_have_value("9,25")
    offer.scroll_into_view_if_needed()
    shot("activities-offer-01-offered")

    page.locator("#offer-value-G3_TRAINEES").fill("50")  # the officer's correction
    page.locator("#offer-pick-G7_UNION_SPENDING").uncheck()  # not taken
    page.get_by_test_id("activities-offer-accept").click()
    expect(page.locator(".alert-success, [role=alert]").first).to_contain_text("Đã điền số liệu từ hoạt động")
    expect(page.get_by_test_id("timeline")).to_contain_text("Số liệu từ hoạt động")
    expect(page.get_by_test_id("timeline")).to_contain_text("Cán bộ đã sửa: G3_TRAINEES.")
    expect(page.get_by_test_id("offer-G3_SESSIONS")).to_contain_text("2 ✓")
    page.get_by_test_id("activities-offer").scroll_into_view_if_needed()
    shot("activities-offer-02-accepted")
    report = Report.objects.get(unit=live_tree.a1, period=period)
    values = dict(report.values.values_list("indicator__code", "value"))
    assert values == {"G3_SESSIONS": 2, "G3_REACHED": 200, "G3_TRAININGS": 1, "G3_TRAINEES": 50}

    page.context.clear_cookies()
    log_in("approver_a")
    page.goto(url("/activities/HP-A/"))
    page.get_by_test_id("subtree-tab").click()
    expect(page.get_by_test_id("activity-unit")).to_have_count(3)
    shot("activities-offer-03-subtree")
