import re

import pytest
from playwright.sync_api import Page, expect

from greenplan.testing.browser import no_horizontal_scroll

pytestmark = pytest.mark.browser


def test_log_in_browse_the_tree_search_and_log_out(page: Page, live_tree, url, log_in, shot):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url("/"))
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    shot("login")

    log_in("admin")
    expect(page).to_have_url(url("/"))
    nav = page.get_by_test_id("nav-scope")
    expect(nav).to_contain_text("Liên đoàn Lao động thành phố Hải Phòng")
    expect(nav).to_contain_text("Quản trị")
    expect(page.get_by_test_id("stat-units")).to_have_text("6")
    shot("home")

    page.get_by_role("link", name="Xem cây đơn vị").click()
    tree = page.get_by_test_id("unit-tree")
    expect(tree).to_contain_text("Công đoàn phường Hồng Bàng")
    steel = page.get_by_role("link", name="Công đoàn Công ty TNHH Thép Xanh")
    expect(steel).to_have_count(0)  # not loaded until the node is opened
    tree.locator('li[data-code="HP-A"] > details > summary').click()
    expect(steel).to_be_visible()
    expect(tree.locator('li[data-code="HP-A-01"]')).to_contain_text("120 đoàn viên")

    page.get_by_label("Tìm đơn vị").press_sequentially("hai phong", delay=30)
    results = page.locator("#search-results")
    expect(results).to_contain_text("Liên đoàn Lao động thành phố Hải Phòng")
    expect(results).to_contain_text("Kết quả tìm kiếm: 1 đơn vị")
    shot("tree-search")

    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("logout").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.goto(url("/units/"))
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/units/"))


def test_unit_page_shows_breadcrumbs_within_scope(page: Page, live_tree, url, log_in):
    log_in("approver_a")
    page.goto(url("/units/HP-A-01/"))
    crumbs = page.get_by_test_id("breadcrumbs")
    expect(crumbs).to_contain_text("Công đoàn phường Hồng Bàng")
    expect(crumbs).not_to_contain_text("Hải Phòng")
    response = page.goto(url("/units/HP-B/"))
    assert response is not None and response.status == 403
    expect(page.locator("h1")).to_have_text("Không có quyền truy cập")


def test_wrong_password_shows_the_vietnamese_error(page: Page, live_tree, log_in):
    log_in("reporter_a1", "sai-mat-khau")
    expect(page.get_by_test_id("form-error")).to_contain_text("Tên đăng nhập hoặc mật khẩu không đúng")
    expect(page.get_by_label("Tên đăng nhập")).to_have_value("reporter_a1")


def test_phone_width_collapses_the_menu_without_horizontal_scroll(page: Page, live_tree, url, log_in, shot):
    page.set_viewport_size({"width": 375, "height": 667})
    page.goto(url("/accounts/login/"))
    assert no_horizontal_scroll(page)
    shot("phone-login")
    log_in("reporter_a1")
    toggler = page.locator(".navbar-toggler")
    expect(toggler).to_be_visible()
    expect(page.get_by_test_id("nav-scope")).to_be_hidden()
    assert no_horizontal_scroll(page)
    toggler.click()
    expect(page.locator("#gp-nav.show")).to_be_visible()  # the collapse animation has finished
    expect(page.get_by_test_id("nav-scope")).to_be_visible()
    expect(page.get_by_test_id("nav-scope")).to_contain_text("Công đoàn Công ty TNHH Thép Xanh")
    badge = page.get_by_test_id("nav-scope").locator(".gp-role-badge").bounding_box()
    assert badge is not None and badge["x"] + badge["width"] <= 375  # the role is not cut off
    assert no_horizontal_scroll(page)
    shot("phone-home-menu")
    for path in ("/units/", "/units/?q=cong+doan", "/units/HP-A-01/"):
        page.goto(url(path))
        assert no_horizontal_scroll(page), path
    shot("phone-unit")


def test_the_language_switch(page: Page, live_tree, url, log_in):
    page.set_viewport_size({"width": 1440, "height": 900})  # wide: the buttons are in the bar
    log_in("admin")
    page.goto(url("/units/"))
    page.get_by_role("button", name="EN", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(url("/units/"))
    expect(page.get_by_test_id("unit-tree")).to_contain_text("Provincial federation")
    page.get_by_role("button", name="VI", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")


def test_between_1200_and_1400_px_the_language_is_in_the_user_menu(page: Page, live_tree, url, log_in):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in("admin")
    page.goto(url("/units/"))
    expect(page.get_by_role("button", name="EN", exact=True)).to_be_hidden()
    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(url("/units/"))
    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Tiếng Việt").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")


def test_body_text_uses_the_vendored_vietnamese_font(page: Page, live_tree, url):
    page.goto(url("/accounts/login/"))
    page.evaluate("document.fonts.ready")
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert family.startswith('"Be Vietnam Pro"'), family
    loaded = page.evaluate(
        """async () => {
            await document.fonts.load('16px "Be Vietnam Pro"', 'Đăng nhập ệ ằ ữ');
            await document.fonts.ready;
            return [...document.fonts]
                .filter(f => f.family.replace(/"/g, '') === 'Be Vietnam Pro' && f.status === 'loaded')
                .map(f => f.weight + ' ' + f.unicodeRange);
        }"""
    )
    assert any("1EA0-1EF9" in face.upper() for face in loaded), loaded  # the Vietnamese subset
    assert page.evaluate("""document.fonts.check('16px "Be Vietnam Pro"', 'ệ ằ ữ Đăng nhập')""")
    fetched = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert any("be-vietnam-pro-vietnamese-400-normal.woff2" in name for name in fetched)
