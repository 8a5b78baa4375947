import json
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.utils import translation

from greenplan.api.api import api
from greenplan.reporting.errors import InvalidValues, StaleVersion, WrongState
from greenplan.reporting.models import Indicator, Report, ReportEvent
from greenplan.reporting.services import report_approve, report_save, report_submit, stored_values
from greenplan.testing.factories import full_values

KEYS = ["unit", "period", "status", "version", "values", "narrative"]
EXTRAS = ["submitted_at", "on_time", "return_comment"]


def url(unit="HP-A-01", period="2026H1", action=""):
    return f"/api/v1/reports/{unit}/{period}" + (f"/{action}" if action else "")


def put(client, headers, body, unit="HP-A-01", period="2026H1"):
    return client.put(url(unit, period), body, content_type="application/json", headers=headers)


def post(client, headers, action, body=None, unit="HP-A-01", period="2026H1"):
    return client.post(url(unit, period, action), body or {}, content_type="application/json", headers=headers)


def saved(tree, period, values=None, unit=None, actor=None):
    """A draft saved through the service, as another client would have."""
    unit = unit or tree.a1
    report = Report.objects.filter(unit=unit, period=period).first()
    return report_save(
        actor=actor or tree.users.admin, unit=unit, period=period,
        version=report.version if report else 0, values=full_values() if values is None else values,
    ).report


def submitted(tree, period, unit=None):
    saved(tree, period, unit=unit)
    return report_submit(actor=tree.users.admin, unit=unit or tree.a1, period=period)


def approved(tree, period, unit=None):
    submitted(tree, period, unit=unit)
    return report_approve(actor=tree.users.admin, unit=unit or tree.a1, period=period)


# --- GET ---------------------------------------------------------------------------------------


def test_a_unit_without_report_reads_as_an_empty_draft(client, tree, period, bearer):
    r = client.get(url(), headers=bearer(tree.users.reporter_a1))
    assert r.status_code == 200
    body = r.json()
    assert list(body) == KEYS + EXTRAS
    assert (body["unit"], body["period"], body["status"], body["version"]) == ("HP-A-01", "2026H1", "draft", 0)
    assert len(body["values"]) == Indicator.objects.count() == 68
    assert set(body["values"].values()) == {None}
    assert body["narrative"] == {"results": "", "difficulties": "", "proposals": ""}
    assert (body["submitted_at"], body["on_time"], body["return_comment"]) == (None, None, "")
    assert not Report.objects.exists(), "reading must not create a report"


def test_it_reads_saved_values_and_narrative(client, tree, period, bearer):
    report_save(actor=tree.users.reporter_a1, unit=tree.a1, period=period, version=0,
                values={"G3_SESSIONS": 3, "G7_UNION_SPENDING": "12,5"}, narrative={"results": "Trồng 200 cây"})
    body = client.get(url(), headers=bearer(tree.users.reporter_a1)).json()
    assert body["version"] == 1
    assert body["values"]["G3_SESSIONS"] == 3 and body["values"]["G7_UNION_SPENDING"] == 12.5
    assert body["values"]["G3_MEDIA"] is None
    assert body["narrative"]["results"] == "Trồng 200 cây"


def test_it_computes_the_derived_ratio(client, tree, period, bearer):
    saved(tree, period, {"G7_PROCUREMENT_TOTAL": 80, "G7_PROCUREMENT_GREEN": 30})
    values = client.get(url(), headers=bearer(tree.users.reporter_a1)).json()["values"]
    assert values["G7_GREEN_PROCUREMENT_RATE"] == 37.5  # 30 / 80 × 100
    assert values["G7_DOCS_ELECTRONIC_RATE"] is None  # nothing to divide


def test_it_matches_unit_and_period_codes_case_insensitively(client, tree, period, bearer):
    r = client.get(url("hp-a-01", "2026h1"), headers=bearer(tree.users.reporter_a1))
    assert r.status_code == 200
    assert (r.json()["unit"], r.json()["period"]) == ("HP-A-01", "2026H1")


def test_it_says_when_a_report_was_submitted_and_whether_on_time(client, tree, period, bearer):
    submitted(tree, period)
    body = client.get(url(), headers=bearer(tree.users.reporter_a1)).json()
    report = Report.objects.get()
    assert body["status"] == "submitted"
    assert body["submitted_at"] == report.submitted_at.isoformat()
    assert body["on_time"] is (report.first_submitted_at.date() <= period.deadline)


