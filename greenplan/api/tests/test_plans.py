import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from greenplan.plans.models import Plan, PlanEvent, PlanItem, PlanTarget
from greenplan.plans.seed import load_seed_plan
from greenplan.plans.services import plan_copy_down

CONTRACT = ["unit", "title", "parent_plan", "items"]
ITEM_CONTRACT = ["code", "group", "title", "parent_item", "targets"]
ISSUE = {"number": "12", "symbol": "KH-LĐLĐ", "issued_on": "2024-01-10", "signer": "Lương Xuân Trường"}


@pytest.fixture
def cascade(tree):
    province = load_seed_plan(tree.root)
    a = plan_copy_down(actor=tree.users.admin, unit=tree.a)
    a1 = plan_copy_down(actor=tree.users.admin, unit=tree.a1)
    return province, a, a1


def get(client, headers, path):
    return client.get(f"/api/v1/plans/{path}", headers=headers)


def send(client, headers, method, path, body=None):
    call = getattr(client, method)
    return call(f"/api/v1/plans/{path}", body or {}, content_type="application/json", headers=headers)


def counts():
    return (Plan.objects.count(), PlanItem.objects.count(), PlanTarget.objects.count(), PlanEvent.objects.count())


# --- reading ------------------------------------------------------------------------------------


def test_the_province_plan_holds_every_item_of_the_seed(client, tree, cascade, bearer):
    r = get(client, bearer(tree.users.admin), "HP")
    assert r.status_code == 200
    body = r.json()
    assert list(body)[:4] == CONTRACT
    assert (body["unit"], body["parent_plan"], body["status"], body["revision"], body["current"]) == (
        "HP", None, "draft", 1, True
    )
    assert body["title"].startswith("Kế hoạch hành động thực hiện Chiến lược quốc gia về tăng trưởng xanh")
    assert [g["code"] for g in body["groups"]] == [str(n) for n in range(1, 9)]
    items = {i["code"]: i for i in body["items"]}
    assert len(body["items"]) == 31 and body["items"][0]["code"] == "1.1" and body["items"][-1]["code"] == "8.3"
    assert list(body["items"][0])[:5] == ITEM_CONTRACT
    assert items["7.3"]["targets"] == [
        {"indicator": "G7_GREEN_PROCUREMENT_RATE", "operator": ">=", "value": 35, "period": None}
    ]
    assert items["3.7"]["text"] == (
        "Tăng cường các hoạt động hưởng ứng Ngày môi trường thế giới và Tháng hành động về môi trường hằng năm."
    )
    assert (items["3.7"]["group"], items["3.7"]["parent_item"]) == ("3", None)
    assert items["3.7"]["indicators"] == ["G3_EVENTS", "G3_EVENT_PARTICIPANTS"]
    assert set(body["duties"]) == {"province", "superior", "grassroots"}
    assert [p["code"] for p in body["purposes"]] == ["1.1", "1.2", "1.3"]


def test_a_lower_plan_names_its_superior_plan_and_items(client, tree, cascade, bearer):
    body = get(client, bearer(tree.users.reporter_a1), "hp-a-01").json()
    assert (body["unit"], body["parent_plan"]) == ("HP-A-01", "HP-A")
    assert {i["parent_item"] == i["code"] for i in body["items"]} == {True}
    assert get(client, bearer(tree.users.approver_a), "HP-A").json()["parent_plan"] == "HP"


@pytest.mark.parametrize(("username", "code", "expected"), [
    ("reporter_a1", "HP", 200), ("reporter_a1", "HP-A", 200), ("viewer_b", "HP", 200),
    ("viewer_b", "HP-A", 403), ("reporter_a1", "HP-A-02", 403), ("outsider", "HP", 403),
])
def test_the_api_and_the_page_agree_on_who_reads_the_plans_above(client, tree, cascade, bearer,
                                                                    username, code, expected):
    user = getattr(tree.users, username)
    assert get(client, bearer(user), code).status_code == expected
    client.force_login(user)
    assert client.get(f"/plans/{code}/").status_code == expected


def test_reading_a_superior_plan_does_not_open_its_diff_or_coverage(client, tree, cascade, bearer):
    headers = bearer(tree.users.reporter_a1)
    assert get(client, headers, "HP-A").status_code == 200
    assert get(client, headers, "HP-A/diff").status_code == 403
    assert get(client, headers, "HP-A/coverage").status_code == 403


