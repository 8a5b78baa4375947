"""PUT /reports/{unit}/{period}: values stored exactly as sent, or refused with 422 naming the field."""

import json

import pytest

from greenplan.reporting.models import Report, ReportEvent
from greenplan.reporting.services import stored_values

URL = "/api/v1/reports/HP-A-01/2026H1"


def put(client, headers, body: str):
    return client.put(URL, body, content_type="application/json", headers=headers)


def test_a_number_too_long_for_the_column_is_refused_and_the_report_stays_readable(client, tree, period, bearer):
    headers = bearer(tree.users.reporter_a1)
    assert put(client, headers, '{"version": 0, "values": {"G3_SESSIONS": 2}}').status_code == 200
    r = put(client, headers, '{"version": 1, "values": {"G5_INITIATIVE_VALUE": 99999999999999.99}}')
    assert r.status_code == 422
    assert "G5_INITIATIVE_VALUE" in r.json()["errors"]
    again = client.get(URL, headers=headers)
    assert again.status_code == 200 and again.json()["version"] == 1
    assert put(client, headers, '{"version": 1, "values": {"G3_MEDIA": 1}}').status_code == 200


@pytest.mark.parametrize(
    "values, field",
    [
        ('{"G3_SESSIONS": true}', "G3_SESSIONS"),
        ('{"G3_SESSIONS": false}', "G3_SESSIONS"),
        ('{"G7_UNION_SPENDING": true}', "G7_UNION_SPENDING"),
        ('{"G3_SESSIONS": "1e3"}', "G3_SESSIONS"),
        ('{"G3_SESSIONS": "1_000"}', "G3_SESSIONS"),
        ('{"G3_SESSIONS": "\\u0661\\u0662"}', "G3_SESSIONS"),
        ('{"G3_SESSIONS": "\\uff11\\uff12"}', "G3_SESSIONS"),
        ('{"G3_SESSIONS": "\\ud835\\udfcf\\ud835\\udfd0"}', "G3_SESSIONS"),
        ('{"g3_sessions": 12}', "g3_sessions"),
        ('{"G3_SESSIONS ": 12}', "G3_SESSIONS "),
        ('{"NOPE": 12}', "NOPE"),
        ('{"G7_UNION_SPENDING": "12345678901234.5678"}', "G7_UNION_SPENDING"),
        ('{"G7_UNION_SPENDING": 0.00001}', "G7_UNION_SPENDING"),
        ('{"G3_SESSIONS": [1]}', "G3_SESSIONS"),
        ('{"G3_SESSIONS": {"a": 1}}', "G3_SESSIONS"),
    ],
)
def test_it_refuses_what_is_not_a_number_as_typed(client, tree, period, bearer, values, field):
    headers = bearer(tree.users.reporter_a1)
    put(client, headers, '{"version": 0, "values": {"G3_SESSIONS": 2}}')
    r = put(client, headers, '{"version": 1, "values": ' + values + '}')
    assert r.status_code == 422, r.content
    errors = r.json()["errors"]
    assert list(errors) == [field]
    assert errors[field] and errors[field] != "Field required"
    report = Report.objects.get()
    assert report.version == 1 and stored_values(report) == {"G3_SESSIONS": 2}


def test_the_message_names_the_allowed_precision_in_english_too(client, tree, period, bearer):
    headers = bearer(tree.users.reporter_a1, **{"Accept-Language": "en"})
    r = put(client, headers, '{"version": 0, "values": {"G7_UNION_SPENDING": "12345678901234.5678"}}')
    assert r.status_code == 422
    assert "1" in r.json()["errors"]["G7_UNION_SPENDING"]
    assert "decimal" in r.json()["errors"]["G7_UNION_SPENDING"]


def test_vietnamese_typing_and_yes_no_booleans_are_stored_as_meant(client, tree, period, bearer):
    r = put(client, bearer(tree.users.reporter_a1), json.dumps(
        {"version": 0, "values": {"G7_UNION_SPENDING": "1.234,5", "G3_SESSIONS": "12", "G1_FOCAL": True}}
    ))
    assert r.status_code == 200
    assert r.json()["values"]["G7_UNION_SPENDING"] == 1234.5
    assert stored_values(Report.objects.get()) == {"G7_UNION_SPENDING": 1234.5, "G3_SESSIONS": 12, "G1_FOCAL": 1}


def test_a_put_that_changes_nothing_keeps_the_version(client, tree, period, bearer):
    headers = bearer(tree.users.reporter_a1)
    body = '{"version": %s, "values": {"G3_SESSIONS": 3}, "narrative": {"results": "Tốt"}}'  # noqa: UP031
    assert put(client, headers, body % 0).json()["version"] == 1
    r = put(client, headers, body % 1)
    assert r.status_code == 200 and r.json()["version"] == 1
    assert ReportEvent.objects.count() == 1
    other = bearer(tree.users.approver_a)
    assert put(client, other, '{"version": 1, "values": {"G3_MEDIA": 1}}').status_code == 200


def test_an_empty_put_for_a_unit_without_report_answers_the_empty_draft(client, tree, period, bearer):
    r = put(client, bearer(tree.users.reporter_a1), '{"version": 0, "values": {}}')
    assert r.status_code == 200 and r.json()["version"] == 0
    assert not Report.objects.exists()