# --- PUT ---------------------------------------------------------------------------------------


def test_put_saves_values_and_narrative_and_answers_the_new_version(client, tree, period, bearer):
    r = put(client, bearer(tree.users.reporter_a1),
            {"version": 0, "values": {"G3_SESSIONS": 3}, "narrative": {"results": "Tốt"}})
    assert r.status_code == 200
    body = r.json()
    assert list(body) == KEYS + EXTRAS + ["warnings"]
    assert (body["version"], body["status"], body["values"]["G3_SESSIONS"]) == (1, "draft", 3)
    assert body["narrative"]["results"] == "Tốt" and body["warnings"] == {}
    report = Report.objects.get()
    assert report.version == 1 and stored_values(report) == {"G3_SESSIONS": 3}
    assert ReportEvent.objects.get().actor == tree.users.reporter_a1


def test_put_with_partial_values_keeps_the_others(client, tree, period, bearer):
    headers = bearer(tree.users.reporter_a1)
    put(client, headers, {"version": 0, "values": {"G3_SESSIONS": 3, "G3_MEDIA": 4}, "narrative": {"results": "A"}})
    r = put(client, headers, {"version": 1, "values": {"G3_MEDIA": 5}})
    assert r.status_code == 200
    assert (r.json()["values"]["G3_SESSIONS"], r.json()["values"]["G3_MEDIA"]) == (3, 5)
    assert r.json()["narrative"]["results"] == "A"
    assert stored_values(Report.objects.get()) == {"G3_SESSIONS": 3, "G3_MEDIA": 5}


def test_put_accepts_numeric_text_booleans_and_null(client, tree, period, bearer):
    headers = bearer(tree.users.reporter_a1)
    put(client, headers, {"version": 0, "values": {"G3_MEDIA": 4}})
    r = put(client, headers, {"version": 1, "values": {
        "G3_REACHED": "1.234", "G7_UNION_SPENDING": "12,5", "G1_RESOLUTION": True, "G1_FOCAL": False,
        "G3_MEDIA": None,
    }})
    assert r.status_code == 200, r.json()
    assert stored_values(Report.objects.get()) == {
        "G3_REACHED": Decimal(1234), "G7_UNION_SPENDING": Decimal("12.5"), "G1_RESOLUTION": 1, "G1_FOCAL": 0,
    }


def test_put_warns_without_blocking(client, tree, period, bearer):
    r = put(client, bearer(tree.users.reporter_a1), {"version": 0, "values": {"MEMBERS": 200, "WORKERS": 150}})
    assert r.status_code == 200
    assert set(r.json()["warnings"]) == {"MEMBERS"}
    assert stored_values(Report.objects.get())["MEMBERS"] == 200


def test_a_stale_version_gets_409_with_what_changed(client, tree, period, bearer):
    saved(tree, period, {"G3_SESSIONS": 3}, actor=tree.users.reporter_a1)
    saved(tree, period, {"G3_SESSIONS": 4}, actor=tree.users.approver_a)
    r = put(client, bearer(tree.users.reporter_a1), {"version": 1, "values": {"G3_SESSIONS": 5}})
    assert r.status_code == 409
    body = r.json()
    assert set(body) == {"detail", "version", "changes"}
    assert body["version"] == 2 and "phiên bản 2" in body["detail"]
    [change] = body["changes"]
    assert (change["version"], change["kind"], change["by"]) == (2, "saved", "approver_a")
    assert change["changes"] == [{"field": "G3_SESSIONS", "old": "3", "new": "4"}]
    assert stored_values(Report.objects.get()) == {"G3_SESSIONS": 4}


def test_creating_a_report_someone_else_created_is_stale(client, tree, period, bearer):
    saved(tree, period, {"G3_SESSIONS": 3})
    r = put(client, bearer(tree.users.reporter_a1), {"version": 0, "values": {"G3_SESSIONS": 5}})
    assert r.status_code == 409 and r.json()["version"] == 1


