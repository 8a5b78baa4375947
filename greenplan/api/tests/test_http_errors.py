"""Malformed requests answer a clean 4xx JSON {"detail"}, never a server error or an HTML page."""

import json

import pytest
from django.test import Client

from greenplan.reporting.models import Report

TOKEN = "/api/v1/auth/token"
REPORT = "/api/v1/reports/HP-A-01/2026H1"
SIGNED_PDF = "/api/v1/plans/HP/signed-pdf"


@pytest.fixture
def client():
    # A server error must be answered, not raised into the test: that is what a client sees.
    return Client(raise_request_exception=False)


def send(client, method, path, body: bytes, content_type: str | None, **headers):
    extra = {} if content_type is None else {"CONTENT_TYPE": content_type}
    if content_type is None:
        # The test client always sets a content type; a raw WSGI request may have none.
        extra["CONTENT_TYPE"] = ""
    return client.generic(method, path, data=body, headers=headers, **extra)


def detail(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    assert "Traceback" not in body["detail"]
    return body["detail"]


@pytest.mark.django_db
def test_it_refuses_a_lone_surrogate_in_a_login_name(client, tree):
    body = b'{"username": "\\ud800", "password": "x"}'
    vi = detail(send(client, "POST", TOKEN, body, "application/json"), 400)
    en = detail(send(client, "POST", TOKEN, body, "application/json", accept_language="en"), 400)
    assert "Unicode" in vi and "username" in vi
    assert vi != en and "character" in en


@pytest.mark.django_db
def test_it_refuses_a_lone_surrogate_in_a_narrative_and_saves_nothing(client, tree, period, bearer):
    body = b'{"version": 0, "narrative": {"results": "ok \\udfff"}}'
    message = detail(send(client, "PUT", REPORT, body, "application/json", **bearer(tree.users.reporter_a1)), 400)
    assert "narrative.results" in message
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_a_surrogate_pair_is_an_ordinary_character(client, tree, period, bearer):
    body = b'{"version": 0, "narrative": {"results": "\\ud83c\\udf33 c\\u00e2y xanh"}}'
    r = send(client, "PUT", REPORT, body, "application/json", **bearer(tree.users.reporter_a1))
    assert r.status_code == 200, r.content
    assert r.json()["narrative"]["results"] == "🌳 cây xanh"


@pytest.mark.django_db
def test_it_refuses_json_that_is_not_utf8(client, tree):
    r = send(client, "POST", TOKEN, b'{"username": "\xff", "password": "x"}', "application/json")
    assert "UTF-8" in detail(r, 400)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content_type, body",
    [
        ("text/plain", b'{"username": "a", "password": "b"}'),
        (None, b'{"username": "a", "password": "b"}'),
        ("application/x-www-form-urlencoded", b"username=a&password=b"),
        ("application/json; charset=utf-16", '{"username": "a", "password": "b"}'.encode("utf-16")),
        ("application/json", '{"username": "a", "password": "b"}'.encode("utf-16")),
        ("application/json", '{"username": "a", "password": "b"}'.encode("utf-16-le")),
        ("application/json; charset=latin-1", b'{"username": "a", "password": "b"}'),
        ("multipart/form-data; boundary=x", b'--x\r\nContent-Disposition: form-data; name="u"\r\n\r\na\r\n--x--'),
    ],
)
def test_a_json_endpoint_refuses_other_content_types(client, tree, content_type, body):
    vi = detail(send(client, "POST", TOKEN, body, content_type), 415)
    en = detail(send(client, "POST", TOKEN, body, content_type, accept_language="en"), 415)
    assert "application/json" in vi and "application/json" in en and vi != en


@pytest.mark.django_db
def test_a_json_endpoint_takes_utf8_with_or_without_the_charset(client, tree):
    for content_type in ("application/json", "application/json; charset=utf-8", "application/json;charset=UTF-8"):
        r = send(client, "POST", TOKEN, b'{"username": "admin", "password": "green-2030"}', content_type)
        assert r.status_code == 200, (content_type, r.content)


@pytest.mark.django_db
def test_a_file_endpoint_refuses_json(client, tree, bearer):
    r = send(client, "POST", SIGNED_PDF, b'{"file": "x"}', "application/json", **bearer(tree.users.admin))
    assert "multipart/form-data" in detail(r, 415)


