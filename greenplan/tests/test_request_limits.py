"""Pages answer odd or oversized input with a page for people, never a server error."""

import pytest
from django.test import Client

LOGIN = "/accounts/login/"


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.mark.django_db
def test_a_form_over_the_size_limit_gets_a_friendly_413_page(client):
    r = client.post(LOGIN, {"username": "a" * 3_000_000, "password": "x"})
    assert r.status_code == 413
    assert r["Content-Type"].startswith("text/html")
    page = r.content.decode()
    assert "quá lớn" in page and "2 MB" in page
    assert "Traceback" not in page and "RequestDataTooBig" not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        b"username=%00admin&password=x",  # NUL: PostgreSQL cannot store or compare it
        b"username=%ED%A0%80&password=x",  # the UTF-8 bytes of a lone surrogate
        b"username=%FF%FE&password=%C0%AF",  # not UTF-8 at all
        b"username=" + b"a" * 5000 + b"&password=x",
    ],
)
def test_the_login_page_refuses_odd_input_without_a_server_error(client, body):
    r = client.generic("POST", LOGIN, data=body, content_type="application/x-www-form-urlencoded")
    assert r.status_code == 200
    assert "Tên đăng nhập" in r.content.decode()


@pytest.mark.django_db
def test_the_login_page_survives_multipart_without_a_boundary(client):
    r = client.generic("POST", LOGIN, data=b"--x\r\n\r\n--x--", content_type="multipart/form-data")
    assert r.status_code == 400
    assert "Traceback" not in r.content.decode()