def test_a_unit_without_a_plan_answers_404_with_a_clear_message(client, tree, cascade, bearer):
    r = get(client, bearer(tree.users.viewer_b), "HP-B")
    assert r.status_code == 404 and r.json() == {"detail": "Đơn vị HP-B chưa có kế hoạch."}
    r = get(client, bearer(tree.users.admin), "NOPE")
    assert r.status_code == 404 and r.json() == {"detail": "Không tìm thấy đơn vị NOPE."}
    r = get(client, bearer(tree.users.viewer_b), "HP-A")
    assert r.status_code == 403 and r.json() == {"detail": "Đơn vị HP-A nằm ngoài phạm vi của bạn."}


def test_reading_costs_the_same_queries_for_a_bigger_plan(client, tree, cascade, bearer):
    headers = bearer(tree.users.admin)
    send(client, headers, "post", "HP-B", {"title": "Kế hoạch ngành Giáo dục"})
    send(client, headers, "post", "HP-B/items", {"code": "1", "group": "3", "title": "Tuyên truyền",
                                                  "parent_item": "3.1"})

    def count(path):
        with CaptureQueriesContext(connection) as ctx:
            assert get(client, headers, path).status_code == 200
        return len(ctx.captured_queries)

    assert count("HP") == count("HP-B")
    assert count("HP-A/coverage") == count("HP/coverage")


# --- writing ------------------------------------------------------------------------------------


def test_a_unit_starts_its_plan_by_copying_its_superiors(client, tree, cascade, bearer):
    headers = bearer(tree.users.admin)
    r = send(client, headers, "post", "HP-B", {"copy_from_parent": True})
    assert r.status_code == 201
    body = r.json()
    assert (body["unit"], body["parent_plan"], len(body["items"]), body["status"]) == ("HP-B", "HP", 31, "draft")
    r = send(client, headers, "post", "HP-B", {"copy_from_parent": True})
    assert r.status_code == 409 and "đã có kế hoạch" in r.json()["detail"]
    r = send(client, bearer(tree.users.admin), "post", "HP-B-01", {})
    assert r.status_code == 422 and r.json()["errors"] == {"title": "Cần nhập tên kế hoạch."}


def test_copy_down_without_a_superior_plan_is_refused(client, tree, bearer):
    r = send(client, bearer(tree.users.admin), "post", "HP-A", {"copy_from_parent": True})
    assert r.status_code == 422
    assert r.json() == {"detail": "Đơn vị cấp trên trực tiếp chưa có kế hoạch để cụ thể hóa."}
    assert not Plan.objects.exists()


def test_items_are_added_changed_and_removed(client, tree, cascade, bearer):
    headers = bearer(tree.users.reporter_a1)
    r = send(client, headers, "post", "HP-A-01/items", {
        "code": "3.7.a", "group": "3", "title": "Trồng cây ngày 5/6", "text": "Trồng 200 cây.",
        "parent_item": "3.7", "lead": "Ban nữ công", "start_on": "2025-06-01", "end_on": "2025-06-05",
        "indicators": ["G5_TREES"], "targets": [{"indicator": "G5_TREES", "value": 200, "period": "2025"}],
    })
    assert r.status_code == 201, r.json()
    item = r.json()
    assert (item["code"], item["parent_item"], item["own_initiative"], item["start_on"]) == (
        "3.7.a", "3.7", False, "2025-06-01"
    )
    assert item["targets"] == [{"indicator": "G5_TREES", "operator": ">=", "value": 200, "period": "2025"}]
    r = send(client, headers, "patch", "HP-A-01/items/3.7.a", {"status": "in_progress", "parent_item": None})
    assert r.status_code == 200
    assert (r.json()["status"], r.json()["parent_item"], r.json()["own_initiative"], r.json()["lead"]) == (
        "in_progress", None, True, "Ban nữ công"
    )
    r = send(client, headers, "patch", "HP-A-01/items/3.7.a", {"targets": []})
    assert r.status_code == 200 and r.json()["targets"] == []
    assert send(client, headers, "delete", "HP-A-01/items/3.7.a").status_code == 204
    assert send(client, headers, "delete", "HP-A-01/items/3.7.a").status_code == 404


