"""The dashboard's tables on a 375 px phone: whole words, every column reachable, the first held."""

import datetime
import os
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from greenplan.reporting.models import Period
from greenplan.reporting.services import report_save, report_submit
from greenplan.testing.browser import no_horizontal_scroll
from greenplan.testing.factories import full_values, issue_province_plan

pytestmark = pytest.mark.browser

TABLES = ("targets", "ranking", "indicator-table")

# Per cell: is it narrower than the longest word it shows (a word broken across lines)? Measured
# with the cell's own font; a word is what sits between spaces (a line may also break after a hyphen,
# or after a code's underscore: `code_breaks`).
BROKEN_WORDS = """(testid) => {
  const table = document.querySelector(`[data-testid="${testid}"]`);
  const ctx = document.createElement('canvas').getContext('2d');
  const broken = [];
  for (const cell of table.querySelectorAll('th, td')) {
    if (!cell.offsetParent) continue;  // a column hidden at this width
    const style = getComputedStyle(cell);
    ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    for (const word of cell.innerText.split(/\\s+|(?<=[-_])/).filter(Boolean)) {
      if (ctx.measureText(word).width > room + 1) broken.push(`${word} (${Math.round(room)} px)`);
    }
  }
  return broken;
}"""

FIRST_COLUMN_STICKS = """(testid) => {
  const cell = document.querySelector(`[data-testid="${testid}"] tbody tr:not(.gp-dash-group) > :first-child`);
  return getComputedStyle(cell).position === 'sticky';
}"""


@pytest.fixture
def figures(live_tree):
    """a1, a2 and b1 reported in 2026H1, with the province plan's targets in force."""
    issue_province_plan(live_tree)
    period = Period.objects.create(code="2026H1", year=2026, half=1, start=datetime.date(2026, 1, 1),
                                   end=datetime.date(2026, 6, 30), cutoff=datetime.date(2026, 6, 30),
                                   deadline=datetime.date(2026, 7, 15), is_open=True)
    for unit in (live_tree.a1, live_tree.a2, live_tree.b1):
        values = full_values(MEMBERS=unit.members or 10, G7_PROCUREMENT_TOTAL=100, G7_PROCUREMENT_GREEN=30)
        report = report_save(actor=live_tree.users.admin, unit=unit, period=period, version=0, values=values).report
        report_submit(actor=live_tree.users.admin, unit=unit, period=period, version=report.version)
    return period


def snap(table: Locator, name: str) -> None:
    """The table as a phone shows it (its scrolling box), for a person to look at."""
    if folder := os.environ.get("SHOTS_DIR"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        table.locator("xpath=..").screenshot(path=str(Path(folder) / f"{name}.png"))


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_dashboard_tables_read_on_a_phone(page: Page, figures, url, log_in, language):
    page.set_viewport_size({"width": 375, "height": 800})
    log_in("admin")
    page.context.add_cookies([{"name": "django_language", "value": language, "url": url("/")}])
    page.goto(url("/dashboard/HP/2026H1/"))
    expect(page.get_by_test_id("ranking")).to_be_visible()
    assert no_horizontal_scroll(page)
    for testid in TABLES:
        table = page.get_by_test_id(testid)
        table.scroll_into_view_if_needed()
        assert page.evaluate(BROKEN_WORDS, testid) == [], testid
        assert page.evaluate(FIRST_COLUMN_STICKS, testid), testid
        snap(table, f"dashboard-375-{language}-{testid}")
    # The rank and the unit's name stay in view, uncovered, when the ranking scrolls sideways.
    ranking = page.get_by_test_id("ranking")
    ranking.scroll_into_view_if_needed()
    ranking.evaluate("t => t.parentElement.scrollLeft = 400")
    assert ranking.evaluate("t => t.parentElement.scrollLeft") > 0  # it did scroll: columns were off screen
    snap(ranking, f"dashboard-375-{language}-ranking-scrolled")
    name = page.locator('[data-unit="HP-A"] [data-testid="drill-down"]')
    assert name.evaluate("""a => { const r = a.getClientRects()[0];  // the name's first line
        const hit = document.elementFromPoint(r.left + 2, r.top + r.height / 2);
        return r.left >= 0 && !!hit && a.contains(hit); }""")


ALL_TABLES_BROKEN_WORDS = """() => {
  const found = [];
  document.querySelectorAll('main table').forEach((table, i) => {
    if (!table.dataset.testid) table.dataset.testid = `table-${i}`;
    found.push(table.dataset.testid);
  });
  return found;
}"""


@pytest.mark.parametrize("path", ["/dashboard/HP/2026H1/breakdown/", "/reports/", "/settings/indicators/",
                                  "/settings/rules/", "/plans/HP/", "/audit/"])
def test_other_table_pages_read_on_a_phone(page: Page, figures, url, log_in, path):
    page.set_viewport_size({"width": 375, "height": 800})
    log_in("admin")
    page.goto(url(path))
    assert no_horizontal_scroll(page), path
    for testid in page.evaluate(ALL_TABLES_BROKEN_WORDS):
        assert page.evaluate(BROKEN_WORDS, testid) == [], (path, testid)
        snap(page.locator(f'[data-testid="{testid}"]'), f"phone{path.replace('/', '-')}{testid}")
