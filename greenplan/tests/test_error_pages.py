"""The pages users see when something goes wrong: Vietnamese, friendly, no debug output."""

import pytest
from django.core.exceptions import PermissionDenied
from django.template import loader
from django.test import Client
from django.urls import include, path

from greenplan.testing.personas import PASSWORD


def boom(request):
    raise RuntimeError("secret detail /srv/greenplan/settings.py")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [path("boom/", boom), path("forbidden/", forbidden), path("", include("greenplan.urls"))]
ERRORS_URLCONF = "greenplan.tests.test_error_pages"


def assert_no_debug_output(html: str) -> None:
    for leak in ("Traceback", "secret detail", "/srv/", "URLconf", "DEBUG", "Django"):
        assert leak not in html, leak


def test_the_500_page_renders_without_a_request_or_a_database():
    # No `db` fixture: any database query here would fail the test.
    html = loader.get_template("500.html").render()
    assert '<html lang="vi">' in html
    assert "Lỗi hệ thống" in html


@pytest.mark.urls(ERRORS_URLCONF)
def test_a_server_error_shows_the_friendly_page_without_the_exception(db):
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Lỗi hệ thống" in html
    assert_no_debug_output(html)


@pytest.mark.urls(ERRORS_URLCONF)
def test_a_refusal_shows_the_friendly_403_page(client, db):
    response = client.get("/forbidden/")
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()


def test_an_unknown_page_shows_the_friendly_404_without_the_url_list(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html
    assert "plans/" not in html and "dashboard/" not in html.replace('href="/dashboard/"', "")
    assert_no_debug_output(html)


def test_a_bad_host_gets_the_friendly_400_page(client, db, settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    response = client.get("/accounts/login/", headers={"host": "attacker.example"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Yêu cầu không hợp lệ" in html
    assert_no_debug_output(html)


def test_an_expired_form_explains_itself_in_vietnamese(tree):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "admin", "password": PASSWORD})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Trang đã cũ" in html and "tải lại trang" in html
    assert "CSRF" not in html
    assert_no_debug_output(html)
