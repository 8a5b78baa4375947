import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import RequestFactory
from django.utils import translation
from ninja.errors import AuthenticationError, HttpError, Throttled

from greenplan.api.api import api


@pytest.mark.django_db
def test_errors_are_english_on_request(client, tree, bearer):
    vi = client.get("/api/v1/units/NOPE", headers=bearer(tree.users.admin))
    en = client.get("/api/v1/units/NOPE", headers=bearer(tree.users.admin, accept_language="en"))
    assert vi.status_code == en.status_code == 404
    assert set(en.json()) == {"detail"}
    assert vi["Content-Language"] == "vi" and en["Content-Language"] == "en"
    assert vi.json()["detail"] == "Không tìm thấy đơn vị NOPE."


@pytest.mark.django_db
def test_it_answers_json_for_an_unknown_api_path(client):
    r = client.get("/api/v1/no-such-thing")
    assert r.status_code == 404
    assert r.json() == {"detail": "Không có địa chỉ API này."}


@pytest.mark.django_db
def test_it_explains_a_bad_query_parameter(client, tree, bearer):
    r = client.get("/api/v1/units/HP/children?include_inactive=maybe", headers=bearer(tree.users.admin))
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "include_inactive"


def handle(exc, language="vi"):
    """What the API answers when an endpoint or a service raises `exc`."""
    with translation.override(language):
        response = api.on_exception(RequestFactory().get("/api/v1/x"), exc)
    return response.status_code, json.loads(response.content)


def test_service_validation_errors_become_422():
    status, body = handle(ValidationError({"members": ["Phải là số dương."]}))
    assert status == 422
    assert body == {"detail": "Phải là số dương.", "errors": {"members": ["Phải là số dương."]}}


def test_service_refusals_keep_their_message():
    assert handle(PermissionDenied("Chỉ quản trị viên được làm việc này.")) == (
        403,
        {"detail": "Chỉ quản trị viên được làm việc này."},
    )
    assert handle(PermissionDenied())[1] == {"detail": "Bạn không có quyền thực hiện thao tác này."}


def test_ninja_messages_are_replaced_by_ours():
    assert handle(Http404("x")) == (404, {"detail": "Không tìm thấy."})
    status, body = handle(AuthenticationError())
    assert status == 401 and "Bearer" in body["detail"]
    assert handle(Throttled(wait=5)) == (429, {"detail": "Quá nhiều yêu cầu. Vui lòng thử lại sau."})
    assert handle(HttpError(400, "Cannot parse request body"))[1]["detail"].startswith("Nội dung")


@pytest.mark.django_db
def test_a_too_long_login_name_is_explained_with_its_limit(client):
    r = client.post("/api/v1/auth/token", {"username": "a" * 151, "password": "x"}, content_type="application/json")
    assert r.status_code == 422
    assert r.json()["errors"][0] == {"field": "username", "message": "Quá dài: tối đa 150 ký tự.",
                                     "type": "string_too_long"}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/aggregates/HP/2026H1?stauts=approved", "/api/v1/indicators?retired=1",
                                  "/api/v1/units/HP/children?x=1"])
def test_an_unknown_query_parameter_is_refused_not_ignored(client, tree, period, bearer, path):
    r = client.get(path, headers=bearer(tree.users.admin))
    assert r.status_code == 422, r.content
    assert r.json()["errors"][0]["message"] == "Không có tham số này."