def test_refusals_answer_422_with_the_field_and_save_nothing(client, tree, cascade, bearer):
    headers = bearer(tree.users.reporter_a1)
    before = counts()
    r = send(client, headers, "post", "HP-A-01/items", {"code": "3.7", "group": "3", "title": "Lặp"})
    assert r.status_code == 422
    message = "Mã mục 3.7 đã có trong kế hoạch."
    assert r.json() == {"detail": message, "errors": {"code": message}}
    r = send(client, headers, "post", "HP-A-01/items", {"code": "x", "group": "3", "title": "x", "parent_item": "9.9"})
    assert r.status_code == 422 and list(r.json()["errors"]) == ["parent_item"]
    r = send(client, headers, "patch", "HP-A-01/items/7.3", {
        "lead": "BCH", "targets": [{"indicator": "G7_GREEN_PROCUREMENT_RATE", "value": -1}]
    })
    assert r.status_code == 422 and r.json()["errors"] == {"targets.0.value": "Giá trị chỉ tiêu không được âm."}
    r = send(client, headers, "patch", "HP-A-01/items/7.3", {"targets": [{"indicator": "G7_UNION_SPENDING",
                                                                         "value": "nhiều"}]})
    assert r.status_code == 422 and r.json()["errors"] == {"targets.0.value": "Giá trị chỉ tiêu phải là một số."}
    r = send(client, headers, "post", "HP-A-01/items", {"code": "x"})
    assert r.status_code == 422 and {e["field"] for e in r.json()["errors"]} == {"group", "title"}
    assert counts() == before
    assert PlanItem.objects.get(plan__unit=tree.a1, code="7.3").lead == ""


def test_issue_locks_the_plan_and_revise_keeps_the_issued_version(client, tree, cascade, bearer):
    headers = bearer(tree.users.admin)
    r = send(client, headers, "post", "HP/issue", ISSUE)
    assert r.status_code == 200
    body = r.json()
    assert (body["status"], body["reference"], body["issued_on"], body["signer"]) == (
        "issued", "12/KH-LĐLĐ", "2024-01-10", "Lương Xuân Trường"
    )
    assert send(client, headers, "post", "HP/issue", ISSUE).status_code == 409
    r = send(client, headers, "patch", "HP/items/3.7", {"text": "Khác"})
    assert r.status_code == 409 and "tạo bản sửa đổi" in r.json()["detail"]
    assert send(client, headers, "post", "HP/items", {"code": "9", "group": "8", "title": "x"}).status_code == 409
    assert send(client, headers, "delete", "HP/items/2.4").status_code == 409
    r = send(client, headers, "patch", "HP/items/3.7", {"status": "in_progress", "progress_note": "Đang làm"})
    assert r.status_code == 200 and r.json()["status"] == "in_progress"

    r = send(client, headers, "post", "HP/revise")
    assert r.status_code == 201
    assert (r.json()["revision"], r.json()["status"], r.json()["previous_revision"], len(r.json()["items"])) == (
        2, "draft", 1, 31
    )
    assert send(client, headers, "patch", "HP/items/3.7", {"text": "Khác"}).status_code == 200
    old = get(client, headers, "HP?revision=1").json()
    assert (old["status"], old["current"], old["reference"]) == ("issued", False, "12/KH-LĐLĐ")
    assert {i["code"]: i for i in old["items"]}["3.7"]["text"].startswith("Tăng cường")
    assert get(client, headers, "HP?revision=7").status_code == 404
    assert send(client, headers, "post", "HP/revise").status_code == 409  # a draft is edited directly
    assert get(client, headers, "HP-A").json()["parent_plan"] == "HP"


def test_an_item_lower_units_concretize_cannot_be_deleted(client, tree, cascade, bearer):
    r = send(client, bearer(tree.users.admin), "delete", "HP/items/3.7")
    assert r.status_code == 409 and "HP-A" in r.json()["detail"]


def test_issue_checks_its_fields(client, tree, cascade, bearer):
    r = send(client, bearer(tree.users.admin), "post", "HP/issue", {**ISSUE, "number": "", "signer": " "})
    assert r.status_code == 422 and set(r.json()["errors"]) == {"number", "signer"}
    assert Plan.objects.get(unit=tree.root).status == "draft"


