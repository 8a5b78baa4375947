import datetime
from decimal import Decimal
from unittest import mock

import pytest

from greenplan.analytics.models import ClassificationCriterion
from greenplan.reporting.models import Indicator
from greenplan.reporting.services import report_approve, report_save, report_submit
from greenplan.testing.factories import full_values

Kind = ClassificationCriterion.Kind
ON_TIME_AT = datetime.datetime(2026, 7, 1, 9, tzinfo=datetime.UTC)


def submit(tree, unit, period, **values):
    with mock.patch("django.utils.timezone.now", return_value=ON_TIME_AT):
        report = report_save(actor=tree.users.admin, unit=unit, period=period, version=0,
                             values=full_values(**values)).report
        return report_submit(actor=tree.users.admin, unit=unit, period=period, version=report.version)


def get(client, headers, unit="HP", period="2026H1", **params):
    return client.get(f"/api/v1/classifications/{unit}/{period}", params, headers=headers)


@pytest.fixture
def rules(db):
    ClassificationCriterion.objects.all().delete()
    green = Indicator.objects.get(code="G7_GREEN_PROCUREMENT_RATE")
    return [
        ClassificationCriterion.objects.create(name="Đúng hạn", kind=Kind.ON_TIME, points=50, order=1),
        ClassificationCriterion.objects.create(name="Mua sắm xanh", name_en="Green procurement", kind=Kind.INDICATOR,
                                               indicator=green, threshold=Decimal(35), points=50, order=2),
    ]


def test_the_unit_and_its_direct_subordinates(client, tree, period, rules, bearer):
    submit(tree, tree.a1, period, G7_PROCUREMENT_GREEN=40, G7_PROCUREMENT_TOTAL=100)
    submit(tree, tree.a2, period, G7_PROCUREMENT_GREEN=10, G7_PROCUREMENT_TOTAL=100)
    body = get(client, bearer(tree.users.approver_a), unit="hp-a").json()
    assert body["period"] == "2026H1" and body["status"] == "submitted,approved"
    # HP-A itself filed nothing: not on time; (40 + 10) / 200 = 25 % green, not met
    assert body["unit"] == {
        "unit": "HP-A", "name": tree.a.name, "score": 0.0, "earned": 0, "applicable": 100,
        "band": {"label": "Yếu", "label_en": "Weak", "min_score": 0, "colour": "danger"},
        "criteria": [
            {"id": rules[0].pk, "name": "Đúng hạn", "name_en": "", "points": 50, "result": "not_met", "value": None},
            {"id": rules[1].pk, "name": "Mua sắm xanh", "name_en": "Green procurement", "points": 50,
             "result": "not_met", "value": 25.0},
        ],
    }
    subs = {row["unit"]: row for row in body["subordinates"]}
    assert list(subs) == ["HP-A-01", "HP-A-02"]
    assert (subs["HP-A-01"]["score"], subs["HP-A-01"]["band"]["label"]) == (100.0, "Xuất sắc")
    assert (subs["HP-A-02"]["score"], subs["HP-A-02"]["band"]["label"]) == (50.0, "Khá")


def test_status_approved_and_a_year(client, tree, period, rules, bearer):
    submit(tree, tree.a1, period, G7_PROCUREMENT_GREEN=40, G7_PROCUREMENT_TOTAL=100)
    headers = bearer(tree.users.admin)
    body = get(client, headers, unit="HP-A-01", status="approved").json()
    assert body["status"] == "approved"
    assert [c["result"] for c in body["unit"]["criteria"]] == ["not_met", "no_data"]
    report_approve(actor=tree.users.approver_a, unit=tree.a1, period=period)
    assert get(client, headers, unit="HP-A-01", status="approved").json()["unit"]["score"] == 100.0
    body = get(client, headers, unit="HP-A-01", period="2026").json()
    assert body["period"] == "2026" and body["unit"]["score"] == 100.0


def test_nothing_applicable_gives_null_score_and_band(client, tree, period, rules, bearer):
    body = get(client, bearer(tree.users.admin)).json()
    # the root files no report and nobody reported procurement
    assert (body["unit"]["score"], body["unit"]["band"], body["unit"]["applicable"]) == (None, None, 0)


@pytest.mark.parametrize(
    "user, unit, code, status",
    [
        ("reporter_a1", "HP-A-02", "2026H1", 403),
        ("reporter_a1", "HP", "2026H1", 403),
        ("outsider", "HP", "2026H1", 403),
        ("reporter_a1", "HP-A-01", "2026H1", 200),
        ("approver_a", "HP-A", "2026H1", 200),
        ("viewer_b", "HP-B", "2026", 200),
        ("admin", "NOPE", "2026H1", 404),
        ("admin", "HP", "2031H1", 404),
        ("admin", "HP", "garbage", 404),
    ],
)
def test_refusals(client, tree, period, rules, bearer, user, unit, code, status):
    response = get(client, bearer(getattr(tree.users, user)), unit=unit, period=code)
    assert response.status_code == status
    if status != 200:
        assert "detail" in response.json()


def test_it_needs_a_token(client, tree, period):
    assert client.get("/api/v1/classifications/HP/2026H1").status_code == 401
