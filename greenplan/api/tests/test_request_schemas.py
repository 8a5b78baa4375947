"""The request schemas of the OpenAPI document are no looser than the services behind them."""

import re

import pytest

from greenplan.plans.models import ITEM_CODE_PATTERN
from greenplan.plans.services import ISSUE_TEXTS, ITEM_CODE_MAX, ITEM_TEXTS, PLAN_TEXTS
from greenplan.reporting import values as V
from greenplan.reporting.models import INDICATOR_CODE_PATTERN
from greenplan.reporting.services import COMMENT_MAX, NARRATIVE_FIELDS, NARRATIVE_MAX


@pytest.fixture(scope="module")
def schemas():
    from greenplan.api.api import api

    return api.get_openapi_schema()["components"]["schemas"]


def request_bodies(document) -> list[str]:
    names = []
    for operations in document["paths"].values():
        for operation in operations.values():
            content = operation.get("requestBody", {}).get("content", {})
            schema = content.get("application/json", {}).get("schema", {})
            for ref in re.findall(r"'\$ref': '([^']+)'", str(schema)):  # also an optional body's anyOf
                names.append(ref.rsplit("/", 1)[-1])
    return names


def test_every_json_body_refuses_fields_it_does_not_know():
    from greenplan.api.api import api

    document = api.get_openapi_schema()
    names = request_bodies(document)
    assert {"ReportIn", "ItemIn", "ItemPatch", "IssueIn", "PlanCreateIn", "Credentials", "CommentIn",
            "ActionIn"} <= set(names)
    for name in names:
        assert document["components"]["schemas"][name]["additionalProperties"] is False, name
    assert document["components"]["schemas"]["TargetIn"]["additionalProperties"] is False


def test_plan_texts_are_bounded_by_the_services_limits(schemas):
    for schema in ("ItemIn", "ItemPatch"):
        properties = schemas[schema]["properties"]
        for name, (limit, _multiline) in ITEM_TEXTS.items():
            assert f'"maxLength": {limit}' in str(properties[name]).replace("'", '"'), (schema, name)
        assert "'maxLength': %d" % ITEM_CODE_MAX in str(properties["code"])  # noqa: UP031
        assert ITEM_CODE_PATTERN in str(properties["code"]).replace("\\\\", "\\")
    for name, (_column, limit) in ISSUE_TEXTS.items():
        assert schemas["IssueIn"]["properties"][name]["maxLength"] == limit
    assert "'maxLength': %d" % PLAN_TEXTS["title"][0] in str(schemas["PlanCreateIn"]["properties"]["title"])  # noqa: UP031
    assert schemas["PlanCreateIn"]["properties"]["copy_from_parent"]["type"] == "boolean"


def test_report_narrative_and_comment_carry_the_services_limits(schemas):
    narrative = schemas["ReportIn"]["properties"]["narrative"]["anyOf"][0]
    assert set(narrative["properties"]) == set(NARRATIVE_FIELDS)
    assert narrative["additionalProperties"] is False
    assert {p["maxLength"] for p in narrative["properties"].values()} == {NARRATIVE_MAX}
    assert "'maxLength': %d" % COMMENT_MAX in str(schemas["CommentIn"]["properties"]["comment"])  # noqa: UP031


def test_report_values_describe_exact_codes_and_typed_numbers(schemas):
    values = schemas["ReportIn"]["properties"]["values"]["anyOf"][0]
    assert values["propertyNames"]["pattern"] == INDICATOR_CODE_PATTERN
    kinds = {kind["type"]: kind for kind in values["additionalProperties"]["anyOf"]}
    assert set(kinds) == {"number", "string", "boolean", "null"}
    assert kinds["number"]["minimum"] == 0 and kinds["number"]["exclusiveMaximum"] == int(V.MAX_VALUE)
    assert "yes/no" in kinds["boolean"]["description"]
    pattern = re.compile(kinds["string"]["pattern"])
    for typed in ("1.234,5", "1 234,5", "1234,5", "12.5", "1234", " 7 ", ""):
        assert pattern.search(typed), typed
        V.parse_number(typed) if typed.strip() else None  # what the document admits, the service reads
    for refused in ("1e3", "1_000", "\u0661\u0662", "\uff11\uff12", "12 34", "-1", "NaN", "0x10", "+5"):
        assert not pattern.search(refused), refused
        with pytest.raises(ValueError):
            V.parse_number(refused)