def test_coverage_and_diff(client, tree, cascade, bearer):
    headers = bearer(tree.users.approver_a)
    send(client, headers, "patch", "HP-A-01/items/3.7", {"text": "Trồng cây.", "status": "done"})
    body = get(client, headers, "HP-A/coverage").json()
    assert body["without_plan"] == ["HP-A-02"]
    assert [u["code"] for u in body["units"]] == ["HP-A-01", "HP-A-02"]
    a1 = body["units"][0]
    assert (a1["has_plan"], a1["concretized"], a1["cells"]["3.7"]) == (
        True, 31, {"concretized": True, "items": ["3.7"], "status": "done", "progress_note": "", "activities": 0}
    )
    assert body["units"][1]["cells"]["3.7"]["concretized"] is False
    item = {i["code"]: i for i in body["items"]}["3.7"]
    assert (item["concretized"], item["units_total"], item["by_status"]) == (1, 2, {"done": 1})
    diff = get(client, headers, "HP-A-01/diff").json()
    assert [c["code"] for c in diff["changed"]] == ["3.7"] and diff["added"] == [] and diff["left_out"] == []


def test_the_openapi_document_lists_the_plan_paths(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/plans/{unit}", "/api/v1/plans/{unit}/items", "/api/v1/plans/{unit}/items/{code}",
            "/api/v1/plans/{unit}/issue", "/api/v1/plans/{unit}/revise", "/api/v1/plans/{unit}/coverage"} <= set(paths)
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["PlanOut"]
    assert "unit code of the superior" in schema["properties"]["parent_plan"]["description"].lower()


# --- permission matrix --------------------------------------------------------------------------

ALL = ["admin", "approver_a", "reporter_a1", "reporter_a2", "viewer_b", "outsider"]
MATRIX = [
    # every user reads the plans above their units, as on the plan page (access.may_read_plan)
    ("get", "HP", None, {"admin": 200, "approver_a": 200, "reporter_a1": 200, "reporter_a2": 200, "viewer_b": 200}),
    ("get", "HP-A", None, {"admin": 200, "approver_a": 200, "reporter_a1": 200, "reporter_a2": 200}),
    ("get", "HP-A-01", None, {"admin": 200, "approver_a": 200, "reporter_a1": 200}),
    ("get", "HP-A/coverage", None, {"admin": 200, "approver_a": 200}),
    ("get", "HP-A-01/diff", None, {"admin": 200, "approver_a": 200, "reporter_a1": 200}),
    ("patch", "HP-A-01/items/3.7", {"lead": "BCH"}, {"admin": 200, "approver_a": 200, "reporter_a1": 200}),
    ("post", "HP-A-01/items", {"code": "9", "group": "8", "title": "x"},
     {"admin": 201, "approver_a": 201, "reporter_a1": 201}),
    ("delete", "HP-A-01/items/2.4", None, {"admin": 204, "approver_a": 204, "reporter_a1": 204}),
    ("post", "HP-A-01/issue", ISSUE, {"admin": 200, "approver_a": 200, "reporter_a1": 200}),
    ("post", "HP-A/issue", ISSUE, {"admin": 200, "approver_a": 200}),
    ("post", "HP-A-02", {"copy_from_parent": True}, {"admin": 201, "approver_a": 201, "reporter_a2": 201}),
    ("post", "HP-B", {"copy_from_parent": True}, {"admin": 201}),  # viewer_b sees HP-B but may not write
    ("post", "HP/revise", None, {}),  # a draft: 409 for the admin, 403 for everybody else
]


@pytest.mark.parametrize("method, path, body, allowed", MATRIX, ids=[f"{m} {p}" for m, p, _b, _a in MATRIX])
@pytest.mark.parametrize("persona", ALL)
def test_permission_matrix(client, tree, cascade, bearer, method, path, body, allowed, persona):
    user = getattr(tree.users, persona)
    if method == "get":
        r = get(client, bearer(user), path)
    else:
        r = send(client, bearer(user), method, path, body)
    expected = allowed.get(persona, 403)
    if path == "HP/revise" and persona == "admin":
        expected = 409
    if path == "HP-B" and persona == "viewer_b" and method == "get":
        expected = 404
    assert r.status_code == expected, r.content
    if expected == 403:
        assert set(r.json()) == {"detail"}


def test_every_endpoint_needs_a_token(client, tree, cascade):
    assert client.get("/api/v1/plans/HP").status_code == 401
    assert client.post("/api/v1/plans/HP/revise").status_code == 401
