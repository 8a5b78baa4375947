"""The overview of a subtree with many units in a real browser: scope, search, page 2, at 1366 and 375 px."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from greenplan.reporting.models import Period
from greenplan.testing.browser import no_horizontal_scroll
from greenplan.testing.bulk_units import add_grassroots_bulk

pytestmark = pytest.mark.browser

OVERVIEW = "/overview/HP/2026H1/"


@pytest.fixture
def crowded(live_tree):
    """70 more grassroots units under HP-A, half of them kindergartens named with diacritics."""
    deadline = timezone.localdate() + datetime.timedelta(days=20)
    Period.objects.create(code="2026H1", year=2026, half=1, start=datetime.date(2026, 1, 1),
                          end=datetime.date(2026, 6, 30), cutoff=min(datetime.date(2026, 6, 30), deadline),
                          deadline=deadline, is_open=True)
    add_grassroots_bulk(live_tree.a, 70, lambda i: (
        f"Công đoàn Trường Mầm non Hoa Sen {i:03d}" if i % 2 else f"Công đoàn Công ty Cơ khí Đông Hải {i:03d}"))
    return live_tree


def test_search_and_page_through_every_unit_of_the_province(page: Page, crowded, url, log_in, shot):
    for width, height, name in [(1366, 900, "desktop"), (375, 800, "phone")]:
        page.context.clear_cookies()
        page.set_viewport_size({"width": width, "height": height})
        journey(page, url, log_in, shot, name)


def journey(page: Page, url, log_in, shot, name: str) -> None:
    log_in("admin")
    expect(page).not_to_have_url(re.compile("/accounts/login/"))
    page.goto(url(OVERVIEW))
    rows = page.get_by_test_id("overview-row")
    expect(rows).to_have_count(2)  # the direct subordinates: HP-A and HP-B
    page.get_by_test_id("overview-scope").select_option("all")
    page.get_by_test_id("overview-apply").click()
    expect(page).to_have_url(re.compile(re.escape(url(OVERVIEW + "?scope=all")) + "(&q=)?$"))
    expect(page.get_by_test_id("count-sent")).to_have_text("0/75")
    expect(rows).to_have_count(50)
    expect(page.get_by_test_id("overview-found")).to_have_text("75 đơn vị")

    # Typing without diacritics narrows the list in place (htmx) and keeps the address in step.
    page.get_by_test_id("overview-q").fill("mam non")
    expect(page.get_by_test_id("overview-found")).to_have_text("35 đơn vị")
    expect(page).to_have_url(re.compile(r"\?scope=all&q=mam(\+|%20)non$"))
    expect(rows).to_have_count(35)
    page.get_by_test_id("overview-q").fill("")
    expect(page.get_by_test_id("overview-found")).to_have_text("75 đơn vị")

    page.get_by_role("link", name="Trang sau").click()
    expect(page).to_have_url(url(OVERVIEW + "?scope=all&page=2"))
    expect(rows).to_have_count(25)
    expect(page.get_by_text("Trang 2/2")).to_be_visible()
    expect(page.get_by_test_id("count-sent")).to_have_text("0/75")  # the summary stays the whole scope
    assert no_horizontal_scroll(page)
    shot(f"overview-scale-{name}-page2")

    page.get_by_test_id("sort-name").click()
    expect(page).to_have_url(url(OVERVIEW + "?scope=all&sort=-name"))
    expect(rows.first).to_have_attribute("data-unit", "HP-A-02")  # "Trường Tiểu học" after "Trường Mầm non"
    page.reload()  # the pushed address is a real page too
    expect(rows.first).to_have_attribute("data-unit", "HP-A-02")  # "Trường Tiểu học" after "Trường Mầm non"
    shot(f"overview-scale-{name}-sorted")
