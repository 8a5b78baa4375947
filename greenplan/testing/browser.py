"""Fixtures for real-browser tests: Debian's Chromium driven by pytest-playwright.

Never `playwright install`: its browser download cannot work here, /usr/bin/chromium does.
Set SHOTS_DIR=/some/dir to keep a screenshot of each journey's pages.
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from greenplan.testing import inflight
from greenplan.testing.personas import PASSWORD

# Playwright's sync API runs an event loop in the test thread; Django would refuse ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(autouse=True)
def _live_server_answers():
    """The live server answers again in each new test (`leave` stops it after a browser test)."""
    inflight.reopen()


@pytest.fixture
def live_tree(django_db_serialized_rollback, transactional_db, live_server, tree):
    """The personas' tree, committed so the live server's thread sees it.

    Serialized rollback restores the unit kinds and sectors (data migrations) that the
    transactional flush would otherwise remove for the next test.
    """
    return tree


@pytest.fixture
def url(transactional_db, live_server, page: Page) -> Iterator[Callable[[str], str]]:
    yield lambda path: f"{live_server.url}{path}"
    leave(page)  # before the database is flushed: this fixture needs transactional_db


def leave(page: Page) -> None:
    """Close the page so that nothing it sends reaches the server afterwards.

    Its last requests may end first; then it is cut off the network before closing, because
    closing hides it and the report page saves unsaved figures when hidden. Then the server
    finishes what reached it, so nothing of this test writes while the flush runs.
    """
    try:
        page.wait_for_load_state("networkidle", timeout=1500)
    except PlaywrightError:
        pass  # still busy after 1.5 s: going offline aborts what is left
    page.context.set_offline(True)
    inflight.close()  # a request that still slips through is answered 503 without a query
    page.close()
    if not inflight.wait_until_idle(timeout=30):
        pytest.fail("The live server was still answering a request 30 s after the test ended.")


@pytest.fixture
def log_in(page: Page, url) -> Callable[..., None]:
    def _log_in(username: str, password: str = PASSWORD) -> None:
        page.goto(url("/accounts/login/"))
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()

    return _log_in


@pytest.fixture
def shot(page: Page) -> Callable[[str], None]:
    folder = os.environ.get("SHOTS_DIR")

    def _shot(name: str) -> None:
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)

    return _shot


def no_horizontal_scroll(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


__all__ = ["expect", "no_horizontal_scroll", "browser_type_launch_args", "live_tree", "url", "leave", "log_in", "shot"]
