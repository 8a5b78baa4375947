"""GET /api/v1/emulation/movements and /emulation/{movement}/{year}/ranking/{unit}: the contract."""

import json

from greenplan.emulation import services


def _split(third):
    return {"1.1": "40", "1.2": "30", "2.1": third}


def test_movements_are_listed_one_row_per_year(client, tree, sheet, bearer):
    response = client.get("/api/v1/emulation/movements", headers=bearer(tree.users.reporter_a1))
    assert response.status_code == 200
    assert response.json() == [{"code": "XSD", "name": "Xanh - Sạch - Đẹp", "year": 2025}]


def test_the_ranking_of_the_direct_subordinates(client, tree, sheet, take_part, bearer):
    take_part(tree.a1, tree.users.reporter_a1, _split("21"), verifier=tree.users.approver_a)
    take_part(tree.a2, tree.users.reporter_a2, _split("20,5"))
    response = client.get("/api/v1/emulation/xsd/2025/ranking/hp-a", headers=bearer(tree.users.approver_a))
    assert response.status_code == 200
    rows = json.loads(response.content)  # the raw JSON: numbers must be numbers
    assert rows == [
        {"unit": "HP-A-01", "self_score": 91, "verified_score": 91, "rank": 1, "award": "BK"},
        {"unit": "HP-A-02", "self_score": 90.5, "verified_score": None, "rank": None, "award": None},
    ]
    assert isinstance(rows[1]["self_score"], float)


def test_a_unit_without_entries_lists_its_children_unscored(client, tree, sheet, bearer):
    response = client.get("/api/v1/emulation/XSD/2025/ranking/HP", headers=bearer(tree.users.admin))
    assert sorted(r["unit"] for r in response.json()) == ["HP-A", "HP-B"]
    assert all(r["self_score"] is None and r["rank"] is None for r in response.json())


def test_refusals(client, tree, sheet, bearer):
    headers = bearer(tree.users.reporter_a1)
    assert client.get("/api/v1/emulation/XSD/2025/ranking/HP-B", headers=headers).status_code == 403
    assert client.get("/api/v1/emulation/XSD/2025/ranking/HP-Z", headers=headers).status_code == 404
    assert client.get("/api/v1/emulation/NOPE/2025/ranking/HP-A-01", headers=headers).status_code == 404
    missing_year = client.get("/api/v1/emulation/XSD/2024/ranking/HP-A-01", headers=headers)
    assert missing_year.status_code == 404 and "XSD" in missing_year.json()["detail"]
    english = client.get("/api/v1/emulation/XSD/2024/ranking/HP-A-01", headers={**headers, "Accept-Language": "en"})
    assert english.json()["detail"] == "Emulation movement XSD has no scoring sheet for 2024."
    assert client.get("/api/v1/emulation/XSD/2025/ranking/HP-A").status_code == 401
    assert client.get("/api/v1/emulation/movements").status_code == 401


def test_the_openapi_document_describes_both(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/emulation/movements" in paths
    assert "/api/v1/emulation/{movement}/{year}/ranking/{unit}" in paths


def test_a_sheet_loaded_twice_is_refused(tree, sheet):
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.sheet_load(actor=tree.users.admin, movement={"code": "XSD", "name": "x"}, year=2025, groups=[],
                            conditions=[], awards=[])
