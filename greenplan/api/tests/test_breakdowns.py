import pytest

from greenplan.reporting.services import report_approve


@pytest.fixture
def filled(breakdown_reports):
    """The breakdown's scenario (greenplan/testing/fixtures.py)."""
    return breakdown_reports


def get(client, headers, unit="HP", period="2026H1", **params):
    return client.get(f"/api/v1/breakdowns/{unit}/{period}", params, headers=headers)


def rows_by_key(body) -> dict[tuple, dict]:
    return {tuple(g["code"] for g in row["groups"]): row for row in body["rows"]}


@pytest.mark.usefixtures("filled")
def test_rows_carry_codes_labels_and_json_numbers(client, tree, bearer):
    body = get(client, bearer(tree.users.admin), by="sector,ownership",
               indicators="MEMBERS,G7_GREEN_PROCUREMENT_RATE,G1_FOCAL").json()
    assert body["by"] == ["sector", "ownership"] and body["status"] == "submitted,approved"
    assert body["indicators"] == ["MEMBERS", "G7_GREEN_PROCUREMENT_RATE", "G1_FOCAL"]
    rows = rows_by_key(body)
    assert set(rows) == {("education", "public_service"), ("education", None), (None, "private"), (None, None)}
    a2 = rows[("education", "public_service")]
    assert a2["groups"] == [
        {"dimension": "sector", "code": "education", "label": "Giáo dục - Đào tạo"},
        {"dimension": "ownership", "code": "public_service", "label": "Đơn vị sự nghiệp công lập"},
    ]
    assert (a2["expected"], a2["reports"]) == (1, 1)
    assert a2["values"] == {"MEMBERS": 40, "G7_GREEN_PROCUREMENT_RATE": 16.67, "G1_FOCAL": 0}
    assert a2["yes_shares"] == {"G1_FOCAL": 0}
    unclassified = rows[(None, None)]  # a (reported) and b (did not)
    assert unclassified["groups"][0]["label"] == "Chưa phân loại"
    assert (unclassified["expected"], unclassified["reports"], unclassified["values"]["MEMBERS"]) == (2, 1, 10)
    assert body["total"]["values"]["MEMBERS"] == 250 and body["total"]["expected"] == 5


@pytest.mark.usefixtures("filled")
def test_the_total_equals_the_aggregates_endpoint(client, tree, bearer):
    report_approve(actor=tree.users.approver_a, unit=tree.a1, period=tree.a1.reports.get().period)
    headers = bearer(tree.users.admin)
    codes = "MEMBERS,G3_SESSIONS,G7_GREEN_PROCUREMENT_RATE,G1_FOCAL,G5_SELF_SCORE"
    for status in ("submitted", "approved"):
        total = get(client, headers, by="kind", indicators=codes, status=status).json()["total"]
        agg = client.get("/api/v1/aggregates/HP/2026H1", {"status": status}, headers=headers).json()
        assert total["values"] == {c: agg["values"][c] for c in codes.split(",")}
        assert total["yes_shares"] == {"G1_FOCAL": agg["yes_shares"]["G1_FOCAL"]}
        assert total["expected"] == agg["completeness"]["expected"]
        counted = "approved" if status == "approved" else "submitted"
        assert total["reports"] == agg["completeness"][counted]


@pytest.mark.usefixtures("filled")
def test_defaults_and_a_year(client, tree, bearer):
    body = get(client, bearer(tree.users.admin), period="2026").json()
    assert body["period"] == "2026" and body["by"] == ["sector", "ownership"]
    assert body["indicators"] == ["MEMBERS", "WORKERS", "G7_GREEN_PROCUREMENT_RATE"]


@pytest.mark.usefixtures("filled")
def test_a_subtree_leaves_out_its_siblings(client, tree, bearer):
    body = get(client, bearer(tree.users.approver_a), unit="hp-a", by="sector", indicators="MEMBERS").json()
    assert rows_by_key(body)[("education",)]["values"]["MEMBERS"] == 40  # a2 only, b1 is under HP-B
    assert body["total"]["values"]["MEMBERS"] == 120 + 40 + 10


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"by": "colour"}, "Không có chiều phân tích colour"),
        ({"by": "kind,sector,ownership"}, "Chọn một hoặc hai chiều phân tích khác nhau."),
        ({"indicators": "MEMBERS,NOPE"}, "Không có chỉ tiêu NOPE."),
    ],
)
def test_unknown_dimensions_and_indicators_answer_422_in_vietnamese(client, tree, period, bearer, params, message):
    response = get(client, bearer(tree.users.admin), **params)
    assert response.status_code == 422
    assert message in response.json()["detail"]


def test_a_bad_status_is_refused(client, tree, period, bearer):
    assert get(client, bearer(tree.users.admin), status="draft").status_code == 422


@pytest.mark.parametrize(
    ("user", "unit", "code", "status"),
    [
        ("reporter_a1", "HP-A-02", "2026H1", 403),
        ("reporter_a1", "HP", "2026H1", 403),
        ("outsider", "HP", "2026H1", 403),
        ("approver_a", "HP-A", "2026H1", 200),
        ("viewer_b", "HP-B", "2026", 200),
        ("viewer_b", "HP-A", "2026H1", 403),
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
    assert client.get("/api/v1/breakdowns/HP/2026H1").status_code == 401
