"""GET /api/v1/practices?q=&group= → [{"id","title","unit","group","published"}]."""

import pytest

from greenplan.practices import services as S

pytestmark = pytest.mark.django_db
URL = "/api/v1/practices"


@pytest.fixture
def practices(tree, in_period):
    def make(unit, group, title, publish=True):
        practice = S.practice_propose(actor=tree.users.admin, unit=unit, group=group, title=title, done="Cách làm.")
        return S.practice_publish(actor=tree.users.admin, practice=practice) if publish else practice

    return [make(tree.a1, 3, "Tiết kiệm điện ở xưởng"), make(tree.b1, 4, "Đào tạo kỹ năng xanh"),
            make(tree.a1, 3, "Tiết kiệm điện ở nhà ăn", publish=False)]


def test_the_shape_of_the_answer(client, bearer, tree, practices):
    response = client.get(URL, {"q": "tiet kiem dien"}, headers=bearer(tree.users.viewer_b))
    assert response.status_code == 200
    published = practices[0]
    assert response.json() == [{"id": published.pk, "title": "Tiết kiệm điện ở xưởng", "unit": "HP-A-01", "group": 3,
                                "published": True, "published_on": "2026-03-15"}]  # other scope: no draft


def test_the_units_own_draft_is_listed_as_not_published(client, bearer, tree, practices):
    rows = client.get(URL, {"q": "TIẾT KIỆM ĐIỆN"}, headers=bearer(tree.users.reporter_a1)).json()
    assert sorted((r["title"], r["published"]) for r in rows) == [("Tiết kiệm điện ở nhà ăn", False),
                                                                   ("Tiết kiệm điện ở xưởng", True)]


def test_filter_by_group_and_no_filter(client, bearer, tree, practices):
    headers = bearer(tree.users.outsider)
    assert [r["title"] for r in client.get(URL, {"group": 4}, headers=headers).json()] == ["Đào tạo kỹ năng xanh"]
    assert len(client.get(URL, headers=headers).json()) == 2


@pytest.mark.parametrize("group", ["0", "9", "abc"])
def test_a_bad_group_is_a_422_in_vietnamese(client, bearer, tree, practices, group):
    response = client.get(URL, {"group": group}, headers=bearer(tree.users.outsider))
    assert response.status_code == 422
    assert "detail" in response.json()


def test_anonymous_callers_get_401(client, practices):
    response = client.get(URL)
    assert response.status_code == 401 and "detail" in response.json()


def test_the_openapi_document_describes_it(client):
    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/practices"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"q", "group"}
