import pytest
from django.urls import reverse

from greenplan.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_page_is_vietnamese(client):
    r = client.get(reverse("login"))
    html = r.content.decode()
    assert r.status_code == 200
    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html and "Tên đăng nhập" in html and "Mật khẩu" in html
    assert r["Content-Language"] == "vi"


def test_login_page_ignores_an_english_browser(client):
    r = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="vi">' in r.content.decode()


def test_it_logs_in_with_the_real_form(client, tree):
    r = login(client, "reporter_a1", PASSWORD)
    assert r.status_code == 302 and r["Location"] == reverse("home")
    home = client.get(reverse("home")).content.decode()
    assert "Công đoàn Công ty TNHH Thép Xanh" in home


def test_wrong_password_shows_a_vietnamese_error(client, tree):
    r = login(client, "reporter_a1", "wrong")
    assert r.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in r.content.decode()


def test_it_locks_out_after_repeated_failures_with_429(client, tree, settings):
    responses = [login(client, "reporter_a1", f"wrong-{i}") for i in range(settings.AXES_FAILURE_LIMIT + 1)]
    assert responses[0].status_code == 200
    last = responses[-1]
    assert last.status_code == 429
    html = last.content.decode()
    assert "Tài khoản tạm khóa do đăng nhập sai nhiều lần" in html
    assert "15 phút" in html
    # The right password does not get through while locked.
    assert login(client, "reporter_a1", PASSWORD).status_code == 429


def test_logout_needs_post_and_returns_to_login(client, tree):
    client.force_login(tree.users.admin)
    assert client.get(reverse("logout")).status_code == 405
    r = client.post(reverse("logout"))
    assert r.status_code == 302 and r["Location"] == reverse("login")
    assert client.get(reverse("home")).status_code == 302


def test_password_change(client, tree):
    client.force_login(tree.users.reporter_a1)
    page = client.get(reverse("password_change")).content.decode()
    assert "Mật khẩu cũ" in page
    r = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "xanh-sach-dep-2031", "new_password2": "xanh-sach-dep-2031"},
    )
    assert r.status_code == 302 and r["Location"] == reverse("password_change_done")
    assert "Đã đổi mật khẩu" in client.get(r["Location"]).content.decode()
    tree.users.reporter_a1.refresh_from_db()
    assert tree.users.reporter_a1.check_password("xanh-sach-dep-2031")


def test_password_change_rejects_a_wrong_old_password(client, tree):
    client.force_login(tree.users.reporter_a1)
    r = client.post(
        reverse("password_change"),
        {"old_password": "nope", "new_password1": "xanh-sach-dep-2031", "new_password2": "xanh-sach-dep-2031"},
    )
    assert r.status_code == 200
    assert "Mật khẩu cũ không chính xác" in r.content.decode()


def test_language_switch_to_english(client, tree):
    client.force_login(tree.users.admin)
    r = client.post(reverse("set_language"), {"language": "en", "next": reverse("unit_tree")})
    assert r.status_code == 302 and r["Location"] == reverse("unit_tree")
    page = client.get(reverse("unit_tree"))
    assert page["Content-Language"] == "en"
    assert '<html lang="en">' in page.content.decode()
    assert "Provincial federation" in page.content.decode()  # unit kinds have English names
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert '<html lang="vi">' in client.get(reverse("unit_tree")).content.decode()