@pytest.mark.parametrize(
    "code, raw, message",
    [
        ("G3_MEDIA", "nhiều", "Giá trị phải là một số."),
        ("G3_MEDIA", -1, "Giá trị không được âm."),
        ("G3_MEDIA", 1.5, "Chỉ tiêu này chỉ nhận số nguyên."),
        ("G1_RESOLUTION", 2, "Chỉ tiêu có/không chỉ nhận 1 (có) hoặc 0 (không)."),
        ("NOPE", 1, "Không có chỉ tiêu với mã này."),
        ("G7_GREEN_PROCUREMENT_RATE", 40, "Chỉ tiêu này được tính tự động, không nhập trực tiếp."),
    ],
    ids=["text", "negative", "decimal-in-integer", "yesno-out-of-range", "unknown-code", "derived-code"],
)
def test_an_invalid_value_gets_422_per_field_and_nothing_is_saved(client, tree, period, bearer, code, raw, message):
    saved(tree, period, {"G3_SESSIONS": 3})
    r = put(client, bearer(tree.users.reporter_a1),
            {"version": 1, "values": {"G3_SESSIONS": 9, code: raw}, "narrative": {"results": "đã sửa"}})
    assert r.status_code == 422
    assert r.json() == {"detail": "Dữ liệu không hợp lệ, chưa lưu.", "errors": {code: message}}
    report = Report.objects.get()
    assert (report.version, report.results) == (1, "")
    assert stored_values(report) == {"G3_SESSIONS": 3}
    assert ReportEvent.objects.count() == 1


def test_a_retired_indicator_cannot_be_entered(client, tree, period, bearer):
    Indicator.objects.filter(code="G3_MEDIA").update(retired_at="2020-01-01")
    r = put(client, bearer(tree.users.reporter_a1), {"version": 0, "values": {"G3_MEDIA": 1}})
    assert r.status_code == 422
    assert r.json()["errors"] == {"G3_MEDIA": "Chỉ tiêu đã ngừng sử dụng hoặc không áp dụng cho đơn vị này."}
    assert not Report.objects.exists()


def test_green_procurement_above_the_total_is_refused(client, tree, period, bearer):
    saved(tree, period, {"G7_PROCUREMENT_TOTAL": 100})
    r = put(client, bearer(tree.users.reporter_a1), {"version": 1, "values": {"G7_PROCUREMENT_GREEN": 120}})
    assert r.status_code == 422
    errors = r.json()["errors"]
    assert list(errors) == ["G7_PROCUREMENT_GREEN"]
    assert errors["G7_PROCUREMENT_GREEN"] == (
        "«Giá trị mua sắm xanh» không được lớn hơn «Tổng giá trị mua sắm từ tài chính Công đoàn»."
    )
    assert stored_values(Report.objects.get()) == {"G7_PROCUREMENT_TOTAL": 100}


def test_rule_messages_are_english_on_request(client, tree, period, bearer):
    body = {"version": 0, "values": {"G7_PROCUREMENT_TOTAL": 10, "G7_PROCUREMENT_GREEN": 20}}
    r = put(client, bearer(tree.users.reporter_a1, accept_language="en"), body)
    assert r.status_code == 422 and r["Content-Language"] == "en"
    assert r.json()["errors"]["G7_PROCUREMENT_GREEN"] == (
        "“Green procurement” must not exceed “Union procurement (total)”."
    )


def test_an_unknown_narrative_field_is_refused(client, tree, period, bearer):
    r = put(client, bearer(tree.users.reporter_a1), {"version": 0, "narrative": {"summary": "x", "results": "y"}})
    assert r.status_code == 422
    assert r.json()["errors"] == {"summary": "Mục thuyết minh không tồn tại."}
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    "body, field",
    [
        ({"values": {"G3_MEDIA": 1}}, "version"),
        ({"version": "1", "values": {"G3_MEDIA": 1}}, "version"),
        ({"version": 1.5}, "version"),
        ({"version": True}, "version"),
        ({"version": 0, "values": [1, 2]}, "values"),
        ({"version": 0, "values": "G3_MEDIA=1"}, "values"),
        ({"version": 0, "narrative": "Tốt"}, "narrative"),
    ],
    ids=["version-missing", "version-text", "version-decimal", "version-bool", "values-list", "values-text",
         "narrative-text"],
)
def test_a_malformed_body_gets_422_and_saves_nothing(client, tree, period, bearer, body, field):
    r = put(client, bearer(tree.users.reporter_a1), body)
    assert r.status_code == 422
    assert [e["field"] for e in r.json()["errors"]] == [field]
    assert not Report.objects.exists()


def test_a_body_that_is_not_json_gets_400(client, tree, period, bearer):
    r = put(client, bearer(tree.users.reporter_a1), '{"version": 0, "values": {')
    assert r.status_code == 400
    assert r.json() == {"detail": "Nội dung yêu cầu không đọc được: cần JSON hợp lệ."}
    assert not Report.objects.exists()


