"""GET /api/v1/activities/{unit}?period= — the unit's activities, with the scope rules of reports."""

import datetime

import pytest

from greenplan.activities.services import activity_record
from greenplan.testing.files import pdf_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(tree, period, previous_period, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    reporter = tree.users.reporter_a1

    def record(day, title, **kw):
        return activity_record(actor=reporter, unit=tree.a1, kind="tree_planting", title=title, start_on=day, **kw)

    return {
        "spring": record(datetime.date(2026, 3, 1), "Trồng 120 cây sao đen", participants=45, cost=3_500_000,
                         files=[upload("bien-ban.pdf", pdf_bytes())]),
        "autumn": record(datetime.date(2025, 10, 10), "Trồng cây ven đường vào khu công nghiệp"),
        "summer": record(datetime.date(2026, 8, 1), "Trồng cây tại khu nhà trọ"),
    }


def get(client, bearer, user, path, **headers):
    return client.get(f"/api/v1/activities/{path}", headers=bearer(user, **headers))


def test_the_units_activities_newest_first_with_their_files(client, bearer, tree, recorded):
    response = get(client, bearer, tree.users.reporter_a1, "hp-a-01")
    assert response.status_code == 200
    rows = response.json()
    assert [r["title"] for r in rows] == ["Trồng cây tại khu nhà trọ", "Trồng 120 cây sao đen",
                                         "Trồng cây ven đường vào khu công nghiệp"]
    spring = rows[1]
    evidence = recorded["spring"].evidence.get()
    assert spring == {
        "id": recorded["spring"].pk, "unit": "HP-A-01", "kind": "tree_planting", "title": "Trồng 120 cây sao đen",
        "description": "", "findings": "", "item": None, "start_on": "2026-03-01", "end_on": None,
        "participants": 45, "cost": 3_500_000, "evidence": [{"id": evidence.pk, "name": "bien-ban.pdf",
                                                             "size": evidence.size}],
    }


@pytest.mark.parametrize(("code", "titles"), [
    ("2026H1", ["Trồng 120 cây sao đen"]),
    ("2025h2", ["Trồng cây ven đường vào khu công nghiệp"]),
    ("2026", ["Trồng cây tại khu nhà trọ", "Trồng 120 cây sao đen"]),
    ("2024", []),
])
def test_a_period_or_a_year_keeps_what_started_in_it(client, bearer, tree, recorded, code, titles):
    response = get(client, bearer, tree.users.approver_a, f"HP-A-01?period={code}")
    assert response.status_code == 200, response.json()
    assert [r["title"] for r in response.json()] == titles


def test_an_unknown_half_year_is_404_and_a_malformed_one_422(client, bearer, tree, recorded):
    response = get(client, bearer, tree.users.reporter_a1, "HP-A-01?period=2030H1")
    assert response.status_code == 404 and "2030H1" in response.json()["detail"]
    assert get(client, bearer, tree.users.reporter_a1, "HP-A-01?period=2026H3").status_code == 422
    assert get(client, bearer, tree.users.reporter_a1, "HP-A-01?periods=2026").status_code == 422


def test_scope_rules_like_reports(client, bearer, tree, recorded):
    assert get(client, bearer, tree.users.admin, "HP-A-01").status_code == 200
    refused = get(client, bearer, tree.users.reporter_a2, "HP-A-01")
    assert refused.status_code == 403 and "HP-A-01" in refused.json()["detail"]
    assert get(client, bearer, tree.users.viewer_b, "HP-A-01").status_code == 403
    assert get(client, bearer, tree.users.outsider, "HP-A-01").status_code == 403
    assert get(client, bearer, tree.users.reporter_a1, "NO-SUCH").status_code == 404
    assert client.get("/api/v1/activities/HP-A-01").status_code == 401
    english = get(client, bearer, tree.users.reporter_a2, "HP-A-01", accept_language="en")
    assert english.status_code == 403 and "outside" in english.json()["detail"]


def test_a_superior_sees_only_the_units_own_activities(client, bearer, tree, recorded):
    assert get(client, bearer, tree.users.approver_a, "HP-A").json() == []
