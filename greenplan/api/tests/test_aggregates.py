import pytest

from greenplan.reporting.services import report_approve, report_save, report_submit
from greenplan.testing.factories import full_values


def submit(tree, unit, period, **values):
    report = report_save(actor=tree.users.admin, unit=unit, period=period, version=0,
                         values=full_values(**values)).report
    return report_submit(actor=tree.users.admin, unit=unit, period=period, version=report.version)


def get(client, headers, unit="HP", period="2026H1", **params):
    return client.get(f"/api/v1/aggregates/{unit}/{period}", params, headers=headers)


def test_a_submitted_report_counts_in_the_province_at_once(client, tree, period, bearer):
    submit(tree, tree.a1, period, G3_SESSIONS=4, G7_PROCUREMENT_GREEN=35, G7_PROCUREMENT_TOTAL=70)
    submit(tree, tree.b1, period, G3_SESSIONS=6, G7_PROCUREMENT_GREEN=5, G7_PROCUREMENT_TOTAL=30)
    body = get(client, bearer(tree.users.admin)).json()
    assert body["values"]["G3_SESSIONS"] == 10
    assert body["values"]["G7_GREEN_PROCUREMENT_RATE"] == 40.0  # (35 + 5) / (70 + 30), not the mean of 50 and 16.7
    # the fixture period closed its deadline on 15/07/2026, so both came in late
    assert body["completeness"] == {"expected": 5, "submitted": 2, "approved": 0, "on_time": 0}


def test_status_approved_counts_only_approved_reports(client, tree, period, bearer):
    submit(tree, tree.a1, period, G3_SESSIONS=4)
    submit(tree, tree.a2, period, G3_SESSIONS=3)
    report_approve(actor=tree.users.approver_a, unit=tree.a1, period=period)
    body = get(client, bearer(tree.users.admin), status="approved").json()
    assert body["values"]["G3_SESSIONS"] == 4
    assert body["completeness"]["approved"] == 1 and body["completeness"]["submitted"] == 2


def test_a_year_combines_its_halves(client, tree, period, bearer):
    submit(tree, tree.a1, period, G3_SESSIONS=4)
    body = get(client, bearer(tree.users.admin), period="2026").json()
    assert body["period"] == "2026" and body["values"]["G3_SESSIONS"] == 4


def test_nothing_reported_gives_nulls(client, tree, period, bearer):
    body = get(client, bearer(tree.users.approver_a), unit="HP-A").json()
    assert body["values"]["G3_SESSIONS"] is None
    assert body["completeness"] == {"expected": 3, "submitted": 0, "approved": 0, "on_time": 0}


@pytest.mark.parametrize(
    "user, unit, code, status",
    [
        ("reporter_a1", "HP-A-02", "2026H1", 403),
        ("reporter_a1", "HP", "2026H1", 403),
        ("outsider", "HP", "2026H1", 403),
        ("approver_a", "HP-A", "2026H1", 200),
        ("viewer_b", "HP-B", "2026H1", 200),
        ("admin", "NOPE", "2026H1", 404),
        ("admin", "HP", "2031H1", 404),
        ("admin", "HP", "garbage", 404),
    ],
)
def test_refusals(client, tree, period, bearer, user, unit, code, status):
    response = get(client, bearer(getattr(tree.users, user)), unit=unit, period=code)
    assert response.status_code == status
    if status != 200:
        assert "detail" in response.json()


def test_it_needs_a_token(client, tree, period):
    assert client.get("/api/v1/aggregates/HP/2026H1").status_code == 401