@pytest.mark.parametrize("state", [submitted, approved], ids=["submitted", "approved"])
def test_a_submitted_or_approved_report_cannot_be_edited(client, tree, period, bearer, state):
    report = state(tree, period)
    r = put(client, bearer(tree.users.reporter_a1), {"version": report.version, "values": {"G3_MEDIA": 7}})
    assert r.status_code == 409
    assert r.json() == {"detail": "Báo cáo đã gửi hoặc đã duyệt nên không thể sửa."}
    assert Report.objects.get().version == report.version


def test_a_closed_period_cannot_be_edited(client, tree, period, bearer):
    period.is_open = False
    period.save()
    r = put(client, bearer(tree.users.reporter_a1), {"version": 0, "values": {"G3_MEDIA": 7}})
    assert r.status_code == 409
    assert r.json() == {"detail": "Kỳ báo cáo 2026H1 đã đóng, không thể sửa báo cáo."}
    assert not Report.objects.exists()


# --- scope and codes ---------------------------------------------------------------------------


def test_a_sibling_unit_is_refused(client, tree, period, bearer):
    headers = bearer(tree.users.reporter_a1)
    r = client.get(url("HP-A-02"), headers=headers)
    assert r.status_code == 403
    assert r.json() == {"detail": "Đơn vị HP-A-02 nằm ngoài phạm vi của bạn."}
    assert put(client, headers, {"version": 0, "values": {"G3_MEDIA": 1}}, unit="HP-A-02").status_code == 403
    assert not Report.objects.exists()


def test_an_unknown_unit_is_404(client, tree, period, bearer):
    r = client.get(url("NOPE"), headers=bearer(tree.users.admin))
    assert r.status_code == 404
    assert r.json() == {"detail": "Không tìm thấy đơn vị NOPE."}


@pytest.mark.parametrize("code", ["2030H1", "2026H3", "2026", "abc", "2026-H1"])
def test_an_unknown_or_malformed_period_is_404(client, tree, period, bearer, code):
    r = client.get(url(period=code), headers=bearer(tree.users.admin))
    assert r.status_code == 404
    assert r.json() == {"detail": f"Không tìm thấy kỳ báo cáo {code.upper()}."}


def test_a_viewer_may_read_but_not_write(client, tree, period, bearer):
    headers = bearer(tree.users.viewer_b)
    assert client.get(url("HP-B-01"), headers=headers).status_code == 200
    r = put(client, headers, {"version": 0, "values": {"G3_MEDIA": 1}}, unit="HP-B-01")
    assert r.status_code == 403
    assert r.json() == {"detail": "Bạn chỉ được xem báo cáo của đơn vị HP-B-01, không được nhập hay gửi."}
    assert not Report.objects.exists()


def test_an_outsider_is_refused(client, tree, period, bearer):
    headers = bearer(tree.users.outsider)
    assert client.get(url(), headers=headers).status_code == 403
    assert put(client, headers, {"version": 0, "values": {"G3_MEDIA": 1}}).status_code == 403
    assert not Report.objects.exists()


def test_a_missing_token_is_401(client, tree, period):
    assert client.get(url()).status_code == 401
    assert put(client, {}, {"version": 0}).status_code == 401


# --- workflow ----------------------------------------------------------------------------------


def test_the_whole_journey_through_the_api(client, tree, period, bearer):
    reporter, approver = bearer(tree.users.reporter_a1), bearer(tree.users.approver_a)

    r = put(client, reporter, {"version": 0, "values": full_values(), "narrative": {"results": "Kết quả"}})
    assert r.status_code == 200 and r.json()["version"] == 1

    r = post(client, reporter, "submit", {"version": 1})
    assert r.status_code == 200
    assert (r.json()["status"], r.json()["version"]) == ("submitted", 2)
    assert r.json()["submitted_at"] is not None

    r = post(client, approver, "return", {"comment": "Số văn bản chưa đúng", "version": 2})
    assert r.status_code == 200
    assert (r.json()["status"], r.json()["return_comment"]) == ("returned", "Số văn bản chưa đúng")

    reread = client.get(url(), headers=reporter).json()
    assert reread["status"] == "returned" and reread["return_comment"] == "Số văn bản chưa đúng"
    r = put(client, reporter, {"version": reread["version"], "values": {"G1_DOCS": 4}})
    assert r.status_code == 200 and r.json()["values"]["G1_DOCS"] == 4

    r = post(client, reporter, "submit")
    assert r.status_code == 200 and r.json()["status"] == "submitted" and r.json()["return_comment"] == ""

    r = post(client, approver, "approve")
    assert r.status_code == 200 and r.json()["status"] == "approved"
    version = r.json()["version"]

    r = put(client, reporter, {"version": version, "values": {"G1_DOCS": 5}})
    assert r.status_code == 409
    assert stored_values(Report.objects.get())["G1_DOCS"] == 4
    kinds = list(ReportEvent.objects.order_by("version").values_list("kind", flat=True))
    assert kinds == ["saved", "submitted", "returned", "saved", "submitted", "approved"]


