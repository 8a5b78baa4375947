"""Structured logs: a JSON line per request with its id, and the id passed through from nginx."""

import json
import logging
import sys

import pytest

from greenplan.ops.logs import JsonFormatter, RequestIdFilter, current_request_id
from greenplan.testing.personas import make_user

pytestmark = pytest.mark.django_db


def _lines(caplog) -> list[dict]:
    formatter, request_id = JsonFormatter(), RequestIdFilter()
    out = []
    for record in caplog.records:
        if record.name == "greenplan.request":
            out.append(json.loads(formatter.format(record)))
    assert all(request_id.filter(r) for r in caplog.records)
    return out


def test_each_request_writes_one_json_line_with_its_id_user_and_time(client, caplog, settings):
    settings.HEALTH_DISK_MIN_FREE_MB = 0
    user = make_user("logged_user")
    client.force_login(user)
    with caplog.at_level(logging.INFO, logger="greenplan.request"):
        response = client.get("/healthz?token=secret-value", HTTP_X_REQUEST_ID="0123456789abcdef0123456789abcdef")
    assert response["X-Request-ID"] == "0123456789abcdef0123456789abcdef"
    (line,) = _lines(caplog)
    assert line | {"method": "GET", "path": "/healthz", "status": 200, "user_id": user.pk} == line
    assert line["level"] == "INFO" and line["logger"] == "greenplan.request"
    assert isinstance(line["ms"], float) and line["ms"] >= 0
    assert line["time"].endswith("+00:00")
    assert "secret-value" not in json.dumps(line)  # no query string


def test_a_strange_request_id_is_replaced_and_an_anonymous_404_is_logged(client, caplog):
    with caplog.at_level(logging.INFO, logger="greenplan.request"):
        response = client.get("/khong-co-trang-nay", HTTP_X_REQUEST_ID="bad id\n{json}")
    given = response["X-Request-ID"]
    assert given != "bad id\n{json}" and len(given) == 32
    (line,) = _lines(caplog)
    assert (line["status"], line["user_id"]) == (404, None)


def test_the_formatter_keeps_the_request_id_extra_fields_and_the_traceback():
    token = current_request_id.set("req-12345678")
    try:
        try:
            raise ValueError("hỏng")
        except ValueError:
            record = logging.getLogger("greenplan.x").makeRecord(
                "greenplan.x", logging.ERROR, __file__, 1, "lỗi %s", ("nhập",), exc_info=sys.exc_info(),
                extra={"job": 7})
        RequestIdFilter().filter(record)
    finally:
        current_request_id.reset(token)
    line = json.loads(JsonFormatter().format(record))
    assert line | {"message": "lỗi nhập", "request_id": "req-12345678", "job": 7, "level": "ERROR"} == line
    assert "ValueError: hỏng" in line["exc"]
    assert "\n" not in JsonFormatter().format(record)


def test_an_api_request_is_logged_with_the_token_user(client, caplog):
    user = make_user("api_logged")
    token = client.post("/api/v1/auth/token", {"username": "api_logged", "password": "green-2030"},
                        content_type="application/json").json()["token"]
    with caplog.at_level(logging.INFO, logger="greenplan.request"):
        response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    (line,) = _lines(caplog)
    assert (line["path"], line["user_id"]) == ("/api/v1/me", user.pk)
