"""The strict Content-Security-Policy in a real browser: every main page loads with no violation,
the charts still draw and the htmx / Bootstrap behaviour still works."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from greenplan.jobs.models import Job, JobKind, JobStatus
from greenplan.reporting.services import report_save, report_submit
from greenplan.testing.factories import full_values

pytestmark = pytest.mark.browser

# Collects what the browser refused; runs before any page script, outside the page's policy.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def watched(page: Page):
    """The page, and a list that fills with every CSP or Permissions-Policy complaint it logs."""
    complaints: list[str] = []
    page.add_init_script(LISTEN)

    def on_console(message):
        text = message.text
        if "Content Security Policy" in text or "Permissions-Policy" in text or "Permissions policy" in text:
            complaints.append(f"{page.url}: {text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: complaints.append(f"{page.url}: page error {error}"))
    return page, complaints


@pytest.fixture
def figures(live_tree, period):
    admin = live_tree.users.admin
    for unit in (live_tree.a1, live_tree.b1):
        values = full_values(MEMBERS=unit.members, WORKERS=unit.workers)
        report = report_save(actor=admin, unit=unit, period=period, version=0, values=values).report
        report_submit(actor=admin, unit=unit, period=period, version=report.version)
    return period


def violations(page: Page) -> list[str]:
    return page.evaluate("() => window.__violations")


def charts_drawn(page: Page, *ids: str) -> bool:
    return page.evaluate(
        """(ids) => ids.every(id => { const c = document.getElementById(id);
                   return !!c && c.width > 0 && c.height > 0 && !!window.Chart && !!Chart.getChart(c); })""",
        list(ids),
    )


def visit(page: Page, address: str, complaints: list[str]) -> None:
    page.goto(address)
    page.wait_for_load_state("networkidle")
    assert violations(page) == [], address
    assert complaints == [], address


def test_the_main_pages_load_under_the_policy_with_no_violation(watched, live_tree, figures, url, log_in):
    page, complaints = watched
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in("admin")
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    job = Job.objects.create(kind=JobKind.ACCOUNTS_IMPORT, owner=live_tree.users.admin,
                             status=JobStatus.RUNNING, progress=40, total=10, processed=4,
                             started_at=timezone.now())

    for path in ("/", "/units/", "/reports/HP-A-01/2026H1/", "/plans/HP/", "/activities/HP/",
                 "/settings/indicators/", "/settings/classification/", "/notifications/",
                 "/accounts/manage/", "/accounts/password/", f"/jobs/{job.pk}/", "/api/v1/docs"):
        visit(page, url(path), complaints)
        if path == "/api/v1/docs":  # Swagger UI renders after loading; check again once it has
            expect(page.locator(".swagger-ui .info .title")).to_be_visible()
            page.locator(".opblock").first.click()
            expect(page.locator(".opblock-body").first).to_be_visible()
            assert violations(page) == [] and complaints == []
        if path.startswith("/jobs/"):  # the bar's width comes from the page script, also after htmx polls
            bar = page.locator("#job-status .progress-bar")
            expect(bar).to_have_text("40%")
            assert abs(bar.bounding_box()["width"] / page.locator("#job-status .progress").bounding_box()["width"]
                       - 0.4) < 0.02

    visit(page, url("/dashboard/HP/2026H1/"), complaints)
    page.wait_for_function("() => window.gpDashboardCharts && window.gpDashboardCharts.completeness")
    assert charts_drawn(page, "trend-chart", "bar-chart", "completeness-chart")
    # One bar per subordinate: the chart box grows with their number (set by the page script).
    assert page.evaluate("getComputedStyle(document.querySelector('.gp-bars')).getPropertyValue('--gp-bars')") == "2"

    visit(page, url("/dashboard/HP/2026H1/breakdown/"), complaints)
    assert charts_drawn(page, "breakdown-chart")

    visit(page, url("/overview/HP-A/2026H1/"), complaints)
    page.wait_for_function("() => !!window.gpOverviewChart")
    assert charts_drawn(page, "overview-chart")
    bar = page.locator(".gp-ov-progress")
    track = page.locator(".gp-ov-summary .progress").first
    assert abs(bar.bounding_box()["width"] / track.bounding_box()["width"] - 0.5) < 0.02  # 1 of 2 sent

    # htmx's loading indicator stays hidden without the style htmx would have injected.
    page.goto(url("/units/"))
    expect(page.locator("#search-spinner")).to_be_hidden()
    page.locator("#unit-search").fill("Thép")
    expect(page.locator("#search-results")).to_contain_text("Thép Xanh")
    assert violations(page) == [] and complaints == []

    # Bootstrap's dropdown (styles set from JS) still opens.
    page.get_by_test_id("user-menu").click()
    expect(page.get_by_test_id("logout")).to_be_visible()
    assert violations(page) == [] and complaints == []


def test_the_report_entry_page_saves_under_the_policy(watched, live_tree, period, url, log_in):
    page, complaints = watched
    log_in("reporter_a1")
    visit(page, url("/reports/HP-A-01/2026H1/"), complaints)
    field = page.locator("#f-MEMBERS")
    field.fill("121")
    field.blur()
    expect(page.locator("#save-status")).to_contain_text("Đã lưu lúc")
    page.wait_for_load_state("networkidle")
    assert violations(page) == [] and complaints == []