def test_an_approved_report_can_be_reopened_with_a_reason(client, tree, period, bearer):
    approved(tree, period)
    approver = bearer(tree.users.approver_a)
    assert post(client, approver, "reopen", {"comment": ""}).status_code == 422
    r = post(client, approver, "reopen", {"comment": "Sửa số người lao động"})
    assert r.status_code == 200
    assert (r.json()["status"], r.json()["return_comment"]) == ("returned", "Sửa số người lao động")
    reporter = bearer(tree.users.reporter_a1)
    assert put(client, reporter, {"version": r.json()["version"], "values": {"WORKERS": 160}}).status_code == 200


def test_submit_with_missing_required_indicators_gets_422(client, tree, period, bearer):
    saved(tree, period, {"G3_SESSIONS": 3})
    r = post(client, bearer(tree.users.reporter_a1), "submit")
    assert r.status_code == 422
    body = r.json()
    assert body["detail"] == "Báo cáo chưa đủ hoặc chưa đúng, chưa gửi được."
    required = set(Indicator.objects.filter(required=True, derived=False).values_list("code", flat=True))
    assert set(body["errors"]) == required - {"G3_SESSIONS"}
    assert body["errors"]["MEMBERS"] == "Chưa nhập chỉ tiêu bắt buộc."
    assert Report.objects.get().status == "draft"


def test_submitting_nothing_is_409(client, tree, period, bearer):
    r = post(client, bearer(tree.users.reporter_a1), "submit")
    assert r.status_code == 409
    assert r.json() == {"detail": "Đơn vị chưa có báo cáo kỳ 2026H1."}


def test_actions_accept_an_empty_body(client, tree, period, bearer):
    saved(tree, period)
    r = client.generic("POST", url(action="submit"), b"", headers=bearer(tree.users.reporter_a1))
    assert r.status_code == 200 and r.json()["status"] == "submitted"


def test_an_action_on_a_stale_version_gets_409(client, tree, period, bearer):
    submitted(tree, period)
    r = post(client, bearer(tree.users.approver_a), "approve", {"version": 1})
    assert r.status_code == 409
    assert r.json()["version"] == 2 and r.json()["changes"][0]["kind"] == "submitted"
    assert Report.objects.get().status == "submitted"


@pytest.mark.parametrize("body", [{}, {"comment": ""}, {"comment": "   "}], ids=["missing", "empty", "blank"])
def test_return_without_comment_gets_422(client, tree, period, bearer, body):
    submitted(tree, period)
    r = post(client, bearer(tree.users.approver_a), "return", body)
    assert r.status_code == 422
    assert r.json()["errors"] == {"comment": "Hãy ghi lý do để đơn vị biết cần sửa gì."}
    assert Report.objects.get().status == "submitted"


def test_a_reporter_cannot_approve_their_own_report(client, tree, period, bearer):
    submitted(tree, period)
    for action, body in (("approve", {}), ("return", {"comment": "ok"})):
        r = post(client, bearer(tree.users.reporter_a1), action, body)
        assert r.status_code == 403
        assert r.json()["detail"] == (
            "Chỉ người duyệt của đơn vị cấp trên mới được duyệt, trả lại hoặc mở lại báo cáo của đơn vị HP-A-01."
        )
    assert Report.objects.get().status == "submitted"


def test_an_approver_cannot_approve_their_own_units_report(client, tree, period, bearer):
    approver = bearer(tree.users.approver_a)
    put(client, approver, {"version": 0, "values": full_values()}, unit="HP-A")
    assert post(client, approver, "submit", unit="HP-A").status_code == 200
    assert post(client, approver, "approve", unit="HP-A").status_code == 403
    r = post(client, bearer(tree.users.admin), "approve", unit="HP-A")
    assert r.status_code == 200 and r.json()["status"] == "approved"


