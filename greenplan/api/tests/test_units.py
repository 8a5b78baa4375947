import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from greenplan.orgs.services import unit_create, unit_dissolve

FIELDS = ["code", "name", "kind", "parent", "members", "workers"]


@pytest.mark.django_db
def test_it_shows_a_unit_in_scope(client, tree, bearer):
    r = client.get("/api/v1/units/HP-A-01", headers=bearer(tree.users.approver_a))
    assert r.status_code == 200
    body = r.json()
    assert list(body)[:6] == FIELDS
    assert {k: body[k] for k in FIELDS} == {
        "code": "HP-A-01",
        "name": "Công đoàn Công ty TNHH Thép Xanh",
        "kind": "grassroots",
        "parent": "HP-A",
        "members": 120,
        "workers": 150,
    }
    assert body["ownership"] == "private" and body["active"] is True


@pytest.mark.django_db
def test_it_matches_codes_case_insensitively(client, tree, bearer):
    r = client.get("/api/v1/units/hp-a-01", headers=bearer(tree.users.reporter_a1))
    assert r.status_code == 200 and r.json()["code"] == "HP-A-01"


@pytest.mark.django_db
def test_it_gives_no_parent_for_the_root(client, tree, bearer):
    r = client.get("/api/v1/units/HP", headers=bearer(tree.users.admin))
    assert r.json()["parent"] is None and r.json()["kind"] == "province"


@pytest.mark.django_db
def test_it_lists_active_children(client, tree, bearer):
    r = client.get("/api/v1/units/HP/children", headers=bearer(tree.users.admin))
    assert r.status_code == 200
    assert sorted(u["code"] for u in r.json()) == ["HP-A", "HP-B"]
    assert all(list(u)[:6] == FIELDS and u["parent"] == "HP" for u in r.json())


@pytest.mark.django_db
def test_it_lists_inactive_children_on_request(client, tree, bearer):
    unit_dissolve(unit=tree.a2, date=datetime.date.today())
    headers = bearer(tree.users.approver_a)
    active = client.get("/api/v1/units/HP-A/children", headers=headers).json()
    everything = client.get("/api/v1/units/HP-A/children?include_inactive=true", headers=headers).json()
    assert [u["code"] for u in active] == ["HP-A-01"]
    assert sorted(u["code"] for u in everything) == ["HP-A-01", "HP-A-02"]
    assert next(u for u in everything if u["code"] == "HP-A-02")["active"] is False


@pytest.mark.django_db
def test_children_cost_the_same_queries_however_many(client, tree, bearer):
    headers = bearer(tree.users.admin)
    client.get("/api/v1/units/HP-B/children", headers=headers)  # warm up
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/units/HP-B/children", headers=headers)
    for n in range(5):
        unit_create(parent=tree.b, code=f"HP-B-1{n}", name=f"Công đoàn {n}", kind=tree.b1.kind)
    with CaptureQueriesContext(connection) as six:
        r = client.get("/api/v1/units/HP-B/children", headers=headers)
    assert len(r.json()) == 6
    assert len(six.captured_queries) == len(one.captured_queries)


@pytest.mark.django_db
def test_it_refuses_a_sibling_unit(client, tree, bearer):
    r = client.get("/api/v1/units/HP-A-02", headers=bearer(tree.users.reporter_a1))
    assert r.status_code == 403
    assert r.json() == {"detail": "Đơn vị HP-A-02 nằm ngoài phạm vi của bạn."}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/units/HP-A", "/api/v1/units/HP-A/children", "/api/v1/units/HP"])
def test_it_refuses_a_reporter_its_superior_units(client, tree, bearer, url):
    assert client.get(url, headers=bearer(tree.users.reporter_a1)).status_code == 403


@pytest.mark.django_db
def test_it_refuses_an_outsider(client, tree, bearer):
    assert client.get("/api/v1/units/HP", headers=bearer(tree.users.outsider)).status_code == 403


@pytest.mark.django_db
def test_it_answers_404_for_an_unknown_code(client, tree, bearer):
    r = client.get("/api/v1/units/NOPE/children", headers=bearer(tree.users.admin))
    assert r.status_code == 404
    assert r.json() == {"detail": "Không tìm thấy đơn vị NOPE."}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona, code, status",
    [
        ("admin", "HP-B-01", 200),
        ("approver_a", "HP-A", 200),
        ("approver_a", "HP-B", 403),
        ("reporter_a1", "HP-A-01", 200),
        ("reporter_a2", "HP-A-01", 403),
        ("viewer_b", "HP-B-01", 200),
        ("viewer_b", "HP-A-01", 403),
        ("outsider", "HP-A-01", 403),
    ],
)
def test_permission_matrix(client, tree, bearer, persona, code, status):
    headers = bearer(getattr(tree.users, persona))
    assert client.get(f"/api/v1/units/{code}", headers=headers).status_code == status
