"""The steps the emulation journeys share: a new persona signs in, a unit self-scores and submits,
its direct superior verifies and confirms, and proposes the unit from the ranking.

Each step waits only for what the page shows after it, as the journeys did inline, so the
helpers add no time."""

from collections.abc import Callable

from playwright.sync_api import Page, expect


def sign_in_as(page: Page, log_in: Callable[..., None], username: str) -> None:
    """Drop the current session and sign in as `username` (the journeys hand the page over)."""
    page.context.clear_cookies()
    log_in(username)
    expect(page.get_by_test_id("user-menu")).to_be_attached()


def fill_scores(page: Page, points: dict[str, str], conditions: dict[str, str] | None = None) -> None:
    """Type the self-scored points (criterion code → text) and conditions (code → "1"/"0"), then save."""
    for code, value in points.items():
        page.get_by_test_id(f"points-{code}").fill(value)
    for code, met in (conditions or {}).items():
        page.get_by_test_id(f"condition-{code}").select_option(met)
    page.get_by_test_id("save-scores").click()


def submit_scores(page: Page) -> None:
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("status")).to_have_text("Chờ cấp trên thẩm định")


def verify_score(page: Page, criterion: str, points: str, reason: str = "") -> None:
    """The superior's points for one criterion, with the reason an adjustment needs; then save."""
    page.get_by_test_id(f"verify-{criterion}").fill(points)
    if reason:
        page.get_by_test_id(f"reason-{criterion}").fill(reason)
    page.get_by_test_id("save-verify").click()


def confirm_scores(page: Page) -> None:
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã thẩm định, khóa điểm")


def propose_from_ranking(page: Page, unit: str, reason: str, before_sending: Callable[[], None] = lambda: None) -> None:
    """From the ranking page: the unit's "Đề nghị khen" link, the form filled for that unit, sent
    to the province. `before_sending` runs on the filled form (a screenshot)."""
    page.get_by_test_id(f"row-{unit}").get_by_role("link", name="Đề nghị khen").click()
    form = page.get_by_test_id("proposal-form")
    expect(form.get_by_label("Đơn vị", exact=True)).to_have_value(unit)
    form.get_by_label("Lý do").fill(reason)
    before_sending()
    form.get_by_test_id("send-proposal").click()
    expect(page.get_by_text("Đã gửi đề nghị lên Liên đoàn Lao động tỉnh.")).to_be_visible()