def test_approving_a_draft_is_409(client, tree, period, bearer):
    saved(tree, period)
    r = post(client, bearer(tree.users.approver_a), "approve")
    assert r.status_code == 409
    assert r.json() == {"detail": "Chỉ duyệt được báo cáo đã gửi và đang chờ duyệt."}
    assert Report.objects.get().status == "draft"


def test_submitting_in_a_closed_period_is_409(client, tree, period, bearer):
    saved(tree, period)
    period.is_open = False
    period.save()
    r = post(client, bearer(tree.users.reporter_a1), "submit")
    assert r.status_code == 409
    assert Report.objects.get().status == "draft"


# --- who may do what ---------------------------------------------------------------------------

ALL = ["admin", "approver_a", "reporter_a1", "reporter_a2", "viewer_b", "outsider"]
IN_A1 = {"admin", "approver_a", "reporter_a1"}
ABOVE_A1 = {"admin", "approver_a"}
MATRIX = (
    [("get", "HP-A-01", p, 200 if p in IN_A1 else 403) for p in ALL]
    + [("put", "HP-A-01", p, 200 if p in IN_A1 else 403) for p in ALL]
    + [("submit", "HP-A-01", p, 200 if p in IN_A1 else 403) for p in ALL]
    + [(a, "HP-A-01", p, 200 if p in ABOVE_A1 else 403) for a in ("approve", "return", "reopen") for p in ALL]
    + [("get", "HP-B-01", "viewer_b", 200), ("put", "HP-B-01", "viewer_b", 403),
       ("submit", "HP-B-01", "viewer_b", 403), ("approve", "HP-B-01", "viewer_b", 403),
       ("get", "HP-B-01", "approver_a", 403), ("approve", "HP-B-01", "admin", 200)]
    + [(e, None, p, 200) for e in ("indicators", "periods") for p in ALL]
)


@pytest.mark.parametrize("endpoint, unit_code, persona, status", MATRIX)
def test_permission_matrix(client, tree, period, bearer, endpoint, unit_code, persona, status):
    unit = {"HP-A-01": tree.a1, "HP-B-01": tree.b1, None: None}[unit_code]
    prepares: dict[str, Callable[..., object]] = {"submit": saved, "approve": submitted, "return": submitted,
                                                  "reopen": approved}
    prepare = prepares.get(endpoint)
    if prepare:
        prepare(tree, period, unit=unit)
    headers = bearer(getattr(tree.users, persona))
    if endpoint in ("indicators", "periods"):
        r = client.get(f"/api/v1/{endpoint}", headers=headers)
    elif endpoint == "get":
        r = client.get(url(unit_code), headers=headers)
    elif endpoint == "put":
        r = put(client, headers, {"version": 0, "values": {"G3_MEDIA": 2}}, unit=unit_code)
    else:
        body = {"comment": "Lý do"} if endpoint in ("return", "reopen") else {}
        r = post(client, headers, endpoint, body, unit=unit_code)
    assert r.status_code == status, r.json()


# --- errors and docs ---------------------------------------------------------------------------


def handle(exc, language="vi"):
    with translation.override(language):
        response = api.on_exception(RequestFactory().get("/api/v1/x"), exc)
    return response.status_code, json.loads(response.content)


def test_reporting_refusals_become_json_with_their_status():
    assert handle(WrongState("Không được.")) == (409, {"detail": "Không được."})
    status, body = handle(InvalidValues({"G3_MEDIA": "Sai."}))
    assert status == 422 and body == {"detail": "Dữ liệu không hợp lệ, chưa lưu.", "errors": {"G3_MEDIA": "Sai."}}
    status, body = handle(StaleVersion(3, [{"version": 3}]))
    assert status == 409 and (body["version"], body["changes"]) == (3, [{"version": 3}])
    assert set(body) == {"detail", "version", "changes"}


@pytest.mark.django_db
def test_openapi_documents_the_report_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    report = "/api/v1/reports/{unit}/{period}"
    assert set(paths[report]) == {"get", "put"}
    for action in ("submit", "approve", "return", "reopen"):
        operation = paths[f"{report}/{action}"]["post"]
        assert operation["summary"]
        assert {"200", "403", "404", "409", "422"} <= set(operation["responses"])
    put_doc = paths[report]["put"]
    assert {"200", "403", "404", "409", "422"} <= set(put_doc["responses"])
    assert put_doc["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("ReportSavedOut")
    assert {"403", "404"} <= set(paths[report]["get"]["responses"])
