"""The OpenAPI document tells the truth about every operation: its errors, its input limits."""

import importlib
import pkgutil

import pytest
from ninja import Schema

import greenplan.api


@pytest.fixture
def document(client):
    return client.get("/api/v1/openapi.json").json()


def operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield f"{method.upper()} {path}", operation


def subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from subclasses(sub)


def test_no_two_api_schemas_share_a_name():
    # The document names each schema by its class name: two classes of one name overwrite each other.
    for module in pkgutil.iter_modules(greenplan.api.__path__):
        importlib.import_module(f"greenplan.api.{module.name}")
    names: dict[str, list[str]] = {}
    for cls in subclasses(Schema):
        if cls.__module__.startswith("greenplan.api"):
            names.setdefault(cls.__name__, []).append(cls.__module__)
    assert {name: where for name, where in names.items() if len(where) > 1} == {}


@pytest.mark.django_db
def test_every_operation_documents_its_errors(document):
    error = {"$ref": "#/components/schemas/ErrorOut"}
    for label, operation in operations(document):
        responses = operation["responses"]
        content = {code: r.get("content", {}).get("application/json", {}).get("schema")
                   for code, r in responses.items()}
        if operation.get("security"):
            assert content.get("401") == error, label
        if any(p["in"] == "path" for p in operation.get("parameters", [])):
            assert content.get("403") == error and content.get("404") == error, label
        if operation.get("parameters") or "requestBody" in operation:
            assert content.get("422") == {"$ref": "#/components/schemas/InvalidOut"}, label
        if "requestBody" in operation:
            for code in ("400", "413", "415"):
                assert content.get(code) == error, (label, code)


@pytest.mark.django_db
def test_a_validation_error_may_come_without_field_errors(document):
    invalid = document["components"]["schemas"]["InvalidOut"]
    assert invalid["required"] == ["detail"]


@pytest.mark.django_db
def test_the_token_endpoint_documents_wrong_passwords_and_lockouts(document):
    responses = document["paths"]["/api/v1/auth/token"]["post"]["responses"]
    assert {"200", "401", "422", "429"} <= set(responses)


@pytest.mark.django_db
def test_the_document_says_what_a_code_looks_like(client, document, tree, period, bearer):
    for path in ("/api/v1/reports/{unit}/{period}", "/api/v1/aggregates/{unit}/{period}"):
        params = {p["name"]: p["schema"] for p in document["paths"][path]["get"]["parameters"] if p["in"] == "path"}
        assert params["unit"]["pattern"] == "^[A-Za-z0-9._-]{1,40}$"
        assert params["period"]["pattern"].startswith("^[0-9]{4}")
    headers = bearer(tree.users.admin)
    assert client.get("/api/v1/reports/hp-a-01/2026h1", headers=headers).status_code == 200
    assert client.get("/api/v1/aggregates/HP/2026", headers=headers).status_code == 200
    # A code that cannot exist is an unknown one, as the API contract says.
    for path in ("HP-A-01/2026", "HP%20A/2026H1", "A" * 41 + "/2026H1", "NOPE/2026H1"):
        assert client.get("/api/v1/reports/" + path, headers=headers).status_code == 404