@pytest.mark.django_db
@pytest.mark.parametrize("path", [TOKEN, SIGNED_PDF])
def test_it_refuses_multipart_without_a_boundary(client, tree, bearer, path):
    r = send(client, "POST", path, b"--x\r\nabc\r\n--x--", "multipart/form-data", **bearer(tree.users.admin))
    assert "boundary" in detail(r, 400)


@pytest.mark.django_db
def test_a_body_over_the_limit_answers_413(client, tree):
    body = b'{"username": "' + b"a" * 10_000_000 + b'", "password": "x"}'
    vi = detail(send(client, "POST", TOKEN, body, "application/json"), 413)
    en = detail(send(client, "POST", TOKEN, body, "application/json", accept_language="en"), 413)
    assert "MB" in vi and "MB" in en and vi != en


@pytest.mark.django_db
def test_an_upload_over_the_limit_answers_413(client, tree, bearer, settings):
    settings.UPLOAD_MAX_REQUEST_BYTES = 1000
    body = b'--x\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n' + b"%" * 2000 + b"\r\n--x--"
    r = send(client, "POST", SIGNED_PDF, body, "multipart/form-data; boundary=x", **bearer(tree.users.admin))
    detail(r, 413)


@pytest.mark.django_db
@pytest.mark.parametrize("constant", [b"NaN", b"Infinity", b"-Infinity"])
def test_it_refuses_nan_and_infinity(client, tree, period, bearer, constant):
    body = b'{"version": 0, "values": {"G1_TRAINED_MEMBERS": ' + constant + b"}}"
    r = send(client, "PUT", REPORT, body, "application/json", **bearer(tree.users.reporter_a1))
    assert constant.decode().lstrip("-") in detail(r, 400)
    assert not Report.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/api/", "/api/v1/", "/api/v1/no-such-thing", "/api/v2/units/HP", "/api/v1/units/HP/extra/more"]
)
def test_unknown_api_paths_answer_json_404(client, path):
    vi = detail(client.get(path), 404)
    en = detail(client.get(path, headers={"accept-language": "en"}), 404)
    assert vi == "Không có địa chỉ API này." and vi != en


@pytest.mark.django_db
def test_a_wrong_method_answers_json_405_with_allow(client, tree, bearer):
    r = client.delete("/api/v1/me", headers=bearer(tree.users.admin))
    detail(r, 405)
    assert r["Allow"] == "GET"
    r = client.patch(REPORT, headers=bearer(tree.users.admin))
    detail(r, 405)
    assert set(r["Allow"].replace(" ", "").split(",")) == {"GET", "PUT"}


def break_periods(monkeypatch):
    def broken():
        raise RuntimeError("secret internals /srv/greenplan/settings.py")

    monkeypatch.setattr("greenplan.api.catalogue.periods_listed", broken)


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [False, True])
def test_a_server_error_inside_the_api_answers_json_500(client, tree, bearer, monkeypatch, settings, debug):
    settings.DEBUG = debug
    break_periods(monkeypatch)
    vi = client.get("/api/v1/periods", headers=bearer(tree.users.admin))
    en = client.get("/api/v1/periods", headers=bearer(tree.users.admin, accept_language="en"))
    for r in (vi, en):
        assert b"secret internals" not in r.content and b"Traceback" not in r.content
    assert detail(vi, 500) != detail(en, 500)


@pytest.mark.django_db
def test_a_server_error_is_still_logged(client, tree, bearer, monkeypatch, caplog):
    break_periods(monkeypatch)
    client.get("/api/v1/periods", headers=bearer(tree.users.admin))
    assert any(r.exc_info and "secret internals" in str(r.exc_info[1]) for r in caplog.records)


def test_json_errors_keep_vietnamese_readable(client):
    r = client.get("/api/v1/no-such-thing")
    assert "Không có".encode() in r.content
    assert json.loads(r.content)["detail"].startswith("Không")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "credentials",
    [
        {"username": "\u0000admin", "password": "x"},
        {"username": "admin", "password": "x\u0000"},
        {"username": "a" * 151, "password": "x"},
        {"username": "admin", "password": "x" * 5000},
    ],
)
def test_a_login_name_or_password_that_cannot_exist_is_refused(client, tree, credentials):
    r = client.post(TOKEN, data=credentials, content_type="application/json")
    assert r.status_code in (401, 422), r.content
    assert r.json()["detail"]
